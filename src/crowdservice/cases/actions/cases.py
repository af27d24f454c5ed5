"""Opening cases, the conversation, status, assignment, merging and satisfaction ratings.

Status rules (documented for customers in the README): a public reply from the requester reopens
a solved case; a closed case is final, so a reply to it by mail opens a new follow-up case that
links to it, and on the web the requester is told to open a new case. Every change is an event
whose target is the case, which is what the case timeline shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.cases import sla
from crowdservice.cases.access import AGENT_ROLES, is_agent
from crowdservice.cases.actions.attachments import (
    AttachmentIn,
    check_attachments,
    save_attachments,
)
from crowdservice.cases.actions.work import check_work_seconds, do_record_work_time
from crowdservice.cases.models import (
    PRIORITY_ORDER,
    UNRESOLVED_STATUSES,
    Case,
    CaseMessage,
    Channel,
    CommunityLink,
    LinkKind,
    Macro,
    MessageKind,
    Priority,
    Queue,
    SlaPolicy,
    SlaState,
    Status,
    WorkSource,
)
from crowdservice.cases.sla import apply_targets
from crowdservice.community.models import Question, Space
from crowdservice.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.core.markdown import render_markdown

MAX_SUBJECT = 200
MAX_BODY = 50_000
MAX_TAGS = 10
_TAG = re.compile(r"[a-z0-9][a-z0-9-]{0,34}")


def _clean(text: str) -> str:
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def clean_tags(raw: Iterable[str] | str) -> list[str]:
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    tags: list[str] = []
    for item in items:
        tag = "-".join(str(item).strip().lower().split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def check_tags(tags: list[str], errors: dict[str, list[str]]) -> None:
    if len(tags) > MAX_TAGS:
        errors.setdefault("tags", []).append(f"Use at most {MAX_TAGS} tags.")
    bad = [t for t in tags if not _TAG.fullmatch(t)]
    if bad:
        errors.setdefault("tags", []).append(
            "Tags are lowercase letters, digits and dashes, up to 35 characters: "
            + ", ".join(repr(t[:40]) for t in bad[:3])
        )


def check_body(body: str, errors: dict[str, list[str]], field: str = "body") -> None:
    if not body.strip():
        errors[field] = ["Write a message first."]
    elif len(body) > MAX_BODY:
        errors[field] = [f"Keep the message under {MAX_BODY:,} characters."]


def check_case_fields(
    *, subject: str, description: str, priority: str, space_id: int | None, tags: list[str]
) -> Space | None:
    errors: dict[str, list[str]] = {}
    if len(subject.strip()) < 5:
        errors["subject"] = ["Give the case a subject of at least 5 characters."]
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = [f"Keep the subject under {MAX_SUBJECT} characters."]
    check_body(description, errors, "description")
    if priority not in Priority.values:
        errors["priority"] = ["Choose a priority: low, normal, high or urgent."]
    space = None
    if space_id is not None:
        space = Space.objects.filter(pk=space_id).first()
        if space is None:
            errors["space"] = ["Choose one of the product areas in the list."]
    check_tags(tags, errors)
    if errors:
        raise ValidationFailed(errors)
    return space


def policy_for(priority: str) -> SlaPolicy | None:
    return SlaPolicy.objects.filter(priority=priority).first()


def next_round_robin(queue: Queue) -> User | None:
    """The queue's next active agent after the last one assigned (the queue row is locked)."""
    locked = Queue.objects.select_for_update().get(pk=queue.pk)
    members = list(locked.members.filter(is_active=True, role__in=AGENT_ROLES).order_by("pk"))
    if not members:
        return None
    after = [m for m in members if locked.last_assignee_id and m.pk > locked.last_assignee_id]
    chosen = after[0] if after else members[0]
    locked.last_assignee = chosen
    locked.save(update_fields=["last_assignee"])
    return chosen


def _case_payload(case: Case, **extra: Any) -> dict[str, Any]:
    return {
        "status": case.status,
        "priority": case.priority,
        "queue_id": case.queue_id,
        "assignee_id": case.assignee_id,
        **extra,
    }


