"""The ROI model's starting point: inputs prefilled from what CrowdService measured, each with
the source it came from; and saved scenarios for lists.

`prefill()` reads the last 90 days in five queries, whatever the amount of data: the first
case ever, the window's cases (volume, CSAT of the cases opened in it), the deflection rate
exactly as the deflection report defines it (`deflection.queries.total_rate`), the cases
where an agent linked a help-center article, and the agents' recorded work time on the cases
solved in the window (`cases.queries.solved_handle_time`).
Handle time is measured once at least `MIN_HANDLE_CASES` solved cases have recorded work time;
until then it keeps a documented default that the person edits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from crowdservice.cases.models import Case
from crowdservice.cases.queries import HandleTime, solved_handle_time
from crowdservice.deflection.queries import RateRow, total_rate
from crowdservice.knowledge.models import CaseLink, CaseLinkKind
from crowdservice.roi.inputs import SPEC_BY_NAME, RoiInputs, default_inputs
from crowdservice.roi.models import Scenario

WINDOW_DAYS = 90
# A site younger than the window is measured since its first case, but over at least a week,
# so that a first busy day is not taken for a month's pace.
MIN_DAYS = 7
DAYS_PER_MONTH = 365.25 / 12
# Grossing the measured case volume up for deflection divides by (1 - deflection); a rate near
# 100% would blow that up, so the divisor never goes below this.
MIN_NOT_DEFLECTED = 0.05
# The measured handle time replaces the default once this many cases solved in the window have
# recorded work time: a handful of cases would make a noisy average.
MIN_HANDLE_CASES = 20


@dataclass(frozen=True)
class Source:
    measured: bool
    text: str


@dataclass(frozen=True)
class Measurements:
    days: int
    since: datetime
    cases: int
    cases_per_month: float
    deflection: RateRow
    cases_with_article: int
    csat_average: float | None
    csat_ratings: int
    handle: HandleTime


@dataclass(frozen=True)
class Prefill:
    inputs: RoiInputs
    sources: dict[str, Source]
    measured: Measurements


def _default(name: str, why: str = "Not measured here") -> Source:
    return Source(False, f"{why}: {SPEC_BY_NAME[name].default_note}.")


def measure(now: datetime | None = None) -> Measurements:
    now = now or timezone.now()
    window_start = now - timedelta(days=WINDOW_DAYS)
    # The first case through the created_at index; the window's figures from its rows only.
    first: datetime | None = (
        Case.objects.order_by("created_at").values_list("created_at", flat=True).first()
    )
    recent_cases = Case.objects.filter(created_at__gte=window_start, merged_into__isnull=True)
    rated = Q(csat_score__isnull=False)
    cases = recent_cases.aggregate(
        recent=Count("id"),
        csat=Avg("csat_score", filter=rated),
        ratings=Count("id", filter=rated),
    )
    age_days = round((now - first).total_seconds() / 86400) if first else WINDOW_DAYS
    days = min(WINDOW_DAYS, max(MIN_DAYS, age_days))
    since = now - timedelta(days=days)
    # From the links' side: there are far fewer links than cases, and each one's case is
    # found by its primary key. A link is never older than its case.
    with_article = (
        CaseLink.objects.filter(kind=CaseLinkKind.USED, created_at__gte=window_start)
        .filter(Exists(recent_cases.filter(pk=OuterRef("case_id"))))
        .values("case_id")
        .distinct()
        .count()
    )
    return Measurements(
        days=days,
        since=since,
        cases=cases["recent"],
        cases_per_month=cases["recent"] / days * DAYS_PER_MONTH,
        deflection=total_rate(since),
        cases_with_article=with_article,
        csat_average=float(cases["csat"]) if cases["csat"] is not None else None,
        csat_ratings=cases["ratings"],
        handle=solved_handle_time(since),
    )


def _percent(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _handle_time(inputs: RoiInputs, handle: HandleTime, window: str) -> tuple[RoiInputs, Source]:
    """The measured average handle time per solved case, once enough cases have one."""
    minutes = handle.average_minutes
    if minutes is None or handle.cases < MIN_HANDLE_CASES:
        why = (
            f"Not measured yet ({handle.cases:,} solved case{'s' if handle.cases != 1 else ''} "
            f"with recorded work time {window}; {MIN_HANDLE_CASES} are needed)"
        )
        return inputs, _default("handle_minutes", why)
    spec = SPEC_BY_NAME["handle_minutes"]
    value = round(min(max(minutes, spec.minimum), spec.maximum), 1)
    # A reused answer cannot save more than a whole case takes (the inputs' own rule).
    saved = min(inputs.minutes_saved_per_reuse, value)
    inputs = replace(inputs, handle_minutes=value, minutes_saved_per_reuse=saved)
    return inputs, Source(
        True,
        f"{window.capitalize()}: agents' recorded work time averaged {value:g} minutes per "
        f"solved case, over {handle.cases:,} solved cases (timed on the case page).",
    )


def prefill(now: datetime | None = None) -> Prefill:
    """The inputs a calculator starts from: measured where CrowdService measures, defaults
    elsewhere, each with a sentence saying which."""
    m = measure(now)
    window = f"over the last {m.days} days"
    inputs = default_inputs()
    sources = {name: _default(name) for name in SPEC_BY_NAME}
    for optional in ("retained_customers_per_year", "value_per_retained_customer"):
        sources[optional] = _default(optional, "Off by default")

    rate = m.deflection.rate
    if rate is not None:
        inputs = replace(inputs, deflection_percent=round(rate * 100, 1))
        sources["deflection_percent"] = Source(
            True,
            f"{window.capitalize()}: {m.deflection.deflected:,} of the {m.deflection.sessions:,} "
            "sessions shown suggestions were deflected (the deflection report's rate).",
        )
    else:
        sources["deflection_percent"] = _default(
            "deflection_percent", f"Not measured yet (no one was shown suggestions {window})"
        )

    if m.cases:
        # The cases measured are those the community did not deflect, from the demand that was
        # not self-served: gross them up so that the model, at full adoption, files as many
        # cases a month as were measured.
        not_deflected = max(1 - inputs.deflection_percent / 100, MIN_NOT_DEFLECTED)
        not_self_served = max(1 - inputs.self_service_percent / 100, MIN_NOT_DEFLECTED)
        demand = m.cases_per_month / not_deflected / not_self_served
        inputs = replace(inputs, monthly_demand=round(demand))
        sources["monthly_demand"] = Source(
            True,
            f"{window.capitalize()}: {m.cases_per_month:,.0f} cases a month, grossed up for "
            f"{_percent(inputs.deflection_percent)}% deflection and "
            f"{_percent(inputs.self_service_percent)}% self-service.",
        )
        reuse = m.cases_with_article / m.cases * 100
        inputs = replace(inputs, answer_reuse_percent=round(reuse, 1))
        sources["answer_reuse_percent"] = Source(
            True,
            f"{window.capitalize()}: agents linked a help-center article in "
            f"{m.cases_with_article:,} of {m.cases:,} cases (community answers they reused are "
            "not counted, so this is a floor).",
        )
    else:
        sources["monthly_demand"] = _default("monthly_demand", f"No cases {window}")
    inputs, sources["handle_minutes"] = _handle_time(inputs, m.handle, window)
    if m.csat_average is not None:
        sources["retained_customers_per_year"] = Source(
            False,
            f"Off by default: {SPEC_BY_NAME['retained_customers_per_year'].default_note}. "
            f"For context: average CSAT {m.csat_average:.1f} of 5 from {m.csat_ratings:,} ratings "
            f"{window}.",
        )
    return Prefill(inputs=inputs, sources=sources, measured=m)


def scenario_list(scenarios: QuerySet[Scenario]) -> list[Scenario]:
    return list(scenarios.select_related("owner"))
