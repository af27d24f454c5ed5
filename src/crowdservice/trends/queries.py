"""Read models of the trending page and the API, in a fixed number of queries.

Every example passes through `visible_examples`: an example from a case is shown to agents only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from crowdservice.community.models import Space
from crowdservice.core.errors import ValidationFailed
from crowdservice.trends.access import AnyUser, audiences_for
from crowdservice.trends.actions import burst_document_ids, related_labels
from crowdservice.trends.config import TrendConfig, trend_config
from crowdservice.trends.detection import Finding, describe, detect, group_bursts, sparklines
from crowdservice.trends.hours import HOUR, floor_hour
from crowdservice.trends.models import AlertStatus, TrendAlert, TrendDocument
from crowdservice.trends.sources import source_label

RISING_LIMIT = 10
RISING_MIN_LIFT = 1.5
RECENTLY_RESOLVED = timedelta(days=2)
ALERT_STATUSES = ("active", *AlertStatus.values, "all")
MAX_ALERTS = 50
SPACE_REF = re.compile(r"[-a-zA-Z0-9_]{1,60}")
RISING_CACHE_SECONDS = 600
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Example:
    title: str
    url: str
    source: str
    source_label: str
    audience: str


@dataclass
class RisingTerm:
    finding: Finding
    examples: list[Example] = field(default_factory=list)
    is_spike: bool = False

    @property
    def related_labels(self) -> list[str]:
        return related_labels(self.finding)

    @property
    def sparkline_points(self) -> str:
        """SVG polyline points for a 96 x 24 box (the newest hour on the right)."""
        values = self.finding.hourly or [0]
        top = max(max(values), 1)
        step = 96 / max(len(values) - 1, 1)
        return " ".join(f"{i * step:.1f},{22 - 20 * v / top:.1f}" for i, v in enumerate(values))


@dataclass
class TrendingView:
    at: datetime
    window_end: datetime
    space: Space | None
    alerts: list[TrendAlert]
    rising: list[RisingTerm]
    documents: int
    baseline_documents: int
    config: TrendConfig
    empty_message: str = ""


def visible_examples(user: AnyUser, examples: list[dict[str, str]]) -> list[Example]:
    allowed = audiences_for(user)
    return [
        Example(
            title=e.get("title", ""),
            url=e.get("url", ""),
            source=e.get("source", ""),
            source_label=e.get("source_label") or source_label(e.get("source", "")),
            audience=e.get("audience", ""),
        )
        for e in examples
        if e.get("audience") in allowed
    ]


def parse_space(ref: str | None) -> Space | None:
    ref = (ref or "").strip()
    if not ref:
        return None
    # A slug or an id; anything else (NUL bytes, quotes, pages of text) names no space.
    found = Space.objects.filter(slug=ref).first() if SPACE_REF.fullmatch(ref) else None
    if found is None and ref.isdigit() and len(ref) < 19:
        found = Space.objects.filter(pk=int(ref)).first()
    if found is None:
        raise ValidationFailed(
            {"space": [f"There is no space {ref[:60]!r}; choose one from the list, or all spaces."]}
        )
    return found


def parse_at(raw: str | None) -> datetime:
    """`at`: an ISO date-time (or date), not in the future; default now."""
    raw = (raw or "").strip()
    now = timezone.now()
    if not raw:
        return now
    parsed = parse_datetime(raw[:40]) if len(raw) > 10 else None
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(raw[:40])
        except ValueError:
            raise ValidationFailed(
                {"at": ["Give a date and time like 2026-12-02T15:00Z, or leave it empty for now."]}
            ) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    if parsed > now:
        raise ValidationFailed(
            {"at": ["That time is in the future; hot topics can only be looked up in the past."]}
        )
    if parsed < EARLIEST:
        raise ValidationFailed({"at": ["Choose a time after the year 2000."]})
    return parsed


def alerts_for(user: AnyUser, status: str = "active") -> QuerySet[TrendAlert]:
    if status not in ALERT_STATUSES:
        raise ValidationFailed({"status": [f"Choose one of: {', '.join(ALERT_STATUSES)}."]})
    alerts = TrendAlert.objects.select_related("acknowledged_by", "resolved_by")
    if not audiences_for(user):
        return alerts.none()
    if status == "active":
        return alerts.filter(status__in=[AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED])
    if status != "all":
        return alerts.filter(status=status)
    return alerts


@dataclass(frozen=True)
class Rising:
    """What is rising at an hour, for everyone (examples are chosen per viewer afterwards)."""

    window_end: datetime
    documents: int
    baseline_documents: int
    findings: list[Finding]


def rising_now(at: datetime, space_id: int | None, config: TrendConfig) -> Rising:
    """The page's detection, cached for the hour's first minutes: windows end on the hour, so
    the numbers only change when a late post is counted into a past hour. The hourly job warms
    the all-spaces entry after each run."""
    end = floor_hour(at)
    key = f"trends:rising:{end.isoformat()}:{space_id or 0}"
    found = cache.get(key)
    if isinstance(found, Rising):
        return found
    run = detect(at, config, space_id=space_id)
    where = {"space_id": space_id} if space_id else {}
    best: dict[int, Finding] = {}
    for finding in run.findings:
        if finding.lift >= RISING_MIN_LIFT and finding.term.pk not in best:
            best[finding.term.pk] = finding
    candidates = list(best.values())[: RISING_LIMIT * 4]
    longest = max(config.window_hours)
    describe(candidates, run.window_end - longest * HOUR, run.window_end, where)
    # Terms of mostly the same posts are one row ("login", "login error", "error"...).
    chosen = group_bursts(candidates)[:RISING_LIMIT]
    sparklines(chosen, run.window_end, where)
    rising = Rising(run.window_end, run.documents, run.baseline_documents, chosen)
    cache.set(key, rising, RISING_CACHE_SECONDS)
    return rising


def trending(user: AnyUser, *, at: datetime, space: Space | None) -> TrendingView:
    config = trend_config()
    run = rising_now(at, space.pk if space else None, config)
    chosen = run.findings
    allowed = audiences_for(user)
    wanted = {f.term.pk: burst_document_ids(f)[:20] for f in chosen}
    documents = TrendDocument.objects.filter(
        pk__in=[i for ids in wanted.values() for i in ids], audience__in=allowed
    ).in_bulk()
    rising = []
    for finding in chosen:
        found = [documents[i] for i in wanted[finding.term.pk] if i in documents]
        found.sort(key=lambda d: (d.at, d.pk), reverse=True)
        examples = [
            Example(d.title, d.url, d.source, source_label(d.source), d.audience)
            for d in found[: config.examples]
        ]
        rising.append(RisingTerm(finding, examples, finding.is_spike(config)))
    alerts = list(alerts_for(user, "active")[:MAX_ALERTS])
    for alert in alerts:
        alert.visible_examples = visible_examples(user, alert.examples)  # type: ignore[attr-defined]
    message = ""
    if run.baseline_documents == 0 and run.documents == 0:
        where_text = f"in {space.name}" if space else "anywhere"
        message = (
            f"There are no posts {where_text} in the {config.baseline_days} days before "
            f"{run.window_end:%Y-%m-%d %H:%M} UTC, so there is nothing to compare with yet."
        )
    return TrendingView(
        at=at, window_end=run.window_end, space=space, alerts=alerts, rising=rising,
        documents=run.documents, baseline_documents=run.baseline_documents, config=config,
        empty_message=message,
    )  # fmt: skip


def spaces() -> list[Space]:
    return list(Space.objects.order_by("position", "name"))
