"""Read models of the dashboards, from the roll-ups only (never the event log): a handful of
aggregate queries per dashboard whatever the number of events, so a page costs the same for a
quiet week and a busy quarter.

Rates are None when their denominator is zero; pages show them as "—".
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connections
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from crowdservice.accounts.models import User
from crowdservice.community.models import Space
from crowdservice.deflection.queries import TOP_ROWS, GapRow, RateRow, gap_rows
from crowdservice.insights import histograms
from crowdservice.insights.filters import PRESETS, Filters
from crowdservice.insights.models import (
    ALL_SPACES,
    EVENTS_CURSOR,
    NO_SPACE,
    ContributorFirst,
    ContributorSnapshot,
    DailyAgentCase,
    DailyAgentWork,
    DailyContributor,
    DailyCount,
    DailyGap,
    DailyHistogram,
    RollupCursor,
)


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


Series = dict[date, int]


@dataclass
class Counts:
    """Every daily count in the range: `by_day[metric][day]` and `by_space[metric][space]`."""

    by_day: dict[str, Series] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    by_space: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    rows: int = 0  # rows read: whether anything at all happened in the range

    def total(self, metric: str) -> int:
        return sum(self.by_day.get(metric, {}).values())

    def series(self, metric: str, days: list[date]) -> list[int]:
        values = self.by_day.get(metric, {})
        return [values.get(day, 0) for day in days]


def _in_range(qs: QuerySet[Any], f: Filters) -> QuerySet[Any]:
    qs = qs.filter(day__gte=f.start, day__lte=f.end)
    return qs.filter(space_id=f.space_id) if f.space_id is not None else qs


def load_counts(f: Filters, metrics: tuple[str, ...] | None = None) -> Counts:
    qs = _in_range(DailyCount.objects.all(), f)
    if metrics is not None:
        qs = qs.filter(metric__in=metrics)
    counts = Counts()
    for day, space, metric, value in qs.values_list("day", "space_id", "metric", "value"):
        counts.by_day[metric][day] += value
        counts.by_space[metric][space] += value
        counts.rows += 1
    return counts


@dataclass
class Durations:
    """Merged histograms: per day, and over the whole range."""

    by_day: dict[date, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    total: dict[int, int] = field(default_factory=dict)

    def median(self) -> float | None:
        return histograms.quantile(self.total)

    def daily_medians(self, days: list[date]) -> list[float | None]:
        return [histograms.quantile(self.by_day.get(day, {})) for day in days]


def load_durations(f: Filters, metrics: tuple[str, ...]) -> dict[str, Durations]:
    rows = (
        _in_range(DailyHistogram.objects.filter(metric__in=metrics), f)
        .values("metric", "day", "bucket")
        .annotate(n=Sum("count"))
        .order_by()
    )
    found: dict[str, Durations] = {metric: Durations() for metric in metrics}
    for row in rows:
        durations = found[row["metric"]]
        day_hist = durations.by_day[row["day"]]
        day_hist[row["bucket"]] = day_hist.get(row["bucket"], 0) + row["n"]
        durations.total[row["bucket"]] = durations.total.get(row["bucket"], 0) + row["n"]
    return found


def first_data_day() -> date | None:
    return DailyCount.objects.aggregate(first=Min("day"))["first"]


def space_names(ids: set[int]) -> dict[int, str]:
    names = dict(Space.objects.filter(pk__in=ids - {NO_SPACE}).values_list("pk", "name"))
    names[NO_SPACE] = "No space"
    return names


# --- Community ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contributors:
    active: int
    new: int
    returning: int
    answerers: int
    top1_share: float | None  # of the range's answers, written by the top 1% of answerers
    top10_share: float | None
    sample: int = 1  # 1: every member counted; n: active and answerers estimated from 1 in n
    snapshot: bool = False  # read from the roll-up job's exact figures for a preset range


def top_share(answer_counts: list[int], fraction: float) -> float | None:
    """The share of all answers written by the most active `fraction` of the people who
    answered (at least one person)."""
    total = sum(answer_counts)
    if not total:
        return None
    ranked = sorted((n for n in answer_counts if n > 0), reverse=True)
    top = max(1, math.ceil(len(ranked) * fraction))
    return sum(ranked[:top]) / total


# Contributor rows a dashboard reads at most: beyond it, a uniform sample of members (by shard).
ROW_BUDGET = 125_000
SHARDS = 64


def sample_rate(rows: int) -> int:
    """1, 2, 4 ... 64: the smallest power of two that brings `rows` under the budget."""
    rate = 1
    while rate < SHARDS and rows / rate > ROW_BUDGET:
        rate *= 2
    return rate


def contributors(f: Filters, rows: int) -> Contributors:
    """Active (posted in the range), new (first post ever in the range: exact, from
    `ContributorFirst`), returning (the others) and the answer concentration.

    A range as long as a preset (7, 30 or 90 days) is first looked up in the roll-up job's
    exact figures (`ContributorSnapshot`), used only if current with the last roll-up. Otherwise
    the rows are read; a busy range has more (day, member) rows than a page can read in time, and
    then only the members of the first 64/n shards are read, and the counts scaled by n (relative
    error about 1/sqrt(active/n)); shares need no scaling, but the top 1% of a sample is a few
    people, so it reads low."""
    space = f.space_id if f.space_id is not None else ALL_SPACES
    new_in_range = ContributorFirst.objects.filter(
        space_id=space, first_day__gte=f.start, first_day__lte=f.end
    )
    new = None
    if f.days in PRESETS:
        found, new = _snapshot_or_new(f, space, new_in_range)
        if found is not None:
            return found
    return read_contributors(f, rows, new_in_range, new)


def read_contributors(
    f: Filters,
    rows: int,
    new_in_range: QuerySet[ContributorFirst] | None = None,
    new: int | None = None,
) -> Contributors:
    """The figures read from the `DailyContributor` rows: exact under the row budget, from a
    sample of members (by shard) over it."""
    if new_in_range is None:
        new_in_range = ContributorFirst.objects.filter(
            space_id=f.space_id if f.space_id is not None else ALL_SPACES,
            first_day__gte=f.start,
            first_day__lte=f.end,
        )
    rate = sample_rate(rows)
    in_range = _in_range(DailyContributor.objects.all(), f)
    if rate > 1:
        in_range = in_range.filter(shard__in=range(SHARDS // rate))  # IN: uses the shard index
    per_user = list(
        in_range.values("user_id")
        .annotate(answers=Sum("answers"))
        .values_list("answers", flat=True)
    )
    active = len(per_user) * rate
    if new is None:
        new = new_in_range.count()
    answer_counts = [n for n in per_user if n]
    return Contributors(
        active=max(active, new),
        new=new,
        returning=max(active - new, 0),
        answerers=len(answer_counts) * rate,
        top1_share=top_share(answer_counts, 0.01),
        top10_share=top_share(answer_counts, 0.10),
        sample=rate,
    )


SNAPSHOT_FIELDS = ("active", "new", "answerers", "top1_share", "top10_share")


def _snapshot_or_new(
    f: Filters, space: int, new_in_range: QuerySet[ContributorFirst]
) -> tuple[Contributors | None, int | None]:
    """In one query (so a page costs no more when there is none): the job's exact figures for
    exactly this range and space if they are as new as the last roll-up, and otherwise the
    range's new contributors, which the caller would count next. (None, None) before any
    roll-up."""
    snapshot = ContributorSnapshot.objects.filter(
        space_id=space, start=f.start, end=f.end, as_of_event__gte=OuterRef("last_event_id")
    )
    new = new_in_range.order_by().values("space_id").annotate(n=Count("id")).values("n")
    row = (
        RollupCursor.objects.filter(name=EVENTS_CURSOR)
        .annotate(
            found_new=Coalesce(Subquery(new), 0),
            **{f"s_{name}": Subquery(snapshot.values(name)[:1]) for name in SNAPSHOT_FIELDS},
        )
        .values("found_new", *(f"s_{name}" for name in SNAPSHOT_FIELDS))
        .first()
    )
    if row is None:
        return None, None
    if row["s_active"] is None:
        return None, int(row["found_new"])
    active, new_people = int(row["s_active"]), int(row["s_new"])
    return Contributors(
        active=active,
        new=new_people,
        returning=max(active - new_people, 0),
        answerers=int(row["s_answerers"]),
        top1_share=row["s_top1_share"],
        top10_share=row["s_top10_share"],
        snapshot=True,
    ), None


def preset_ranges(today: date) -> list[tuple[date, date]]:
    """The dashboards' preset ranges on `today`: the last 7, 30 and 90 days, today included
    (as `filters.parse_filters` makes them)."""
    return [(today - timedelta(days=days - 1), today) for days in PRESETS]


def _raw_rows(qs: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list query as the driver returns them: without Django's per-value
    converters, which cost more than the query on hundreds of thousands of integers."""
    sql, params = qs.query.get_compiler(qs.db).as_sql()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(20_000):
            yield from batch


