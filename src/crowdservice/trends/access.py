"""Who may see hot topics: the support team. Examples from cases are for agents only."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.models import User
from crowdservice.cases.access import is_agent
from crowdservice.core.errors import Forbidden, NotAuthenticated
from crowdservice.trends.sources import AGENTS_ONLY, PUBLIC

AnyUser = User | AnonymousUser


def can_view_trends(user: AnyUser) -> bool:
    """Staff roles (agents, moderators, editors, admins); never customers or anonymous visitors."""
    return isinstance(user, User) and user.is_authenticated and user.is_staff_member


def require_trends_viewer(user: AnyUser) -> User:
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAuthenticated("Sign in to see hot topics.")
    if not can_view_trends(user):
        raise Forbidden("Hot topics are for the support team.")
    return user


def audiences_for(user: AnyUser) -> frozenset[str]:
    """Which examples the person may read: agents see cases too, other staff public posts only."""
    if not can_view_trends(user):
        return frozenset()
    return frozenset({PUBLIC, AGENTS_ONLY}) if is_agent(user) else frozenset({PUBLIC})
