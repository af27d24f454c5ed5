"""Read models for pages and the API: profiles, history, badges and leaderboards.

Each is a fixed number of queries whatever the sizes (checked in tests/reputation/test_pages.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.reputation.models import (
    Badge,
    BadgeAward,
    Champion,
    ReputationEntry,
    Tier,
    UserReputation,
)
from crowdservice.reputation.registry import QuestionInfo, SpaceInfo, content

Period = Literal["week", "month", "all"]
PERIODS: dict[str, str] = {"week": "This week", "month": "This month", "all": "All time"}
LEADERBOARD_SIZE = 20


@dataclass
class TagScore:
    name: str
    points: int


@dataclass
class Profile:
    user: User
    total: int
    tier_counts: dict[str, int]
    badges: list[BadgeAward]
    top_tags: list[TagScore]
    champion_of: list[SpaceInfo]
    history: list[ReputationEntry] = field(default_factory=list)
    questions: dict[int, QuestionInfo] = field(default_factory=dict)


def total_of(user_id: int) -> int:
    row = UserReputation.objects.filter(pk=user_id).values_list("total", flat=True).first()
    return int(row or 0)


def history(user: User) -> QuerySet[ReputationEntry]:
    return ReputationEntry.objects.filter(user=user).order_by("-created_at", "-id")


def describe(entries: list[ReputationEntry]) -> dict[int, QuestionInfo]:
    """The questions the entries are about (one query through the content directory)."""
    ids = {entry.question_id for entry in entries if entry.question_id is not None}
    return content().questions(ids) if ids else {}


def badges_of(user: User) -> list[BadgeAward]:
    return list(BadgeAward.objects.filter(user=user).select_related("badge"))


def top_tags(user: User, limit: int = 5) -> list[TagScore]:
    """Tags of the questions the person earned most in (answers and questions alike)."""
    earned = dict(
        ReputationEntry.objects.filter(user=user, question_id__isnull=False)
        .values("question_id")
        .annotate(n=Sum("points"))
        .filter(n__gt=0)
        .values_list("question_id", "n")
        .order_by()
    )
    if not earned:
        return []
    scores: Counter[str] = Counter()
    for question_id, info in content().questions(pk for pk in earned if pk is not None).items():
        if info.is_live:
            for tag in info.tags:
                scores[tag] += earned[question_id]
    return [TagScore(name, n) for name, n in scores.most_common(limit)]


def profile(user: User, *, history_size: int = 10) -> Profile:
    """The reputation panel of a profile: 5 queries (6 with history)."""
    awards = badges_of(user)
    tiers = Counter(award.badge.tier for award in awards)
    spaces = {space.id: space for space in content().spaces()}
    champion_ids = Champion.objects.filter(user=user).values_list("space_id", flat=True)
    result = Profile(
        user=user,
        total=total_of(user.pk),
        tier_counts={tier: tiers.get(tier, 0) for tier in Tier.values},
        badges=awards,
        top_tags=top_tags(user),
        champion_of=[spaces[pk] for pk in champion_ids if pk in spaces],
    )
    if history_size:
        result.history = list(history(user)[:history_size])
        result.questions = describe(result.history)
    return result


@dataclass
class LeaderRow:
    rank: int
    user: User
    points: int


def period_start(period: Period, now: datetime | None = None) -> datetime | None:
    now = now or timezone.now()
    if period == "week":
        return now - timedelta(days=7)
    if period == "month":
        return now - timedelta(days=30)
    return None


def leaderboard(
    *, period: Period = "week", space_id: int | None = None, size: int = LEADERBOARD_SIZE
) -> list[LeaderRow]:
    """The people who earned most in the period (and space): two queries.

    All time without a space reads the stored totals; anything else sums the ledger over the
    window (indexed by time, and by space and time).
    """
    since = period_start(period)
    active = Q(user__is_active=True)
    if since is None and space_id is None:
        rows = list(
            UserReputation.objects.filter(active, total__gt=0)
            .order_by("-total", "user_id")
            .values_list("user_id", "total")[:size]
        )
    else:
        entries = ReputationEntry.objects.filter(active)
        if since is not None:
            entries = entries.filter(created_at__gte=since)
        if space_id is not None:
            entries = entries.filter(space_id=space_id)
        rows = list(
            entries.values("user_id")
            .annotate(n=Sum("points"))
            .filter(n__gt=0)
            .order_by("-n", "user_id")
            .values_list("user_id", "n")[:size]
        )
    users = User.objects.in_bulk([user_id for user_id, _ in rows])
    return [
        LeaderRow(rank=i, user=users[user_id], points=int(points))
        for i, (user_id, points) in enumerate(rows, start=1)
        if user_id in users
    ]


def badge_catalogue() -> QuerySet[Badge]:
    return Badge.objects.order_by("tier", "name")


def recent_awards(badge: Badge, limit: int = 30) -> list[BadgeAward]:
    return list(badge.awards.select_related("user")[:limit])
