"""The ladder and the point table come from the environment, checked at start-up."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from crowdservice.config import (
    POINT_DEFAULTS,
    PRIVILEGE_DEFAULTS,
    Env,
    privilege_ladder,
    reputation_points,
)


def test_defaults_and_overrides() -> None:
    assert privilege_ladder(Env({})) == PRIVILEGE_DEFAULTS
    assert reputation_points(Env({})) == POINT_DEFAULTS
    ladder = privilege_ladder(Env({"CROWDSERVICE_PRIVILEGES": "downvote=50, edit=2000"}))
    assert (ladder["downvote"], ladder["edit"], ladder["upvote"]) == (50, 2000, 15)
    points = reputation_points(Env({"CROWDSERVICE_REPUTATION_POINTS": "question_upvoted=5"}))
    assert points["question_upvoted"] == 5


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CROWDSERVICE_PRIVILEGES", "downvot=50", "names from: comment, upvote"),
        ("CROWDSERVICE_PRIVILEGES", "edit", "name=number pairs"),
        ("CROWDSERVICE_PRIVILEGES", "edit=lots", "edit must be a whole number, got 'lots'"),
        ("CROWDSERVICE_PRIVILEGES", "edit=-1", "can't be negative"),
        ("CROWDSERVICE_REPUTATION_POINTS", "downvoted=2", "keep their sign"),
        ("CROWDSERVICE_REPUTATION_POINTS", "answer_upvoted=-10", "keep their sign"),
    ],
)
def test_bad_values_stop_start_up_with_a_clear_message(name: str, value: str, message: str) -> None:
    read = privilege_ladder if name == "CROWDSERVICE_PRIVILEGES" else reputation_points
    with pytest.raises(ImproperlyConfigured, match=message):
        read(Env({name: value}))


@pytest.mark.django_db
def test_the_recompute_command_replays_the_event_log(
    customer: object, other_customer: object, answer: object
) -> None:
    """A database from before reputation: the votes are there, the ledger is empty."""
    from io import StringIO

    from django.core.management import call_command

    from crowdservice.accounts.models import User
    from crowdservice.community.actions import do_vote
    from crowdservice.community.models import Answer
    from crowdservice.reputation.models import UserReputation
    from tests.conftest import make_user

    assert isinstance(answer, Answer)
    assert isinstance(other_customer, User)
    do_vote(user=make_user("vera_voter"), target=answer, value=1)  # never committed: no consumer
    assert not UserReputation.objects.filter(pk=other_customer.pk, total__gt=0).exists()
    out = StringIO()
    call_command("recompute_reputation", "--replay", stdout=out)
    assert "Replayed" in out.getvalue()
    assert UserReputation.objects.get(pk=other_customer.pk).total == 10
    call_command("recompute_reputation", "--replay", stdout=out)  # idempotent
    assert UserReputation.objects.get(pk=other_customer.pk).total == 10
    assert "Every total equals its ledger." in out.getvalue()
