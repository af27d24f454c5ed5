"""Fixtures of the API tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from crowdservice.accounts.actions import do_create_api_token
from crowdservice.accounts.models import User
from tests.api.helpers import ApiClient, new_user, session_client


@pytest.fixture
def api(db: None) -> Callable[..., ApiClient]:
    """`api(user)` signs in by session and sends the CSRF token like the web pages do;
    `api(user, token=True)` authenticates with a bearer token and no CSRF token at all;
    `api(user, csrf=False)` is a session without the CSRF token; `api(None)` is anonymous."""

    def build(user: User | None, *, token: bool = False, csrf: bool = True) -> ApiClient:
        if token:
            assert user is not None
            secret = do_create_api_token(user=user, name="tests").secret
            return ApiClient(
                Client(enforce_csrf_checks=True), {"Authorization": f"Bearer {secret}"}
            )
        return session_client(user, csrf=csrf)

    return build


@pytest.fixture
def third(db: None) -> User:
    """A third customer, for threads where the `customer` is not the asker."""
    return new_user("tina_third")
