"""API v1 of cases: cases, their messages and internal notes (agents only), queues, SLA state,
satisfaction ratings, merging, and escalating a community question.

A customer sees only their own cases and never an internal note; another person's case is a 404.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Query, Router, Status

from crowdservice.accounts.api_auth import AUTH_REQUIRED, api_signed_in_user
from crowdservice.accounts.models import User
from crowdservice.cases import actions
from crowdservice.cases.access import (
    AGENT_ROLES,
    access_case,
    is_agent,
    require_agent,
    visible_messages,
)
from crowdservice.cases.models import (
    UNRESOLVED_STATUSES,
    Case,
    CaseMessage,
    Channel,
    CommunityLink,
    Queue,
    WorkSource,
)
from crowdservice.cases.queries import QueueFilters, my_cases, queue_cases, work_seconds_by_case
from crowdservice.cases.schemas import (
    CaseFilters,
    CaseIn,
    CaseOut,
    CasePage,
    CasePatch,
    CsatIn,
    MergeIn,
    MessageIn,
    MessageOut,
    QueueOut,
)
from crowdservice.community.access import access_question
from crowdservice.community.models import Space
from crowdservice.core.errors import ValidationFailed
from crowdservice.core.schemas import ObjectId, PageIn, describe_errors, error_responses, paginate

router = Router(tags=["cases"])

READ = (401, 404, 422)
WRITE = (400, 401, 403, 404, 409, 413, 422)


def _doc(text: str, codes: tuple[int, ...]) -> str:
    return f"{text}\n\n{describe_errors(*codes)}"


def _person(user: User | None) -> dict[str, str] | None:
    return {"username": user.username, "name": user.public_name} if user else None


def _case_out(
    viewer: User, case: Case, linked: list[int] | None = None, work: int | None = None
) -> dict[str, object]:
    agent = is_agent(viewer)
    if linked is None:
        linked = list(CommunityLink.objects.filter(case=case).values_list("question_id", flat=True))
    if agent and work is None:
        work = work_seconds_by_case([case.pk]).get(case.pk, 0)
    return {
        "id": case.pk,
        "subject": case.subject,
        "description": case.description,
        "description_html": case.description_html,
        "status": case.status,
        "priority": case.priority,
        "channel": case.channel,
        "space": case.space.slug if case.space else None,
        "requester": _person(case.requester),
        "organization": case.organization.name if case.organization else None,
        "assignee": _person(case.assignee),
        "queue": case.queue.slug if agent and case.queue else None,
        "tags": case.tags if agent else [],
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        "first_response_at": case.first_response_at,
        "solved_at": case.solved_at,
        "closed_at": case.closed_at,
        "sla": {
            "state": case.sla_state,
            "first_response_due": case.first_response_due,
            "resolution_due": case.resolution_due,
            "paused_since": case.sla_paused_at,
            "paused_seconds": case.sla_paused_seconds,
        }
        if agent
        else None,
        # Handle time is the team's business, never the customer's.
        "work_seconds": (work or 0) if agent else None,
        "csat_score": case.csat_score,
        "csat_comment": case.csat_comment,
        "merged_into": case.merged_into_id,
        "linked_questions": sorted(set(linked)),
        "url": case.get_absolute_url(),
    }


def _message_out(message: CaseMessage) -> dict[str, object]:
    return {
        "id": message.pk,
        "kind": message.kind,
        "author": _person(message.author),
        "body": message.body,
        "body_html": message.body_html,
        "channel": message.channel,
        "created_at": message.created_at,
        "attachments": [
            {
                "id": a.pk,
                "filename": a.filename,
                "size": a.size,
                "url": f"/cases/attachments/{a.pk}/",
            }
            for a in message.attachments.all()
        ],
    }


def _reload(viewer: User, case_id: int) -> dict[str, object]:
    return _case_out(viewer, access_case(viewer, case_id))


@router.get(
    "/cases",
    response={200: CasePage, **error_responses(*READ)},
    auth=AUTH_REQUIRED,
    summary="List cases",
    description=_doc(
        "Customers get their own cases; agents a queue view (`view`), filtered by status and "
        "priority.",
        READ,
    ),
)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, object]:
    me = api_signed_in_user(request)
    if is_agent(me):
        if filters.view == "all":
            rows = Case.objects.select_related("requester", "assignee", "queue").order_by(
                "-updated_at", "-id"
            )
        else:
            rows = queue_cases(me, QueueFilters(view=filters.view))
    else:
        rows = my_cases(me)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.priority:
        rows = rows.filter(priority=filters.priority)
    rows = rows.select_related("requester", "assignee", "queue", "space", "organization")
    items, meta = paginate(rows, PageIn(page=filters.page, page_size=filters.page_size))
    links: dict[int, list[int]] = {}
    for case_id, question_id in CommunityLink.objects.filter(
        case__in=[c.pk for c in items]
    ).values_list("case_id", "question_id"):
        links.setdefault(case_id, []).append(question_id)
    work = work_seconds_by_case([c.pk for c in items]) if is_agent(me) else {}
    return {
        "items": [_case_out(me, c, links.get(c.pk, []), work.get(c.pk, 0)) for c in items],
        **meta,
    }


@router.post(
    "/cases",
    response={201: CaseOut, **error_responses(*WRITE)},
    auth=AUTH_REQUIRED,
    summary="Open a case",
    description=_doc("Open a case as the signed-in person.", WRITE),
)
def open_case(request: HttpRequest, payload: CaseIn) -> Status[dict[str, object]]:
    me = api_signed_in_user(request)
    space_id = None
    if payload.space:
        space = Space.objects.filter(slug=payload.space).first()
        if space is None:
            raise ValidationFailed({"space": [f"There is no space called {payload.space!r}."]})
        space_id = space.pk
    case = actions.do_open_case(
        requester=me,
        subject=payload.subject,
        description=payload.description,
        space_id=space_id,
        priority=payload.priority,
        tags=payload.tags,
        channel=Channel.API,
    )
    return Status(201, _reload(me, case.pk))


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, **error_responses(*READ)},
    auth=AUTH_REQUIRED,
    summary="Get a case",
    description=_doc("One case, with its SLA state for agents.", READ),
)
def get_case(request: HttpRequest, case_id: ObjectId) -> dict[str, object]:
    return _reload(api_signed_in_user(request), case_id)


@router.patch(
    "/cases/{case_id}",
    response={200: CaseOut, **error_responses(*WRITE)},
    auth=AUTH_REQUIRED,
    summary="Change a case (agents)",
    description=_doc("Status, priority, assignee, queue and tags; agents only.", WRITE),
)
def patch_case(request: HttpRequest, case_id: ObjectId, payload: CasePatch) -> dict[str, object]:
    me = api_signed_in_user(request)
    case = access_case(me, case_id)
    require_agent(me)
    assignee: int | str | None = ""
    if payload.assignee is not None:
        assignee = None
        if payload.assignee:
            agent = User.objects.filter(
                username=payload.assignee,
                role__in=AGENT_ROLES,
            ).first()
            if agent is None:
                raise ValidationFailed({"assignee": ["Choose the username of a support agent."]})
            assignee = agent.pk
    queue: int | str | None = ""
    if payload.queue is not None:
        queue = None
        if payload.queue:
            found = Queue.objects.filter(slug=payload.queue).first()
            if found is None:
                raise ValidationFailed({"queue": [f"There is no queue {payload.queue!r}."]})
            queue = found.pk
    actions.do_update_case(
        actor=me, case=case, status=payload.status, priority=payload.priority,
        assignee_id=assignee, queue_id=queue, tags=payload.tags,
    )  # fmt: skip
    return _reload(me, case_id)


@router.post(
    "/cases/{case_id}/close",
    response={200: CaseOut, **error_responses(*WRITE)},
    auth=AUTH_REQUIRED,
    summary="Close a case",
    description=_doc("The requester (or an agent) closes the case.", WRITE),
)
def close_case(request: HttpRequest, case_id: ObjectId) -> dict[str, object]:
    me = api_signed_in_user(request)
    case = access_case(me, case_id)
    actions.do_change_status(actor=me, case=case, status="closed")
    return _reload(me, case_id)


@router.get(
    "/cases/{case_id}/messages",
    response={200: list[MessageOut], **error_responses(*READ)},
    auth=AUTH_REQUIRED,
    summary="A case's conversation",
    description=_doc("Public replies, and for agents internal notes too, oldest first.", READ),
)
def list_messages(request: HttpRequest, case_id: ObjectId) -> list[dict[str, object]]:
    me = api_signed_in_user(request)
    case = access_case(me, case_id)
    rows = visible_messages(me, case).select_related("author").prefetch_related("attachments")
    return [_message_out(m) for m in rows]


@router.post(
    "/cases/{case_id}/messages",
    response={201: MessageOut, **error_responses(*WRITE)},
    auth=AUTH_REQUIRED,
    summary="Reply on a case",
    description=_doc(
        "A public reply by the requester or an agent; an agent may send the seconds they worked "
        "on the case with it (`work_seconds`).",
        WRITE,
    ),
)
def post_message(
    request: HttpRequest, case_id: ObjectId, payload: MessageIn
) -> Status[dict[str, object]]:
    me = api_signed_in_user(request)
    case = access_case(me, case_id)
    message = actions.do_reply(
        actor=me, case=case, body=payload.body, status=payload.status, channel=Channel.API,
        work_seconds=payload.work_seconds, work_source=WorkSource.API,
    )  # fmt: skip
    return Status(201, _message_out(message))


@router.post(
    "/cases/{case_id}/notes",
    response={201: MessageOut, **error_responses(*WRITE)},
    auth=AUTH_REQUIRED,
    summary="Add an internal note (agents)",
    description=_doc("A note only agents ever see.", WRITE),
)
def post_note(
    request: HttpRequest, case_id: ObjectId, payload: MessageIn
) -> Status[dict[str, object]]:
    me = api_signed_in_user(request)
    case = access_case(me, case_id)
    message = actions.do_reply(
        actor=me, case=case, body=payload.body, internal=True, status=payload.status,
        channel=Channel.API, work_seconds=payload.work_seconds, work_source=WorkSource.API,
    )  # fmt: skip
    return Status(201, _message_out(message))


@router.post(
    "/cases/{case_id}/csat",
    response={200: CaseOut, **error_responses(*WRITE)},
    auth=AUTH_REQUIRED,
    summary="Rate a solved case",
    description=_doc("The requester rates the help, 1 to 5, once the case is solved.", WRITE),
)
def rate_case(request: HttpRequest, case_id: ObjectId, payload: CsatIn) -> dict[str, object]:
    me = api_signed_in_user(request)
    case = access_case(me, case_id)
    actions.do_rate(actor=me, case=case, score=payload.score, comment=payload.comment)
    return _reload(me, case_id)


@router.post(
    "/cases/{case_id}/merge",
    response={200: CaseOut, **error_responses(*WRITE)},
    auth=AUTH_REQUIRED,
    summary="Merge a duplicate case (agents)",
    description=_doc("Closes this case and points it at `target`; returns the target.", WRITE),
)
def merge_case(request: HttpRequest, case_id: ObjectId, payload: MergeIn) -> dict[str, object]:
    me = api_signed_in_user(request)
    source = access_case(me, case_id)
    target = access_case(me, payload.target)
    actions.do_merge(actor=me, source=source, target=target)
    return _reload(me, target.pk)


@router.get(
    "/queues",
    response={200: list[QueueOut], **error_responses(401, 403)},
    auth=AUTH_REQUIRED,
    summary="List queues (agents)",
    description=_doc("Queues with their number of unresolved cases.", (401, 403)),
)
def list_queues(request: HttpRequest) -> list[dict[str, object]]:
    require_agent(api_signed_in_user(request))
    queues = Queue.objects.annotate(
        open_cases=Count("cases", filter=Q(cases__status__in=UNRESOLVED_STATUSES))
    )
    return [
        {"slug": q.slug, "name": q.name, "round_robin": q.round_robin, "open_cases": q.open_cases}
        for q in queues
    ]


@router.post(
    "/questions/{question_id}/escalate",
    response={201: CaseOut, **error_responses(*WRITE)},
    auth=AUTH_REQUIRED,
    summary="Escalate a community question to a case",
    description=_doc(
        'The asker ("I still need help") or an agent opens a case linked to the question; '
        "once per question (a repeated call returns the same case).",
        WRITE,
    ),
)
def escalate_question(request: HttpRequest, question_id: ObjectId) -> Status[dict[str, object]]:
    me = api_signed_in_user(request)
    question = access_question(me, question_id)
    case = actions.do_escalate_question(actor=me, question=question)
    return Status(201, _reload(me, case.pk))
