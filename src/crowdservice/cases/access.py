"""Who may see and change cases. Every fetch in views, the API and mail goes through here.

Agents and admins work cases; everyone else (customers, and moderators or editors filing their
own) sees only the cases they requested, and never an internal note. Another person's case is
"not found", exactly like one that does not exist.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from crowdservice.accounts.access import require_user as require_signed_in
from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.cases.models import Case, CaseMessage, MessageKind
from crowdservice.core.errors import Forbidden, NotFound

AnyUser = User | AnonymousUser
AGENT_ROLES = frozenset({Role.AGENT, Role.ADMIN})

# Timeline entries a requester sees; everything else (notes, assignment, queue, priority, SLA,
# internal links) is for agents only.
CUSTOMER_TIMELINE_VERBS = frozenset(
    {
        "case.created",
        "case.replied",
        "case.status_changed",
        "case.reopened",
        "case.closed",
        "case.solved",
        "case.csat_rated",
        "case.merged",
    }
)


def require_user(user: AnyUser) -> User:
    return require_signed_in(user, "Sign in to see your cases.")


def is_agent(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.role in AGENT_ROLES


def require_agent(user: AnyUser) -> User:
    me = require_user(user)
    if me.role not in AGENT_ROLES:
        raise Forbidden("Only support agents can do that.")
    return me


def visible_cases(user: AnyUser) -> QuerySet[Case]:
    if not isinstance(user, User) or not user.is_authenticated:
        return Case.objects.none()
    if user.role in AGENT_ROLES:
        return Case.objects.all()
    return Case.objects.filter(requester=user)


def visible_messages(user: AnyUser, case: Case) -> QuerySet[CaseMessage]:
    messages = CaseMessage.objects.filter(case=case)
    return messages if is_agent(user) else messages.filter(kind=MessageKind.PUBLIC)


def access_case(user: AnyUser, case_id: int) -> Case:
    related = ("requester", "assignee", "queue", "space", "organization", "merged_into")
    found = visible_cases(user).select_related(*related).filter(pk=case_id).first()
    if found is None:
        raise NotFound(f"Case {case_id} does not exist, or it is not yours.")
    return found


def can_reply(user: AnyUser, case: Case) -> bool:
    return is_agent(user) or (isinstance(user, User) and case.requester_id == user.pk)
