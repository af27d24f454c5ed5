"""Who may see deflection data: the report is for the company's support team only."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.models import User
from crowdservice.core.errors import Forbidden, NotAuthenticated


def can_view_report(user: User | AnonymousUser) -> bool:
    """Staff roles (agents, moderators, editors, admins); customers never see others' sessions."""
    return isinstance(user, User) and user.is_authenticated and user.is_staff_member


def require_report_viewer(user: User | AnonymousUser) -> User:
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAuthenticated("Sign in to see the deflection report.")
    if not can_view_report(user):
        raise Forbidden("The deflection report is for the support team.")
    return user