@transaction.atomic
def do_open_case(
    *,
    requester: User,
    subject: str,
    description: str,
    space_id: int | None = None,
    priority: str = Priority.NORMAL,
    channel: str = Channel.WEB,
    tags: list[str] | str = "",
    queue: Queue | None = None,
    attachments: list[AttachmentIn] | None = None,
    actor: User | None = None,
    email_message_id: str = "",
    payload: dict[str, Any] | None = None,
) -> Case:
    """Open a case for `requester` (filed by them, or by `actor`: an agent, or None for mail and
    jobs). The description is also the conversation's first public message."""
    subject, description = _clean(subject).strip(), _clean(description)
    tag_list = clean_tags(tags)
    space = check_case_fields(
        subject=subject, description=description, priority=priority, space_id=space_id,
        tags=tag_list,
    )  # fmt: skip
    check_attachments(attachments or [])
    now = timezone.now()
    if queue is None:
        queue = Queue.objects.order_by("position", "name").first()
    case = Case(
        requester=requester,
        organization_id=requester.organization_id,
        subject=subject,
        description=description,
        description_html=render_markdown(description),
        space=space,
        priority=priority,
        channel=channel,
        tags=tag_list,
        queue=queue,
        created_at=now,
        updated_at=now,
        message_count=1,
    )
    apply_targets(case, policy_for(priority), now)
    if queue is not None and queue.round_robin:
        case.assignee = next_round_robin(queue)
    case.save()
    message = CaseMessage.objects.create(
        case=case,
        author=requester,
        kind=MessageKind.PUBLIC,
        body=description,
        body_html=case.description_html,
        channel=channel,
        created_at=now,
        email_message_id=email_message_id[:255],
    )
    save_attachments(message, attachments or [])
    record_event(
        actor=actor or requester,
        verb="case.created",
        target=case,
        payload=_case_payload(
            case, channel=channel, space_id=space_id, message_id=message.pk, **(payload or {})
        ),
    )
    return case


def lock_case(case_id: int) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def _set_status(actor: User | None, case: Case, status: str, now: datetime) -> list[str]:
    """Move the (locked) case to `status`, recording the right events; returns changed fields."""
    old = case.status
    if old == status:
        return []
    solved_at = case.solved_at
    case.status = status
    fields = ["status"]
    verb = "case.status_changed"
    if status == Status.SOLVED:
        case.solved_at = now
        fields.append("solved_at")
        verb = "case.solved"
    elif status == Status.CLOSED:
        case.closed_at = now
        fields.append("closed_at")
        if case.solved_at is None:
            case.solved_at = now
            fields.append("solved_at")
        verb = "case.closed"
    elif old in (Status.SOLVED, Status.CLOSED):
        case.solved_at = case.closed_at = None
        fields += ["solved_at", "closed_at"]
        verb = "case.reopened"
    payload: dict[str, Any] = {"from": old, "to": status}
    policy = policy_for(case.priority)
    was_resolved, resolved = old not in UNRESOLVED_STATUSES, status not in UNRESOLVED_STATUSES
    reopened = was_resolved and not resolved
    if old == Status.PENDING or reopened:
        # Whatever comes after waiting on the customer (their reply, an agent's change, solved),
        # or a reopened case: the resolution target moves out by the working time the clock
        # stood still. A case solved before pauses were recorded stood still since it was solved.
        if reopened and case.sla_paused_at is None and solved_at is not None:
            case.sla_paused_at = solved_at
        paused, changed = sla.resume(case, policy, now)
        fields += changed
        payload["sla_paused_seconds"] = paused
    if status == Status.PENDING or (resolved and not was_resolved):
        # Waiting on the customer, or solved: the resolution clock stops (the first response's
        # does not while pending).
        fields += sla.pause(case, now)
        payload["sla_paused"] = True
    if (old in UNRESOLVED_STATUSES) != (status in UNRESOLVED_STATUSES):
        # A linked thread says whether support is still on it: its cached page goes stale.
        escalated = CommunityLink.objects.filter(case=case, kind=LinkKind.ESCALATION)
        Question.objects.filter(pk__in=escalated.values("question_id")).update(
            version=F("version") + 1
        )
    if resolved and case.sla_state:
        # Resolved: the targets no longer run; what was breached stays in the event log.
        case.sla_state = SlaState.NONE if case.sla_state != SlaState.BREACHED else case.sla_state
    elif reopened and case.sla_state != SlaState.BREACHED:
        # Back in the team's hands: its targets run again from where they stopped, so the SLA
        # job checks it again (a breach before it was solved stays a breach).
        case.sla_state = sla.state_at(case, policy, now)
        fields += sla.show_pause(case)
    fields.append("sla_state")
    record_event(actor=actor, verb=verb, target=case, payload=payload)
    return fields


