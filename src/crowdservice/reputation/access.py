"""Who may see and do what in reputation: admins adjust and award, moderators judge findings."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.access import require_user
from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.core.errors import Forbidden, NotFound
from crowdservice.reputation.models import AbuseFinding

AnyUser = User | AnonymousUser


def is_admin(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.role == Role.ADMIN


def can_review_findings(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.can_moderate


def require_admin(user: AnyUser) -> User:
    me = require_user(user)
    if not is_admin(me):
        raise Forbidden("Only admins can do that.")
    return me


def require_finding_reviewer(user: AnyUser) -> User:
    me = require_user(user)
    if not can_review_findings(me):
        # Findings name accounts suspected of fraud: nobody else learns they exist.
        raise NotFound("There is no such page.")
    return me


def access_finding(user: AnyUser, finding_id: int) -> AbuseFinding:
    require_finding_reviewer(user)
    finding = (
        AbuseFinding.objects.select_related("first_user", "second_user")
        .filter(pk=finding_id)
        .first()
    )
    if finding is None:
        raise NotFound(f"Finding {finding_id} does not exist.")
    return finding
