"""The one entry point callers use: `search(user, text)`."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from crowdservice.search.types import AnyUser, SearchBackend, SearchResults, parse_query

DEFAULT_BACKEND = "crowdservice.search.backends.BasicBackend"


@cache
def get_backend() -> SearchBackend:
    path = getattr(settings, "CROWDSERVICE_SEARCH_BACKEND", DEFAULT_BACKEND)
    backend: SearchBackend = import_string(path)()
    return backend


def search(user: AnyUser, text: str, *, limit: int = 20, offset: int = 0) -> SearchResults:
    return get_backend().search(user, parse_query(text), limit=limit, offset=max(offset, 0))
