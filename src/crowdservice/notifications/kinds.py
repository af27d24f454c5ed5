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


_kinds: dict[str, NotificationKind] = {
    DEFAULT_KIND: NotificationKind(
        DEFAULT_KIND, "Followed questions", "New answers and comments on questions you follow"
    )
}


def register_kind(key: str, label: str, description: str) -> None:
    _kinds[key] = NotificationKind(key, label, description)


def all_kinds() -> list[NotificationKind]:
    return list(_kinds.values())


def kind_label(key: str) -> str:
    found = _kinds.get(key)
    return found.label if found else key


def is_kind(key: str) -> bool:
    return key in _kinds
