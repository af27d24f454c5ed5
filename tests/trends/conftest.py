"""Synthetic traffic for the hot-topic tests, with a controllable clock.

The background (days of ordinary posts) goes through the counting action the consumer uses,
`do_record_document`, as the source would describe each post: thousands of real questions would
make every test slow. Spikes are written through the real actions (`do_ask_question`,
`do_open_case`) at a chosen time, and their events reach the real consumer after commit.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.cases.actions import do_open_case
from crowdservice.cases.models import Case
from crowdservice.community.actions import do_ask_question
from crowdservice.community.models import Question, Space
from crowdservice.trends.actions import do_detect
from crowdservice.trends.counting import do_record_document
from crowdservice.trends.hours import HOUR, floor_hour
from crowdservice.trends.models import TrendAlert
from crowdservice.trends.sources import AGENTS_ONLY, PUBLIC, SourceDocument
from tests.accounts.conftest import Mailbox, smtp_mailbox
from tests.conftest import make_user

__all__ = ["Mailbox", "smtp_mailbox"]

# Detection runs at END (the windows end there); a day in the past, so nothing is "future".
END = floor_hour(timezone.now()) - timedelta(days=1)
BASELINE_DAYS = 7

# Ordinary topics, each (phrase, tag), and how often a post is about it.
TOPICS = (
    ("wifi keeps dropping", "wifi"),
    ("firmware update stuck", "firmware"),
    ("guest network password", "guest"),
    ("parental controls schedule", "parental"),
    ("mesh satellite pairing", "mesh"),
    ("port forwarding rules", "nat"),
    ("slow speed evening", "speed"),
    ("vpn server setup", "vpn"),
)
STEADY = ("password reset email", "account")  # in a third of all posts, all the time
STEADY_SHARE = 0.33


@contextmanager
def clock(at: datetime) -> Iterator[None]:
    """Everything that asks `timezone.now()` (actions, auto_now fields) sees `at`."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


@dataclass
class Traffic:
    rng: random.Random
    counter: int = 0

    def post(
        self, at: datetime, text: str, *, tags: tuple[str, ...] = (), author: int | None = None,
        source: str = "community", audience: str = PUBLIC, space_id: int | None = None,
    ) -> None:  # fmt: skip
        self.counter += 1
        do_record_document(
            SourceDocument(
                source=source, key=f"synthetic:{self.counter}", at=at,
                author_id=author if author is not None else self.rng.randrange(1_000, 1_200),
                space_id=space_id, text=text, title=text[:80], url=f"/synthetic/{self.counter}/",
                audience=audience, tags=tags,
            )
        )  # fmt: skip

    def ordinary(self, at: datetime) -> None:
        phrase, tag = self.rng.choice(TOPICS)
        other, _ = self.rng.choice(TOPICS)
        text, tags = f"{phrase} and {other}", (tag,)
        if self.rng.random() < STEADY_SHARE:
            text, tags = f"{text}, also {STEADY[0]}", (tag, STEADY[1])
        self.post(at, text, tags=tags)

    def background(self, start: datetime, end: datetime, per_hour: int, *, jitter: int = 2) -> None:
        """Ordinary posts in every hour of [start, end): `per_hour` give or take `jitter`."""
        hour = floor_hour(start)
        while hour < end:
            n = max(per_hour + self.rng.randint(-jitter, jitter), 0)
            for _ in range(n):
                self.ordinary(hour + timedelta(minutes=self.rng.randrange(60)))
            hour += HOUR


@pytest.fixture
def traffic(db: None) -> Traffic:
    return Traffic(random.Random(20261202))


@pytest.fixture
def baseline(traffic: Traffic) -> Traffic:
    """A week of ordinary posts, 8 an hour, up to END."""
    traffic.background(END - timedelta(days=BASELINE_DAYS), END, 8)
    return traffic


@pytest.fixture
def people(db: None) -> list[User]:
    return [make_user(f"reporter_{i}") for i in range(8)]


@pytest.fixture
def trend_settings(settings: Any) -> Any:
    settings.CROWDSERVICE_TRENDS_BASELINE_DAYS = BASELINE_DAYS
    return settings


Asker = Callable[..., Question]


@pytest.fixture
def ask_at(space: Space, django_capture_on_commit_callbacks: Any) -> Asker:
    """Ask a question through the action at a given time; its events run the consumers."""

    def ask(author: User, at: datetime, title: str, body: str, tags: list[str]) -> Question:
        with clock(at), django_capture_on_commit_callbacks(execute=True):
            return do_ask_question(
                author=author, space_id=space.pk, title=title, body=body, tags=tags
            )

    return ask


@pytest.fixture
def open_case_at(space: Space, django_capture_on_commit_callbacks: Any) -> Callable[..., Case]:
    def open_case(requester: User, at: datetime, subject: str, description: str) -> Case:
        with clock(at), django_capture_on_commit_callbacks(execute=True):
            return do_open_case(
                requester=requester, subject=subject, description=description, space_id=space.pk
            )

    return open_case


@pytest.fixture
def agents(db: None) -> list[User]:
    return [make_user("alex_agent", Role.AGENT), make_user("ada_admin", Role.ADMIN)]


def make_alert(*, with_case_example: bool = True) -> TrendAlert:
    """An open alert raised by the detector: a quiet day, then seven people report one error."""
    traffic = Traffic(random.Random(7))
    end = floor_hour(timezone.now()) - HOUR
    traffic.background(end - timedelta(days=2), end - timedelta(hours=6), 3, jitter=1)
    for i in range(6):
        traffic.post(end - timedelta(minutes=5 + 8 * i), f"Error Q-77 on login, try {i}",
                     tags=("login",), author=500 + i)  # fmt: skip
    if with_case_example:
        traffic.post(end - timedelta(minutes=3), "Case: error Q-77 on login again", author=600,
                     source="cases", audience=AGENTS_ONLY, tags=("login",))  # fmt: skip
    raised = do_detect(at=end + timedelta(minutes=1)).raised
    assert len(raised) == 1, raised
    return raised[0]