def preset_contributors(today: date) -> dict[tuple[int, date, date], Contributors]:
    """Exact contributor figures of every preset range on `today`, for all spaces (key space 0)
    and each space with contributors in the longest one: two grouped reads of every row of the
    longest range, whatever the number of spaces and presets (for the roll-up job)."""
    ranges = preset_ranges(today)
    n = len(ranges)
    first = min(start for start, _end in ranges)
    posts: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    for i, (start, end) in enumerate(ranges):
        within = Q(day__gte=start, day__lte=end)
        posts[f"p{i}"] = Count("id", filter=within)
        answers[f"a{i}"] = Coalesce(Sum("answers", filter=within), 0)
    rows = (
        DailyContributor.objects.filter(day__gte=first, day__lte=today)
        .values("space_id", "user_id")
        .annotate(**posts, **answers)
        .values_list("space_id", "user_id", *posts, *answers)
        .order_by()
    )
    # Per space, then per member over all spaces: [rows in range i..., answers in range i...]
    by_space: dict[int, list[list[int]]] = defaultdict(list)
    everywhere: dict[int, list[int]] = {}
    for space, user, *values in _raw_rows(rows):
        if space != NO_SPACE:
            by_space[space].append(values)
        merged = everywhere.get(user)
        if merged is None:
            everywhere[user] = list(values)
        else:
            for i, value in enumerate(values):
                merged[i] += value
    new_counts: dict[int, list[int]] = {
        space: list(counts)
        for space, *counts in _raw_rows(
            ContributorFirst.objects.filter(first_day__gte=first, first_day__lte=today)
            .values("space_id")
            .annotate(
                **{
                    f"n{i}": Count("id", filter=Q(first_day__gte=start, first_day__lte=end))
                    for i, (start, end) in enumerate(ranges)
                }
            )
            .values_list("space_id", *(f"n{i}" for i in range(n)))
            .order_by()
        )
    }
    found: dict[tuple[int, date, date], Contributors] = {}
    for space, members in ((ALL_SPACES, list(everywhere.values())), *by_space.items()):
        for i, (start, end) in enumerate(ranges):
            active = sum(1 for m in members if m[i])
            answer_counts = [m[n + i] for m in members if m[n + i]]
            new = new_counts.get(space, [0] * n)[i]
            found[(space, start, end)] = Contributors(
                active=max(active, new),
                new=new,
                returning=max(active - new, 0),
                answerers=len(answer_counts),
                top1_share=top_share(answer_counts, 0.01),
                top10_share=top_share(answer_counts, 0.10),
            )
    return found


