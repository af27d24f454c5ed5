"""Posting limits for new members (Discourse's defaults): first-day caps and waiting times.

Counts come from the event log (`core.Event`, written in the same transaction as each post), so
reputation knows nothing of community tables. Staff are never limited.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import ActionError
from crowdservice.core.models import Event
from crowdservice.reputation.privileges import bypasses_ladder, has_privilege, is_suspended

PostKind = Literal["question", "answer", "comment"]

VERBS: dict[str, str] = {
    "question": "question.created",
    "answer": "answer.created",
    "comment": "comment.created",
}
# Seconds between two posts of a kind: Discourse's rate_limit_new_user_create_topic/_post for
# new members, rate_limit_create_topic/_post for everyone else.
NEW_USER_INTERVAL = {"question": 120, "answer": 30, "comment": 30}
INTERVAL = {"question": 15, "answer": 5, "comment": 5}
WORDS = {"question": "questions", "answer": "answers", "comment": "comments"}


class RateLimited(ActionError):
    """Posting too fast or too much for a new account (HTTP 429)."""

    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _wait_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{math.ceil(minutes / 60)} hours"


def first_day_cap(kind: PostKind) -> int | None:
    if kind == "question":
        return int(settings.CROWDSERVICE_FIRST_DAY_QUESTIONS)
    if kind == "answer":
        return int(settings.CROWDSERVICE_FIRST_DAY_ANSWERS)
    return None


def check_posting_rate(user: User, kind: PostKind) -> None:
    """Refuse a post that comes too soon after the last one, or over a new account's first-day
    cap, with a 429 that says when to try again. Two queries.

    Call it inside the post's own transaction, before the write: it locks the author's row
    until the post (and its event) commits, so two posts by one person at once are counted one
    after the other instead of both passing the same last free slot. The author's row is the
    last lock a post takes (after its question, see docs/contributing.md), and nothing holds it
    while waiting for a thread's lock, so no deadlock.
    """
    if not settings.CROWDSERVICE_RATE_LIMITS or bypasses_ladder(user) or is_suspended():
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("check_posting_rate must run inside the post's transaction.atomic()")
    # Lock first, then count: the count then sees every post by this person that committed
    # while we waited (each statement reads the newest committed data under READ COMMITTED).
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
    now = timezone.now()
    first_day = user.date_joined > now - timedelta(days=1)
    new_user = not has_privilege(user, "new_user_lifted")
    interval = (NEW_USER_INTERVAL if new_user else INTERVAL)[kind]
    stats = Event.objects.filter(
        actor_id=user.pk, verb=VERBS[kind], created_at__gt=now - timedelta(days=1)
    ).aggregate(n=Count("id"), last=Max("created_at"))
    cap = first_day_cap(kind)
    if first_day and cap is not None and stats["n"] >= cap:
        wait = int((user.date_joined + timedelta(days=1) - now).total_seconds()) + 1
        raise RateLimited(
            f"New members can post {cap} {WORDS[kind]} on their first day, and you have; "
            f"you can post more in {_wait_words(wait)}. Meanwhile, editing your posts is fine.",
            retry_after=wait,
        )
    last = stats["last"]
    if last is not None and (now - last).total_seconds() < interval:
        wait = max(1, math.ceil(interval - (now - last).total_seconds()))
        who = "New members wait" if new_user else "Please wait"
        raise RateLimited(
            f"{who} {interval} seconds between {WORDS[kind]}; try again in {_wait_words(wait)}.",
            retry_after=wait,
        )
