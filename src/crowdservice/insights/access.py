"""Who may see the insights dashboards: the company's staff (agents, moderators, editors,
admins). Customers never see them: they describe other people's cases and activity."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.models import User
from crowdservice.core.errors import Forbidden, NotAuthenticated


def can_view_insights(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_staff_member


def require_insights_viewer(user: User | AnonymousUser) -> User:
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAuthenticated("Sign in to see the insights dashboards.")
    if not can_view_insights(user):
        raise Forbidden("The insights dashboards are for the support and community team.")
    return user
