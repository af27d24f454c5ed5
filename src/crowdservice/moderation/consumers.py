"""Event consumers of moderation: the people concerned hear about its decisions."""

from __future__ import annotations

from django.urls import reverse

from crowdservice.core.models import Event
from crowdservice.moderation.models import SanctionKind
from crowdservice.notifications.actions import do_notify

OUTCOME_VERBS = (
    "moderation.post_hidden",
    "moderation.post_restored",
    "moderation.reviewed",
    "moderation.user_sanctioned",
    "moderation.sanction_lifted",
)
KIND = "moderation"
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
