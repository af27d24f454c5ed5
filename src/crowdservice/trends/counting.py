"""Counting documents into hourly term counts: the only code that writes the count tables.

`do_record_document` is idempotent: the document row is the marker, written in the same
transaction as its counts, so a retried or replayed event adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from crowdservice.core.models import Event
from crowdservice.trends.hours import ceil_hour, floor_hour
from crowdservice.trends.models import (
    NO_SPACE,
    DocumentTerm,
    SourceHour,
    Term,
    TermHour,
    TrendDocument,
)
from crowdservice.trends.sources import SourceDocument, all_sources, sources_for
from crowdservice.trends.terms import ExtractedTerm, extract_terms


def _term_ids(found: list[ExtractedTerm]) -> list[int]:
    keys = [t.key for t in found]
    existing = dict(Term.objects.filter(key__in=keys).values_list("key", "pk"))
    missing = [Term(key=t.key, kind=t.kind, label=t.label) for t in found if t.key not in existing]
    if missing:
        Term.objects.bulk_create(missing, ignore_conflicts=True)
        existing = dict(Term.objects.filter(key__in=keys).values_list("key", "pk"))
    return [existing[key] for key in keys]


@transaction.atomic
def do_record_document(document: SourceDocument) -> bool:
    """Count a document once under each of its terms; False if it was counted before."""
    hour = floor_hour(document.at)
    space_id = document.space_id or NO_SPACE
    try:
        with transaction.atomic():
            row = TrendDocument.objects.create(
                source=document.source,
                key=document.key[:60],
                at=document.at,
                hour=hour,
                author_id=document.author_id,
                space_id=space_id,
                audience=document.audience,
                title=document.title[:300],
                url=document.url[:500],
            )
    except IntegrityError:
        return False  # counted already (a retried job, a replay, an approve after a create)
    term_ids = _term_ids(extract_terms(document.text, document.tags))
    DocumentTerm.objects.bulk_create(
        [DocumentTerm(document=row, term_id=term_id, hour=hour) for term_id in term_ids]
    )
    key = {"source": document.source, "space_id": space_id, "hour": hour}
    SourceHour.objects.bulk_create([SourceHour(**key)], ignore_conflicts=True)
    SourceHour.objects.filter(**key).update(documents=F("documents") + 1)
    if term_ids:
        TermHour.objects.bulk_create(
            [TermHour(term_id=term_id, hour_of_day=hour.hour, **key) for term_id in term_ids],
            ignore_conflicts=True,
        )
        TermHour.objects.filter(term_id__in=term_ids, **key).update(documents=F("documents") + 1)
    return True


def count_event(event: Event) -> int:
    """The consumer: count the document each source makes of the event; returns how many new."""
    counted = 0
    for source in sources_for(event.verb):
        document = source.document_for(event)
        if document is not None and do_record_document(document):
            counted += 1
    return counted


@transaction.atomic
def do_rebuild_counts(start: datetime, end: datetime, *, sources: Iterable[str] = ()) -> int:
    """Forget the counts of the whole hours in [start, end) and count them again from content."""
    start, end = floor_hour(start), ceil_hour(end)
    chosen = [s for s in all_sources() if not sources or s.name in set(sources)]
    names = [s.name for s in chosen]
    TrendDocument.objects.filter(source__in=names, hour__gte=start, hour__lt=end).delete()
    TermHour.objects.filter(source__in=names, hour__gte=start, hour__lt=end).delete()
    SourceHour.objects.filter(source__in=names, hour__gte=start, hour__lt=end).delete()
    counted = 0
    for source in chosen:
        for document in source.documents_between(start, end):
            counted += do_record_document(document)
    return counted


@transaction.atomic
def do_prune_counts(before: datetime) -> int:
    """Forget documents and counts older than `before` (the detector never looks that far)."""
    hour = floor_hour(before)
    _, per_model = TrendDocument.objects.filter(hour__lt=hour).delete()
    TermHour.objects.filter(hour__lt=hour).delete()
    SourceHour.objects.filter(hour__lt=hour).delete()
    Term.objects.filter(alerts__isnull=True).exclude(
        pk__in=TermHour.objects.values("term_id")
    ).delete()
    return per_model.get(TrendDocument._meta.label, 0)
