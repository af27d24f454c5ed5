"""Reputation operations people perform: admin adjustments and badges, champions, findings.

Points themselves come from the community's events (`consumers.py`); these are the decisions
people make on top, each recorded in the event log like every write.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import Conflict, NotFound, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.reputation import badges
from crowdservice.reputation.abuse import standing_pair_points
from crowdservice.reputation.access import require_admin, require_finding_reviewer
from crowdservice.reputation.ledger import Change, append, lock_users
from crowdservice.reputation.models import (
    AbuseFinding,
    Badge,
    BadgeAward,
    Category,
    Champion,
    FindingStatus,
    Reason,
    UserReputation,
)
from crowdservice.reputation.privileges import forget_reputation
from crowdservice.reputation.registry import content

MAX_ADJUSTMENT = 10_000


def check_note(note: str) -> str:
    note = " ".join(note.split())
    if len(note) < 5:
        raise ValidationFailed({"note": ["Say why, in at least 5 characters."]})
    if len(note) > 200 or "\x00" in note:
        raise ValidationFailed({"note": ["The reason can be at most 200 characters, no NULs."]})
    return note


@transaction.atomic
def do_adjust_reputation(*, actor: User, user: User, points: int, note: str) -> int:
    """An admin adds or removes points (a bounty from the company, a correction), with a reason
    that shows in the person's history. Returns the new total."""
    require_admin(actor)
    note = check_note(note)
    if points == 0 or abs(points) > MAX_ADJUSTMENT:
        raise ValidationFailed(
            {"points": [f"Give a number of points from -{MAX_ADJUSTMENT:,} to {MAX_ADJUSTMENT:,}, "
                        "not 0."]}
        )  # fmt: skip
    event = record_event(
        actor=actor, verb="reputation.adjusted", target=user,
        payload={"points": points, "note": note},
    )  # fmt: skip
    lock_users([user.pk])
    now = timezone.now()
    append(
        [
            Change(user_id=user.pk, points=points, reason=Reason.GRANT, category=Category.GRANT,
                   key=f"e{event.pk}:grant", when=now, day=now.date(), event_id=event.pk,
                   other_user_id=actor.pk, note=note)
        ]
    )  # fmt: skip
    forget_reputation(user)
    return UserReputation.objects.get(pk=user.pk).total


@transaction.atomic
def do_award_badge(*, actor: User, user: User, slug: str, note: str) -> BadgeAward:
    """An admin awards a badge by hand (any badge; admin-only badges are made in /admin/)."""
    require_admin(actor)
    note = check_note(note)
    badge = Badge.objects.filter(slug=slug).first()
    if badge is None:
        raise ValidationFailed({"badge": [f"There is no badge {slug!r}."]})
    if not badges.award(user.pk, slug, when=timezone.now(), by=actor.pk, note=note):
        raise Conflict(f"{user.public_name} already has the {badge.name} badge.")
    record_event(
        actor=actor, verb="badge.awarded", target=user,
        payload={"badge": slug, "note": note, "user_id": user.pk},
    )  # fmt: skip
    return BadgeAward.objects.select_related("badge").get(badge=badge, user=user)


def check_space_id(space_id: int | None) -> int:
    spaces = {space.id for space in content().spaces()}
    if space_id is None or space_id not in spaces:
        raise ValidationFailed({"space": ["Choose a space the champion will look after."]})
    return space_id


def _copy_champion_spaces(user: User) -> None:
    lock_users([user.pk])
    spaces = sorted(Champion.objects.filter(user=user).values_list("space_id", flat=True))
    UserReputation.objects.filter(pk=user.pk).update(champion_spaces=spaces)
    forget_reputation(user)


@transaction.atomic
def do_grant_champion(*, actor: User, user: User, space_id: int | None) -> Champion:
    """Make a star a community champion of a space: moderation rights there (edit, delete and
    undelete posts, close and reopen questions), and the champion mark on their profile."""
    require_admin(actor)
    space_id = check_space_id(space_id)
    if not user.is_active:
        raise Conflict("This account is deactivated.")
    if user.is_staff_member:
        raise Conflict(f"{user.public_name} is staff and moderates already.")
    if Champion.objects.filter(user=user, space_id=space_id).exists():
        raise Conflict(f"{user.public_name} is already a champion of this space.")
    champion = Champion.objects.create(
        user=user, space_id=space_id, granted_by=actor, granted_at=timezone.now()
    )
    _copy_champion_spaces(user)
    record_event(actor=actor, verb="champion.granted", target=user, payload={"space_id": space_id})
    return champion


@transaction.atomic
def do_revoke_champion(*, actor: User, user: User, space_id: int) -> None:
    require_admin(actor)
    deleted, _ = Champion.objects.filter(user=user, space_id=space_id).delete()
    if not deleted:
        raise NotFound(f"{user.public_name} is not a champion of that space.")
    _copy_champion_spaces(user)
    record_event(actor=actor, verb="champion.revoked", target=user, payload={"space_id": space_id})


def _lock_finding(finding: AbuseFinding) -> AbuseFinding:
    lock_users([finding.first_user_id, finding.second_user_id])
    locked = AbuseFinding.objects.select_for_update().get(pk=finding.pk)
    if locked.status != FindingStatus.OPEN:
        raise Conflict("This finding was already resolved.")
    return locked


@transaction.atomic
def do_dismiss_finding(*, actor: User, finding: AbuseFinding) -> AbuseFinding:
    require_finding_reviewer(actor)
    finding = _lock_finding(finding)
    finding.status, finding.resolved_by = FindingStatus.DISMISSED, actor
    finding.updated_at = timezone.now()
    finding.save(update_fields=["status", "resolved_by", "updated_at"])
    record_event(actor=actor, verb="finding.dismissed", target=finding)
    return finding


@transaction.atomic
def do_confirm_finding(*, actor: User, finding: AbuseFinding) -> AbuseFinding:
    """Fraud confirmed: the points the votes between the accounts earned are reversed."""
    require_finding_reviewer(actor)
    finding = _lock_finding(finding)
    now = timezone.now()
    event = record_event(actor=actor, verb="finding.confirmed", target=finding)
    append(
        Change(user_id=int(row["user_id"]), points=-int(row["n"]),
               reason=Reason.FRAUD_REVERSED, category=Category.VOTE, event_id=event.pk,
               other_user_id=row["other_user_id"], post_type=str(row["post_type"]),
               post_id=row["post_id"], question_id=row["question_id"],
               space_id=row["space_id"], when=now, day=now.date(),
               key=f"e{event.pk}:u{row['user_id']}:{row['post_type']}{row['post_id']}")
        for row in standing_pair_points(finding)
    )  # fmt: skip
    finding.status, finding.resolved_by, finding.updated_at = FindingStatus.CONFIRMED, actor, now
    finding.save(update_fields=["status", "resolved_by", "updated_at"])
    return finding
