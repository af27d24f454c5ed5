"""Who may see deflection data: the report is for the company's support team only."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.access import is_staff, require_staff
from crowdservice.accounts.models import User


def can_view_report(user: User | AnonymousUser) -> bool:
    """Staff roles (agents, moderators, editors, admins); customers never see others' sessions."""
    return is_staff(user)


def require_report_viewer(user: User | AnonymousUser) -> User:
    return require_staff(
        user,
        sign_in="Sign in to see the deflection report.",
        forbidden="The deflection report is for the support team.",
    )