@dataclass(frozen=True)
class CommunityDay:
    day: date
    questions: int
    answers: int
    comments: int
    accepted: int
    flags: int
    asked: int
    answered: int
    answered_by_staff: int
    median_first_answer: float | None

    @property
    def answered_by_community(self) -> int:
        return self.answered - self.answered_by_staff

    @property
    def answered_share(self) -> float | None:
        return ratio(self.answered, self.asked)


@dataclass(frozen=True)
class SpaceActivity:
    space_id: int
    name: str
    questions: int
    answers: int
    comments: int
    asked: int
    answered: int

    @property
    def answered_share(self) -> float | None:
        return ratio(self.answered, self.asked)


@dataclass(frozen=True)
class CommunityReport:
    filters: Filters
    has_data: bool
    days: list[CommunityDay]
    by_space: list[SpaceActivity]
    contributors: Contributors
    median_first_answer: float | None

    def total(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.days)

    @property
    def answered_share(self) -> float | None:
        return ratio(self.total("answered"), self.total("asked"))

    @property
    def community_share(self) -> float | None:
        return ratio(self.total("answered_by_community"), self.total("answered"))

    @property
    def staff_share(self) -> float | None:
        return ratio(self.total("answered_by_staff"), self.total("answered"))


COMMUNITY_METRICS = (
    "questions", "answers", "comments", "accepted", "flags", "asked", "answered",
    "answered_by_staff", "contributor_rows",
)  # fmt: skip


NOBODY = Contributors(active=0, new=0, returning=0, answerers=0, top1_share=None, top10_share=None)


