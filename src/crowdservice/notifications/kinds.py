"""Kinds of notification: apps register theirs at start-up (community: activity, answers to your
questions, mentions, followed tags; moderation: outcomes; reputation: badges), and people choose
per kind whether to hear of them in the app and by email."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_KIND = "activity"


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str
    description: str
    # Its own email template ("app/email/name", .txt and .html), given the event; else the
    # generic one with the notification's title and link.
    email_template: str = ""


_kinds: dict[str, NotificationKind] = {
    DEFAULT_KIND: NotificationKind(
        DEFAULT_KIND, "Followed questions", "New answers and comments on questions you follow"
    )
}


def register_kind(key: str, label: str, description: str, *, email_template: str = "") -> None:
    _kinds[key] = NotificationKind(key, label, description, email_template)


def all_kinds() -> list[NotificationKind]:
    return list(_kinds.values())


def kind_label(key: str) -> str:
    found = _kinds.get(key)
    return found.label if found else key


def email_template_of(key: str) -> str:
    found = _kinds.get(key)
    return found.email_template if found else ""


def is_kind(key: str) -> bool:
    return key in _kinds
