"""Privileges unlocked by reputation: the ladder (settings) and the one question others ask.

`has_privilege(user, "downvote")` is the whole interface: the community (and later moderation)
ask it before letting someone vote, comment, edit, retag, close, flag or review. Staff roles
bypass the ladder. A person's total is read once per request and remembered on the user object.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.models import User
from crowdservice.core.errors import Forbidden

PrivilegeName = Literal[
    "comment", "upvote", "flag", "new_user_lifted", "downvote", "retag", "review", "edit", "close"
]

DESCRIPTIONS: dict[str, str] = {
    "comment": "comment on other people's posts",
    "upvote": "upvote",
    "flag": "flag posts for moderators",
    "new_user_lifted": "post without new-user waiting times",
    "downvote": "downvote",
    "retag": "change the tags of other people's questions",
    "review": "use the review queues",
    "edit": "edit other people's posts directly (below it, your edits are suggestions)",
    "close": "vote to close and reopen questions",
}

_CACHE_ATTR = "_reputation_total"
_suspended = threading.local()


@contextmanager
def ladder_suspended() -> Iterator[None]:
    """Bulk loads (the demo seed) replay a community's history in seconds, by people whose
    reputation is computed only at the end: no privilege checks or posting limits meanwhile,
    in this thread."""
    previous = getattr(_suspended, "on", False)
    _suspended.on = True
    try:
        yield
    finally:
        _suspended.on = previous


def is_suspended() -> bool:
    return bool(getattr(_suspended, "on", False))


def ladder() -> dict[str, int]:
    return dict(settings.CROWDSERVICE_PRIVILEGES)


def threshold(name: PrivilegeName) -> int:
    return ladder()[name]


def _standing(user: User) -> tuple[int, frozenset[int]]:
    """Total and champion spaces, read once per user object."""
    cached: tuple[int, frozenset[int]] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from crowdservice.reputation.models import UserReputation

        row = UserReputation.objects.filter(user_id=user.pk).values_list("total", "champion_spaces")
        total, spaces = row.first() or (0, [])
        cached = (int(total), frozenset(int(pk) for pk in spaces or []))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def reputation_of(user: User | AnonymousUser) -> int:
    """The person's reputation total (0 for nobody yet), read once per user object."""
    if not isinstance(user, User) or not user.is_authenticated:
        return 0
    return _standing(user)[0]


def champion_spaces(user: User | AnonymousUser) -> frozenset[int]:
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return frozenset()
    return _standing(user)[1]


def is_space_champion(user: User | AnonymousUser, space_id: int | None) -> bool:
    """A community champion of this space: admins grant it; champions moderate there (edit
    and delete posts, close and reopen questions). `moderation` may ask it too."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return False
    return space_id is not None and space_id in _standing(user)[1]


def forget_reputation(user: User) -> None:
    """Drop the remembered total (after the ledger changed for this user object)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


# Staff take part without earning it; the moderation steps (edit others' posts, close and
# reopen, review queues) stay with moderators and admins, whose role grants them anyway, so
# agents and editors earn those like everyone (the community's own rules said so before).
STAFF_BYPASS = frozenset({"comment", "upvote", "flag", "new_user_lifted", "downvote", "retag"})


def bypasses_ladder(user: User | AnonymousUser, name: str = "comment") -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return user.can_moderate or (user.is_staff_member and name in STAFF_BYPASS)


def has_privilege(user: User | AnonymousUser, name: PrivilegeName) -> bool:
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return False
    need = threshold(name)
    if need <= 0 or bypasses_ladder(user, name) or is_suspended():
        return True  # no query when the step is open to everyone
    return reputation_of(user) >= need


def check_privilege(user: User, name: PrivilegeName) -> None:
    """A 403 that says how much reputation the person needs, and how much they have."""
    if not has_privilege(user, name):
        need, have = threshold(name), reputation_of(user)
        raise Forbidden(
            f"You need {need} reputation to {DESCRIPTIONS[name]}; you have {have}. "
            "You earn it when others upvote your posts and when your answers are accepted.",
            code="privilege_required",
        )


def ladder_rows(user: User | AnonymousUser) -> list[dict[str, object]]:
    """The ladder in order, with whether `user` has each step (for the privileges page)."""
    have = reputation_of(user)
    rows = sorted(ladder().items(), key=lambda item: (item[1], item[0]))
    return [
        {"name": name, "threshold": need, "description": DESCRIPTIONS[name], "has": have >= need}
        for name, need in rows
    ]
