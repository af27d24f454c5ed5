"""Content types that take part in moderation register a `ModeratedContent` here at start-up.

Moderation never imports the apps that own content: it flags, hides, approves and locks posts
only through these handlers (community registers questions, answers and comments).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from crowdservice.accounts.models import User
from crowdservice.core.errors import NotFound


@dataclass(frozen=True)
class ContentInfo:
    """What moderation needs to know about one post."""

    kind: str
    object_id: int
    author_id: int
    title: str
    text: str
    url: str
    visibility: str  # "visible", "pending" or "hidden"
    is_deleted: bool
    created_at_ts: float = 0.0
    can_lock: bool = False
    is_locked: bool = False
    is_closed: bool = False
    question_id: int | None = None  # the thread's question (reputation files penalties by it)


class ModeratedContent(Protocol):
    """A content type's side of moderation. Every write is the owning app's own action (which
    bumps its caches, records its events and checks its own invariants)."""

    kind: str
    label: str
    # The owning app's events that, done by a moderator, belong in the audit log.
    audited_verbs: tuple[str, ...]

    def describe(self, ids: Sequence[int]) -> dict[int, ContentInfo]:
        """The posts with these ids that exist (deleted ones included), in one or two queries."""
        ...

    def visible_to(self, user: User, object_id: int) -> bool:
        """Whether `user` may see the post at all (so nobody flags what they can't read)."""
        ...

    def set_visibility(self, *, actor: User | None, object_id: int, visibility: str) -> None:
        """Show, hide or hold the post for approval."""
        ...

    def delete(self, *, actor: User, object_id: int) -> None:
        """Delete the post (soft, as its app deletes; moderators can undelete)."""
        ...

    def set_locked(self, *, actor: User, object_id: int, locked: bool) -> None:
        """Lock or unlock the thread (only where `ContentInfo.can_lock`)."""
        ...

    def published_count(self, author_id: int) -> int:
        """How many of the author's posts of this kind are live and visible to everyone."""
        ...

    def recent_texts(self, author_id: int, since: datetime) -> list[str]:
        """The texts of the author's posts of this kind created since `since` (spam rules)."""
        ...


_handlers: dict[str, ModeratedContent] = {}


def register_content(handler: ModeratedContent) -> None:
    from crowdservice.core.events import register_consumer
    from crowdservice.moderation.consumers import audit_from_event

    _handlers[handler.kind] = handler
    register_consumer(handler.audited_verbs, audit_from_event)


def handler_for(kind: str) -> ModeratedContent:
    found = _handlers.get(kind)
    if found is None:
        raise NotFound(f"There is nothing called {kind!r} to moderate.")
    return found


def handlers() -> list[ModeratedContent]:
    return [_handlers[kind] for kind in sorted(_handlers)]


def kinds() -> list[str]:
    return sorted(_handlers)


def describe_one(kind: str, object_id: int) -> ContentInfo:
    info = handler_for(kind).describe([object_id]).get(object_id)
    if info is None:
        raise NotFound(f"That {kind} does not exist.")
    return info
