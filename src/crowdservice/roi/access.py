"""Who may use the ROI model and see which scenarios.

The calculator is for the company's staff (agents, moderators, editors, admins), the same people
who see the deflection report whose figures it starts from; customers never see it. A scenario
is private to its owner unless they share it, and then the others may read it but only its
owner changes or deletes it. Someone else's private scenario is "not found", like one that does
not exist.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from crowdservice.accounts.access import is_staff, require_staff
from crowdservice.accounts.models import User
from crowdservice.roi.models import Scenario

AnyUser = User | AnonymousUser


def can_use_roi(user: AnyUser) -> bool:
    return is_staff(user)


def require_roi_user(user: AnyUser) -> User:
    return require_staff(
        user,
        sign_in="Sign in to use the ROI model.",
        forbidden="The ROI model is for the support team.",
    )


def visible_scenarios(user: AnyUser) -> QuerySet[Scenario]:
    if not can_use_roi(user):
        return Scenario.objects.none()
    assert isinstance(user, User)
    return Scenario.objects.filter(Q(owner=user) | Q(shared=True))


def can_change(user: AnyUser, scenario: Scenario) -> bool:
    return isinstance(user, User) and scenario.owner_id == user.pk
