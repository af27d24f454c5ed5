"""What one day of the event log adds up to: the reads behind the roll-up actions.

Four parts, recomputed independently for a day (each owns its own metric names):

- "events": counts, durations and per-person rows of the events that happened that day, each in
  the space its object belongs to (questions by their space, answers, comments, accepts and flags
  by their question's, cases by the case's).
- "cohort": questions asked that day and what became of them (answered, by whom, how fast),
  from `QuestionFact`, which the job keeps as answers arrive.
- "deflection": deflection sessions started that day, with deflection's own definitions.
- "handle": the recorded work time of the cases solved that day (by their current `solved_at`),
  with the cases app's own definition (`cases.queries.solved_work_logs`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Max, Min, Q, Sum

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import STAFF_ROLES
from crowdservice.cases.models import UNRESOLVED_STATUSES, Case
from crowdservice.cases.queries import solved_work_logs
from crowdservice.community.models import Answer, Comment, Question
from crowdservice.core.models import Event
from crowdservice.deflection.models import DeflectionSession, Outcome
from crowdservice.deflection.queries import gap_sessions, shown_sessions
from crowdservice.insights.histograms import bucket_of
from crowdservice.insights.models import NO_SPACE, QuestionFact

CHUNK = 2_000  # ids per IN (...) lookup: well under SQLite's and PostgreSQL's limits
GAPS_PER_DAY = 40  # content-gap subjects kept per space and day

COMMUNITY_VERBS = (
    "question.created", "answer.created", "comment.created", "answer.accepted",
    "answer.endorsed", "moderation.flagged",
)  # fmt: skip
CASE_VERBS = (
    "case.created", "case.first_response", "case.solved", "case.closed", "case.reopened",
    "case.csat_rated", "case.escalated", "case.published", "case.sla_breached", "case.replied",
    "case.work_logged",
)  # fmt: skip
# Case events that can change which cases count as solved on a day, or their recorded time:
# the "handle" part of those cases' solve days is recomputed.
HANDLE_VERBS = (
    "case.work_logged", "case.solved", "case.closed", "case.reopened", "case.merged",
)  # fmt: skip
OTHER_VERBS = ("article.feedback",)
EVENT_VERBS = COMMUNITY_VERBS + CASE_VERBS + OTHER_VERBS
FACT_VERBS = ("question.created", "answer.created")
DEFLECTION_VERBS = (
    "deflection.suggestion_opened", "deflection.self_solved", "deflection.filed_anyway",
    "deflection.abandoned",
)  # fmt: skip

# Metric names of the "cohort" and "deflection" parts; every other metric is the "events" part's.
COHORT_METRICS = ("asked", "answered", "answered_by_staff")
COHORT_HISTOGRAMS = ("first_answer",)
DEFLECTION_METRICS = (
    "defl_sessions", "defl_searched", "defl_self_solved", "defl_abandoned", "defl_filed_anyway",
)  # fmt: skip
EVENT_HISTOGRAMS = ("first_response", "resolution")
HANDLE_METRICS = ("handle_cases", "handle_seconds")
PARTS = ("events", "cohort", "deflection", "handle")

Key = tuple[int, str]  # (space_id, metric)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


def utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def chunked(ids: Iterable[int]) -> Iterator[list[int]]:
    batch: list[int] = []
    for value in ids:
        batch.append(value)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class DayRollup:
    """Everything one part of one day adds up to, ready to replace that day's rows."""

    counts: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    histograms: dict[tuple[int, str, int], int] = field(default_factory=lambda: defaultdict(int))
    # (space, user) -> [posts, answers]
    contributors: dict[tuple[int, int], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )
    agent_cases: set[tuple[int, int, int, int]] = field(default_factory=set)  # space, agent...
    # (space, agent, case) -> seconds worked
    agent_work: dict[tuple[int, int, int], int] = field(default_factory=lambda: defaultdict(int))
    # (space, words) -> filed, filed without results, an example query, last filed
    gaps: dict[tuple[int, str], tuple[int, int, str, datetime | None]] = field(default_factory=dict)

    def add(self, space: int, metric: str, value: int = 1) -> None:
        self.counts[(space, metric)] += value

    def observe(self, space: int, metric: str, seconds: float) -> None:
        self.histograms[(space, metric, bucket_of(seconds))] += 1


