"""Writing the roll-ups: the incremental job's step and the full (or partial) rebuild.

Both end in `replace_day_part`, which deletes a day's rows of one part and writes them again from
the log, so running either twice leaves the same rows. `QuestionFact` keeps each question's
earliest answer by someone else (the minimum of (time, answer id)), which is just as idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from crowdservice.core.models import Event
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
    QuestionFact,
    RollupCursor,
    shard_of,
)
from crowdservice.insights.queries import Contributors, preset_contributors, preset_ranges
from crowdservice.insights.rollup import (
    COHORT_HISTOGRAMS,
    COHORT_METRICS,
    DEFLECTION_METRICS,
    DEFLECTION_VERBS,
    EVENT_HISTOGRAMS,
    EVENT_VERBS,
    FACT_VERBS,
    HANDLE_METRICS,
    HANDLE_VERBS,
    PARTS,
    DayRollup,
    EventRow,
    chunked,
    cohort_part,
    day_bounds,
    deflection_part,
    events_part,
    handle_part,
    session_days,
    solve_days,
    staff_ids,
    utc_day,
)

logger = logging.getLogger(__name__)

CURSOR = EVENTS_CURSOR
BATCH = 100_000
# Events younger than this are left for the next run: a transaction that began earlier may still
# commit an event with a smaller id, which a cursor already past it would never read.
SETTLE = timedelta(seconds=30)
EVENT_FIELDS = ("id", "verb", "actor_id", "object_id", "payload", "created_at")


def replace_day_part(day: date, part: str, rollup: DayRollup) -> None:
    """Replace `day`'s rows of one part with `rollup` (inside the caller's transaction)."""
    counts = DailyCount.objects.filter(day=day)
    histograms = DailyHistogram.objects.filter(day=day)
    if part == "events":
        counts.exclude(metric__in=COHORT_METRICS + DEFLECTION_METRICS + HANDLE_METRICS).delete()
        histograms.filter(metric__in=EVENT_HISTOGRAMS).delete()
        DailyContributor.objects.filter(day=day).delete()
        DailyAgentCase.objects.filter(day=day).delete()
        DailyAgentWork.objects.filter(day=day).delete()
    elif part == "cohort":
        counts.filter(metric__in=COHORT_METRICS).delete()
        histograms.filter(metric__in=COHORT_HISTOGRAMS).delete()
    elif part == "handle":
        counts.filter(metric__in=HANDLE_METRICS).delete()
    else:
        counts.filter(metric__in=DEFLECTION_METRICS).delete()
        DailyGap.objects.filter(day=day).delete()
        DailyGap.objects.bulk_create(
            (
                DailyGap(
                    day=day,
                    space_id=space,
                    query_key=key[:200],
                    example=example[:200],
                    filed=filed,
                    without_results=without,
                    last_filed=last,
                )
                for (space, key), (filed, without, example, last) in rollup.gaps.items()
            ),
            batch_size=5_000,
        )
    DailyCount.objects.bulk_create(
        DailyCount(day=day, space_id=space, metric=metric, value=value)
        for (space, metric), value in rollup.counts.items()
        if value
    )
    DailyHistogram.objects.bulk_create(
        DailyHistogram(day=day, space_id=space, metric=metric, bucket=bucket, count=count)
        for (space, metric, bucket), count in rollup.histograms.items()
    )
    DailyContributor.objects.bulk_create(
        (
            DailyContributor(
                day=day,
                space_id=space,
                user_id=user,
                posts=row[0],
                answers=row[1],
                shard=shard_of(user),
            )
            for (space, user), row in rollup.contributors.items()
        ),
        batch_size=5_000,
    )
    if part == "events":
        record_first_posts(day, rollup.contributors.keys())
    DailyAgentCase.objects.bulk_create(
        (
            DailyAgentCase(
                day=day, space_id=s, agent_id=a, case_id=c, requester_id=r, shard=shard_of(r)
            )
            for s, a, c, r in rollup.agent_cases
        ),
        batch_size=5_000,
    )
    DailyAgentWork.objects.bulk_create(
        (
            DailyAgentWork(day=day, space_id=s, agent_id=a, case_id=c, seconds=seconds)
            for (s, a, c), seconds in rollup.agent_work.items()
        ),
        batch_size=5_000,
    )


def record_first_posts(day: date, contributors: Iterable[tuple[int, int]]) -> None:
    """Each (space, member) of the day, and (anywhere, member): their first day is this one
    unless an earlier one is known (the minimum, so any order of days gives the same rows)."""
    by_space: dict[int, set[int]] = {}
    for space, user in contributors:
        by_space.setdefault(space, set()).add(user)
        by_space.setdefault(NO_SPACE, set()).add(user)
    missing: list[ContributorFirst] = []
    later: list[int] = []
    for space, users in by_space.items():
        for batch in chunked(sorted(users)):
            known = dict(
                ContributorFirst.objects.filter(space_id=space, user_id__in=batch).values_list(
                    "user_id", "id"
                )
            )
            missing += [
                ContributorFirst(space_id=space, user_id=u, first_day=day)
                for u in batch
                if u not in known
            ]
            later += ContributorFirst.objects.filter(
                pk__in=known.values(), first_day__gt=day
            ).values_list("pk", flat=True)
    ContributorFirst.objects.bulk_create(missing, batch_size=5_000)
    for batch in chunked(later):
        ContributorFirst.objects.filter(pk__in=batch).update(first_day=day)


def recompute_day(day: date, parts: Sequence[str] = PARTS, staff: set[int] | None = None) -> None:
    if "events" in parts:
        replace_day_part(day, "events", events_part(day, staff))
    if "cohort" in parts:
        replace_day_part(day, "cohort", cohort_part(day))
    if "deflection" in parts:
        replace_day_part(day, "deflection", deflection_part(day))
    if "handle" in parts:
        replace_day_part(day, "handle", handle_part(day))


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else 0


def apply_facts(rows: Iterable[EventRow], staff: set[int]) -> set[date]:
    """Bring `QuestionFact` up to date with these question/answer events; returns the days of
    the questions whose facts changed (their cohort part must be recomputed)."""
    touched: set[date] = set()
    created: dict[int, QuestionFact] = {}
    answers: list[tuple[int, datetime, int, int | None]] = []
    for _id, verb, actor, object_id, payload, at in rows:
        if object_id is None:
            continue
        if verb == "question.created":
            created[object_id] = QuestionFact(
                question_id=object_id,
                space_id=_int(payload.get("space_id")) or NO_SPACE,
                author_id=actor,
                day=utc_day(at),
                created_at=at,
            )
        elif verb == "answer.created":
            question_id = _int(payload.get("question_id"))
            if question_id and actor != payload.get("question_author_id"):
                answers.append((question_id, at, object_id, actor))
    # Facts already stored (from earlier runs) are updated; the others are created once, with
    # their earliest answer already applied (a rebuild then writes each fact a single time).
    stored: dict[int, QuestionFact] = {}
    for batch in chunked(sorted(set(created) | {a[0] for a in answers})):
        stored.update(
            (f.question_id, f) for f in QuestionFact.objects.filter(question_id__in=batch)
        )
    fresh = {qid: fact for qid, fact in created.items() if qid not in stored}
    facts = {**fresh, **stored}
    changed: dict[int, QuestionFact] = {}
    for question_id, at, answer_id, actor in answers:
        fact = facts.get(question_id)
        if fact is None or fact.author_id == actor:
            continue
        if fact.first_answer_at is None or (at, answer_id) < (
            fact.first_answer_at,
            fact.first_answer_id or 0,
        ):
            fact.first_answer_at, fact.first_answer_id = at, answer_id
            fact.first_answer_by_staff = actor in staff
            if question_id in stored:
                changed[question_id] = fact
    QuestionFact.objects.bulk_create(fresh.values(), batch_size=5_000)
    QuestionFact.objects.bulk_update(
        changed.values(),
        ["first_answer_at", "first_answer_id", "first_answer_by_staff"],
        batch_size=2_000,
    )
    touched.update(fact.day for fact in fresh.values())
    touched.update(fact.day for fact in changed.values())
    return touched


def store_snapshots(figures: dict[tuple[int, date, date], Contributors], event_id: int) -> None:
    """Replace the presets' exact contributor figures (`queries.preset_contributors`) with
    these, current with the roll-up at `event_id` (inside the caller's transaction)."""
    # Every other day's presets go: the table holds today's only, a few rows per space.
    ContributorSnapshot.objects.all().delete()
    ContributorSnapshot.objects.bulk_create(
        (
            ContributorSnapshot(
                space_id=space,
                start=start,
                end=end,
                active=c.active,
                new=c.new,
                answerers=c.answerers,
                top1_share=c.top1_share,
                top10_share=c.top10_share,
                as_of_event=event_id,
            )
            for (space, start, end), c in figures.items()
        ),
        batch_size=2_000,
    )


def do_refresh_snapshots(
    *, now: datetime | None = None, changed: bool = True, previous_event: int | None = None
) -> bool:
    """Keep the exact contributor figures of today's preset ranges current with the roll-up.

    `changed`: the roll-up run(s) since the cursor stood at `previous_event` recomputed an event
    day, so contributor rows may have changed (every such day is on or before today, the
    presets' end, and even one before the longest preset can move a member's first post out of
    it: no narrower test is safe). Otherwise figures that were current at `previous_event` are
    only marked current; missing ones (a new UTC day) or stale ones are recomputed. Returns
    whether they were recomputed.

    Call it outside a transaction: the rows are read without one (seconds on a busy site,
    which must not hold SQLite's write lock), and the figures are written in a short one only
    if no roll-up landed in between (the cursor, which every roll-up saves, is unchanged);
    otherwise they stay stale, and the next run recomputes them."""
    now = now or timezone.now()
    today = utc_day(now)
    presets = [start for start, _end in preset_ranges(today)]
    if not changed and previous_event is not None:
        with transaction.atomic():
            cursor = _lock_cursor()
            ContributorSnapshot.objects.filter(end=today, as_of_event=previous_event).update(
                as_of_event=cursor.last_event_id
            )
            current = ContributorSnapshot.objects.filter(
                space_id=ALL_SPACES, end=today, start__in=presets, as_of_event=cursor.last_event_id
            ).count()
        if current == len(presets):
            return False
    with transaction.atomic():
        seen = _lock_cursor()
    figures = preset_contributors(today)
    with transaction.atomic():
        cursor = _lock_cursor()
        if (cursor.last_event_id, cursor.updated_at) != (seen.last_event_id, seen.updated_at):
            logger.info("Insights: a roll-up landed while computing the presets; left for later")
            return False
        store_snapshots(figures, cursor.last_event_id)
    return True


@dataclass(frozen=True)
class RollupResult:
    events: int
    days: int
    last_event_id: int
    event_days: int = 0  # days whose "events" part (contributor rows among them) was recomputed


def _lock_cursor() -> RollupCursor:
    RollupCursor.objects.get_or_create(name=CURSOR)
    return RollupCursor.objects.select_for_update().get(name=CURSOR)


def do_roll_up(
    *, batch: int = BATCH, now: datetime | None = None, snapshots: bool = True
) -> RollupResult:
    """Read the events after the cursor (at most `batch`) and recompute every day they touch,
    then (unless `snapshots` is False) the presets' exact contributor figures if needed.

    Today is always recomputed for deflection: sessions start without an event.
    """
    now = now or timezone.now()
    with transaction.atomic():
        cursor = _lock_cursor()
        previous_event = cursor.last_event_id
        rows: list[EventRow] = list(
            Event.objects.filter(id__gt=cursor.last_event_id, created_at__lt=now - SETTLE)
            .order_by("id")
            .values_list(*EVENT_FIELDS)[:batch]
        )
        staff = staff_ids()
        event_days = {utc_day(r[5]) for r in rows if r[1] in EVENT_VERBS}
        cohort_days = apply_facts((r for r in rows if r[1] in FACT_VERBS), staff)
        sessions = {_int(r[4].get("session_id")) for r in rows if r[1] in DEFLECTION_VERBS}
        deflection_days = session_days(sessions) | {utc_day(now)}
        handled = {r[3] for r in rows if r[1] in HANDLE_VERBS and r[3] is not None}
        handle_days = solve_days(handled, rows[-1][0]) if handled else set()
        touched = event_days | cohort_days | deflection_days | handle_days
        for day in sorted(touched):
            parts = [
                part
                for part, days in (
                    ("events", event_days),
                    ("cohort", cohort_days),
                    ("deflection", deflection_days),
                    ("handle", handle_days),
                )
                if day in days
            ]
            recompute_day(day, parts, staff)
        if rows:
            cursor.last_event_id = rows[-1][0]
        cursor.updated_at = now
        cursor.save(update_fields=["last_event_id", "updated_at"])
    if snapshots:
        do_refresh_snapshots(now=now, changed=bool(event_days), previous_event=previous_event)
    return RollupResult(
        events=len(rows),
        days=len(touched),
        last_event_id=cursor.last_event_id,
        event_days=len(event_days),
    )


def do_catch_up(*, now: datetime | None = None, batch: int = BATCH) -> RollupResult:
    """Roll up batch after batch until the cursor has read every settled event.

    The very first run on a site with history rebuilds instead: one pass over each day rather
    than a batch at a time over the same days again and again."""
    if not RollupCursor.objects.filter(name=CURSOR).exists() and Event.objects.exists():
        return do_rebuild(now=now)
    total_events = total_days = event_days = 0
    previous_event = (
        RollupCursor.objects.filter(name=CURSOR).values_list("last_event_id", flat=True).first()
    )
    while True:
        # The snapshots once at the end, not after every batch of a long catch-up.
        result = do_roll_up(now=now, batch=batch, snapshots=False)
        total_events += result.events
        total_days += result.days
        event_days += result.event_days
        if result.events < batch:
            do_refresh_snapshots(now=now, changed=event_days > 0, previous_event=previous_event)
            return RollupResult(total_events, total_days, result.last_event_id, event_days)


def do_rebuild(*, since: date | None = None, now: datetime | None = None) -> RollupResult:
    """Recompute every roll-up from the log (from `since` on, if given), in one transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        cursor = _lock_cursor()
        last_id = Event.objects.aggregate(last=Max("id"))["last"] or 0
        first = Event.objects.aggregate(first=Min("created_at"))["first"]
        start = since or (utc_day(first) if first else utc_day(now))
        if since is None:
            for model in (
                DailyCount, DailyHistogram, DailyContributor, DailyAgentCase, DailyAgentWork,
                DailyGap,
            ):  # fmt: skip
                model.objects.all().delete()
            QuestionFact.objects.all().delete()
            ContributorFirst.objects.all().delete()
        else:
            QuestionFact.objects.filter(day__gte=since).delete()
            ContributorFirst.objects.filter(first_day__gte=since).delete()
        staff = staff_ids()
        # From `start` on the facts are replayed; answers after it to older questions replay
        # too, harmlessly: the earliest answer wins either way.
        facts = (
            Event.objects.filter(
                verb__in=FACT_VERBS, id__lte=last_id, created_at__gte=day_bounds(start)[0]
            )
            .order_by("id")
            .values_list(*EVENT_FIELDS)
        )
        cohort_days = apply_facts(facts.iterator(chunk_size=10_000), staff)
        day, today, days = start, utc_day(now), 0
        while day <= today:
            recompute_day(day, PARTS, staff)
            days += 1
            day += timedelta(days=1)
        for old_day in sorted(d for d in cohort_days if d < start):
            recompute_day(old_day, ["cohort"], staff)
        cursor.last_event_id = max(cursor.last_event_id, last_id)
        cursor.updated_at = now
        cursor.save(update_fields=["last_event_id", "updated_at"])
        # Inside the rebuild's transaction: it holds the write lock for minutes anyway.
        store_snapshots(preset_contributors(utc_day(now)), cursor.last_event_id)
    logger.info("Insights rebuilt from %s: %d days", start, days)
    return RollupResult(
        events=last_id, days=days, last_event_id=cursor.last_event_id, event_days=days
    )
