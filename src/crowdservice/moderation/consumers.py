"""Event consumers of moderation: the people concerned hear about its decisions."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from crowdservice.accounts.models import User
from crowdservice.core.models import Event
from crowdservice.moderation.models import AuditEntry, SanctionKind
from crowdservice.notifications.actions import do_notify

OUTCOME_VERBS = (
    "moderation.post_hidden",
    "moderation.post_restored",
    "moderation.reviewed",
    "moderation.user_sanctioned",
    "moderation.sanction_lifted",
)
KIND = "moderation"
FLAGGER_TITLES = {
    "agree_hide": "Thanks: moderators agreed with your flag on “{title}” and hid it.",
    "agree_delete": "Thanks: moderators agreed with your flag on “{title}” and deleted it.",
    "disagree": "Moderators reviewed your flag on “{title}” and left the post up.",
}
OUTCOME_TITLES = {
    "hidden": "Your {what} “{title}” is hidden: {why}.",
    "restored": "Your {what} “{title}” is visible again: {why}.",
    "approved": "Your {what} “{title}” is published: {why}.",
    "rejected": "Your {what} “{title}” was not published: {why}.",
    "deleted": "Your {what} “{title}” was deleted: {why}.",
}


def notify_outcome(event: Event) -> None:
    """Tell the author about a decision on their post, and a person about a sanction."""
    payload = event.payload
    standing = reverse("moderation:standing")
    if event.verb in ("moderation.user_sanctioned", "moderation.sanction_lifted"):
        kind = payload.get("kind", "")
        if event.verb == "moderation.sanction_lifted":
            title = f"Your account's {SanctionKind(kind).label.lower()} status was lifted early."
        elif kind == SanctionKind.WARNING:
            title = f"A moderator warned you: {payload.get('reason', '')}"
        else:
            until = (
                f" until {payload['ends_at'][:16].replace('T', ' ')} UTC"
                if payload.get("ends_at")
                else ""
            )
            label = SanctionKind(kind).label.lower()
            title = f"Your account is {label}{until}. Reason: {payload.get('reason', '')}"
        do_notify(
            event=event, recipient_ids=[int(payload["user_id"])], title=title, url=standing,
            kind=KIND,
        )  # fmt: skip
        return
    author_id = payload.get("author_id")
    template = OUTCOME_TITLES.get(str(payload.get("outcome")))
    if author_id is None or template is None:
        return
    title = template.format(
        what=payload.get("kind", "post"),
        title=str(payload.get("title", ""))[:120],
        why=payload.get("why", "a moderator decided so"),
    )
    url = str(payload.get("url") or standing)
    if payload.get("outcome") in ("deleted", "rejected"):
        url = standing
    do_notify(event=event, recipient_ids=[int(author_id)], title=title, url=url, kind=KIND)
    # Those who flagged hear whether moderators agreed (never who the others were).
    flaggers = [int(pk) for pk in payload.get("flagger_ids", []) if int(pk) != int(author_id)]
    verdict = FLAGGER_TITLES.get(str(payload.get("decision")))
    if flaggers and verdict:
        do_notify(
            event=event,
            recipient_ids=flaggers,
            title=verdict.format(title=str(payload.get("title", ""))[:120]),
            url=standing,
            kind=KIND,
        )


def audit_from_event(event: Event) -> None:
    """A moderator's write in a content app (delete, undelete, edit, close, reopen) enters the
    audit log, once per event (consumers may run twice). Authors acting on their own posts are
    not moderation and stay out of it."""
    from crowdservice.moderation.registry import handler_for

    actor = event.actor
    if not isinstance(actor, User) or not actor.can_moderate or event.object_id is None:
        return
    kind = event.verb.split(".")[0]
    info = handler_for(kind).describe([event.object_id]).get(event.object_id)
    if info is None or info.author_id == actor.pk:
        return
    with transaction.atomic():
        if AuditEntry.objects.filter(action=event.verb, details__event_id=event.pk).exists():
            return
        AuditEntry.objects.create(
            actor=actor,
            action=event.verb,
            kind=kind,
            object_id=event.object_id,
            target_user_id=info.author_id,
            details={
                "event_id": event.pk,
                **{k: v for k, v in event.payload.items() if k != "title"},
            },
        )
