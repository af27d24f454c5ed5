"""Support cases as a trend source: what customers write to support, for agents' eyes only.

A new case counts under its tags and the phrases of its subject and description; a customer's
later reply counts under its phrases (agents' replies and internal notes are not a signal of what
customers are running into). Every example from a case is for agents only (`AGENTS_ONLY`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Min, QuerySet

from crowdservice.cases.access import AGENT_ROLES
from crowdservice.cases.models import Case, CaseMessage, MessageKind
from crowdservice.core.models import Event
from crowdservice.trends.sources import AGENTS_ONLY, SourceDocument
from crowdservice.trends.terms import MAX_TEXT_CHARS

CASE_VERBS = frozenset({"case.created", "case.replied"})
BATCH = 500


def case_document(case: Case) -> SourceDocument:
    return SourceDocument(
        source=CasesSource.name,
        key=f"case:{case.pk}",
        at=case.created_at,
        author_id=case.requester_id,
        space_id=case.space_id,
        text=f"{case.subject}\n{case.description[:MAX_TEXT_CHARS]}",
        title=f"Case #{case.pk}: {case.subject}",
        url=case.get_absolute_url(),
        audience=AGENTS_ONLY,
        tags=tuple(case.tags or ()),
    )


def reply_document(message: CaseMessage) -> SourceDocument:
    case = message.case
    return SourceDocument(
        source=CasesSource.name,
        key=f"message:{message.pk}",
        at=message.created_at,
        author_id=message.author_id,
        space_id=case.space_id,
        text=message.body[:MAX_TEXT_CHARS],
        title=f"Reply on case #{case.pk}: {case.subject}",
        url=f"{case.get_absolute_url()}#message-{message.pk}",
        audience=AGENTS_ONLY,
    )


def _customer_replies() -> QuerySet[CaseMessage]:
    """Public messages written by the customer side (the first one is the case itself)."""
    return (
        CaseMessage.objects.filter(kind=MessageKind.PUBLIC)
        .exclude(author__role__in=AGENT_ROLES)
        .select_related("case")
    )


class CasesSource:
    name = "cases"
    label = "Cases"
    verbs = CASE_VERBS

    def document_for(self, event: Event) -> SourceDocument | None:
        if event.object_id is None:
            return None
        if event.verb == "case.created":
            case = Case.objects.filter(pk=event.object_id).first()
            return case_document(case) if case else None
        if event.verb == "case.replied" and not event.payload.get("by_agent"):
            message = _customer_replies().filter(pk=event.payload.get("message_id")).first()
            return reply_document(message) if message else None
        return None

    def documents_between(self, start: datetime, end: datetime) -> Iterator[SourceDocument]:
        cases = Case.objects.filter(created_at__gte=start, created_at__lt=end)
        for case in cases.order_by("pk").iterator(chunk_size=BATCH):
            yield case_document(case)
        replies = list(
            _customer_replies().filter(created_at__gte=start, created_at__lt=end).order_by("pk")
        )
        # A case's first message is its description, counted with the case itself.
        openings = set(
            CaseMessage.objects.filter(case_id__in={m.case_id for m in replies})
            .values("case_id")
            .annotate(first=Min("id"))
            .values_list("first", flat=True)
        )
        for message in replies:
            if message.pk not in openings:
                yield reply_document(message)
