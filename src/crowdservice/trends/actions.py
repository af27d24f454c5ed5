"""Hot-topic alerts: raising them from a detection run, and agents acknowledging or resolving.

A spike of a term with an open (or acknowledged) alert updates that alert instead of raising a
new one, however long the spike lasts; after a resolve, the term stays quiet for the cool-down,
then a new spike raises a new alert. Raising records `trend.alert_raised`, whose consumer
notifies the agents (`consumers.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import Conflict, NotFound, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.notifications.email import absolute
from crowdservice.trends.access import AnyUser, require_trends_viewer
from crowdservice.trends.config import TrendConfig, trend_config
from crowdservice.trends.detection import Finding, detect
from crowdservice.trends.models import AlertStatus, TrendAlert, TrendDocument
from crowdservice.trends.sources import AGENTS_ONLY, PUBLIC, source_label

ACTIVE = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)


@dataclass(frozen=True)
class RunSummary:
    window_end: datetime
    documents: int
    tested: int
    raised: list[TrendAlert]
    updated: list[TrendAlert]


def check_detection_time(at: datetime | None) -> datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise ValidationFailed(
            {"at": ["Give the time with its time zone, e.g. 2026-12-02T15:00Z."]}
        )
    if at > now:
        raise ValidationFailed(
            {"at": ["That time is in the future; hot topics can only be found in the past."]}
        )
    if at.year < 2000:
        raise ValidationFailed({"at": ["Choose a time after the year 2000."]})
    return at


def burst_document_ids(finding: Finding) -> list[int]:
    """The burst's posts: those of its headline term, then those that mention at least half of
    its terms (a generic word of the group, "app" or "error", brings no unrelated post)."""
    group = (finding, *finding.related)
    mentions: dict[int, int] = {}
    for member in group:
        for document_id in member.document_ids:
            mentions[document_id] = mentions.get(document_id, 0) + 1
    enough = max(2, (len(group) + 1) // 2)
    headline = finding.document_ids
    others = [i for i, n in mentions.items() if n >= enough and i not in set(headline)]
    return [*headline, *sorted(others, reverse=True)]


def examples_for(finding: Finding, config: TrendConfig) -> list[dict[str, str]]:
    """The burst's newest posts: a few public ones and a few for agents' eyes only."""
    ids = burst_document_ids(finding)[:200]
    documents = sorted(
        TrendDocument.objects.filter(pk__in=ids), key=lambda d: (d.at, d.pk), reverse=True
    )
    chosen: list[dict[str, str]] = []
    taken = {PUBLIC: 0, AGENTS_ONLY: 0}
    for document in documents:
        if taken.get(document.audience, config.examples) >= config.examples:
            continue
        taken[document.audience] += 1
        chosen.append(
            {
                "title": document.title,
                "url": document.url,
                "source": document.source,
                "source_label": source_label(document.source),
                "audience": document.audience,
            }
        )
    return chosen


def related_labels(finding: Finding) -> list[str]:
    """The burst's other terms as people read them, each once ("login" the tag and the word)."""
    seen = {finding.term.label}
    labels = []
    for related in finding.related:
        if related.term.label not in seen:
            seen.add(related.term.label)
            labels.append(related.term.label)
    return labels


def _apply(alert: TrendAlert, finding: Finding, config: TrendConfig) -> None:
    alert.window_hours = finding.window_hours
    alert.window_end = finding.window_end
    alert.observed = finding.observed
    alert.expected = finding.expected
    alert.window_documents = finding.counts.total
    alert.authors = finding.authors
    alert.p_value = finding.p_value
    alert.q_value = finding.q_value
    alert.peak_observed = max(alert.peak_observed or 0, finding.observed)
    alert.sources = finding.sources
    alert.space_ids = finding.space_ids
    alert.examples = examples_for(finding, config)
    alert.last_seen_at = finding.window_end
    alert.related = [{"key": f.term.key, "label": f.term.label} for f in finding.related]