@transaction.atomic
def do_reply(
    *,
    actor: User,
    case: Case,
    body: str,
    internal: bool = False,
    status: str | None = None,
    attachments: list[AttachmentIn] | None = None,
    channel: str = Channel.WEB,
    email_message_id: str = "",
    work_seconds: object = 0,
    work_source: str = WorkSource.REPLY,
) -> CaseMessage:
    """A public reply or an internal note (agents only), optionally with a status change, and
    the agent's work time on the case since their last record (saved with the reply)."""
    agent = is_agent(actor)
    if not agent and case.requester_id != actor.pk:
        raise NotFound(f"Case {case.pk} does not exist, or it is not yours.")
    if internal and not agent:
        raise Forbidden("Only support agents can add internal notes.")
    body = _clean(body)
    errors: dict[str, list[str]] = {}
    check_body(body, errors)
    if status is not None and (not agent or status not in Status.values):
        errors["status"] = ["Choose one of the case statuses."]
    work = _check_work(actor, work_seconds, errors)
    if errors:
        raise ValidationFailed(errors)
    check_attachments(attachments or [])
    case = lock_case(case.pk)
    if case.merged_into_id is not None:
        raise Conflict(
            f"This case was merged into case #{case.merged_into_id}; reply there instead."
        )
    if case.status == Status.CLOSED and not internal:
        raise Conflict(
            "This case is closed, so it takes no more replies. Open a new case and mention "
            f"case #{case.pk}."
        )
    now = timezone.now()
    message = CaseMessage.objects.create(
        case=case,
        author=actor,
        kind=MessageKind.INTERNAL if internal else MessageKind.PUBLIC,
        body=body,
        body_html=render_markdown(body),
        channel=channel,
        created_at=now,
        email_message_id=email_message_id[:255],
    )
    save_attachments(message, attachments or [])
    fields = ["updated_at", "message_count"]
    case.updated_at = now
    case.message_count = F("message_count") + 1
    new_status = status
    if not internal and agent and case.requester_id != actor.pk:
        if case.first_response_at is None:
            case.first_response_at = now
            fields.append("first_response_at")
            record_event(
                actor=actor,
                verb="case.first_response",
                target=case,
                payload={"seconds": int((now - case.created_at).total_seconds())},
            )
            # Answered while already pending: only the paused resolution clock is left.
            fields += sla.show_pause(case)
        if new_status is None and case.status == Status.NEW:
            new_status = Status.OPEN
    elif not internal and not agent and case.status in (Status.PENDING, Status.SOLVED):
        # The customer answered: back to the agents (a solved case reopens).
        new_status = Status.OPEN
    verb = "case.note_added" if internal else "case.replied"
    record_event(
        actor=actor,
        verb=verb,
        target=case,
        payload={
            "message_id": message.pk,
            "by_agent": agent,
            "channel": channel,
            "attachments": len(attachments or []),
        },
    )
    if new_status is not None:
        fields += _set_status(actor, case, new_status, now)
    case.save(update_fields=sorted(set(fields)))
    case.refresh_from_db(fields=["message_count"])
    if work:
        do_record_work_time(actor=actor, case=case, seconds=work, source=work_source)
    return message


def _check_work(actor: User, raw: object, errors: dict[str, list[str]]) -> int:
    """The work seconds sent with a write (0 for none); only agents' time is recorded."""
    try:
        work = check_work_seconds(raw)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        return 0
    if work and not is_agent(actor):
        raise Forbidden("Only support agents record work time on a case.")
    return work


