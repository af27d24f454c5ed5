"""Read models for the moderators' pages and API: the queue, the audit log, a person's record."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from crowdservice.accounts.models import User
from crowdservice.moderation.access import active_sanctions
from crowdservice.moderation.models import (
    AuditEntry,
    Flag,
    ReviewItem,
    ReviewStatus,
    Sanction,
    SanctionKind,
)
from crowdservice.moderation.registry import ContentInfo, handler_for, kinds
from crowdservice.reputation.abuse import open_findings
from crowdservice.reputation.access import can_review_findings
from crowdservice.reputation.models import AbuseFinding


@dataclass
class QueueEntry:
    item: ReviewItem
    flags: list[Flag]
    info: ContentInfo | None  # the post as it is now (None: gone for good)
    decisions: list[tuple[str, str]]


def review_items(status: str = ReviewStatus.PENDING) -> QuerySet[ReviewItem]:
    flags = Flag.objects.select_related("flagger").order_by("created_at", "id")
    return (
        ReviewItem.objects.filter(status=status)
        .select_related("content_author", "resolved_by")
        .prefetch_related(Prefetch("flags", queryset=flags))
        .order_by("-created_at", "-id")
    )


def queue_entries(items: list[ReviewItem]) -> list[QueueEntry]:
    """The page's items with their flags and the posts' current state: one query per kind."""
    from crowdservice.moderation.actions import DECISIONS, decisions_for

    ids: dict[str, list[int]] = defaultdict(list)
    for item in items:
        ids[item.kind].append(item.object_id)
    infos: dict[tuple[str, int], ContentInfo] = {}
    for kind, object_ids in ids.items():
        if kind in kinds():
            for pk, info in handler_for(kind).describe(object_ids).items():
                infos[(kind, pk)] = info
    return [
        QueueEntry(
            item=item,
            flags=list(item.flags.all()),
            info=infos.get((item.kind, item.object_id)),
            decisions=[(d, DECISIONS[d]) for d in decisions_for(item)],
        )
        for item in items
    ]


FINDINGS_IN_QUEUE = 25


def queue_findings(user: User, limit: int = FINDINGS_IN_QUEUE) -> tuple[list[AbuseFinding], bool]:
    """Open voting-fraud findings (reputation) as items of the review queue, newest activity
    first, and whether there are more than `limit`: one query, none for people who may not
    judge them (findings name accounts suspected of fraud)."""
    if not can_review_findings(user):
        return [], False
    rows = list(open_findings()[: limit + 1])
    return rows[:limit], len(rows) > limit


def audit_log(
    *, action: str = "", username: str = "", kind: str = "", object_id: int | None = None
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor", "target_user")
    if action:
        qs = qs.filter(action__startswith=action)
    if username:
        qs = qs.filter(target_user__username=username)
    if kind:
        qs = qs.filter(kind=kind)
    if object_id is not None:
        qs = qs.filter(object_id=object_id)
    return qs.order_by("-created_at", "-id")


def sanctions_of(user: User) -> QuerySet[Sanction]:
    return Sanction.objects.filter(user=user).select_related("created_by", "lifted_by")


def active_ids(user: User) -> set[int]:
    return set(active_sanctions().filter(user=user).values_list("pk", flat=True))


def warnings_and_sanctions(user: User) -> tuple[list[Sanction], set[int]]:
    """A person's own record: every sanction (warnings included) and which are in force."""
    rows = list(sanctions_of(user))
    return rows, active_ids(user) - {s.pk for s in rows if s.kind == SanctionKind.WARNING}
