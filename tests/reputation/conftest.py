"""Reputation fixtures: the real ladder and limits, committed writes, ledger checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db.models import Sum
from django.test import override_settings

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.config import PRIVILEGE_DEFAULTS
from crowdservice.reputation.actions import do_adjust_reputation
from crowdservice.reputation.ledger import recompute
from crowdservice.reputation.models import ReputationEntry, UserReputation
from crowdservice.reputation.privileges import forget_reputation
from tests.conftest import make_user

Committed = Callable[[], AbstractContextManager[Any]]


@pytest.fixture
def real_ladder() -> Iterator[dict[str, int]]:
    """The production ladder (the test settings open the participation steps to everyone)."""
    with override_settings(CROWDSERVICE_PRIVILEGES=dict(PRIVILEGE_DEFAULTS)):
        yield dict(PRIVILEGE_DEFAULTS)


@pytest.fixture
def real_rules() -> Iterator[dict[str, int]]:
    """The production ladder and new-user limits (the test settings relax them)."""
    with override_settings(
        CROWDSERVICE_PRIVILEGES=dict(PRIVILEGE_DEFAULTS), CROWDSERVICE_RATE_LIMITS=True
    ):
        yield dict(PRIVILEGE_DEFAULTS)


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Committed:
    """Run the event consumers of the writes inside, as after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def total(user: User) -> int:
    row = UserReputation.objects.filter(pk=user.pk).values_list("total", flat=True).first()
    return int(row or 0)


def assert_ledger_consistent() -> None:
    """Every stored total equals the sum of that person's entries, and recompute changes nothing."""
    sums = dict(
        ReputationEntry.objects.values("user_id")
        .annotate(n=Sum("points"))
        .values_list("user_id", "n")
    )
    stored = dict(UserReputation.objects.values_list("user_id", "total"))
    for user_id, n in sums.items():
        assert stored.get(user_id, 0) == n, (
            f"user {user_id}: total {stored.get(user_id)} != ledger {n}"
        )
    for user_id, t in stored.items():
        assert t == sums.get(user_id, 0)
    assert recompute() == 0


@pytest.fixture
def grant(db: None) -> Callable[[User, int], User]:
    """Give a person reputation through the ledger (an admin adjustment), as in production."""
    admin = make_user("rep_granting_admin", Role.ADMIN)

    def build(user: User, points: int) -> User:
        if points:
            do_adjust_reputation(actor=admin, user=user, points=points, note="Test setup grant")
        forget_reputation(user)
        return user

    return build
