"""What content apps ask moderation before and after a post is written.

Before: `screen_post` (may this person post, do watched words block it, must it wait for
approval, do the spam rules want it reviewed) and `screen_edit`. After the post exists, in the
same transaction: `record_screening` opens the review item and the automatic flags.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import ValidationFailed
from crowdservice.moderation import rules
from crowdservice.moderation.access import check_can_post
from crowdservice.moderation.actions import hold_for_approval, raise_system_flag
from crowdservice.moderation.models import FlagReason, WatchedAction
from crowdservice.moderation.registry import describe_one, handlers
from crowdservice.moderation.watched import find_watched

VISIBLE, PENDING = "visible", "pending"
_bulk = threading.local()


@contextmanager
def screening_paused() -> Iterator[None]:
    """Bulk loads (the demo seed, benchmarks) write trusted content: no pre-moderation, watched
    words or spam rules in this thread (posting far faster than people would trip them)."""
    previous = getattr(_bulk, "paused", False)
    _bulk.paused = True
    try:
        yield
    finally:
        _bulk.paused = previous


@dataclass
class Screening:
    """The verdict on a new post: its initial visibility, and flags to raise once it exists."""

    visibility: str = VISIBLE
    approval_note: str = ""
    flags: list[tuple[str, str]] = field(default_factory=list)  # (reason, note)


def _check_blocked(text: str, field_name: str) -> list[str]:
    """Refuse text with a blocking watched word; return the other matches' actions."""
    matches = find_watched(text)
    blocked = [m.word for m in matches if m.action == WatchedAction.BLOCK]
    if blocked:
        words = ", ".join(f"“{w}”" for w in blocked)
        raise ValidationFailed(
            {field_name: [f"Your post contains {words}, which this community doesn't allow. "
                          "Remove it and try again."]}
        )  # fmt: skip
    return [f"{m.action}:{m.word}" for m in matches]


def screen_post(*, author: User, kind: str, text: str, field_name: str = "body") -> Screening:
    """Raises if the author may not post or the text is blocked; otherwise the verdict."""
    if getattr(_bulk, "paused", False):
        return Screening()
    check_can_post(author)
    matches = _check_blocked(text, field_name)
    screening = Screening()
    if author.is_staff_member:
        return screening
    approve_words = [m.split(":", 1)[1] for m in matches if m.startswith("approve:")]
    flag_words = [m.split(":", 1)[1] for m in matches if m.startswith("flag:")]
    if approve_words:
        screening.visibility = PENDING
        screening.approval_note = "Contains watched words: " + ", ".join(approve_words)
    elif (first := rules.approve_first_posts()) and _published_posts(author) < first:
        screening.visibility = PENDING
        screening.approval_note = f"One of the author's first {first} posts."
    if flag_words:
        screening.flags.append(
            (FlagReason.OFFENSIVE, "Contains watched words: " + ", ".join(flag_words))
        )
    screening.flags.extend((FlagReason.SPAM, note) for note in spam_signals(author, text))
    return screening


def screen_edit(*, editor: User, text: str, field_name: str = "body") -> None:
    """Edits: the editor must be allowed to post, and the new text must not be blocked."""
    if getattr(_bulk, "paused", False):
        return
    check_can_post(editor)
    _check_blocked(text, field_name)


def record_screening(*, kind: str, object_id: int, screening: Screening) -> None:
    """Once the post exists (same transaction): queue it for approval, raise its flags."""
    if screening.visibility == VISIBLE and not screening.flags:
        return
    info = describe_one(kind, object_id)
    if screening.visibility == PENDING:
        hold_for_approval(info=info, note=screening.approval_note)
    for reason, note in screening.flags:
        raise_system_flag(info=info, reason=reason, note=note)


def _published_posts(author: User) -> int:
    total = 0
    for handler in handlers():
        total += handler.published_count(author.pk)
        if total >= rules.approve_first_posts():
            break
    return total


def spam_signals(author: User, text: str) -> list[str]:
    """Why the spam rules want a moderator to look at this post (empty: nothing suspicious).

    Links from new accounts, the same text posted again and again, and posting faster than
    people write."""
    signals: list[str] = []
    links = rules.count_links(text)
    if links > rules.new_account_links() and rules.is_new_account(author):
        signals.append(f"A new account posted {links} link{'s' if links != 1 else ''}.")
    now = timezone.now()
    day_texts: list[str] = []
    for handler in handlers():
        day_texts += handler.recent_texts(author.pk, now - timedelta(days=1))
    same = rules.normalized(text)
    repeats = sum(1 for t in day_texts if rules.normalized(t) == same)
    if repeats >= rules.repeats_per_day():
        signals.append(f"The same text was posted {repeats + 1} times in a day.")
    ten_minutes = 0
    for handler in handlers():
        ten_minutes += len(handler.recent_texts(author.pk, now - timedelta(minutes=10)))
    if ten_minutes >= rules.posts_per_10_minutes():
        signals.append(f"{ten_minutes + 1} posts in ten minutes.")
    return signals