def community_report(f: Filters, *, people: bool = True) -> CommunityReport:
    """`people=False` leaves out the contributor counts (the overview shows none)."""
    counts = load_counts(f, COMMUNITY_METRICS)
    first_answer = load_durations(f, ("first_answer",))["first_answer"]
    days = f.day_list()
    medians = first_answer.daily_medians(days)
    rows = [
        CommunityDay(
            day=day,
            questions=counts.by_day["questions"].get(day, 0),
            answers=counts.by_day["answers"].get(day, 0),
            comments=counts.by_day["comments"].get(day, 0),
            accepted=counts.by_day["accepted"].get(day, 0),
            flags=counts.by_day["flags"].get(day, 0),
            asked=counts.by_day["asked"].get(day, 0),
            answered=counts.by_day["answered"].get(day, 0),
            answered_by_staff=counts.by_day["answered_by_staff"].get(day, 0),
            median_first_answer=median,
        )
        for day, median in zip(days, medians, strict=True)
    ]
    spaces: set[int] = set()
    for metric in ("questions", "answers", "comments", "asked"):
        spaces.update(counts.by_space[metric])
    names = space_names(spaces)
    by_space = sorted(
        (
            SpaceActivity(
                space_id=space,
                name=names.get(space, f"Space {space}"),
                questions=counts.by_space["questions"].get(space, 0),
                answers=counts.by_space["answers"].get(space, 0),
                comments=counts.by_space["comments"].get(space, 0),
                asked=counts.by_space["asked"].get(space, 0),
                answered=counts.by_space["answered"].get(space, 0),
            )
            for space in spaces
        ),
        key=lambda s: (-s.questions - s.answers - s.comments, s.name),
    )
    return CommunityReport(
        filters=f,
        has_data=counts.rows > 0,
        days=rows,
        by_space=by_space,
        contributors=contributors(f, counts.total("contributor_rows")) if people else NOBODY,
        median_first_answer=first_answer.median(),
    )


# --- Support --------------------------------------------------------------------------------

CHANNELS = ("web", "email", "api", "community")
SUPPORT_METRICS = (
    "cases", *(f"cases_{c}" for c in CHANNELS), "first_responses", "resolved",
    "resolved_within_sla", "reopened", "csat_ratings", "csat_sum", "csat_satisfied",
    "escalations", "publications", "sla_breaches", "work_seconds", "handle_cases",
    "handle_seconds",
)  # fmt: skip


@dataclass(frozen=True)
class SupportDay:
    day: date
    cases: int
    by_channel: dict[str, int]
    first_responses: int
    median_first_response: float | None
    resolved: int
    resolved_within_sla: int
    median_resolution: float | None
    reopened: int
    backlog: int
    csat_ratings: int
    csat_sum: int
    csat_satisfied: int
    escalations: int
    publications: int
    work_seconds: int  # recorded work time saved that day
    handle_cases: int  # cases solved that day that have recorded work time
    handle_seconds: int  # all the recorded work time of those cases

    @property
    def sla_attainment(self) -> float | None:
        return ratio(self.resolved_within_sla, self.resolved)

    @property
    def csat_average(self) -> float | None:
        return ratio(self.csat_sum, self.csat_ratings)

    @property
    def time_worked(self) -> int | None:
        """None: no work time recorded ("not measured", not 0)."""
        return self.work_seconds or None

    @property
    def handle_time(self) -> float | None:
        return ratio(self.handle_seconds, self.handle_cases)


@dataclass(frozen=True)
class AgentLoad:
    agent_id: int
    name: str
    cases: int
    customers: int
    work_seconds: int = 0  # exact, even when `cases` and `customers` are sampled
    work_cases: int = 0  # distinct cases with recorded work time

    @property
    def time_worked(self) -> int | None:
        return self.work_seconds or None

    @property
    def time_per_case(self) -> float | None:
        return ratio(self.work_seconds, self.work_cases)