def staff_ids() -> set[int]:
    return set(User.objects.filter(role__in=STAFF_ROLES).values_list("pk", flat=True))


def _question_spaces(ids: set[int]) -> dict[int, int]:
    spaces: dict[int, int] = {}
    for batch in chunked(sorted(ids)):
        spaces.update(Question.objects.filter(pk__in=batch).values_list("pk", "space_id"))
    return spaces


@dataclass(frozen=True)
class CaseRow:
    space_id: int
    created_at: datetime
    requester_id: int


def _cases(ids: set[int]) -> dict[int, CaseRow]:
    found: dict[int, CaseRow] = {}
    for batch in chunked(sorted(ids)):
        for pk, space_id, created_at, requester_id in Case.objects.filter(pk__in=batch).values_list(
            "pk", "space_id", "created_at", "requester_id"
        ):
            found[pk] = CaseRow(space_id or NO_SPACE, created_at, requester_id)
    return found


def _first_breaches(ids: set[int], before: datetime) -> dict[int, int]:
    """The id of each case's first SLA breach (events are ordered by id), if any."""
    found: dict[int, int] = {}
    for batch in chunked(sorted(ids)):
        rows = (
            Event.objects.filter(
                verb="case.sla_breached",
                object_type="cases.case",
                object_id__in=batch,
                created_at__lt=before,
            )
            .values("object_id")
            .annotate(first=Min("id"))
            .order_by()
        )
        found.update((int(r["object_id"] or 0), int(r["first"])) for r in rows)
    return found


def _flag_spaces(targets: set[tuple[str, int]]) -> dict[tuple[str, int], int]:
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, object_id in targets:
        by_kind[kind].add(object_id)
    spaces: dict[tuple[str, int], int] = {}
    for kind, model, path in (
        ("question", Question, "space_id"),
        ("answer", Answer, "question__space_id"),
        ("comment", Comment, "question__space_id"),
    ):
        for batch in chunked(sorted(by_kind.get(kind, ()))):
            for pk, space in model.objects.filter(pk__in=batch).values_list("pk", path):
                spaces[(kind, pk)] = space
    return spaces


EventRow = tuple[int, str, int | None, int | None, dict[str, Any], datetime]


def day_events(day: date) -> list[EventRow]:
    start, end = day_bounds(day)
    return list(
        Event.objects.filter(verb__in=EVENT_VERBS, created_at__gte=start, created_at__lt=end)
        .order_by("id")
        .values_list("id", "verb", "actor_id", "object_id", "payload", "created_at")
    )


def events_part(day: date, staff: set[int] | None = None) -> DayRollup:
    """Counts, durations and per-person rows of the events of `day`."""
    events = day_events(day)
    staff = staff_ids() if staff is None else staff
    need_questions: set[int] = set()
    case_ids: set[int] = set()
    flag_targets: set[tuple[str, int]] = set()
    for _id, verb, _actor, object_id, payload, _at in events:
        if verb.startswith("case.") and object_id is not None:
            case_ids.add(object_id)
        elif verb == "moderation.flagged":
            flag_targets.add((str(payload.get("kind", "")), int(payload.get("object_id") or 0)))
        elif (
            verb != "question.created" and "space_id" not in payload and payload.get("question_id")
        ):
            need_questions.add(int(payload["question_id"]))
    question_spaces = _question_spaces(need_questions)
    cases = _cases(case_ids)
    flag_spaces = _flag_spaces(flag_targets)
    resolved_ids = {
        object_id
        for _id, verb, _a, object_id, payload, _at in events
        if verb in ("case.solved", "case.closed") and payload.get("from") in UNRESOLVED_STATUSES
        and object_id is not None
    }  # fmt: skip
    breaches = _first_breaches(resolved_ids, day_bounds(day)[1])

    rollup = DayRollup()
    for event_id, verb, actor, object_id, payload, at in events:
        if verb in COMMUNITY_VERBS:
            if verb == "moderation.flagged":
                target = (str(payload.get("kind", "")), int(payload.get("object_id") or 0))
                space = flag_spaces.get(target, NO_SPACE)
            elif "space_id" in payload:
                space = int(payload["space_id"] or NO_SPACE)
            else:
                space = question_spaces.get(int(payload.get("question_id") or 0), NO_SPACE)
            _community_event(rollup, verb, space, actor)
        elif verb.startswith("case."):
            case = cases.get(object_id or 0)
            if case is not None:
                _case_event(rollup, event_id, verb, actor, object_id or 0, payload, at, case,
                            breaches, staff)  # fmt: skip
        elif verb == "article.feedback":
            rollup.add(NO_SPACE, "kb_helpful" if payload.get("helpful") else "kb_not_helpful")
    for space, *_agent_case in rollup.agent_cases:
        rollup.add(space, "agent_case_rows")
    for space, _user in rollup.contributors:
        # How many rows a range's contributor query would read: decides its sample (queries.py).
        rollup.add(space, "contributor_rows")
    return rollup


