"""Moderation operations: flagging, reviewing, hiding, locking, sanctions, watched words, audit.

Writes to posts go through the registered content handlers (the owning app's own actions), so
caches, counters, search and events stay right; this module adds the moderation records, the
audit entry and an event for the notifications of the people concerned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import ActionError, Conflict, Forbidden, NotFound, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.moderation import rules
from crowdservice.moderation.access import check_can_flag, require_moderator
from crowdservice.moderation.models import (
    AuditEntry,
    Flag,
    FlagReason,
    FlagStatus,
    ReviewItem,
    ReviewReason,
    ReviewStatus,
    Sanction,
    SanctionKind,
    WatchedAction,
    WatchedWord,
)
from crowdservice.moderation.registry import ContentInfo, describe_one, handler_for

REASON_MIN, REASON_MAX = 3, 2000
MESSAGE_MAX = 500
MAX_SANCTION_DAYS = 3650


class RateLimited(ActionError):
    status_code = 429
    code = "rate_limited"


def audit(
    *,
    actor: User | None,
    action: str,
    kind: str = "",
    object_id: int | None = None,
    target_user_id: int | None = None,
    reason: str = "",
    **details: Any,
) -> AuditEntry:
    """Append one entry to the moderators' audit log (in the caller's transaction)."""
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        kind=kind,
        object_id=object_id,
        target_user_id=target_user_id,
        reason=reason[:REASON_MAX],
        details=details,
    )


def _open_item(info: ContentInfo, reason: str) -> ReviewItem:
    """The post's open review item, locked; created when there is none."""
    item = (
        ReviewItem.objects.select_for_update()
        .filter(kind=info.kind, object_id=info.object_id, status=ReviewStatus.PENDING)
        .first()
    )
    if item is not None:
        return item
    try:
        with transaction.atomic():
            return ReviewItem.objects.create(
                kind=info.kind,
                object_id=info.object_id,
                content_author_id=info.author_id,
                reason=reason,
                title=info.title[:200],
                excerpt=info.text[:2000],
                url=info.url[:500],
            )
    except IntegrityError:
        # Another request opened it a moment ago: use theirs.
        return ReviewItem.objects.select_for_update().get(
            kind=info.kind, object_id=info.object_id, status=ReviewStatus.PENDING
        )


# --- Flags --------------------------------------------------------------------------------------


def check_flag_input(reason: str, message: str) -> None:
    errors: dict[str, list[str]] = {}
    if reason not in FlagReason.values:
        choices = ", ".join(FlagReason.values)
        errors["reason"] = [f"Choose why you flag the post: one of {choices}."]
    if "\x00" in message:
        errors["message"] = ["The message contains a NUL character (\\0); remove it."]
    elif len(message) > MESSAGE_MAX:
        errors["message"] = [
            f"Keep the message to {MESSAGE_MAX} characters (it has {len(message)})."
        ]
    if errors:
        raise ValidationFailed(errors)


def _check_flag_rate(flagger: User, kind: str, object_id: int) -> None:
    """Refuse a flood of flags from one person, and record that it happened."""
    hour_ago = timezone.now() - timedelta(hours=1)
    recent = Flag.objects.filter(flagger=flagger, created_at__gte=hour_ago).count()
    if recent >= rules.flags_per_hour():
        with transaction.atomic():
            audit(
                actor=flagger,
                action="flag.rate_limited",
                kind=kind,
                object_id=object_id,
                target_user_id=flagger.pk,
                flags_last_hour=recent,
            )
        raise RateLimited(
            f"You have flagged {recent} posts in the last hour, the most allowed; moderators "
            "will look at those first. Try again later."
        )


