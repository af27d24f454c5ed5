"""Fixtures of the moderation tests: a pre-moderated newcomer and settings that are easy to hit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from crowdservice.accounts.models import User
from tests.conftest import make_user


@pytest.fixture
def premoderation(settings: SettingsWrapper) -> SettingsWrapper:
    """New people's first post waits for a moderator."""
    settings.CROWDSERVICE_MODERATION_APPROVE_FIRST_POSTS = 1
    return settings


@pytest.fixture
def newcomer(db: None) -> User:
    return make_user("nina_newcomer")


def make_veteran(username: str) -> User:
    """A trusted member: an account older than the new-account age."""
    user = make_user(username)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=90))
    user.refresh_from_db()
    return user


@pytest.fixture
def veterans(db: None) -> list[User]:
    return [make_veteran(f"vera_veteran{n}") for n in range(4)]
