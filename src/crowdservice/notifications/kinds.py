"""Kinds of notification: apps register theirs at start-up (community: activity, answers to your
questions, mentions, followed tags; moderation: outcomes; reputation: badges; trends: hot topics),
and people choose per kind whether to hear of them in the app and by email.

A kind may have an audience (trends' hot topics: staff only): nobody outside it sees the kind
among their settings, may set it, or is notified of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # apps register kinds while Django loads; no model import at that moment
    from crowdservice.accounts.models import User

Audience = Callable[["User"], bool]

DEFAULT_KIND = "activity"


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str
    description: str
    # Its own email template ("app/email/name", .txt and .html), given the event; else the
    # generic one with the notification's title and link.
    email_template: str = ""
    # Who may receive it; None is everyone.
    audience: Audience | None = None

    def is_for(self, user: User) -> bool:
        return self.audience is None or self.audience(user)


_kinds: dict[str, NotificationKind] = {
    DEFAULT_KIND: NotificationKind(
        DEFAULT_KIND, "Followed questions", "New answers and comments on questions you follow"
    )
}


def register_kind(
    key: str,
    label: str,
    description: str,
    *,
    email_template: str = "",
    audience: Audience | None = None,
) -> None:
    _kinds[key] = NotificationKind(key, label, description, email_template, audience)


def all_kinds() -> list[NotificationKind]:
    return list(_kinds.values())


def kinds_for(user: User) -> list[NotificationKind]:
    """The kinds `user` can receive, so the only ones their settings show and accept."""
    return [k for k in _kinds.values() if k.is_for(user)]


def audience_of(key: str) -> Audience | None:
    found = _kinds.get(key)
    return found.audience if found else None


def kind_label(key: str) -> str:
    found = _kinds.get(key)
    return found.label if found else key


def email_template_of(key: str) -> str:
    found = _kinds.get(key)
    return found.email_template if found else ""


def is_kind(key: str) -> bool:
    return key in _kinds


def is_kind_for(key: str, user: User) -> bool:
    found = _kinds.get(key)
    return found is not None and found.is_for(user)
