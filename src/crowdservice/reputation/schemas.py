"""API schemas of reputation: totals, history, badges, leaderboards, privileges, findings."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from crowdservice.accounts.schemas import AuthorOut
from crowdservice.core.schemas import PageIn, PageOut, Slug, Text
from crowdservice.reputation.models import AbuseFinding, BadgeAward, ReputationEntry
from crowdservice.reputation.registry import QuestionInfo


class BadgeOut(Schema):
    slug: str
    name: str
    tier: Literal["bronze", "silver", "gold"]
    description: str
    awarded_by_rule: bool = Field(description="False for badges that only admins award.")
    award_count: int


class BadgeAwardOut(Schema):
    badge: BadgeOut
    awarded_at: datetime
    note: str = Field(description="Why an admin awarded it (empty for rule badges).")

    @staticmethod
    def of(award: BadgeAward) -> BadgeAwardOut:
        b = award.badge
        return BadgeAwardOut(
            badge=BadgeOut(
                slug=b.slug, name=b.name, tier=b.tier, description=b.description,  # type: ignore[arg-type]
                awarded_by_rule=bool(b.rule), award_count=b.award_count,
            ),
            awarded_at=award.awarded_at,
            note=award.note,
        )  # fmt: skip


class TagScoreOut(Schema):
    name: str
    points: int = Field(description="Reputation earned on questions with this tag.")


class ReputationOut(Schema):
    user: AuthorOut
    total: int = Field(description="The person's reputation: the sum of their history.")
    gold: int
    silver: int
    bronze: int
    badges: list[BadgeAwardOut]
    top_tags: list[TagScoreOut]
    champion_of: list[str] = Field(description="Slugs of the spaces they are champion of.")


class EntryOut(Schema):
    points: int
    reason: str = Field(description="A machine code, e.g. `answer_upvoted`, `vote_undone`.")
    reason_label: str = Field(description="The reason in words.")
    created_at: datetime
    question_id: int | None = Field(
        description="The question the change is about (null if deleted or none)."
    )
    question_title: str | None
    note: str

    @staticmethod
    def of(entry: ReputationEntry, questions: dict[int, QuestionInfo]) -> EntryOut:
        info = questions.get(entry.question_id) if entry.question_id is not None else None
        live = info is not None and info.is_live
        return EntryOut(
            points=entry.points,
            reason=entry.reason,
            reason_label=entry.get_reason_display(),
            created_at=entry.created_at,
            question_id=entry.question_id if live else None,
            question_title=info.title if live and info is not None else None,
            note=entry.note,
        )


class HistoryPage(PageOut):
    items: list[EntryOut]


class LeaderboardFilters(Schema):
    period: Literal["week", "month", "all"] = Field(
        "week", description="The last 7 days, the last 30 days, or all time."
    )
    space: Slug | None = Field(None, description="Only reputation earned in this space.")


class LeaderOut(Schema):
    rank: int
    user: AuthorOut
    points: int


class LeaderboardOut(Schema):
    period: str
    space: str | None
    items: list[LeaderOut]


class PrivilegeOut(Schema):
    name: str
    threshold: int = Field(description="Reputation needed.")
    description: str
    has: bool = Field(description="Whether you have it (staff have every participation step).")


class PrivilegesOut(Schema):
    reputation: int = Field(description="Your reputation (0 when anonymous).")
    items: list[PrivilegeOut]


class FindingOut(Schema):
    id: int
    kind: Literal["vote_ring", "same_address"]
    first_user: AuthorOut
    second_user: AuthorOut
    evidence: str
    vote_count: int
    status: str
    updated_at: datetime

    @staticmethod
    def of(f: AbuseFinding) -> FindingOut:
        return FindingOut(
            id=f.pk, kind=f.kind, first_user=AuthorOut.of(f.first_user),  # type: ignore[arg-type]
            second_user=AuthorOut.of(f.second_user), evidence=f.evidence,
            vote_count=f.vote_count, status=f.status, updated_at=f.updated_at,
        )  # fmt: skip


class AdjustIn(Schema):
    points: int = Field(ge=-10_000, le=10_000, description="Points to add (negative: remove).")
    note: Text = Field(max_length=200, description="Why; shown in the person's history.")


class AwardIn(Schema):
    badge: Slug
    note: Text = Field(max_length=200, description="Why; shown with the badge.")


class ChampionIn(Schema):
    space: Slug = Field(description="The space they will moderate.")


class HistoryFilters(PageIn):
    pass
