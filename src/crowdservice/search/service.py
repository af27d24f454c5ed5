"""The entry points callers use: `search`, `suggest` and `similar_questions`.

Callers never talk to a backend directly, so the backend (today the indexed engine, see
docs/decisions/0004) can change without touching them. Every hit is something the user may open.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from crowdservice.search.types import AnyUser, SearchBackend, SearchHit, SearchResults, parse_query

DEFAULT_BACKEND = "crowdservice.search.index.backend.IndexedBackend"
SUGGESTION_LIMIT = 5


@cache
def get_backend() -> SearchBackend:
    path = getattr(settings, "CROWDSERVICE_SEARCH_BACKEND", DEFAULT_BACKEND)
    backend: SearchBackend = import_string(path)()
    return backend


def search(user: AnyUser, text: str, *, limit: int = 20, offset: int = 0) -> SearchResults:
    """The search page and API: questions and answers (and later articles), best first."""
    return get_backend().search(user, parse_query(text), limit=limit, offset=max(offset, 0))


def suggest(
    user: AnyUser, text: str, *, limit: int = SUGGESTION_LIMIT, space_id: int | None = None
) -> list[SearchHit]:
    """Deflection: the existing content most likely to answer `text` (a title being typed).

    Questions (each with its trust tier) and, once they exist, knowledge-base articles; at most
    `limit`. `space_id` favours, but does not restrict to, one product space.
    """
    return get_backend().suggest(user, parse_query(text), limit=limit, space_id=space_id)


def similar_questions(
    user: AnyUser,
    *,
    title: str,
    body: str = "",
    exclude_id: int | None = None,
    limit: int = SUGGESTION_LIMIT,
) -> list[SearchHit]:
    """Likely duplicates of a question (title and body), without the question itself."""
    return get_backend().similar_questions(
        user, title=title, body=body, exclude_id=exclude_id, limit=limit
    )
