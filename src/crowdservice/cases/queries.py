"""Read models for the case pages and the API: queues, a case with its conversation and
timeline, the requester's context, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

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
    CaseWorkLog,
    CommunityLink,
    Macro,
    Queue,
    SlaState,
    Status,
)
from crowdservice.community.models import Question
from crowdservice.core.events import object_type_of
from crowdservice.core.models import Event
from crowdservice.knowledge.models import Article, Visibility
from crowdservice.knowledge.queries import search_articles

RESOLVED_STATUSES = (Status.SOLVED, Status.CLOSED)
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


def queue_cases(user: User, filters: QueueFilters, *, for_count: bool = False) -> QuerySet[Case]:
    """An agent's queue view: filtered, sorted, with what the rows show joined in.

    `for_count`: the same rows, filtered as the status index counts them fastest."""
    from django.db.models import Case as When_
    from django.db.models import IntegerField, Value, When

    # The rows show neither the description nor its HTML: never sort or carry them.
    cases = Case.objects.select_related("requester", "assignee", "queue").defer(
        "description", "description_html", "csat_comment"
    )
    view = filters.view if filters.view in QUEUE_VIEWS else "open"
    # "Not resolved" rather than "status in (the four open ones)": the same rows, but SQLite then
    # walks the updated_at index until a page is full instead of sorting every open case.
    unresolved = (
        Q(status__in=UNRESOLVED_STATUSES) if for_count else ~Q(status__in=RESOLVED_STATUSES)
    )
    if view == "unassigned":
        cases = cases.filter(unresolved, assignee__isnull=True)
    elif view == "mine":
        cases = cases.filter(unresolved, assignee=user)
    elif view == "breaching":
        cases = cases.filter(unresolved, sla_state__in=[SlaState.WARNING, SlaState.BREACHED])
    elif view == "solved":
        cases = cases.filter(status__in=RESOLVED_STATUSES)
    else:
        cases = cases.filter(unresolved)
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
    if for_count:
        return cases
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


# Work time is shown as a total on the case page, not as timeline entries (a beacon each time
# an agent leaves the page would bury the timeline).
HIDDEN_TIMELINE_VERBS = ("case.work_logged",)


def timeline(user: AnyUser, case: Case) -> list[Event]:
    events = (
        Event.objects.filter(object_type=object_type_of(case), object_id=case.pk)
        .exclude(verb__in=HIDDEN_TIMELINE_VERBS)
        .select_related("actor")
    )
    if not is_agent(user):
        events = events.filter(verb__in=CUSTOMER_TIMELINE_VERBS)
    return list(events.order_by("id")[:500])


@dataclass(frozen=True)
class AgentWork:
    name: str
    seconds: int


@dataclass(frozen=True)
class WorkTime:
    """The agents' recorded work time on a case: in all, and per agent (most first)."""

    seconds: int
    by_agent: list[AgentWork]


def work_time(case: Case) -> WorkTime:
    """For agents only (never put it in front of a customer); one query."""
    rows = (
        CaseWorkLog.objects.filter(case=case)
        .values("agent_id", "agent__username", "agent__display_name")
        .annotate(total=Sum("seconds"))
        .order_by("-total", "agent_id")
    )
    by_agent = [
        AgentWork(
            name=row["agent__display_name"] or row["agent__username"] or "A deleted account",
            seconds=int(row["total"]),
        )
        for row in rows
    ]
    return WorkTime(seconds=sum(a.seconds for a in by_agent), by_agent=by_agent)


def work_seconds_by_case(case_ids: list[int]) -> dict[int, int]:
    """Total recorded work seconds of each of these cases (absent: none); one query."""
    rows = (
        CaseWorkLog.objects.filter(case_id__in=case_ids)
        .values("case_id")
        .annotate(total=Sum("seconds"))
        .order_by()
    )
    return {row["case_id"]: int(row["total"]) for row in rows}