def do_flag(*, flagger: User, kind: str, object_id: int, reason: str, message: str = "") -> Flag:
    """Flag a post for moderators; enough trusted flags hide it until a moderator decides."""
    check_can_flag(flagger)
    message = message.strip()
    check_flag_input(reason, message)
    handler = handler_for(kind)
    info = handler.describe([object_id]).get(object_id)
    if info is None or not handler.visible_to(flagger, object_id):
        raise NotFound(f"That {kind} does not exist or was deleted.")
    if info.author_id == flagger.pk:
        raise Forbidden("You can't flag your own post; edit or delete it instead.")
    if info.is_deleted:
        raise Conflict("This post is already deleted.")
    _check_flag_rate(flagger, kind, object_id)
    with transaction.atomic():
        item = _open_item(info, ReviewReason.FLAGGED)
        if Flag.objects.filter(
            review_item=item, flagger=flagger, status=FlagStatus.PENDING
        ).exists():
            raise Conflict("You have already flagged this post; a moderator will look at it.")
        weight = rules.flag_weight(flagger)
        flood = False
        if weight < 1:
            from_new = sum(1 for f in item.flags.filter(status=FlagStatus.PENDING) if f.weight < 1)
            if from_new >= rules.new_account_flags_per_post():
                # Many new accounts flagging one post looks like a brigade: record, don't count.
                weight, flood = 0.0, True
        flag = Flag.objects.create(
            kind=kind,
            object_id=object_id,
            review_item=item,
            flagger=flagger,
            reason=reason,
            message=message,
            weight=weight,
        )
        if item.reason == ReviewReason.AUTOMATIC:
            item.reason = ReviewReason.FLAGGED
        item.score = _score(item)
        item.save(update_fields=["score", "reason"])
        audit(
            actor=flagger,
            action="flag.raised",
            kind=kind,
            object_id=object_id,
            target_user_id=info.author_id,
            reason=message,
            flag_reason=reason,
            weight=weight,
        )
        if flood:
            audit(
                actor=flagger,
                action="flag.flood",
                kind=kind,
                object_id=object_id,
                target_user_id=info.author_id,
                reason="Too many flags from new accounts on one post; this one does not count.",
            )
        record_event(
            actor=flagger,
            verb="moderation.flagged",
            target=flag,
            payload={"kind": kind, "object_id": object_id, "reason": reason},
        )
        # The item is locked: of concurrent flags, only the one that crosses the line hides.
        if (
            item.score >= rules.auto_hide_weight()
            and not item.auto_hidden
            and info.visibility == "visible"
        ):
            _auto_hide(item, info)
    return flag


def _score(item: ReviewItem) -> float:
    total = item.flags.filter(status=FlagStatus.PENDING).aggregate(s=Sum("weight"))["s"]
    return float(total or 0.0)


def _auto_hide(item: ReviewItem, info: ContentInfo) -> None:
    handler_for(info.kind).set_visibility(actor=None, object_id=info.object_id, visibility="hidden")
    item.auto_hidden = True
    item.save(update_fields=["auto_hidden"])
    audit(
        actor=None,
        action="post.auto_hidden",
        kind=info.kind,
        object_id=info.object_id,
        target_user_id=info.author_id,
        reason=f"Flagged by members (weight {item.score:g}); hidden until a moderator reviews it.",
    )
    record_event(
        actor=None,
        verb="moderation.post_hidden",
        target=item,
        payload=_outcome(info, "hidden", "it was flagged by several members"),
    )


def _outcome(info: ContentInfo, outcome: str, why: str) -> dict[str, Any]:
    return {
        "kind": info.kind,
        "object_id": info.object_id,
        "author_id": info.author_id,
        "title": info.title,
        "url": info.url,
        "outcome": outcome,
        "why": why,
    }


# Posts whose confirmed spam costs their author reputation (comments carry no reputation).
SPAM_PENALTY_KINDS = ("question", "answer")


def _spam_verdict(moderator: User, info: ContentInfo, target: Any, *, confirmed: bool) -> None:
    """A moderator agreed that the post is spam (or showed a post once confirmed as spam again):
    reputation moves the author's spam penalty to match (`reputation.consumers.apply_spam`)."""
    if info.kind not in SPAM_PENALTY_KINDS:
        return
    record_event(
        actor=moderator,
        verb="post.spam_confirmed" if confirmed else "post.spam_unconfirmed",
        target=target,
        payload={
            "author_id": info.author_id,
            "post_type": info.kind,
            "post_id": info.object_id,
            "question_id": info.question_id,
        },
    )


