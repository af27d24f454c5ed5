"""Who may see the insights dashboards: the company's staff (agents, moderators, editors,
admins). Customers never see them: they describe other people's cases and activity."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.access import is_staff, require_staff
from crowdservice.accounts.models import User


def can_view_insights(user: User | AnonymousUser) -> bool:
    return is_staff(user)


def require_insights_viewer(user: User | AnonymousUser) -> User:
    return require_staff(
        user,
        sign_in="Sign in to see the insights dashboards.",
        forbidden="The insights dashboards are for the support and community team.",
    )