@dataclass(frozen=True)
class SupportReport:
    filters: Filters
    has_data: bool
    days: list[SupportDay]
    agents: list[AgentLoad]
    agent_sample: int  # 1: exact; n: estimated from 1 customer in n
    median_first_response: float | None
    median_resolution: float | None

    def total(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.days)

    def channel_total(self, channel: str) -> int:
        return sum(d.by_channel.get(channel, 0) for d in self.days)

    @property
    def backlog(self) -> int:
        return self.days[-1].backlog if self.days else 0

    @property
    def sla_attainment(self) -> float | None:
        return ratio(self.total("resolved_within_sla"), self.total("resolved"))

    @property
    def reopen_rate(self) -> float | None:
        return ratio(self.total("reopened"), self.total("resolved"))

    @property
    def csat_average(self) -> float | None:
        return ratio(self.total("csat_sum"), self.total("csat_ratings"))

    @property
    def csat_satisfied_share(self) -> float | None:
        return ratio(self.total("csat_satisfied"), self.total("csat_ratings"))

    @property
    def cases_per_agent(self) -> float | None:
        return ratio(sum(a.cases for a in self.agents), len(self.agents))

    @property
    def customers_per_agent(self) -> float | None:
        return ratio(sum(a.customers for a in self.agents), len(self.agents))

    @property
    def time_worked(self) -> int | None:
        """Recorded work time in the range; None when none was recorded ("not measured")."""
        return self.total("work_seconds") or None

    @property
    def handle_cases(self) -> int:
        return self.total("handle_cases")

    @property
    def handle_time(self) -> float | None:
        """Average recorded work time per case solved in the range that has any
        (`cases.queries.solved_work_logs`, the ROI prefill's definition)."""
        return ratio(self.total("handle_seconds"), self.handle_cases)


def backlog_before(f: Filters) -> int:
    """Unresolved cases at the start of the range: every change before it, added up."""
    qs = DailyCount.objects.filter(metric="backlog_change", day__lt=f.start)
    if f.space_id is not None:
        qs = qs.filter(space_id=f.space_id)
    return qs.aggregate(n=Sum("value"))["n"] or 0