def _was_confirmed_spam(kind: str, object_id: int) -> bool:
    return Flag.objects.filter(
        kind=kind, object_id=object_id, reason=FlagReason.SPAM, status=FlagStatus.AGREED
    ).exists()


def record_post_undeleted(*, actor: User, kind: str, object_id: int) -> None:
    """A moderator undeleted a post with the content app's own undelete (called in its
    transaction). A post once confirmed as spam that is visible again has been shown again, so
    the verdict is reversed exactly as `do_set_post_visibility` and a disagreeing review do
    (`post.spam_unconfirmed`; reputation refunds the penalty once). A post still hidden keeps
    it: showing it is moderation's decision."""
    if kind not in SPAM_PENALTY_KINDS or not _was_confirmed_spam(kind, object_id):
        return
    info = handler_for(kind).describe([object_id]).get(object_id)
    if info is None or info.is_deleted or info.visibility != "visible":
        return
    # The target is the review that confirmed it, as when a moderator disagrees later.
    item = (
        ReviewItem.objects.filter(
            kind=kind, object_id=object_id, flags__reason=FlagReason.SPAM,
            flags__status=FlagStatus.AGREED,
        )
        .order_by("-pk")
        .first()
    )  # fmt: skip
    _spam_verdict(actor, info, item, confirmed=False)


def raise_system_flag(*, info: ContentInfo, reason: str, note: str) -> Flag:
    """A flag raised by the spam rules or a watched word (in the caller's transaction)."""
    item = _open_item(info, ReviewReason.AUTOMATIC)
    flag = Flag.objects.create(
        kind=info.kind,
        object_id=info.object_id,
        review_item=item,
        flagger=None,
        reason=reason,
        system_note=note[:300],
        weight=0.0,
    )
    audit(
        actor=None,
        action="flag.automatic",
        kind=info.kind,
        object_id=info.object_id,
        target_user_id=info.author_id,
        reason=note,
        flag_reason=reason,
    )
    return flag


def hold_for_approval(*, info: ContentInfo, note: str) -> ReviewItem:
    """Put a just-created pending post into the queue (in the caller's transaction)."""
    item = _open_item(info, ReviewReason.APPROVAL)
    if item.reason != ReviewReason.APPROVAL:
        item.reason = ReviewReason.APPROVAL
        item.save(update_fields=["reason"])
    audit(
        actor=None,
        action="post.held_for_approval",
        kind=info.kind,
        object_id=info.object_id,
        target_user_id=info.author_id,
        reason=note,
    )
    return item


# --- Reviewing ----------------------------------------------------------------------------------


class Decision:
    APPROVE = "approve"
    REJECT = "reject"
    AGREE_HIDE = "agree_hide"
    AGREE_DELETE = "agree_delete"
    DISAGREE = "disagree"
    IGNORE = "ignore"


DECISIONS = {
    Decision.APPROVE: "Approve the post",
    Decision.REJECT: "Reject (delete) the post",
    Decision.AGREE_HIDE: "Agree, keep the post hidden",
    Decision.AGREE_DELETE: "Agree, delete the post",
    Decision.DISAGREE: "Disagree, show the post",
    Decision.IGNORE: "Close without action",
}


@dataclass(frozen=True)
class Resolved:
    item: ReviewItem
    info: ContentInfo


def decisions_for(item: ReviewItem) -> list[str]:
    if item.reason == ReviewReason.APPROVAL:
        return [Decision.APPROVE, Decision.REJECT]
    return [Decision.AGREE_HIDE, Decision.AGREE_DELETE, Decision.DISAGREE, Decision.IGNORE]


