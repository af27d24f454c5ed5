"""The deflection report: rates by space and week, the content that deflects, content gaps.

Every table is one aggregate query, whatever the number of sessions or rows (plus one query for
space names), so the page's cost does not grow with the data.

A session counts in the rates once it was shown at least one suggestion; it is deflected when
its outcome is self-solved or abandoned (opened a suggestion, then left without filing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from crowdservice.deflection.models import (
    FILED_OUTCOMES,
    DeflectionEvent,
    DeflectionSession,
    EventKind,
    Outcome,
)
from crowdservice.deflection.registry import space_names

RANGE_CHOICES = (7, 30, 90, 365)
DEFAULT_DAYS = 30
TOP_ROWS = 25


@dataclass(frozen=True)
class RateRow:
    label: str
    sessions: int
    self_solved: int
    abandoned: int
    filed_anyway: int

    @property
    def deflected(self) -> int:
        return self.self_solved + self.abandoned

    @property
    def undecided(self) -> int:
        return self.sessions - self.deflected - self.filed_anyway

    @property
    def rate(self) -> float | None:
        """Deflected sessions as a share (0-1) of the sessions that were shown suggestions."""
        return self.deflected / self.sessions if self.sessions else None


@dataclass(frozen=True)
class ContentRow:
    object_kind: str
    object_id: int
    title: str
    url: str
    shown: int
    opened: int
    self_solved: int
    abandoned: int

    @property
    def deflected(self) -> int:
        return self.self_solved + self.abandoned


@dataclass(frozen=True)
class GapRow:
    query_key: str
    example: str
    filed: int
    without_results: int  # filed after searches that found nothing at all
    last_filed: datetime | None


@dataclass(frozen=True)
class Report:
    days: int
    since: datetime
    total: RateRow
    by_space: list[RateRow]
    by_week: list[RateRow]
    content: list[ContentRow]
    gaps: list[GapRow]


def _counts() -> dict[str, Count]:
    return {
        "sessions": Count("id"),
        "self_solved": Count("id", filter=Q(outcome=Outcome.SELF_SOLVED)),
        "abandoned": Count("id", filter=Q(outcome=Outcome.ABANDONED)),
        "filed_anyway": Count("id", filter=Q(outcome=Outcome.FILED_ANYWAY)),
    }


def _row(label: str, values: Mapping[str, Any]) -> RateRow:
    return RateRow(
        label=label,
        sessions=values["sessions"],
        self_solved=values["self_solved"],
        abandoned=values["abandoned"],
        filed_anyway=values["filed_anyway"],
    )


def shown_sessions(since: datetime) -> QuerySet[DeflectionSession]:
    """The denominator of every rate: sessions in the range that were shown suggestions."""
    return DeflectionSession.objects.filter(started_at__gte=since, searches_with_results__gt=0)


def total_rate(since: datetime, label: str = "All sessions") -> RateRow:
    """Every session shown suggestions since `since`, in one aggregate query: the report's total
    (other apps, such as the ROI model, take the deflection rate from here)."""
    return _row(label, shown_sessions(since).aggregate(**_counts()))


def week_label(start: date) -> str:
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d} (from {start:%b} {start.day})"


def rates_by_space(since: datetime) -> list[RateRow]:
    rows = list(shown_sessions(since).values("space_id").annotate(**_counts()).order_by())
    names = space_names([r["space_id"] for r in rows if r["space_id"] is not None])
    result = [
        _row(names[r["space_id"]] if r["space_id"] is not None else "No space chosen", r)
        for r in rows
    ]
    return sorted(result, key=lambda row: (-row.sessions, row.label))


def rates_by_week(since: datetime) -> list[RateRow]:
    rows = (
        shown_sessions(since)
        .annotate(week=TruncWeek("started_at"))
        .values("week")
        .annotate(**_counts())
        .order_by("-week")
    )
    return [_row(week_label(timezone.localtime(r["week"]).date()), r) for r in rows]


def top_content(since: datetime, limit: int = TOP_ROWS) -> list[ContentRow]:
    """Suggestions by how many sessions they deflected (self-solved, or opened last before the
    person left), with how often they were shown and opened."""
    rows = (
        DeflectionEvent.objects.filter(created_at__gte=since, object_id__isnull=False)
        .exclude(kind=EventKind.FILED_ANYWAY)
        .values("object_kind", "object_id")
        .annotate(
            shown=Count("id", filter=Q(kind=EventKind.SHOWN)),
            opened=Count("id", filter=Q(kind=EventKind.OPENED)),
            self_solved=Count("id", filter=Q(kind=EventKind.SELF_SOLVED)),
            abandoned=Count("id", filter=Q(kind=EventKind.ABANDONED)),
            deflected=Count("id", filter=Q(kind__in=[EventKind.SELF_SOLVED, EventKind.ABANDONED])),
            title=Max("title"),
            url=Max("url"),
        )
        .filter(deflected__gt=0)
        .order_by("-deflected", "-self_solved", "-opened", "object_kind", "object_id")[:limit]
    )
    return [
        ContentRow(
            object_kind=r["object_kind"],
            object_id=r["object_id"] or 0,
            title=r["title"] or f"{r['object_kind']} {r['object_id']}",
            url=r["url"],
            shown=r["shown"],
            opened=r["opened"],
            self_solved=r["self_solved"],
            abandoned=r["abandoned"],
        )
        for r in rows
    ]


def gap_sessions(
    since: datetime, *, until: datetime | None = None, space_id: int | None = None
) -> QuerySet[DeflectionSession]:
    """The sessions behind content gaps: filed after searching, without opening a suggestion."""
    sessions = DeflectionSession.objects.filter(
        started_at__gte=since,
        outcome__in=FILED_OUTCOMES,
        searches__gt=0,
        opened_count=0,
    ).exclude(query_key="")
    if until is not None:
        sessions = sessions.filter(started_at__lt=until)
    if space_id is not None:
        sessions = sessions.filter(space_id=space_id)
    return sessions


def content_gaps(
    since: datetime,
    limit: int = TOP_ROWS,
    *,
    until: datetime | None = None,
    space_id: int | None = None,
) -> list[GapRow]:
    """What people searched and then filed without opening a single suggestion: either nothing
    was found, or nothing found looked worth a click. Grouped by the query's words.

    `until` and `space_id` narrow it to sessions started before a moment, or in one space."""
    sessions = gap_sessions(since, until=until, space_id=space_id)
    rows = (
        sessions.values("query_key")
        .annotate(
            filed=Count("id"),
            without_results=Count("id", filter=Q(searches_with_results=0)),
            example=Max("last_query"),
            last_filed=Max("decided_at"),
        )
        .order_by("-filed", "-last_filed", "query_key")[:limit]
    )
    return gap_rows(rows)


def gap_rows(rows: Iterable[Mapping[str, Any]]) -> list[GapRow]:
    """Content-gap rows from aggregated values (here, and the insights roll-ups' daily gaps)."""
    return [
        GapRow(
            query_key=r["query_key"],
            example=r["example"],
            filed=r["filed"],
            without_results=r["without_results"],
            last_filed=r["last_filed"],
        )
        for r in rows
    ]


def parse_days(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and int(raw) in RANGE_CHOICES else DEFAULT_DAYS


def deflection_report(days: int = DEFAULT_DAYS) -> Report:
    since = timezone.now() - timedelta(days=days)
    by_week = rates_by_week(since)
    total = RateRow(
        label="All sessions",
        sessions=sum(r.sessions for r in by_week),
        self_solved=sum(r.self_solved for r in by_week),
        abandoned=sum(r.abandoned for r in by_week),
        filed_anyway=sum(r.filed_anyway for r in by_week),
    )
    return Report(
        days=days,
        since=since,
        total=total,
        by_space=rates_by_space(since),
        by_week=by_week,
        content=top_content(since),
        gaps=content_gaps(since),
    )
