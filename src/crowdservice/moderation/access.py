"""Who may moderate, flag and post, and the sanctions in force on a person.

`check_can_flag` is the one place that decides who may flag: anyone signed in who is not
silenced or suspended and has the reputation privilege "flag" (staff bypass it, as reputation
decides).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import Forbidden, NotAuthenticated, NotFound
from crowdservice.moderation.models import ReviewItem, Sanction, SanctionKind
from crowdservice.reputation.privileges import check_privilege

AnyUser = User | AnonymousUser
# Kinds that keep a person from signing in at all (Discourse: suspended users are logged out).
LOCKED_OUT = (SanctionKind.SUSPENSION, SanctionKind.BAN)
# Kinds that keep a person from posting.
MUTED = (SanctionKind.SILENCE, SanctionKind.SUSPENSION, SanctionKind.BAN)


def is_moderator(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.can_moderate


def require_moderator(user: AnyUser) -> User:
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAuthenticated("Sign in as a moderator to do that.")
    if not user.can_moderate:
        raise Forbidden("Only moderators can do that.")
    return user


def active_sanctions(now: datetime | None = None) -> QuerySet[Sanction]:
    """Sanctions in force now: not lifted, and either permanent or not yet over."""
    now = now or timezone.now()
    return Sanction.objects.filter(lifted_at__isnull=True, starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )


def current_sanction(user: User, kinds: tuple[str, ...]) -> Sanction | None:
    """The sanction of these kinds in force on `user` that ends last (a ban before all)."""
    rows = list(active_sanctions().filter(user=user, kind__in=kinds))
    if not rows:
        return None
    return max(rows, key=lambda s: (s.ends_at is None, s.ends_at or s.starts_at))


def describe_sanction(sanction: Sanction) -> str:
    """The sentence the person is shown: what, until when, and why."""
    when = timezone.localtime(sanction.ends_at) if sanction.ends_at else None
    until = f" until {when:%d %B %Y, %H:%M} {when.tzname()}" if when else ""
    if sanction.kind == SanctionKind.BAN:
        what = "Your account is banned"
    elif sanction.kind == SanctionKind.SUSPENSION:
        what = f"Your account is suspended{until}"
    else:
        what = f"Your account is silenced{until}: you can read but not post"
    return f"{what}. Reason: {sanction.reason}"


def login_refusal(user: User) -> str | None:
    """A login gate (registered with accounts): suspended and banned people may not sign in."""
    sanction = current_sanction(user, LOCKED_OUT)
    return describe_sanction(sanction) if sanction else None


def check_can_post(user: User) -> None:
    """Refuse posts and edits by silenced, suspended or banned people, saying why and how long."""
    if user.can_moderate:
        return
    sanction = current_sanction(user, MUTED)
    if sanction is not None:
        raise Forbidden(describe_sanction(sanction))


def check_can_flag(user: AnyUser) -> User:
    """Who may flag: anyone signed in who may post and has earned the "flag" privilege."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAuthenticated("Sign in to flag a post.")
    if not user.is_active:
        raise Forbidden("This account is deactivated.")
    check_can_post(user)
    check_privilege(user, "flag")
    return user


def access_review_item(user: AnyUser, item_id: int) -> ReviewItem:
    require_moderator(user)
    item = ReviewItem.objects.filter(pk=item_id).select_related("content_author").first()
    if item is None:
        raise NotFound(f"Review item {item_id} does not exist.")
    return item


def access_user_by_name(user: AnyUser, username: str) -> User:
    require_moderator(user)
    found = User.objects.filter(username=username).first()
    if found is None:
        raise NotFound(f"There is nobody called {username!r}.")
    return found