@transaction.atomic
def do_resolve(*, moderator: User, item: ReviewItem, decision: str, note: str = "") -> Resolved:
    """A moderator's decision on a queued post: approve or reject a held post; agree with the
    flags (hide or delete) or disagree (show it again), or close without action."""
    require_moderator(moderator)
    item = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ReviewStatus.PENDING:
        raise Conflict("Someone has already reviewed this; reload the queue.")
    if decision not in decisions_for(item):
        allowed = ", ".join(decisions_for(item))
        raise ValidationFailed({"decision": [f"Choose one of: {allowed}."]})
    info = handler_for(item.kind).describe([item.object_id]).get(item.object_id)
    if info is None:
        raise NotFound("The post under review no longer exists.")
    handler = handler_for(item.kind)
    flag_status = {
        Decision.AGREE_HIDE: FlagStatus.AGREED,
        Decision.AGREE_DELETE: FlagStatus.AGREED,
        Decision.DISAGREE: FlagStatus.DISAGREED,
    }.get(decision, FlagStatus.IGNORED)
    if decision in (Decision.APPROVE, Decision.DISAGREE) and info.visibility != "visible":
        handler.set_visibility(actor=moderator, object_id=item.object_id, visibility="visible")
    elif decision == Decision.AGREE_HIDE and info.visibility == "visible":
        handler.set_visibility(actor=moderator, object_id=item.object_id, visibility="hidden")
    elif decision in (Decision.REJECT, Decision.AGREE_DELETE) and not info.is_deleted:
        handler.delete(actor=moderator, object_id=item.object_id)
    flaggers = sorted(
        {
            pk
            for pk in item.flags.filter(status=FlagStatus.PENDING).values_list(
                "flagger_id", flat=True
            )
            if pk
        }
    )
    spam_flagged = item.flags.filter(status=FlagStatus.PENDING, reason=FlagReason.SPAM).exists()
    was_spam = decision == Decision.DISAGREE and _was_confirmed_spam(item.kind, item.object_id)
    item.flags.filter(status=FlagStatus.PENDING).update(status=flag_status)
    item.status, item.resolution = ReviewStatus.RESOLVED, decision
    item.resolved_at, item.resolved_by = timezone.now(), moderator
    item.save(update_fields=["status", "resolution", "resolved_at", "resolved_by"])
    audit(
        actor=moderator,
        action=f"review.{decision}",
        kind=item.kind,
        object_id=item.object_id,
        target_user_id=info.author_id,
        reason=note,
        review_item_id=item.pk,
    )
    outcomes = {
        Decision.APPROVE: ("approved", "a moderator approved it"),
        Decision.REJECT: ("rejected", "a moderator did not approve it"),
        Decision.AGREE_HIDE: ("hidden", "a moderator agreed with the flags"),
        Decision.AGREE_DELETE: ("deleted", "a moderator agreed with the flags"),
        Decision.DISAGREE: ("restored", "a moderator reviewed the flags and restored it"),
    }
    if decision in outcomes:
        outcome, why = outcomes[decision]
        record_event(
            actor=moderator,
            verb="moderation.reviewed",
            target=item,
            payload={
                **_outcome(info, outcome, note or why),
                "decision": decision,
                "flagger_ids": flaggers,
            },
        )
    # Rejecting a held post says nothing about why, so only agreeing with a flag confirms spam.
    if spam_flagged and decision in (Decision.AGREE_HIDE, Decision.AGREE_DELETE):
        _spam_verdict(moderator, info, item, confirmed=True)
    elif was_spam:
        _spam_verdict(moderator, info, item, confirmed=False)
    return Resolved(item=item, info=info)


# --- Direct actions on posts --------------------------------------------------------------------


