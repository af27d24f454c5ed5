"""Writing the ledger: entries and totals together, under a lock on each person's total.

Every writer locks the `UserReputation` rows it touches (lower user id first, so two writers
never deadlock), checks the entry's idempotency key, appends the entry and adds its points to the
total in the same transaction. So `total == sum(entries)` holds at every commit, also under
concurrent votes (tests/reputation/test_ledger_concurrency.py), and `recompute` can prove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import F, Q, Sum

from crowdservice.reputation.models import (
    AppliedState,
    Category,
    Reason,
    ReputationEntry,
    UserReputation,
)


@dataclass(frozen=True)
class Change:
    """One entry to append."""

    user_id: int
    points: int
    reason: str
    category: str
    key: str
    when: datetime
    day: date
    event_id: int | None = None
    other_user_id: int | None = None
    post_type: str = ""
    post_id: int | None = None
    question_id: int | None = None
    space_id: int | None = None
    note: str = ""


def lock_users(user_ids: Iterable[int | None]) -> None:
    """Lock these people's totals (creating missing rows first), lowest id first."""
    ids = sorted({pk for pk in user_ids if pk is not None})
    if not ids:
        return
    UserReputation.objects.bulk_create(
        [UserReputation(user_id=pk) for pk in ids], ignore_conflicts=True
    )
    list(UserReputation.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def lock_state(key: str) -> AppliedState:
    AppliedState.objects.bulk_create([AppliedState(key=key)], ignore_conflicts=True)
    return AppliedState.objects.select_for_update().get(key=key)


def append(changes: Iterable[Change]) -> list[ReputationEntry]:
    """Append the entries (callers hold the users' locks) and move the totals; zero-point
    changes and keys already in the ledger are skipped."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger.append must run inside transaction.atomic()")
    wanted = [change for change in changes if change.points != 0]
    if not wanted:
        return []
    existing = set(
        ReputationEntry.objects.filter(key__in=[c.key for c in wanted]).values_list(
            "key", flat=True
        )
    )
    entries = [
        ReputationEntry(
            user_id=c.user_id,
            points=c.points,
            reason=c.reason,
            category=c.category,
            key=c.key[:160],
            event_id=c.event_id,
            other_user_id=c.other_user_id,
            post_type=c.post_type,
            post_id=c.post_id,
            question_id=c.question_id,
            space_id=c.space_id,
            day=c.day,
            note=c.note[:200],
            created_at=c.when,
        )
        for c in wanted
        if c.key not in existing
    ]
    ReputationEntry.objects.bulk_create(entries)
    per_user: dict[int, int] = {}
    for entry in entries:
        per_user[entry.user_id] = per_user.get(entry.user_id, 0) + entry.points
    for user_id, points in per_user.items():
        UserReputation.objects.filter(pk=user_id).update(total=F("total") + points)
    return entries


def net_points(
    *, user_id: int, post_type: str, post_id: int, category: str, other_user_id: int | None
) -> int:
    """What `other_user` currently contributes to `user` through this post (e.g. a vote)."""
    rows = ReputationEntry.objects.filter(
        user_id=user_id, post_type=post_type, post_id=post_id, category=category
    )
    if other_user_id is not None:
        rows = rows.filter(other_user_id=other_user_id)
    return int(rows.aggregate(n=Sum("points"))["n"] or 0)


def vote_points_on(user_id: int, day: date) -> int:
    """Points from upvotes still standing that count against `user`'s cap for `day`."""
    rows = ReputationEntry.objects.filter(user_id=user_id, day=day, category=Category.VOTE).filter(
        Q(reason__in=[Reason.QUESTION_UPVOTED, Reason.ANSWER_UPVOTED])
        | Q(
            reason__in=[Reason.VOTE_UNDONE, Reason.POST_DELETED, Reason.FRAUD_REVERSED],
            points__lt=0,
        )
        | Q(reason=Reason.POST_RESTORED, points__gt=0)
    )
    return max(0, int(rows.aggregate(n=Sum("points"))["n"] or 0))


def recompute(user_ids: Iterable[int] | None = None) -> int:
    """Set totals to the sum of the ledger (all people, or these); returns how many changed.

    Totals are kept in step by `append`, so this changes nothing unless rows were edited by
    hand; the demo seed and `crowdservice recompute_reputation` call it, the tests prove it.
    """
    sums = ReputationEntry.objects.values("user_id").annotate(n=Sum("points"))
    if user_ids is not None:
        sums = sums.filter(user_id__in=list(user_ids))
    truth = {row["user_id"]: int(row["n"] or 0) for row in sums}
    changed = 0
    with transaction.atomic():
        current = UserReputation.objects.select_for_update()
        if user_ids is not None:
            current = current.filter(pk__in=list(user_ids))
        stored = dict(current.values_list("user_id", "total"))
        missing = [pk for pk in truth if pk not in stored]
        UserReputation.objects.bulk_create(
            [UserReputation(user_id=pk, total=truth[pk]) for pk in missing],
            ignore_conflicts=True,
        )
        changed += len(missing)
        for user_id, total in stored.items():
            if truth.get(user_id, 0) != total:
                UserReputation.objects.filter(pk=user_id).update(total=truth.get(user_id, 0))
                changed += 1
    return changed
