"""API schemas of moderation."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from crowdservice.accounts.schemas import AuthorOut
from crowdservice.core.schemas import ObjectId, PageIn, PageOut, Text
from crowdservice.moderation.models import AuditEntry, Flag, Sanction, WatchedWord
from crowdservice.moderation.queries import QueueEntry

KindName = Literal["question", "answer", "comment"]
FlagReasonName = Literal["spam", "offensive", "off_topic", "needs_improvement"]


class FlagIn(Schema):
    kind: KindName = Field(description="What you flag: `question`, `answer` or `comment`.")
    object_id: ObjectId
    reason: FlagReasonName = Field(
        description="`spam`, `offensive`, `off_topic` or `needs_improvement`."
    )
    message: Text = Field("", max_length=500, description="Anything moderators should know.")


class FlagOut(Schema):
    id: int
    kind: str
    object_id: int
    reason: str
    status: str = Field(description="`pending` until a moderator decides, then `agreed`, …")
    created_at: datetime

    @staticmethod
    def of(flag: Flag) -> FlagOut:
        return FlagOut(
            id=flag.pk,
            kind=flag.kind,
            object_id=flag.object_id,
            reason=flag.reason,
            status=flag.status,
            created_at=flag.created_at,
        )


class FlagDetailOut(FlagOut):
    flagger: AuthorOut | None = Field(description="Null for flags raised by the spam rules.")
    message: str
    system_note: str = Field(description="Why the spam rules or a watched word flagged it.")
    weight: float

    @staticmethod
    def detail(flag: Flag) -> FlagDetailOut:
        return FlagDetailOut(
            **FlagOut.of(flag).dict(),
            flagger=AuthorOut.maybe(flag.flagger),
            message=flag.message,
            system_note=flag.system_note,
            weight=flag.weight,
        )


class QueueFilters(PageIn):
    status: Literal["pending", "resolved"] = Field("pending", description="Waiting or decided.")


class ReviewItemOut(Schema):
    id: int
    kind: str
    object_id: int
    reason: str = Field(description="`flagged`, `approval` (pre-moderation) or `automatic`.")
    status: str
    score: float = Field(description="The open flags' weight; the post hides at the threshold.")
    auto_hidden: bool
    title: str
    excerpt: str = Field(description="The post's text as it is now (or when it was queued).")
    url: str
    post_visibility: str | None = Field(description="Null when the post is gone for good.")
    post_deleted: bool
    content_author: AuthorOut | None
    flags: list[FlagDetailOut]
    decisions: list[str] = Field(description="What a moderator may decide on this item.")
    created_at: datetime
    resolution: str
    resolved_at: datetime | None

    @staticmethod
    def of(entry: QueueEntry) -> ReviewItemOut:
        item, info = entry.item, entry.info
        return ReviewItemOut(
            id=item.pk,
            kind=item.kind,
            object_id=item.object_id,
            reason=item.reason,
            status=item.status,
            score=item.score,
            auto_hidden=item.auto_hidden,
            title=info.title if info else item.title,
            excerpt=(info.text if info else item.excerpt)[:2000],
            url=info.url if info else item.url,
            post_visibility=info.visibility if info else None,
            post_deleted=info.is_deleted if info else True,
            content_author=AuthorOut.maybe(item.content_author),
            flags=[FlagDetailOut.detail(f) for f in entry.flags],
            decisions=[d for d, _ in entry.decisions],
            created_at=item.created_at,
            resolution=item.resolution,
            resolved_at=item.resolved_at,
        )


class ReviewPage(PageOut):
    items: list[ReviewItemOut]


class DecisionIn(Schema):
    decision: Literal["approve", "reject", "agree_hide", "agree_delete", "disagree", "ignore"] = (
        Field(description="Approve/reject a held post; agree (hide or delete), disagree or ignore.")
    )
    note: Text = Field("", max_length=2000, description="A note the author reads (optional).")


class PostActionIn(Schema):
    action: Literal["hide", "unhide", "lock", "unlock"]
    reason: Text = Field("", max_length=2000)


class PostStateOut(Schema):
    kind: str
    object_id: int
    visibility: str
    is_locked: bool


class SanctionIn(Schema):
    kind: Literal["warning", "silence", "suspension", "ban"] = Field(
        description="Silenced people read but can't post; suspended and banned ones can't sign in."
    )
    reason: Text = Field(max_length=2000, description="The person reads it.")
    days: int | None = Field(
        None, ge=1, le=3650, description="For silence and suspension: how many days."
    )


class SanctionOut(Schema):
    id: int
    user: AuthorOut
    kind: str
    reason: str
    starts_at: datetime
    ends_at: datetime | None = Field(description="Null: permanent (bans) or not timed (warnings).")
    lifted_at: datetime | None
    created_by: AuthorOut | None

    @staticmethod
    def of(sanction: Sanction) -> SanctionOut:
        return SanctionOut(
            id=sanction.pk,
            user=AuthorOut.of(sanction.user),
            kind=sanction.kind,
            reason=sanction.reason,
            starts_at=sanction.starts_at,
            ends_at=sanction.ends_at,
            lifted_at=sanction.lifted_at,
            created_by=AuthorOut.maybe(sanction.created_by),
        )


class StandingOut(Schema):
    """Your own record: warnings and restrictions (never who flagged you)."""

    can_post: bool
    restriction: str | None = Field(description="What restricts you now, as a sentence.")
    sanctions: list[SanctionOut]


class AuditFilters(PageIn):
    action: Text = Field("", max_length=40, description="Entries whose action starts with this.")
    user: Text = Field("", max_length=150, description="Entries about this username.")


class AuditEntryOut(Schema):
    id: int
    created_at: datetime
    actor: AuthorOut | None = Field(description="Null for the system (automatic hiding, rules).")
    action: str
    kind: str
    object_id: int | None
    target_user: AuthorOut | None
    reason: str
    details: dict[str, object]

    @staticmethod
    def of(entry: AuditEntry) -> AuditEntryOut:
        return AuditEntryOut(
            id=entry.pk,
            created_at=entry.created_at,
            actor=AuthorOut.maybe(entry.actor),
            action=entry.action,
            kind=entry.kind,
            object_id=entry.object_id,
            target_user=AuthorOut.maybe(entry.target_user),
            reason=entry.reason,
            details=entry.details,
        )


class AuditPage(PageOut):
    items: list[AuditEntryOut]


class WatchedWordIn(Schema):
    word: Text = Field(max_length=100, description="A word or phrase; `*` matches any ending.")
    action: Literal["block", "approve", "flag"] = Field(
        description="`block` the post, hold it for `approve`al, or `flag` it for review."
    )


class WatchedWordOut(Schema):
    id: int
    word: str
    action: str
    created_at: datetime

    @staticmethod
    def of(word: WatchedWord) -> WatchedWordOut:
        return WatchedWordOut(
            id=word.pk, word=word.word, action=word.action, created_at=word.created_at
        )
