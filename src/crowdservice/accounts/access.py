"""Who is asking: the signed-in, active user every domain app's access checks start from."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.models import User
from crowdservice.core.errors import Forbidden, NotAuthenticated


def require_user(user: User | AnonymousUser, message: str = "Sign in to do that.") -> User:
    """The signed-in user; a 401 for an anonymous visitor, a 403 for a deactivated account."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAuthenticated(message)
    if not user.is_active:
        raise Forbidden("This account is deactivated.")
    return user


def is_staff(user: User | AnonymousUser) -> bool:
    """A signed-in member of staff (agent, moderator, editor, admin), never a customer."""
    return isinstance(user, User) and user.is_authenticated and user.is_staff_member


def require_staff(user: User | AnonymousUser, *, sign_in: str, forbidden: str) -> User:
    """The signed-in staff member: a 401 with `sign_in` for an anonymous visitor, a 403 with
    `forbidden` for a customer. Staff-only pages and endpoints say in their own words what they
    are."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAuthenticated(sign_in)
    if not user.is_staff_member:
        raise Forbidden(forbidden)
    return user