def _community_event(rollup: DayRollup, verb: str, space: int, actor: int | None) -> None:
    metric = {
        "question.created": "questions",
        "answer.created": "answers",
        "comment.created": "comments",
        "answer.accepted": "accepted",
        "answer.endorsed": "endorsed",
        "moderation.flagged": "flags",
    }[verb]
    rollup.add(space, metric)
    if verb in ("question.created", "answer.created", "comment.created") and actor is not None:
        row = rollup.contributors[(space, actor)]
        row[0] += 1
        if verb == "answer.created":
            row[1] += 1


def _case_event(
    rollup: DayRollup,
    event_id: int,
    verb: str,
    actor: int | None,
    case_id: int,
    payload: dict[str, Any],
    at: datetime,
    case: CaseRow,
    breaches: dict[int, int],
    staff: set[int],
) -> None:
    space = case.space_id
    if verb == "case.created":
        rollup.add(space, "cases")
        rollup.add(space, f"cases_{payload.get('channel') or 'web'}")
        rollup.add(space, "backlog_change")
    elif verb == "case.first_response":
        rollup.add(space, "first_responses")
        rollup.observe(space, "first_response", float(payload.get("seconds") or 0))
    elif verb in ("case.solved", "case.closed"):
        if payload.get("from") in UNRESOLVED_STATUSES:
            rollup.add(space, "resolved")
            rollup.add(space, "backlog_change", -1)
            rollup.observe(space, "resolution", (at - case.created_at).total_seconds())
            breach = breaches.get(case_id)
            if breach is None or breach > event_id:
                rollup.add(space, "resolved_within_sla")
    elif verb == "case.reopened":
        rollup.add(space, "reopened")
        rollup.add(space, "backlog_change")
    elif verb == "case.csat_rated":
        score = int(payload.get("score") or 0)
        if 1 <= score <= 5:
            rollup.add(space, "csat_ratings")
            rollup.add(space, "csat_sum", score)
            rollup.add(space, "csat_satisfied", 1 if score >= 4 else 0)
    elif verb == "case.escalated":
        rollup.add(space, "escalations")
    elif verb == "case.published":
        rollup.add(space, "publications")
    elif verb == "case.sla_breached":
        rollup.add(space, "sla_breaches")
    elif verb == "case.work_logged":
        seconds = _seconds(payload.get("seconds"))
        if seconds:
            rollup.add(space, "work_seconds", seconds)
            if actor is not None:
                rollup.agent_work[(space, actor, case_id)] += seconds
    elif (
        verb == "case.replied"
        and payload.get("by_agent")
        and actor is not None
        and actor in staff
        and actor != case.requester_id
    ):
        rollup.agent_cases.add((space, actor, case_id, case.requester_id))