@transaction.atomic
def do_set_post_visibility(
    *, moderator: User, kind: str, object_id: int, visibility: str, reason: str = ""
) -> ContentInfo:
    """Hide a post (or show a hidden or pending one) straight away, without a flag."""
    require_moderator(moderator)
    if visibility not in ("visible", "hidden"):
        raise ValidationFailed({"action": ["Choose hide or unhide."]})
    info = describe_one(kind, object_id)
    if info.is_deleted:
        raise Conflict("This post is deleted; undelete it first.")
    if info.visibility == visibility:
        state = "visible" if visibility == "visible" else "hidden"
        raise Conflict(f"This post is already {state}.")
    handler_for(kind).set_visibility(actor=moderator, object_id=object_id, visibility=visibility)
    # An open review of the post is settled by this decision.
    item = ReviewItem.objects.filter(kind=kind, object_id=object_id, status=ReviewStatus.PENDING)
    decision = Decision.AGREE_HIDE if visibility == "hidden" else Decision.DISAGREE
    if info.visibility == "pending":
        decision = Decision.APPROVE
    flag_status = FlagStatus.AGREED if visibility == "hidden" else FlagStatus.DISAGREED
    pending_spam = Flag.objects.filter(
        kind=kind, object_id=object_id, reason=FlagReason.SPAM, status=FlagStatus.PENDING
    ).exists()
    was_spam = visibility == "visible" and _was_confirmed_spam(kind, object_id)
    for open_item in item:
        open_item.flags.filter(status=FlagStatus.PENDING).update(status=flag_status)
    item.update(
        status=ReviewStatus.RESOLVED,
        resolution=decision,
        resolved_at=timezone.now(),
        resolved_by=moderator,
    )
    action = "post.hidden" if visibility == "hidden" else "post.unhidden"
    entry = audit(
        actor=moderator,
        action=action,
        kind=kind,
        object_id=object_id,
        target_user_id=info.author_id,
        reason=reason,
    )
    outcome = "hidden" if visibility == "hidden" else "restored"
    if info.visibility == "pending" and visibility == "visible":
        outcome = "approved"
    record_event(
        actor=moderator,
        verb="moderation.post_" + ("hidden" if visibility == "hidden" else "restored"),
        target=entry,
        payload=_outcome(info, outcome, reason or "a moderator decided so"),
    )
    if visibility == "hidden" and pending_spam:
        _spam_verdict(moderator, info, entry, confirmed=True)
    elif was_spam:
        _spam_verdict(moderator, info, entry, confirmed=False)
    return info


@transaction.atomic
def do_set_locked(
    *, moderator: User, kind: str, object_id: int, locked: bool, reason: str = ""
) -> ContentInfo:
    require_moderator(moderator)
    info = describe_one(kind, object_id)
    if not info.can_lock:
        raise Conflict(f"A {kind} can't be locked; lock its question instead.")
    if info.is_locked == locked:
        raise Conflict("This thread is already " + ("locked." if locked else "unlocked."))
    handler_for(kind).set_locked(actor=moderator, object_id=object_id, locked=locked)
    audit(
        actor=moderator,
        action="post.locked" if locked else "post.unlocked",
        kind=kind,
        object_id=object_id,
        target_user_id=info.author_id,
        reason=reason,
    )
    return info


# --- Sanctions ----------------------------------------------------------------------------------


def check_sanction(*, kind: str, reason: str, days: int | None) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in SanctionKind.values:
        errors["kind"] = ["Choose warning, silence, suspension or ban."]
    reason = reason.strip()
    if "\x00" in reason:
        errors["reason"] = ["The reason contains a NUL character (\\0); remove it."]
    elif len(reason) < REASON_MIN:
        errors["reason"] = ["Say why, in a sentence the person will read (3 characters or more)."]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [f"Keep the reason to {REASON_MAX:,} characters."]
    timed = kind in (SanctionKind.SILENCE, SanctionKind.SUSPENSION)
    if timed and (days is None or not 1 <= days <= MAX_SANCTION_DAYS):
        errors["days"] = [f"Give a duration from 1 to {MAX_SANCTION_DAYS} days."]
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def do_sanction(
    *, moderator: User, user: User, kind: str, reason: str, days: int | None = None
) -> Sanction:
    """Warn, silence, suspend (for `days`) or ban a person; they are told why and until when."""
    require_moderator(moderator)
    check_sanction(kind=kind, reason=reason, days=days)
    if user.pk == moderator.pk:
        raise Forbidden("You can't sanction yourself.")
    if user.is_staff_member and not moderator.is_superuser and moderator.role != "admin":
        raise Forbidden("Only an admin can sanction a member of staff.")
    now = timezone.now()
    ends_at = None
    if kind in (SanctionKind.SILENCE, SanctionKind.SUSPENSION) and days is not None:
        ends_at = now + timedelta(days=days)
    sanction = Sanction.objects.create(
        user=user,
        kind=kind,
        reason=reason.strip(),
        starts_at=now,
        ends_at=ends_at,
        created_by=moderator,
    )
    audit(
        actor=moderator,
        action=f"user.{kind}",
        target_user_id=user.pk,
        reason=sanction.reason,
        days=days,
        ends_at=ends_at.isoformat() if ends_at else None,
    )
    record_event(
        actor=moderator,
        verb="moderation.user_sanctioned",
        target=sanction,
        payload={
            "user_id": user.pk,
            "kind": kind,
            "reason": sanction.reason,
            "ends_at": ends_at.isoformat() if ends_at else None,
        },
    )
    return sanction


