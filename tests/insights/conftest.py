"""A small, hand-countable world built through the real actions at chosen moments.

`at(moment)` makes `timezone.now()` return that moment for the actions (and the event log's
`created_at`), so the events land on the days the tests count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from unittest import mock

import pytest

from crowdservice.accounts.models import User
from crowdservice.cases.actions import (
    do_change_status,
    do_escalate_question,
    do_open_case,
    do_rate,
    do_reply,
)
from crowdservice.cases.models import Case, Channel
from crowdservice.community.actions import do_add_comment, do_ask_question, do_post_answer
from crowdservice.community.models import Question, Space

D1 = date(2026, 3, 2)
D2 = date(2026, 3, 3)
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@contextmanager
def at(when: datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


@dataclass
class World:
    wifi: Space
    billing: Space
    customer: User
    other: User
    agent: User
    questions: list[Question]
    cases: list[Case]


def _ask(author: User, space: Space, title: str) -> Question:
    return do_ask_question(
        author=author,
        space_id=space.pk,
        title=title,
        body="Every evening the network disappears for a minute or two.",
        tags=["wifi"],
    )


def _case(requester: User, space: Space | None, channel: str, subject: str) -> Case:
    return do_open_case(
        requester=requester,
        subject=subject,
        description="Since the update it restarts by itself.",
        space_id=space.pk if space else None,
        channel=channel,
    )


@pytest.fixture
def world(space: Space, customer: User, other_customer: User, agent: User) -> World:
    """Day 1 and day 2 of a small community and help desk (see the tests for the counts)."""
    billing = Space.objects.create(slug="billing", name="Billing", description="Plans")
    c, o = customer, other_customer
    with at(moment(D1, 10)):
        q1 = _ask(c, space, "Router drops the 5 GHz band every evening")
        q2 = _ask(o, space, "Mesh satellite will not pair with the base")
    with at(moment(D1, 11)):
        q3 = _ask(c, billing, "Charged twice for the March invoice")
    with at(moment(D1, 12)):
        do_post_answer(author=o, question=q1, body="Set the channel to 36 and turn off DFS.")
    with at(moment(D1, 13)):
        do_post_answer(author=agent, question=q2, body="Hold the pair button for ten seconds.")
    with at(moment(D1, 14)):
        do_add_comment(author=c, question=q1, body="Which firmware version are you on?")
    with at(moment(D2, 9)):
        do_post_answer(author=c, question=q2, body="Same here, the button trick worked.")
        do_post_answer(author=c, question=q1, body="Answering my own question: it was DFS.")
    # Cases: one web case answered, solved, rated and reopened; one email case left open; one
    # escalated from the community.
    with at(moment(D1, 9)):
        c1 = _case(c, space, Channel.WEB, "Router reboots every hour")
    with at(moment(D1, 9, 30)):
        c2 = _case(o, None, Channel.EMAIL, "Where is my refund?")
    with at(moment(D1, 10)):
        do_reply(actor=agent, case=c1, body="Please try the new firmware.")
    with at(moment(D1, 15)):
        do_change_status(actor=agent, case=c1, status="solved")
    with at(moment(D1, 16)):
        do_rate(actor=c, case=Case.objects.get(pk=c1.pk), score=4)
    with at(moment(D2, 10)):
        do_reply(actor=c, case=Case.objects.get(pk=c1.pk), body="It happened again.")
    with at(moment(D2, 11)):
        c3 = do_escalate_question(actor=agent, question=q3)
    return World(space, billing, c, o, agent, [q1, q2, q3], [c1, c2, c3])


Params = Callable[..., dict[str, Any]]