@transaction.atomic
def do_change_status(*, actor: User, case: Case, status: str) -> Case:
    """Agents set any status; the requester may only close their case."""
    if status not in Status.values:
        raise ValidationFailed({"status": ["Choose one of the case statuses."]})
    agent = is_agent(actor)
    if not agent:
        if case.requester_id != actor.pk:
            raise NotFound(f"Case {case.pk} does not exist, or it is not yours.")
        if status != Status.CLOSED:
            raise Forbidden("You can close your case; the support team changes other statuses.")
    case = lock_case(case.pk)
    if case.status == status:
        raise Conflict(f"The case is already {case.get_status_display().lower()}.")
    if case.status == Status.CLOSED and not agent:
        raise Conflict("This case is closed. Open a new case if you need more help.")
    now = timezone.now()
    fields = _set_status(actor, case, status, now)
    case.updated_at = now
    case.save(update_fields=[*fields, "updated_at"])
    return case


@transaction.atomic
def do_update_case(
    *,
    actor: User,
    case: Case,
    priority: str | None = None,
    assignee_id: int | str | None = "",
    queue_id: int | str | None = "",
    tags: list[str] | str | None = None,
    status: str | None = None,
    work_seconds: object = 0,
) -> Case:
    """Agents change priority, assignee (None to unassign), queue, tags and status at once,
    recording their work time on the case with it. `""` for assignee_id or queue_id means
    "leave as it is"."""
    if not is_agent(actor):
        raise Forbidden("Only support agents can change a case's priority, assignee or queue.")
    errors: dict[str, list[str]] = {}
    work = _check_work(actor, work_seconds, errors)
    if priority is not None and priority not in Priority.values:
        errors["priority"] = ["Choose a priority: low, normal, high or urgent."]
    assignee = None
    if assignee_id not in ("", None):
        assignee = User.objects.filter(
            pk=assignee_id,
            role__in=AGENT_ROLES,
            is_active=True,
        ).first()
        if assignee is None:
            errors["assignee"] = ["Choose an active support agent."]
    queue = None
    if queue_id not in ("", None):
        queue = Queue.objects.filter(pk=queue_id).first()
        if queue is None:
            errors["queue"] = ["Choose one of the queues."]
    tag_list = clean_tags(tags) if tags is not None else None
    if tag_list is not None:
        check_tags(tag_list, errors)
    if status is not None and status not in Status.values:
        errors["status"] = ["Choose one of the case statuses."]
    if errors:
        raise ValidationFailed(errors)
    case = lock_case(case.pk)
    now = timezone.now()
    fields: list[str] = []
    if priority is not None and priority != case.priority:
        old = case.priority
        case.priority = priority
        apply_targets(case, policy_for(priority), case.created_at)
        fields += ["priority", "first_response_due", "resolution_due", "sla_state"]
        record_event(
            actor=actor, verb="case.priority_changed", target=case,
            payload={"from": old, "to": priority},
        )  # fmt: skip
    if assignee_id != "" and (assignee.pk if assignee else None) != case.assignee_id:
        old_assignee = case.assignee_id
        case.assignee = assignee
        fields.append("assignee")
        record_event(
            actor=actor, verb="case.assigned", target=case,
            payload={"from": old_assignee, "to": case.assignee_id},
        )  # fmt: skip
    if queue_id != "" and (queue.pk if queue else None) != case.queue_id:
        old_queue = case.queue_id
        case.queue = queue
        fields.append("queue")
        record_event(
            actor=actor, verb="case.queue_changed", target=case,
            payload={"from": old_queue, "to": case.queue_id},
        )  # fmt: skip
    if tag_list is not None and tag_list != case.tags:
        record_event(
            actor=actor, verb="case.tags_changed", target=case,
            payload={"from": case.tags, "to": tag_list},
        )  # fmt: skip
        case.tags = tag_list
        fields.append("tags")
    if status is not None and status != case.status:
        fields += _set_status(actor, case, status, now)
    if fields:
        case.updated_at = now
        case.save(update_fields=sorted({*fields, "updated_at"}))
    if work:
        do_record_work_time(actor=actor, case=case, seconds=work, source=WorkSource.PROPERTIES)
    return case


