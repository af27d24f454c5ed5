"""Event consumers of the cases app: mail to requesters, in-app notifications to agents, and
the knowledge-base articles agents linked (recorded as used to solve the case).

Idempotent: a mail is sent once per event and recipient (`OutboundEmail`), a notification once
per event and recipient (`do_notify`).
"""

from __future__ import annotations

from crowdservice.cases.actions.knowledge import do_record_used_articles
from crowdservice.cases.mail.outbound import send_case_mail as send_mail
from crowdservice.cases.models import Case, CaseMessage, Channel, MessageKind
from crowdservice.core.models import Event
from crowdservice.notifications.actions import do_notify

NOTIFY_VERBS = ("case.created", "case.replied", "case.solved", "case.escalated")


def send_case_mail(event: Event) -> None:
    if event.object_id is None:
        return
    case = Case.objects.filter(pk=event.object_id).select_related("requester", "assignee").first()
    if case is None:
        return
    requester = case.requester
    if event.verb == "case.created":
        send_mail(
            event=event, case=case, recipient=requester.email,
            template="cases/email/created.txt", context={},
            suffix="ack",
            auto="auto-replied" if case.channel == Channel.EMAIL else "auto-generated",
        )  # fmt: skip
        return
    if event.verb == "case.solved":
        send_mail(
            event=event, case=case, recipient=requester.email,
            template="cases/email/solved.txt", context={}, suffix=f"solved{event.pk}",
            auto="auto-generated",
        )  # fmt: skip
        return
    if event.verb == "case.escalated":
        if case.assignee_id:
            do_notify(
                event=event, recipient_ids=[case.assignee_id],
                title=f"Escalated from the community: {case.subject}",
                url=case.get_absolute_url(),
            )  # fmt: skip
        return
    message = (
        CaseMessage.objects.filter(pk=event.payload.get("message_id"), kind=MessageKind.PUBLIC)
        .select_related("author")
        .first()
    )
    if message is None:
        return
    if event.payload.get("by_agent") and message.author_id != case.requester_id:
        send_mail(
            event=event, case=case, recipient=requester.email,
            template="cases/email/reply.txt", context={"message": message},
            suffix=f"m{message.pk}",
        )  # fmt: skip
    elif case.assignee_id:
        do_notify(
            event=event, recipient_ids=[case.assignee_id],
            title=f"{requester.public_name} replied on case #{case.pk}: {case.subject}",
            url=case.get_absolute_url(),
        )  # fmt: skip


SLA_VERBS = ("case.sla_warning", "case.sla_breached")


def notify_sla(event: Event) -> None:
    """An SLA warning or breach notifies the assignee, or the queue's agents when nobody has it
    (the "notify" escalation; the other actions are carried out by the SLA job itself)."""
    if event.object_id is None:
        return
    case = Case.objects.filter(pk=event.object_id).select_related("queue").first()
    if case is None:
        return
    if case.assignee_id:
        recipients = [case.assignee_id]
    elif case.queue is not None:
        recipients = list(case.queue.members.values_list("pk", flat=True))
    else:
        return
    what = "breached its SLA" if event.verb == "case.sla_breached" else "is about to breach its SLA"
    do_notify(
        event=event,
        recipient_ids=recipients,
        title=f"Case #{case.pk} {what}: {case.subject}",
        url=case.get_absolute_url(),
    )


KB_LINK_VERBS = ("case.replied", "case.solved", "case.closed")


def record_kb_links(event: Event) -> None:
    """An agent's public reply: the articles it links; a solved or closed case: every article
    linked in its public replies (again: the knowledge base records each link once)."""
    if event.object_id is None:
        return
    case = Case.objects.filter(pk=event.object_id).first()
    if case is None:
        return
    if event.verb == "case.replied":
        if not event.payload.get("by_agent"):
            return
        message = CaseMessage.objects.filter(
            pk=event.payload.get("message_id"), case=case, kind=MessageKind.PUBLIC
        ).first()
        if message is not None:
            do_record_used_articles(case=case, message=message)
        return
    do_record_used_articles(case=case)
