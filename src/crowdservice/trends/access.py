"""Who may see hot topics: the support team. Examples from cases are for agents only."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.access import is_staff, require_staff
from crowdservice.accounts.models import User
from crowdservice.cases.access import is_agent
from crowdservice.trends.sources import AGENTS_ONLY, PUBLIC

AnyUser = User | AnonymousUser


def can_view_trends(user: AnyUser) -> bool:
    """Staff roles (agents, moderators, editors, admins); never customers or anonymous visitors."""
    return is_staff(user)


def require_trends_viewer(user: AnyUser) -> User:
    return require_staff(
        user, sign_in="Sign in to see hot topics.", forbidden="Hot topics are for the support team."
    )


def audiences_for(user: AnyUser) -> frozenset[str]:
    """Which examples the person may read: agents see cases too, other staff public posts only."""
    if not can_view_trends(user):
        return frozenset()
    return frozenset({PUBLIC, AGENTS_ONLY}) if is_agent(user) else frozenset({PUBLIC})
