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