def _raise(finding: Finding, config: TrendConfig) -> TrendAlert:
    alert = TrendAlert(
        term=finding.term, kind=finding.term.kind, label=finding.term.label,
        raised_at=finding.window_end,
    )  # fmt: skip
    _apply(alert, finding, config)
    alert.save()
    event = record_event(
        actor=None,
        verb="trend.alert_raised",
        target=alert,
        payload={
            "term": finding.term.key, "label": alert.label, "kind": alert.kind,
            "window_hours": alert.window_hours, "window_end": alert.window_end.isoformat(),
            "observed": alert.observed, "expected": round(alert.expected, 2),
            "q_value": alert.q_value, "authors": alert.authors, "sources": alert.sources,
            "examples": [{**e, "absolute_url": absolute(e["url"])} for e in alert.examples],
        },
    )  # fmt: skip
    alert.event_id = event.pk
    alert.save(update_fields=["event_id"])
    return alert


@transaction.atomic
def do_detect(*, at: datetime | None = None, config: TrendConfig | None = None) -> RunSummary:
    """Find the spikes at `at` (default now) and raise or update their alerts. Idempotent: a
    second run for the same hour updates the same alerts and notifies nobody again."""
    config = config or trend_config()
    when = check_detection_time(at)
    run = detect(when, config)
    raised: list[TrendAlert] = []
    updated: list[TrendAlert] = []
    active = list(
        TrendAlert.objects.select_for_update(of=("self",))
        .select_related("term")
        .filter(status__in=ACTIVE)
        .order_by("pk")
    )
    for finding in run.spikes:
        keys = {finding.term.key, *(f.term.key for f in finding.related)}
        current = next((a for a in active if keys & alert_keys(a)), None)
        if current is not None:
            if current.window_end <= finding.window_end:
                _apply(current, finding, config)
                current.updates += 1
                current.save()
            updated.append(current)
            continue
        resolved = (
            TrendAlert.objects.filter(
                status=AlertStatus.RESOLVED,
                term__key__in=keys,
                resolved_at__gt=finding.window_end - config.cooldown,
            )
            .order_by("-resolved_at")
            .first()
        )
        if resolved is not None:
            continue  # just resolved: its tail is not news
        alert = _raise(finding, config)
        active.append(alert)
        raised.append(alert)
    return RunSummary(
        window_end=run.window_end, documents=run.documents, tested=run.tested,
        raised=raised, updated=updated,
    )  # fmt: skip


def alert_keys(alert: TrendAlert) -> set[str]:
    return {alert.term.key, *(r.get("key", "") for r in alert.related)}


def access_alert(user: AnyUser, alert_id: int) -> TrendAlert:
    require_trends_viewer(user)
    alert = (
        TrendAlert.objects.select_related("acknowledged_by", "resolved_by")
        .filter(pk=alert_id)
        .first()
    )
    if alert is None:
        raise NotFound("There is no such hot-topic alert.")
    return alert


@transaction.atomic
def do_acknowledge(*, actor: User, alert: TrendAlert) -> TrendAlert:
    """Someone is looking into it: the alert stays on the page, marked as taken."""
    require_trends_viewer(actor)
    alert = TrendAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.RESOLVED:
        raise Conflict("This alert is already resolved.")
    if alert.status == AlertStatus.ACKNOWLEDGED:
        return alert
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor
    alert.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    record_event(actor=actor, verb="trend.alert_acknowledged", target=alert)
    return alert


@transaction.atomic
def do_resolve(*, actor: User, alert: TrendAlert) -> TrendAlert:
    """Dealt with: it leaves the current list; a new spike after the cool-down alerts again.

    Resolving it again is a 409, so the second of two people who both resolve it learns that
    someone was first (the page and the API say the same)."""
    require_trends_viewer(actor)
    alert = TrendAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.RESOLVED:
        raise Conflict("This alert is already resolved.")
    alert.status = AlertStatus.RESOLVED
    alert.resolved_at = timezone.now()
    alert.resolved_by = actor
    alert.save(update_fields=["status", "resolved_at", "resolved_by"])
    record_event(actor=actor, verb="trend.alert_resolved", target=alert)
    return alert
