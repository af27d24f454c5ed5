"""Read models for the case pages and the API: queues, a case with its conversation and
timeline, the requester's context, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from crowdservice.accounts.models import User
from crowdservice.cases.access import (
    AGENT_ROLES,
    CUSTOMER_TIMELINE_VERBS,
    AnyUser,
    is_agent,
    visible_cases,
    visible_messages,
)
from crowdservice.cases.models import (
    UNRESOLVED_STATUSES,
    Attachment,
    Case,
    CaseMessage,
    CommunityLink,
    Macro,
    Queue,
    SlaState,
    Status,
)
from crowdservice.community.models import Question
from crowdservice.core.events import object_type_of
from crowdservice.core.models import Event

QUEUE_VIEWS = {
    "unassigned": "Unassigned",
    "mine": "Mine",
    "open": "All open",
    "breaching": "Breaching SLA",
    "solved": "Solved and closed",
}
SORTS = {
    "updated": ("-updated_at", "-id"),
    "created": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "priority": ("-priority_rank", "-updated_at", "-id"),
    "due": ("resolution_due", "id"),
}


@dataclass(frozen=True)
class QueueFilters:
    view: str = "open"
    status: str = ""
    priority: str = ""
    queue: str = ""
    q: str = ""
    sort: str = "updated"


def queue_cases(user: User, filters: QueueFilters) -> QuerySet[Case]:
    """An agent's queue view: filtered, sorted, with what the rows show joined in."""
    from django.db.models import Case as When_
    from django.db.models import IntegerField, Value, When

    cases = Case.objects.select_related("requester", "assignee", "queue")
    view = filters.view if filters.view in QUEUE_VIEWS else "open"
    if view == "unassigned":
        cases = cases.filter(assignee__isnull=True, status__in=UNRESOLVED_STATUSES)
    elif view == "mine":
        cases = cases.filter(assignee=user, status__in=UNRESOLVED_STATUSES)
    elif view == "breaching":
        cases = cases.filter(
            status__in=UNRESOLVED_STATUSES, sla_state__in=[SlaState.WARNING, SlaState.BREACHED]
        )
    elif view == "solved":
        cases = cases.filter(status__in=[Status.SOLVED, Status.CLOSED])
    else:
        cases = cases.filter(status__in=UNRESOLVED_STATUSES)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.priority:
        cases = cases.filter(priority=filters.priority)
    if filters.queue:
        cases = cases.filter(queue__slug=filters.queue)
    if text := filters.q.strip().lstrip("#"):
        condition = Q(subject__icontains=text) | Q(requester__username__iexact=text)
        if text.isdigit() and len(text) < 15:
            condition |= Q(pk=int(text))
        cases = cases.filter(condition)
    order = SORTS.get(filters.sort, SORTS["updated"])
    if filters.sort == "priority":
        cases = cases.annotate(
            priority_rank=When_(
                When(priority="urgent", then=Value(3)),
                When(priority="high", then=Value(2)),
                When(priority="normal", then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    return cases.order_by(*order)


def my_cases(user: User) -> QuerySet[Case]:
    return (
        Case.objects.filter(requester=user)
        .select_related("assignee")
        .order_by("-updated_at", "-id")
    )


def timeline(user: AnyUser, case: Case) -> list[Event]:
    events = Event.objects.filter(
        object_type=object_type_of(case), object_id=case.pk
    ).select_related("actor")
    if not is_agent(user):
        events = events.filter(verb__in=CUSTOMER_TIMELINE_VERBS)
    return list(events.order_by("id")[:500])


@dataclass
class CasePage:
    case: Case
    messages: list[CaseMessage]
    timeline: list[Event]
    links: list[CommunityLink]
    agent: bool
    other_cases: list[Case] = field(default_factory=list)
    requester_questions: list[Question] = field(default_factory=list)
    macros: list[Macro] = field(default_factory=list)
    agents: list[User] = field(default_factory=list)
    queues: list[Queue] = field(default_factory=list)


def case_page(user: AnyUser, case: Case) -> CasePage:
    agent = is_agent(user)
    messages = list(
        visible_messages(user, case)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
    )
    links = list(CommunityLink.objects.filter(case=case).select_related("question", "answer"))
    page = CasePage(
        case=case, messages=messages, timeline=timeline(user, case), links=links, agent=agent
    )
    if agent:
        page.other_cases = list(
            Case.objects.filter(requester_id=case.requester_id)
            .exclude(pk=case.pk)
            .order_by("-updated_at")[:5]
        )
        page.requester_questions = list(
            Question.objects.filter(author_id=case.requester_id, deleted_at__isnull=True).order_by(
                "-created_at"
            )[:5]
        )
        page.macros = list(Macro.objects.all())
        page.agents = list(
            User.objects.filter(role__in=AGENT_ROLES, is_active=True).order_by("username")
        )
        page.queues = list(Queue.objects.all())
    return page


def hot_unanswered(limit: int = 5) -> list[Question]:
    """Open community questions nobody has answered, most active first."""
    return list(
        Question.objects.filter(
            deleted_at__isnull=True, answer_count=0, duplicate_of__isnull=True
        ).order_by("-score", "-last_activity_at")[:limit]
    )


def customers_questions(agent: User, limit: int = 5) -> list[Question]:
    """Recent community questions by the requesters of the agent's open cases."""
    requesters = Case.objects.filter(assignee=agent, status__in=UNRESOLVED_STATUSES).values(
        "requester_id"
    )
    return list(
        Question.objects.filter(author_id__in=requesters, deleted_at__isnull=True)
        .select_related("author")
        .order_by("-created_at")[:limit]
    )


def case_summary(case: Case) -> dict[str, Any]:
    return {"id": case.pk, "subject": case.subject, "status": case.status}


__all__ = ["visible_cases"]
