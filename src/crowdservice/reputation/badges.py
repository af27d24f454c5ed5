"""Badges: the catalogue of rule badges, the rules, and awarding (by rules and by admins).

Rules run in the consumers right after the ledger changes they depend on; a badge is awarded
once per person and never taken back (as on Stack Overflow), so a retried job is harmless.
A rule badge records `badge.awarded` (as an admin's award does) and the person is notified
(`consumers.notify_badge`), except during a bulk replay (`quietly`: the demo seed).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.db import transaction
from django.db.models import Sum

from crowdservice.core.events import record_event
from crowdservice.reputation.models import (
    AppliedState,
    Badge,
    BadgeAward,
    Category,
    ReputationEntry,
)

# slug: (name, tier, description). The migration `0002_rule_badges` creates these rows.
RULES: dict[str, tuple[str, str, str]] = {
    "first-question": ("Curious", "bronze", "Asked a first question."),
    "first-answer": ("Helper", "bronze", "Posted a first answer."),
    "first-accepted": ("Solver", "bronze", "Had an answer accepted by the asker."),
    "nice-answer": ("Nice answer", "bronze", "An answer upvoted by 5 people."),
    "ten-accepted": ("Problem solver", "silver", "10 answers accepted by their askers."),
    "popular-question": ("Popular question", "silver", "A question upvoted by 10 people."),
    "company-endorsed": ("Company endorsed", "silver", "An answer endorsed by the company."),
    "great-answer": ("Great answer", "gold", "An answer upvoted by 25 people."),
    "fifty-accepted": ("Guru", "gold", "50 answers accepted by their askers."),
    "knowledge-author": (
        "Knowledge author", "gold", "An answer promoted to the knowledge base.",
    ),
}  # fmt: skip

ACCEPTED_BADGES = ((1, "first-accepted"), (10, "ten-accepted"), (50, "fifty-accepted"))
ANSWER_VOTE_BADGES = ((5, "nice-answer"), (25, "great-answer"))
QUESTION_VOTE_BADGES = ((10, "popular-question"),)

_quiet = threading.local()


@contextmanager
def quietly() -> Iterator[None]:
    """Award without recording `badge.awarded` (so nobody is notified), in this thread: a bulk
    replay of history (the demo seed) must not flood its people with notifications."""
    previous = getattr(_quiet, "on", False)
    _quiet.on = True
    try:
        yield
    finally:
        _quiet.on = previous


def _rule_badge(slug: str) -> Badge | None:
    """A rule badge missing from the table (the migration adds them; a database flushed since,
    as by transactional tests, or a rule added later) is created from the catalogue."""
    if slug not in RULES:
        return None
    name, tier, description = RULES[slug]
    Badge.objects.bulk_create(
        [Badge(slug=slug, name=name, tier=tier, description=description, rule=slug)],
        ignore_conflicts=True,
    )
    return Badge.objects.filter(slug=slug).first()


def award(
    user_id: int,
    slug: str,
    *,
    when: datetime,
    question_id: int | None = None,
    by: int | None = None,
    note: str = "",
) -> bool:
    """Award the badge unless the person has it; True if this call awarded it."""
    badge = Badge.objects.filter(slug=slug).first() or _rule_badge(slug)
    if badge is None or BadgeAward.objects.filter(badge=badge, user_id=user_id).exists():
        return False
    BadgeAward.objects.bulk_create(
        [
            BadgeAward(
                badge=badge, user_id=user_id, awarded_at=when, awarded_by_id=by,
                question_id=question_id, note=note[:200],
            )
        ],
        ignore_conflicts=True,  # a concurrent award of the same badge: one row stays
    )  # fmt: skip
    Badge.objects.filter(pk=badge.pk).update(award_count=badge.awards.count())
    if by is None and not getattr(_quiet, "on", False):
        # An admin's award records its own event (`actions.do_award_badge`).
        with transaction.atomic():
            record_event(
                actor=None, verb="badge.awarded", target=badge,
                payload={"badge": slug, "user_id": user_id, "question_id": question_id},
            )  # fmt: skip
    return True


def upvoters(kind: str, post_id: int) -> int:
    """People whose vote on the post is up now (whatever the daily cap let it earn)."""
    return AppliedState.objects.filter(key__startswith=f"vote:{kind}:{post_id}:", value=1).count()


def check_post_votes(
    author_id: int, kind: str, post_id: int, question_id: int | None, *, when: datetime
) -> None:
    count = upvoters(kind, post_id)
    rules = ANSWER_VOTE_BADGES if kind == "answer" else QUESTION_VOTE_BADGES
    for needed, slug in rules:
        if count >= needed:
            award(author_id, slug, when=when, question_id=question_id)


def accepted_answers(user_id: int) -> int:
    rows = (
        ReputationEntry.objects.filter(
            user_id=user_id, category=Category.ACCEPT, post_type="answer"
        )
        .values("post_id")
        .annotate(n=Sum("points"))
        .filter(n__gt=0)
    )
    return len(rows)


def check_accepted(user_id: int, question_id: int | None, *, when: datetime) -> None:
    count = accepted_answers(user_id)
    for needed, slug in ACCEPTED_BADGES:
        if count >= needed:
            award(user_id, slug, when=when, question_id=question_id)