def agent_loads(f: Filters, rows: int) -> tuple[list[AgentLoad], int]:
    """Distinct cases and customers per agent, and the sample rate: over a busy range only the
    customers of the first shards are read and the counts scaled up (see `contributors`)."""
    rate = sample_rate(rows)
    qs = _in_range(DailyAgentCase.objects.all(), f)
    if rate > 1:
        qs = qs.filter(shard__in=range(SHARDS // rate))  # IN: the planner uses the shard index
    found = list(
        qs.values("agent_id")
        .annotate(
            cases=Count("case_id", distinct=True), customers=Count("requester_id", distinct=True)
        )
        .order_by("-cases", "agent_id")
    )
    # Work time is never sampled: one row per agent, case and day with time recorded.
    work = {
        r["agent_id"]: r
        for r in _in_range(DailyAgentWork.objects.all(), f)
        .values("agent_id")
        .annotate(seconds=Sum("seconds"), cases=Count("case_id", distinct=True))
        .order_by()
    }
    # Agents who only recorded time (no public reply) follow, busiest first.
    replied = {r["agent_id"] for r in found}
    found += [
        {"agent_id": agent, "cases": 0, "customers": 0}
        for agent, _row in sorted(
            ((a, r) for a, r in work.items() if a not in replied),
            key=lambda item: (-item[1]["seconds"], item[0]),
        )
    ]
    names = {
        u.pk: u.public_name for u in User.objects.filter(pk__in=[r["agent_id"] for r in found])
    }
    loads = [
        AgentLoad(
            agent_id=r["agent_id"],
            name=names.get(r["agent_id"], f"Former agent {r['agent_id']}"),
            cases=r["cases"] * rate,
            customers=r["customers"] * rate,
            work_seconds=int(work[r["agent_id"]]["seconds"]) if r["agent_id"] in work else 0,
            work_cases=work[r["agent_id"]]["cases"] if r["agent_id"] in work else 0,
        )
        for r in found
    ]
    return loads, rate


def support_report(f: Filters, *, agents_too: bool = True) -> SupportReport:
    """`agents_too=False` leaves out the per-agent load (the overview shows none)."""
    counts = load_counts(f, (*SUPPORT_METRICS, "backlog_change", "agent_case_rows"))
    agents, agent_sample = (
        agent_loads(f, counts.total("agent_case_rows")) if agents_too else ([], 1)
    )
    durations = load_durations(f, ("first_response", "resolution"))
    days = f.day_list()
    first = durations["first_response"].daily_medians(days)
    resolution = durations["resolution"].daily_medians(days)
    backlog = backlog_before(f)
    rows: list[SupportDay] = []
    for i, day in enumerate(days):
        backlog += counts.by_day["backlog_change"].get(day, 0)

        def get(metric: str, day: date = day) -> int:
            return counts.by_day[metric].get(day, 0)

        rows.append(
            SupportDay(
                day=day,
                cases=get("cases"),
                by_channel={c: get(f"cases_{c}") for c in CHANNELS},
                first_responses=get("first_responses"),
                median_first_response=first[i],
                resolved=get("resolved"),
                resolved_within_sla=get("resolved_within_sla"),
                median_resolution=resolution[i],
                reopened=get("reopened"),
                backlog=backlog,
                csat_ratings=get("csat_ratings"),
                csat_sum=get("csat_sum"),
                csat_satisfied=get("csat_satisfied"),
                escalations=get("escalations"),
                publications=get("publications"),
                work_seconds=get("work_seconds"),
                handle_cases=get("handle_cases"),
                handle_seconds=get("handle_seconds"),
            )
        )
    has_data = counts.rows > 0 or backlog != 0
    return SupportReport(
        filters=f,
        has_data=has_data,
        days=rows,
        agents=agents,
        agent_sample=agent_sample,
        median_first_response=durations["first_response"].median(),
        median_resolution=durations["resolution"].median(),
    )


# --- Deflection -----------------------------------------------------------------------------

DEFLECTION_METRICS = (
    "defl_sessions", "defl_searched", "defl_self_solved", "defl_abandoned", "defl_filed_anyway",
    "cases", "kb_helpful", "kb_not_helpful",
)  # fmt: skip


@dataclass(frozen=True)
class DeflectionDay:
    day: date
    rates: RateRow  # deflection's own definition of the rate
    searched: int
    cases: int
    kb_helpful: int
    kb_not_helpful: int

    @property
    def self_service_score(self) -> float | None:
        return ratio(self.searched, self.cases)

    @property
    def kb_helpful_share(self) -> float | None:
        return ratio(self.kb_helpful, self.kb_helpful + self.kb_not_helpful)


@dataclass(frozen=True)
class DeflectionReport:
    filters: Filters
    has_data: bool
    days: list[DeflectionDay]
    total: RateRow
    gaps: list[GapRow]

    def total_of(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.days)

    @property
    def self_service_score(self) -> float | None:
        return ratio(self.total_of("searched"), self.total_of("cases"))

    @property
    def kb_helpful_share(self) -> float | None:
        helpful = self.total_of("kb_helpful")
        return ratio(helpful, helpful + self.total_of("kb_not_helpful"))


def content_gaps(f: Filters, limit: int = TOP_ROWS) -> list[GapRow]:
    """Deflection's content gaps (`deflection.queries.content_gaps`), summed from the daily
    roll-up in the same order: most filed first."""
    rows = (
        _in_range(DailyGap.objects.all(), f)
        .values("query_key")
        .annotate(
            filed=Sum("filed"),
            without_results=Sum("without_results"),
            example=Max("example"),
            last_filed=Max("last_filed"),
        )
        .order_by("-filed", "-last_filed", "query_key")[:limit]
    )
    return gap_rows(rows)


def deflection_report(f: Filters, *, gaps: bool = True) -> DeflectionReport:
    """`gaps=False` leaves out the content gaps (the overview shows none)."""
    counts = load_counts(f, DEFLECTION_METRICS)
    rows = []
    for day in f.day_list():

        def get(metric: str, day: date = day) -> int:
            return counts.by_day[metric].get(day, 0)

        rows.append(
            DeflectionDay(
                day=day,
                rates=RateRow(
                    label=day.isoformat(),
                    sessions=get("defl_sessions"),
                    self_solved=get("defl_self_solved"),
                    abandoned=get("defl_abandoned"),
                    filed_anyway=get("defl_filed_anyway"),
                ),
                searched=get("defl_searched"),
                cases=get("cases"),
                kb_helpful=get("kb_helpful"),
                kb_not_helpful=get("kb_not_helpful"),
            )
        )
    total = RateRow(
        label="All sessions",
        sessions=sum(d.rates.sessions for d in rows),
        self_solved=sum(d.rates.self_solved for d in rows),
        abandoned=sum(d.rates.abandoned for d in rows),
        filed_anyway=sum(d.rates.filed_anyway for d in rows),
    )
    return DeflectionReport(
        filters=f,
        has_data=counts.rows > 0,
        days=rows,
        total=total,
        gaps=content_gaps(f) if gaps else [],
    )