@dataclass(frozen=True)
class HandleTime:
    """Agents' recorded work on the cases solved since a date that have any recorded."""

    cases: int
    seconds: int

    @property
    def average_minutes(self) -> float | None:
        return self.seconds / self.cases / 60 if self.cases else None


def solved_work_logs(since: datetime, until: datetime | None = None) -> QuerySet[CaseWorkLog]:
    """The work that counts towards handle time: every record on the cases solved (or closed)
    in [`since`, `until`), by their current `solved_at`, merged duplicates left out. Only cases
    with recorded work time appear, since a case never opened on the case page (mail-only, or
    before time was recorded) has none and would pull the average down. The one definition of
    solved-case handle time: the ROI prefill and the insights roll-up both read it."""
    logs = CaseWorkLog.objects.filter(case__solved_at__gte=since, case__merged_into__isnull=True)
    if until is not None:
        logs = logs.filter(case__solved_at__lt=until)
    return logs


def solved_handle_time(since: datetime) -> HandleTime:
    """Handle time of the cases solved (or closed) since `since` (`solved_work_logs`)."""
    totals = solved_work_logs(since).aggregate(
        cases=Count("case_id", distinct=True), seconds=Sum("seconds")
    )
    return HandleTime(cases=totals["cases"] or 0, seconds=int(totals["seconds"] or 0))


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
    work: WorkTime | None = None  # agents only


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
        page.work = work_time(case)
    return page


HOT_TTL = 60


def hot_unanswered(limit: int = 5) -> list[Question]:
    """Open community questions nobody has answered, best voted and most active first; the
    same for every agent, so computed once a minute."""

    def compute() -> list[Question]:
        return list(
            Question.objects.filter(
                deleted_at__isnull=True, answer_count=0, duplicate_of__isnull=True
            )
            .only("id", "title", "created_at")
            .order_by("-score", "-last_activity_at")[:limit]
        )

    found = cache.get_or_set(f"cases:hot-unanswered:{limit}", compute, HOT_TTL)
    return list(found or [])


def customers_questions(agent: User, limit: int = 5) -> list[Question]:
    """Recent community questions by the requesters of the agent's open cases (per agent,
    computed at most once a minute)."""

    def compute() -> list[Question]:
        requesters = Case.objects.filter(assignee=agent, status__in=UNRESOLVED_STATUSES).values(
            "requester_id"
        )
        return list(
            Question.objects.filter(author_id__in=requesters, deleted_at__isnull=True)
            .select_related("author")
            .only("id", "title", "created_at", "author__username", "author__display_name")
            .order_by("-created_at")[:limit]
        )

    found = cache.get_or_set(f"cases:customer-questions:{agent.pk}:{limit}", compute, HOT_TTL)
    return list(found or [])


def case_summary(case: Case) -> dict[str, Any]:
    return {"id": case.pk, "subject": case.subject, "status": case.status}


__all__ = ["visible_cases"]


@dataclass(frozen=True)
class KnowledgeLink:
    """A help-center article an agent can link in a reply."""

    title: str
    url: str  # absolute: the reply also goes out by email
    snippet: str
    markdown: str
    agents_only: bool  # the customer could not open it


def _link_text(title: str) -> str:
    return title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def knowledge_links(agent: User, text: str, absolute: Callable[[str], str]) -> list[KnowledgeLink]:
    """Articles matching `text` for the reply box: the knowledge base's search (what `agent`
    may read, best first) and one query for who else may read them."""
    found = search_articles(agent, text)
    agents_only = set(
        Article.objects.filter(
            pk__in=[f.article_id for f in found], visibility=Visibility.AGENTS
        ).values_list("pk", flat=True)
    )
    links = []
    for hit in found:
        url = absolute(hit.url)
        links.append(
            KnowledgeLink(
                title=hit.title,
                url=url,
                snippet=hit.snippet,
                markdown=f"[{_link_text(hit.title)}]({url})",
                agents_only=hit.article_id in agents_only,
            )
        )
    return links