def do_bulk_update(
    *, actor: User, case_ids: list[int], status: str | None = None,
    assignee_id: int | str | None = "", priority: str | None = None,
) -> int:  # fmt: skip
    """The same change to many cases (each in its own transaction); returns how many changed."""
    if not is_agent(actor):
        raise Forbidden("Only support agents can change cases in bulk.")
    if not case_ids:
        raise ValidationFailed({"cases": ["Select at least one case."]})
    changed = 0
    for case in Case.objects.filter(pk__in=case_ids[:500]):
        do_update_case(
            actor=actor, case=case, status=status, assignee_id=assignee_id, priority=priority
        )
        changed += 1
    return changed


@transaction.atomic
def do_rate(*, actor: User, case: Case, score: int, comment: str = "") -> Case:
    """The requester rates a solved or closed case, once (CSAT 1 to 5 and a comment)."""
    if case.requester_id != actor.pk:
        raise Forbidden("Only the person who opened the case can rate it.")
    errors: dict[str, list[str]] = {}
    if not 1 <= score <= 5:
        errors["score"] = ["Choose a rating from 1 (very unhappy) to 5 (very happy)."]
    comment = _clean(comment).strip()
    if len(comment) > 2000:
        errors["comment"] = ["Keep the comment under 2,000 characters."]
    if errors:
        raise ValidationFailed(errors)
    case = lock_case(case.pk)
    if case.status not in (Status.SOLVED, Status.CLOSED):
        raise Conflict("You can rate the case once it is solved.")
    if case.csat_score is not None:
        raise Conflict("You have already rated this case. Thank you!")
    case.csat_score, case.csat_comment, case.csat_at = score, comment, timezone.now()
    case.save(update_fields=["csat_score", "csat_comment", "csat_at"])
    record_event(
        actor=actor, verb="case.csat_rated", target=case,
        payload={"score": score, "has_comment": bool(comment)},
    )  # fmt: skip
    return case


@transaction.atomic
def do_merge(*, actor: User, source: Case, target: Case) -> Case:
    """Merge a duplicate case into another: the duplicate closes and points at the target, and
    each gets a note, so nothing in the duplicate's conversation is lost."""
    if not is_agent(actor):
        raise Forbidden("Only support agents can merge cases.")
    if source.pk == target.pk:
        raise ValidationFailed({"target": ["Choose another case to merge into."]})
    first, second = sorted([source.pk, target.pk])
    locked = {c.pk: c for c in [lock_case(first), lock_case(second)]}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id is not None:
        raise Conflict(f"Case #{source.pk} is already merged into #{source.merged_into_id}.")
    if target.merged_into_id is not None:
        raise ValidationFailed(
            {
                "target": [
                    f"Case #{target.pk} was itself merged; merge into #{target.merged_into_id}."
                ]
            }
        )
    now = timezone.now()
    source.merged_into = target
    fields = _set_status(actor, source, Status.CLOSED, now)
    source.updated_at = now
    source.save(update_fields=[*fields, "merged_into", "updated_at"])
    body = (
        f"Case #{source.pk} ({source.subject}) was merged into this case.\n\n{source.description}"
    )
    CaseMessage.objects.create(
        case=target, author=actor, kind=MessageKind.INTERNAL, body=body,
        body_html=render_markdown(body), created_at=now,
    )  # fmt: skip
    Case.objects.filter(pk=target.pk).update(message_count=F("message_count") + 1, updated_at=now)
    record_event(actor=actor, verb="case.merged", target=source, payload={"into": target.pk})
    record_event(actor=actor, verb="case.merged_from", target=target, payload={"from": source.pk})
    return target


_VARIABLE = re.compile(r"\{\{\s*([a-z_.]+)\s*\}\}")


def render_macro(macro: Macro, case: Case, agent: User) -> str:
    """The macro's text with its variables filled in; unknown variables stay as written."""
    values = {
        "requester.name": case.requester.public_name,
        "requester.first_name": case.requester.first_name or case.requester.public_name,
        "agent.name": agent.public_name,
        "case.id": str(case.pk),
        "case.subject": case.subject,
        "case.reference": case.reference,
        "case.status": case.get_status_display(),
    }
    return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), macro.body)


def raise_priority(priority: str) -> str:
    index = PRIORITY_ORDER.index(Priority(priority))
    return PRIORITY_ORDER[min(index + 1, len(PRIORITY_ORDER) - 1)]
