"""API authentication: a personal token (`Authorization: Bearer cs_…`) or the browser session.

Session-authenticated writes must carry the CSRF token; token requests need none because a
browser never attaches a bearer token by itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from crowdservice.accounts.actions import authenticate_api_token
from crowdservice.accounts.gates import login_refusal
from crowdservice.accounts.models import User


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = authenticate_api_token(token.strip())
        if user is None:
            # A wrong token is an error, never a silent fall-back to anonymous access.
            raise AuthenticationError(401, "The API token is unknown or has been revoked.")
        if message := login_refusal(user):
            raise AuthenticationError(401, message)
        return user


def anonymous(request: HttpRequest) -> AnonymousUser:
    """Last in the chain of read endpoints: no credentials means an anonymous reader."""
    return AnonymousUser()


token_auth = TokenAuth()
session_auth = SessionAuth(csrf=True)
# Writes need a user; reads accept anyone but still recognise a signed-in one.
AUTH_REQUIRED: list[Any] = [token_auth, session_auth]
AUTH_OPTIONAL: list[Any] = [token_auth, session_auth, anonymous]


def api_user(request: HttpRequest) -> User | AnonymousUser:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else AnonymousUser()


def api_signed_in_user(request: HttpRequest) -> User:
    auth = getattr(request, "auth", None)
    if not isinstance(auth, User):
        raise AuthenticationError(401, "Sign in or send a valid API token.")
    return auth
