"""Finding spikes: load a run's counts in a fixed number of queries, test every candidate.

A candidate is a term with at least `min_documents` documents in one of the recent windows; its
baseline is the `baseline_days` before the longest window (so a spike in progress never raises
its own baseline). Distinct authors, sources, spaces and examples are looked up afterwards, for
the few terms that passed the test.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, Sum

from crowdservice.trends.config import TrendConfig
from crowdservice.trends.hours import HOUR, floor_hour, hours_between
from crowdservice.trends.models import DocumentTerm, SourceHour, Term, TermHour
from crowdservice.trends.statistics import Counts, adjust, binomial_tests

ID_CHUNK = 500
SPARKLINE_HOURS = 48


@dataclass
class Finding:
    term: Term
    window_hours: int
    window_end: datetime
    counts: Counts
    expected: float
    p_value: float
    q_value: float = 1.0
    authors: int = 0
    sources: list[str] = field(default_factory=list)
    space_ids: list[int] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)  # newest first
    hourly: list[int] = field(default_factory=list)  # the last SPARKLINE_HOURS hours
    # Other spiking terms of mostly the same posts ("sync", "sync failed", "calendar sync"…):
    # one burst is one alert, headed by its most readable term.
    related: list[Finding] = field(default_factory=list)

    @property
    def observed(self) -> int:
        return self.counts.observed

    @property
    def lift(self) -> float:
        return self.observed / self.expected if self.expected > 0 else float("inf")

    def is_spike(self, config: TrendConfig) -> bool:
        return (
            self.q_value <= config.max_q
            and self.lift >= config.min_lift
            and self.observed >= config.min_documents
            and self.authors >= config.min_authors
        )


@dataclass
class Detection:
    window_end: datetime
    documents: int  # in the longest window
    baseline_documents: int
    tested: int
    findings: list[Finding]  # every test, most significant first
    spikes: list[Finding]


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), ID_CHUNK):
        yield ids[i : i + ID_CHUNK]


def _by_hour(rows: Iterable[tuple[datetime, int]]) -> dict[datetime, int]:
    out: dict[datetime, int] = defaultdict(int)
    for hour, n in rows:
        out[floor_hour(hour)] += n
    return out


def detect(at: datetime, config: TrendConfig, *, space_id: int | None = None) -> Detection:
    """Test every candidate term at `at` (the windows end at the hour `at` falls in)."""
    end = floor_hour(at)
    longest = max(config.window_hours)
    recent_start = end - longest * HOUR
    base_start = recent_start - timedelta(days=config.baseline_days)
    where = {} if space_id is None else {"space_id": space_id}

    totals = _by_hour(
        SourceHour.objects.filter(hour__gte=base_start, hour__lt=end, **where)
        .values("hour")
        .annotate(n=Sum("documents"))
        .values_list("hour", "n")
    )
    windows = {w: set(hours_between(end - w * HOUR, end)) for w in config.window_hours}
    hours_of_day = {w: sorted({h.hour for h in hours}) for w, hours in windows.items()}
    # Summed in the database, per term: a window's count, and the baseline's (all of it, and at
    # each window's hours of the day); no per-hour rows travel to Python.
    candidates: dict[int, dict[int, int]] = {}
    for row in (
        TermHour.objects.filter(hour__gte=recent_start, hour__lt=end, **where)
        .values("term_id")
        .annotate(
            **{
                f"w{w}": Sum("documents", filter=Q(hour__gte=end - w * HOUR))
                for w in config.window_hours
            }
        )
    ):
        kept = {w: row[f"w{w}"] or 0 for w in config.window_hours}  # type: ignore[literal-required]
        kept = {w: n for w, n in kept.items() if n >= config.min_documents}
        if kept:
            candidates[row["term_id"]] = kept
    baseline_hours = hours_between(base_start, recent_start)
    baseline_total = sum(totals.get(h, 0) for h in baseline_hours)
    history: dict[int, dict[str, int]] = {}
    for chunk in _chunks(sorted(candidates)):
        for row in (
            TermHour.objects.filter(
                term_id__in=chunk, hour__gte=base_start, hour__lt=recent_start, **where
            )
            .values("term_id")
            .annotate(
                total=Sum("documents"),
                **{
                    f"w{w}": Sum("documents", filter=Q(hour_of_day__in=hours_of_day[w]))
                    for w in config.window_hours
                },
            )
        ):
            history[row["term_id"]] = {
                "total": row["total"] or 0,
                **{f"w{w}": row[f"w{w}"] or 0 for w in config.window_hours},  # type: ignore[literal-required]
            }
    terms = {t.pk: t for t in Term.objects.filter(pk__in=list(candidates))} if candidates else {}

    tests: list[tuple[int, int, Counts]] = []
    for term_id in sorted(candidates):
        past = history.get(term_id, {})
        for w, observed in sorted(candidates[term_id].items()):
            same = [h for h in baseline_hours if h.hour in hours_of_day[w]]
            counts = Counts(
                observed=observed,
                total=sum(totals.get(h, 0) for h in windows[w]),
                baseline=past.get("total", 0),
                baseline_total=baseline_total,
                same_hours=past.get(f"w{w}", 0),
                same_hours_total=sum(totals.get(h, 0) for h in same),
            )
            tests.append((term_id, w, counts))
    findings = [
        Finding(
            term=terms[term_id], window_hours=w, window_end=end, counts=counts,
            expected=tested.expected, p_value=tested.p_value,
        )
        for (term_id, w, counts), tested in zip(
            tests, binomial_tests([t[2] for t in tests]), strict=True
        )
    ]  # fmt: skip
    for finding, q in zip(findings, adjust([f.p_value for f in findings]), strict=True):
        finding.q_value = q
    findings.sort(key=lambda f: (f.q_value, f.p_value, -f.observed, f.term.key, f.window_hours))

    promising = [f for f in findings if f.q_value <= config.max_q and f.lift >= config.min_lift]
    describe(promising, recent_start, end, where)
    spikes: list[Finding] = []
    seen: set[int] = set()
    for finding in promising:
        if finding.term.pk not in seen and finding.is_spike(config):
            seen.add(finding.term.pk)  # each term once, at its most significant window
            spikes.append(finding)
    spikes = group_bursts(spikes)
    return Detection(
        window_end=end,
        documents=sum(totals.get(h, 0) for h in windows[longest]),
        baseline_documents=baseline_total,
        tested=len(findings),
        findings=findings,
        spikes=spikes,
    )


# Two spiking terms are one burst when most posts of the smaller one are posts of the other.
SAME_BURST = 0.6


# Beyond 16 times the expected count, "how many times" no longer tells terms apart.
MAX_DOUBLINGS = 4


def _headline_rank(finding: Finding) -> tuple[int, int, int, int, float, str]:
    """Prefer the term the burst changed most (in doublings of its expected count, up to 16x),
    then the one most of its posts mention, then a longer phrase, then a tag: "outage" over the
    ordinary "wifi" the same posts carry, "calendar sync" over "sync"."""
    term = finding.term
    doublings = math.floor(math.log2(finding.lift)) if finding.lift > 0 else 0
    words = len(term.key.split(" ")) if term.kind != "tag" else 1
    return (
        -min(doublings, MAX_DOUBLINGS), -finding.observed, -words,
        0 if term.kind == "tag" else 1, finding.p_value, term.key,
    )  # fmt: skip


def group_bursts(spikes: list[Finding]) -> list[Finding]:
    """Merge spikes that share most of their posts; each group headed by its most readable term."""
    groups: list[list[Finding]] = []
    for finding in spikes:  # most significant first, so every group starts from its strongest
        mine = set(finding.document_ids)
        for group in groups:
            theirs = set(group[0].document_ids)
            if mine and theirs and len(mine & theirs) >= SAME_BURST * min(len(mine), len(theirs)):
                group.append(finding)
                break
        else:
            groups.append([finding])
    heads = []
    for group in groups:
        group.sort(key=_headline_rank)
        head = group[0]
        head.related = group[1:]
        heads.append(head)
    return heads


def describe(
    findings: list[Finding], start: datetime, end: datetime, where: dict[str, int]
) -> None:
    """Fill in distinct authors, sources, spaces and the newest documents of each finding."""
    if not findings:
        return
    space_filter = {f"document__{k}": v for k, v in where.items()}
    rows = (
        DocumentTerm.objects.filter(
            term_id__in={f.term.pk for f in findings}, hour__gte=start, hour__lt=end,
            **space_filter,
        )
        .order_by("-document__at", "-document_id")
        .values_list(
            "term_id", "hour", "document_id", "document__author_id", "document__source",
            "document__space_id",
        )
    )  # fmt: skip
    by_term: dict[int, list[tuple[datetime, int, int | None, str, int]]] = defaultdict(list)
    for term_id, hour, document_id, author_id, source, space in rows:
        by_term[term_id].append((floor_hour(hour), document_id, author_id, source, space))
    for finding in findings:
        window_start = end - finding.window_hours * HOUR
        inside = [r for r in by_term.get(finding.term.pk, []) if r[0] >= window_start]
        finding.authors = len({r[2] for r in inside if r[2] is not None})
        finding.sources = sorted({r[3] for r in inside})
        finding.space_ids = sorted({r[4] for r in inside if r[4]})
        finding.document_ids = [r[1] for r in inside]


def sparklines(findings: list[Finding], end: datetime, where: dict[str, int]) -> None:
    """Each finding's hourly counts over the last two days, oldest first."""
    if not findings:
        return
    start = end - SPARKLINE_HOURS * HOUR
    counts: dict[int, dict[datetime, int]] = defaultdict(dict)
    for row in (
        TermHour.objects.filter(
            term_id__in={f.term.pk for f in findings}, hour__gte=start, hour__lt=end, **where
        )
        .values("term_id", "hour")
        .annotate(n=Sum("documents"))
    ):
        counts[row["term_id"]][floor_hour(row["hour"])] = row["n"]
    hours = hours_between(start, end)
    for finding in findings:
        mine = counts.get(finding.term.pk, {})
        finding.hourly = [mine.get(h, 0) for h in hours]
