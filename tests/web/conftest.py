"""Fixtures of the web UI tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from crowdservice.accounts.models import User
from tests.web.helpers import Browser


@pytest.fixture
def browse(as_user: Callable[[User | None], Client]) -> Callable[[User | None], Browser]:
    """browse(user) is a signed-in Browser; browse(None) an anonymous one."""

    def build(user: User | None) -> Browser:
        return Browser(as_user(user))

    return build
