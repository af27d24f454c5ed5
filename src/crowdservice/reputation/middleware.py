"""Remembering (as a keyed hash) the addresses members write from, for same-address vote checks.

Only writes are recorded, one upsert per write request: before the view for session users (so a
vote's consumer already sees it), after it for API-token users (known only once the API has
authenticated them).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from crowdservice.accounts.models import User
from crowdservice.reputation.abuse import client_address, record_sighting

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class AddressSightingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in WRITE_METHODS:
            return self.get_response(request)
        user = getattr(request, "user", None)
        recorded = None
        if isinstance(user, User) and user.is_authenticated:
            record_sighting(user.pk, client_address(request))
            recorded = user.pk
        response = self.get_response(request)
        auth = getattr(request, "auth", None)
        if isinstance(auth, User) and auth.pk != recorded and response.status_code < 400:
            record_sighting(auth.pk, client_address(request))
        return response
