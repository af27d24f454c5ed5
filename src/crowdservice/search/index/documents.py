"""What providers hand the index, and who may find what."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crowdservice.accounts.models import User
from crowdservice.search.models import Audience
from crowdservice.search.types import AnyUser


@dataclass(frozen=True)
class IndexDocument:
    """One searchable object as its provider describes it (plain text, no markup)."""

    kind: str
    object_id: int
    title: str
    body: str
    url: str
    audience: Audience
    created_at: datetime
    updated_at: datetime
    space_id: int | None = None
    parent_id: int | None = None
    votes: int = 0
    accepted: bool = False
    endorsed: bool = False
    tier: str = ""
    badges: tuple[str, ...] = ()
    answers: tuple[str, ...] = field(default=())  # a question's best answers, best first
    # Whether the main vector is of title and body (a question, an article) or of the body
    # alone (an answer, whose title is its question's: its vector is then shared with the
    # question document's copy of it and with the answer ranker's).
    title_in_vector: bool = True


def audiences_for(user: AnyUser) -> tuple[int, ...]:
    """The audiences whose documents `user` may find."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return (Audience.PUBLIC,)
    allowed = [Audience.PUBLIC, Audience.MEMBERS]
    if user.is_staff_member:
        allowed.append(Audience.STAFF)
    if user.can_moderate:
        allowed.append(Audience.MODERATORS)
    return tuple(int(a) for a in allowed)