def _seconds(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def handle_part(day: date) -> DayRollup:
    """The cases solved (or closed) on `day` that have recorded work time, and all of it, by
    space: handle time per solved case with the same definition as the ROI prefill's
    (`cases.queries.solved_work_logs`), so a range's average is the sum over its days."""
    start, end = day_bounds(day)
    rollup = DayRollup()
    rows = (
        solved_work_logs(start, end)
        .values("case__space_id")
        .annotate(cases=Count("case_id", distinct=True), seconds=Sum("seconds"))
        .order_by()
    )
    for row in rows:
        space = row["case__space_id"] or NO_SPACE
        rollup.add(space, "handle_cases", row["cases"])
        rollup.add(space, "handle_seconds", int(row["seconds"] or 0))
    return rollup


def solve_days(case_ids: set[int], up_to_event: int) -> set[date]:
    """Every day these cases were solved or closed, now (`solved_at`) or before a reopen (the
    log): the days whose "handle" part may count them, or counted them until now."""
    days: set[date] = set()
    for batch in chunked(sorted(case_ids)):
        solved = Case.objects.filter(pk__in=batch, solved_at__isnull=False)
        days.update(utc_day(at) for at in solved.values_list("solved_at", flat=True) if at)
        days.update(
            utc_day(at)
            for at in Event.objects.filter(
                verb__in=("case.solved", "case.closed"),
                object_type="cases.case",
                object_id__in=batch,
                id__lte=up_to_event,
            ).values_list("created_at", flat=True)
        )
    return days


def cohort_part(day: date) -> DayRollup:
    """Questions asked on `day`, and how many got a first answer from someone else, from whom,
    and how fast (in the `first_answer` histogram)."""
    rollup = DayRollup()
    for space, created_at, first_at, by_staff in QuestionFact.objects.filter(day=day).values_list(
        "space_id", "created_at", "first_answer_at", "first_answer_by_staff"
    ):
        rollup.add(space, "asked")
        if first_at is not None:
            rollup.add(space, "answered")
            if by_staff:
                rollup.add(space, "answered_by_staff")
            rollup.observe(space, "first_answer", (first_at - created_at).total_seconds())
    return rollup


def deflection_part(day: date) -> DayRollup:
    """Deflection sessions started on `day`, by space: those shown suggestions (deflection's
    denominator, `shown_sessions`) and their outcomes, and every session that searched."""
    start, end = day_bounds(day)
    rollup = DayRollup()
    shown = (
        shown_sessions(start)
        .filter(started_at__lt=end)
        .values("space_id")
        .annotate(
            sessions=Count("id"),
            self_solved=Count("id", filter=Q(outcome=Outcome.SELF_SOLVED)),
            abandoned=Count("id", filter=Q(outcome=Outcome.ABANDONED)),
            filed_anyway=Count("id", filter=Q(outcome=Outcome.FILED_ANYWAY)),
        )
        .order_by()
    )
    for row in shown:
        space = row["space_id"] or NO_SPACE
        rollup.add(space, "defl_sessions", row["sessions"])
        rollup.add(space, "defl_self_solved", row["self_solved"])
        rollup.add(space, "defl_abandoned", row["abandoned"])
        rollup.add(space, "defl_filed_anyway", row["filed_anyway"])
    searched = (
        DeflectionSession.objects.filter(started_at__gte=start, started_at__lt=end, searches__gt=0)
        .values("space_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for searched_row in searched:
        rollup.add(searched_row["space_id"] or NO_SPACE, "defl_searched", searched_row["n"])
    gaps = (
        gap_sessions(start, until=end)
        .values("space_id", "query_key")
        .annotate(
            filed=Count("id"),
            without_results=Count("id", filter=Q(searches_with_results=0)),
            example=Max("last_query"),
            last_filed=Max("decided_at"),
        )
        .order_by()
    )
    # Only each space's most filed subjects of the day are kept: the dashboards list the most
    # filed over a range, and one-off subjects (most of them) would make that sum slow.
    kept: dict[int, int] = defaultdict(int)
    ranked = sorted(gaps, key=lambda g: (-g["filed"], -g["without_results"], g["query_key"]))
    for gap in ranked:
        space = gap["space_id"] or NO_SPACE
        if kept[space] >= GAPS_PER_DAY:
            continue
        kept[space] += 1
        rollup.gaps[(space, gap["query_key"])] = (
            gap["filed"], gap["without_results"], gap["example"] or "", gap["last_filed"],
        )  # fmt: skip
    return rollup


def session_days(session_ids: set[int]) -> set[date]:
    days: set[date] = set()
    for batch in chunked(sorted(session_ids)):
        days.update(
            utc_day(started)
            for started in DeflectionSession.objects.filter(pk__in=batch).values_list(
                "started_at", flat=True
            )
        )
    return days