@transaction.atomic
def do_lift_sanction(*, moderator: User, sanction: Sanction, reason: str = "") -> Sanction:
    require_moderator(moderator)
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    now = timezone.now()
    if sanction.lifted_at is not None or (sanction.ends_at and sanction.ends_at <= now):
        raise Conflict("This sanction is already over.")
    if sanction.kind == SanctionKind.WARNING:
        raise Conflict("A warning can't be lifted; it stays on the record.")
    sanction.lifted_at, sanction.lifted_by = now, moderator
    sanction.save(update_fields=["lifted_at", "lifted_by"])
    audit(
        actor=moderator,
        action=f"user.{sanction.kind}_lifted",
        target_user_id=sanction.user_id,
        reason=reason,
        sanction_id=sanction.pk,
    )
    record_event(
        actor=moderator,
        verb="moderation.sanction_lifted",
        target=sanction,
        payload={"user_id": sanction.user_id, "kind": sanction.kind},
    )
    return sanction


def access_sanction(moderator: User, sanction_id: int) -> Sanction:
    require_moderator(moderator)
    found = Sanction.objects.filter(pk=sanction_id).select_related("user").first()
    if found is None:
        raise NotFound(f"Sanction {sanction_id} does not exist.")
    return found


# --- Watched words ------------------------------------------------------------------------------


def check_watched_word(word: str, action: str) -> str:
    cleaned = " ".join(word.lower().split())
    errors: dict[str, list[str]] = {}
    if "\x00" in cleaned or not cleaned.replace("*", "").strip():
        errors["word"] = ["Enter a word or phrase (letters, with * for any ending)."]
    elif len(cleaned) > 100:
        errors["word"] = ["Keep a watched word to 100 characters."]
    if action not in WatchedAction.values:
        errors["action"] = ["Choose block, approve (require approval) or flag."]
    if errors:
        raise ValidationFailed(errors)
    return cleaned


@transaction.atomic
def do_add_watched_word(*, moderator: User, word: str, action: str) -> WatchedWord:
    require_moderator(moderator)
    cleaned = check_watched_word(word, action)
    if WatchedWord.objects.filter(word=cleaned).exists():
        raise Conflict(f"“{cleaned}” is already watched; remove it first to change its action.")
    watched = WatchedWord.objects.create(word=cleaned, action=action, created_by=moderator)
    audit(actor=moderator, action="watched_word.added", reason=cleaned, word_action=action)
    record_event(
        actor=moderator,
        verb="moderation.watched_word_added",
        target=watched,
        payload={"word": cleaned, "action": action},
    )
    return watched


@transaction.atomic
def do_remove_watched_word(*, moderator: User, word_id: int) -> None:
    require_moderator(moderator)
    watched = WatchedWord.objects.filter(pk=word_id).first()
    if watched is None:
        raise NotFound("That watched word does not exist.")
    audit(actor=moderator, action="watched_word.removed", reason=watched.word)
    record_event(
        actor=moderator,
        verb="moderation.watched_word_removed",
        target=watched,
        payload={"word": watched.word, "action": watched.action},
    )
    watched.delete()
