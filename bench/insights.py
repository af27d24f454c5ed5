"""Insights benchmark: 5 million events over 90 days, rolled up, and every dashboard rendered.

Generates the event log of a busy community and help desk (fixed seed) straight into its own
SQLite database: 60,000 members whose activity is heavily skewed, 60 agents, 8 spaces; questions
with their answers, comments, accepts and flags scheduled after them; cases with their first
response, replies, solves, closes, CSAT ratings, reopens, SLA breaches, escalations and
publications; deflection sessions and their outcomes; help-center feedback; and votes, follows and
edits that the roll-ups must skip. The rows the roll-ups read besides the log (users, spaces,
questions, cases, deflection sessions) are bulk-loaded alongside.

Then it times:
- the full roll-up (`do_rebuild`, as `rebuild_insights` runs it), in events per second;
- the incremental job (`do_roll_up`) over one new hour of events;
- every dashboard page as a signed-in agent through the Django test client (HTML, the full
  middleware and template stack): 90 days, 30 days, and 30 days in the busiest space, several
  times each; p50 and p95 per page against the 500 ms target.

    .venv/bin/python bench/insights.py [--events 5000000] [--runs 7] [--rebuild]
        [--row-budget N]

It also times the presets' exact contributor figures (`ContributorSnapshot`, what the job adds
to a run that rolled up new events) and compares them, for 90 days in all spaces, with the rows
read as the pages read a range that is not a preset (sampled over the row budget, which
`--row-budget` lowers to make a reduced run sample as the full one does).

The database is kept under var/bench-insights/<events>-<seed>/ and reused (generating 5 million
events takes a few minutes); `--rebuild` generates it afresh. Prints a table and finally ONE line
of JSON with every figure. Exit status: 0 targets met, 1 a target missed, 2 the harness failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import time
import traceback
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(REPO_ROOT / "src"))
VAR_ROOT = REPO_ROOT / "var" / "bench-insights"

TARGET_MS = 500.0
DAYS = 90
MEMBERS = 60_000
AGENTS = 60
SPACES = [
    ("wifi", "Wi-Fi & Connectivity"),
    ("billing", "Billing & Plans"),
    ("devices", "Devices & Setup"),
    ("apps", "Apps & Integrations"),
    ("tv", "TV & Streaming"),
    ("mobile", "Mobile"),
    ("security", "Security & Privacy"),
    ("business", "Business"),
]
# Events each unit of activity brings on average (see `Generator`), used to size the day's work.
EVENTS_PER_QUESTION = 1 + 2.0 + 2.8 + 0.45 + 0.1 + 0.08  # answers, comments, accept, endorse, flag
EVENTS_PER_CASE = 8.4
EVENTS_PER_SESSION = 1.2
SHARE = {"questions": 0.32, "cases": 0.20, "sessions": 0.035, "feedback": 0.02}
NOISE = ("vote.cast", "vote.cast", "vote.cast", "question.followed", "question.edited")
GAP_PHRASES = 2_000
SQL_INSERT = (
    "INSERT INTO core_event (created_at, actor_id, verb, object_type, object_id, payload) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)

Row = tuple[str, int | None, str, str, int | None, str]


def stamp(moment: datetime) -> str:
    """How Django stores an aware datetime in SQLite: naive UTC text."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


class Generator:
    """The event log, a day at a time; later consequences wait in `pending` until their day."""

    def __init__(self, total: int, first_day: date, days: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.first_day = first_day
        self.days = days
        self.per_day = total / days
        self.pending: dict[
            date, list[tuple[datetime, int | None, str, str, int | None, dict[str, Any]]]
        ] = defaultdict(list)
        self.questions: list[tuple[int, int, int, datetime]] = []  # id, author, space, created
        self.cases: list[tuple[int, int, int | None, str, datetime]] = []
        self.sessions: list[dict[str, Any]] = []
        self.answer_id = 0
        self.comment_id = 0
        self.agents = list(range(MEMBERS + 1, MEMBERS + AGENTS + 1))

    def member(self) -> int:
        # Skewed: a few members write most posts (about 1% of people write a third of answers).
        return 1 + int(MEMBERS * self.rng.random() ** 4)

    def space(self) -> int:
        return 1 + min(len(SPACES) - 1, int(len(SPACES) * self.rng.random() ** 1.6))

    def later(self, start: datetime, mean_hours: float) -> datetime:
        return start + timedelta(seconds=self.rng.expovariate(1 / (mean_hours * 3600)) + 30)

    def schedule(
        self,
        when: datetime,
        actor: int | None,
        verb: str,
        object_type: str,
        object_id: int | None,
        payload: dict[str, Any],
    ) -> None:
        self.pending[when.date()].append((when, actor, verb, object_type, object_id, payload))

    def moment(self, day: date) -> datetime:
        # Busier in the (UTC) afternoon.
        hour = min(23.99, max(0.0, self.rng.gauss(14, 4.5)))
        return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour)

    def day(self, index: int) -> Iterator[Row]:
        day = self.first_day + timedelta(days=index)
        weekend = day.weekday() >= 5
        budget = self.per_day * (0.65 if weekend else 1.14)
        rng = self.rng
        for _ in range(int(budget * SHARE["questions"] / EVENTS_PER_QUESTION)):
            self._question(self.moment(day))
        for _ in range(int(budget * SHARE["cases"] / EVENTS_PER_CASE)):
            self._case(self.moment(day))
        for _ in range(int(budget * SHARE["sessions"] / EVENTS_PER_SESSION * 3)):
            self._session(self.moment(day))
        for _ in range(int(budget * SHARE["feedback"])):
            self.schedule(
                self.moment(day),
                self.member(),
                "article.feedback",
                "knowledge.article",
                rng.randint(1, 3_000),
                {"helpful": rng.random() < 0.72, "has_comment": False},
            )
        emitted = sum(1 for e in self.pending[day])
        for _ in range(max(0, int(budget) - emitted)):
            verb = rng.choice(NOISE)
            target = rng.randint(1, max(1, len(self.questions)))
            self.schedule(self.moment(day), self.member(), verb, "community.question", target, {})
        todays = sorted(self.pending.pop(day, []), key=lambda e: e[0])
        for when, actor, verb, object_type, object_id, payload in todays:
            yield (stamp(when), actor, verb, object_type, object_id, json.dumps(payload))

    def _question(self, at: datetime) -> None:
        rng = self.rng
        qid = len(self.questions) + 1
        author, space = self.member(), self.space()
        self.questions.append((qid, author, space, at))
        self.schedule(
            at,
            author,
            "question.created",
            "community.question",
            qid,
            {"space_id": space, "title": "", "tags": [], "visibility": "visible"},
        )
        answered = rng.random() < 0.82
        answers = 0
        first_answer: datetime | None = None
        if answered:
            answers = 1 + int(rng.expovariate(1 / 1.45))
        for _ in range(answers):
            when = self.later(at, 5)
            first_answer = min(first_answer or when, when)
            by = rng.choice(self.agents) if rng.random() < 0.12 else self.member()
            self.answer_id += 1
            self.schedule(
                when,
                by,
                "answer.created",
                "community.answer",
                self.answer_id,
                {
                    "question_id": qid,
                    "question_author_id": author,
                    "space_id": space,
                    "visibility": "visible",
                },
            )
        for _ in range(int(rng.expovariate(1 / 2.8))):
            self.comment_id += 1
            self.schedule(
                self.later(at, 8),
                self.member(),
                "comment.created",
                "community.comment",
                self.comment_id,
                {
                    "question_id": qid,
                    "answer_id": None,
                    "post_author_id": author,
                    "space_id": space,
                },
            )
        if first_answer and rng.random() < 0.5:
            self.schedule(
                self.later(first_answer, 10),
                author,
                "answer.accepted",
                "community.answer",
                self.answer_id,
                {"question_id": qid, "answer_author_id": 0, "previous_answer_id": None},
            )
        if first_answer and rng.random() < 0.1:
            self.schedule(
                self.later(first_answer, 6),
                rng.choice(self.agents),
                "answer.endorsed",
                "community.answer",
                self.answer_id,
                {"question_id": qid},
            )
        if rng.random() < 0.08:
            self.schedule(
                self.later(at, 12),
                self.member(),
                "moderation.flagged",
                "moderation.flag",
                qid,
                {"kind": "question", "object_id": qid, "reason": "spam"},
            )

    def _case(self, at: datetime) -> None:
        rng = self.rng
        cid = len(self.cases) + 1
        requester = self.member()
        channel = rng.choices(["web", "email", "api", "community"], [45, 35, 8, 12])[0]
        space = self.space() if rng.random() < 0.7 else None
        self.cases.append((cid, requester, space, channel, at))
        agent = rng.choice(self.agents)
        case = ("cases.case", cid)
        self.schedule(
            at,
            requester,
            "case.created",
            *case,
            {
                "status": "new",
                "priority": "normal",
                "queue_id": 1,
                "assignee_id": agent,
                "channel": channel,
                "space_id": space,
                "message_id": cid,
            },
        )
        self.schedule(at, None, "case.assigned", *case, {"from": None, "to": agent})
        if channel == "community":
            self.schedule(
                at,
                agent,
                "case.escalated",
                *case,
                {
                    "question_id": rng.randint(1, max(1, len(self.questions))),
                    "automatic": False,
                    "by": "asker",
                },
            )
        if rng.random() < 0.93:
            first = self.later(at, 3)
            seconds = int((first - at).total_seconds())
            self.schedule(first, agent, "case.first_response", *case, {"seconds": seconds})
            self.schedule(
                first,
                agent,
                "case.replied",
                *case,
                {"message_id": 0, "by_agent": True, "channel": "web", "attachments": 0},
            )
            reply = first
            for _ in range(int(rng.expovariate(1 / 1.5))):
                reply = self.later(reply, 6)
                self.schedule(
                    reply,
                    requester,
                    "case.replied",
                    *case,
                    {"message_id": 0, "by_agent": False, "channel": "web", "attachments": 0},
                )
                reply = self.later(reply, 3)
                self.schedule(
                    reply,
                    agent,
                    "case.replied",
                    *case,
                    {"message_id": 0, "by_agent": True, "channel": "web", "attachments": 0},
                )
            if rng.random() < 0.1:
                self.schedule(
                    self.later(at, 8),
                    None,
                    "case.sla_breached",
                    *case,
                    {"target": "resolution", "action": "notify"},
                )
            if rng.random() < 0.88:
                solved = self.later(reply, 10)
                self.schedule(solved, agent, "case.solved", *case, {"from": "open", "to": "solved"})
                if rng.random() < 0.35:
                    self.schedule(
                        self.later(solved, 4),
                        requester,
                        "case.csat_rated",
                        *case,
                        {
                            "score": rng.choices([1, 2, 3, 4, 5], [5, 5, 10, 30, 50])[0],
                            "has_comment": False,
                        },
                    )
                if rng.random() < 0.08:
                    self.schedule(
                        self.later(solved, 20),
                        requester,
                        "case.reopened",
                        *case,
                        {"from": "solved", "to": "open"},
                    )
                elif rng.random() < 0.6:
                    self.schedule(
                        self.later(solved, 72),
                        None,
                        "case.closed",
                        *case,
                        {"from": "solved", "to": "closed"},
                    )
                if rng.random() < 0.06:
                    self.schedule(
                        self.later(solved, 2),
                        agent,
                        "case.published",
                        *case,
                        {"mode": "community", "question_id": 1, "answer_id": 1},
                    )

    def _session(self, at: datetime) -> None:
        rng = self.rng
        sid = len(self.sessions) + 1
        space = self.space() if rng.random() < 0.8 else None
        shown = rng.random() < 0.8
        opened = shown and rng.random() < 0.55
        roll = rng.random()
        outcome = ""
        if shown and opened and roll < 0.35:
            outcome = "self_solved"
        elif shown and opened and roll < 0.6:
            outcome = "abandoned"
        elif roll < 0.85:
            outcome = "filed_anyway" if shown else "filed"
        phrase = int(GAP_PHRASES * rng.random() ** 2)
        self.sessions.append(
            {
                "id": sid,
                "space_id": space,
                "started_at": at,
                "searches": 1 + int(rng.expovariate(0.7)),
                "searches_with_results": 1 if shown else 0,
                "opened_count": 1 if opened else 0,
                "outcome": outcome,
                "query_key": f"gap phrase {phrase}",
                "last_query": f"Gap phrase {phrase}?",
                "decided_at": at + timedelta(minutes=4) if outcome else None,
            }
        )
        base = {"session_id": sid, "surface": "ask", "space_id": space}
        if opened:
            self.schedule(
                at + timedelta(minutes=1),
                None,
                "deflection.suggestion_opened",
                "deflection.deflectionsession",
                sid,
                {**base, "object_kind": "question", "object_id": 1, "rank": 1},
            )
        if outcome in ("self_solved", "abandoned", "filed_anyway"):
            self.schedule(
                at + timedelta(minutes=4),
                None,
                f"deflection.{outcome}",
                "deflection.deflectionsession",
                sid,
                base,
            )


def setup_django(var_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="crowdservice.settings",
        CROWDSERVICE_VAR_DIR=str(var_dir),
        CROWDSERVICE_DEBUG="false",
        ALLOWED_HOSTS="testserver",
        CROWDSERVICE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if not (var_dir / "static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)  # the pages' manifest


def people_and_spaces(today: date) -> None:
    """Members, agents and spaces: the events' actors must exist before the events."""
    from django.db import transaction

    from crowdservice.accounts.models import User
    from crowdservice.community.models import Space

    joined = datetime.combine(today - timedelta(days=400), datetime.min.time(), tzinfo=UTC)
    with transaction.atomic():
        User.objects.bulk_create(
            (
                User(
                    pk=i,
                    username=f"member{i}",
                    email=f"m{i}@example.com",
                    password="!",  # noqa: S106 - an unusable password: nobody signs in
                    role="customer" if i <= MEMBERS else "agent",
                    date_joined=joined,
                    display_name=f"Member {i}" if i <= MEMBERS else f"Agent {i - MEMBERS}",
                )
                for i in range(1, MEMBERS + AGENTS + 1)
            ),
            batch_size=5_000,
        )
        Space.objects.bulk_create(
            Space(pk=i, slug=slug, name=name, position=i)
            for i, (slug, name) in enumerate(SPACES, 1)
        )


def bulk_rows(gen: Generator, today: date) -> float:
    """Questions, cases and deflection sessions the roll-ups look up."""
    from django.db import transaction

    from crowdservice.cases.models import Case
    from crowdservice.community.models import Question
    from crowdservice.deflection.models import DeflectionSession

    started = time.perf_counter()
    with transaction.atomic():
        Question.objects.bulk_create(
            (
                Question(
                    pk=qid,
                    space_id=space,
                    author_id=author,
                    title=f"Question {qid}",
                    body="",
                    body_html="",
                    created_at=at,
                    last_activity_at=at,
                )
                for qid, author, space, at in gen.questions
            ),
            batch_size=5_000,
        )
        Case.objects.bulk_create(
            (
                Case(
                    pk=cid,
                    requester_id=requester,
                    subject=f"Case {cid}",
                    description="",
                    description_html="",
                    space_id=space,
                    channel=channel,
                    created_at=at,
                    updated_at=at,
                )
                for cid, requester, space, channel, at in gen.cases
            ),
            batch_size=5_000,
        )
        DeflectionSession.objects.bulk_create(
            (
                DeflectionSession(
                    token=f"bench{s['id']}", surface="ask", last_activity_at=s["started_at"], **s
                )
                for s in gen.sessions
            ),
            batch_size=5_000,
        )
    return time.perf_counter() - started


def generate(args: argparse.Namespace, var_dir: Path, today: date) -> dict[str, Any]:
    from django.db import connection, transaction

    first_day = today - timedelta(days=DAYS)
    gen = Generator(args.events, first_day, DAYS, args.seed)
    people_and_spaces(today)
    started = time.perf_counter()
    events = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for index in range(DAYS):
            rows = list(gen.day(index))
            cursor.executemany(SQL_INSERT, rows)
            events += len(rows)
    event_seconds = time.perf_counter() - started
    rows_seconds = bulk_rows(gen, today)
    meta = {
        "events": events,
        "first_day": first_day.isoformat(),
        "today": today.isoformat(),
        "questions": len(gen.questions),
        "cases": len(gen.cases),
        "sessions": len(gen.sessions),
        "generate_events_s": round(event_seconds, 1),
        "bulk_rows_s": round(rows_seconds, 1),
    }
    (var_dir / "build.json").write_text(json.dumps(meta))
    return meta


def one_more_hour(args: argparse.Namespace, now: datetime) -> int:
    """An hour of new events (questions and cases with what follows within the hour), ending
    ten minutes before `now`, for the incremental job."""
    from django.db import connection, transaction

    from crowdservice.core.models import Event

    gen = Generator(args.events, now.date(), 1, args.seed + 1)
    gen.questions = [(q, 1, 1, now) for q in range(1, 2)]
    start = now - timedelta(minutes=70)
    per_hour = args.events / DAYS / 24
    rows: list[Row] = []
    while len(rows) < per_hour:
        at = start + timedelta(seconds=gen.rng.random() * 3600)
        verb = gen.rng.choice(
            [
                "answer.created",
                "comment.created",
                "vote.cast",
                "vote.cast",
                "case.replied",
                "question.created",
                "case.first_response",
                "case.solved",
            ]
        )
        payload: dict[str, Any] = {
            "question_id": gen.rng.randint(1, 100_000),
            "space_id": gen.space(),
        }
        object_type, object_id = "community.question", gen.rng.randint(1, 100_000)
        if verb.startswith("case."):
            object_type, object_id = "cases.case", gen.rng.randint(1, 100_000)
            payload = {"seconds": 3600, "from": "open", "to": "solved", "by_agent": True}
        rows.append((stamp(at), gen.member(), verb, object_type, object_id, json.dumps(payload)))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(SQL_INSERT, rows)
    return Event.objects.filter(created_at__gte=start).count()


def busiest_space() -> str:
    from django.db.models import Sum

    from crowdservice.community.models import Space
    from crowdservice.insights.models import DailyCount

    row = (
        DailyCount.objects.filter(metric="questions")
        .values("space_id")
        .annotate(n=Sum("value"))
        .order_by("-n")
        .first()
    )
    return Space.objects.get(pk=row["space_id"]).slug if row else ""


def time_pages(runs: int) -> dict[str, dict[str, float]]:
    from django.test import Client

    from crowdservice.accounts.models import User

    client = Client()
    client.force_login(User.objects.filter(role="agent").order_by("pk").first())
    space = busiest_space()
    ranges = {"90d": "days=90", "30d": "days=30", "30d-space": f"days=30&space={space}"}
    pages = {
        "overview": "/insights/",
        "community": "/insights/community/",
        "support": "/insights/support/",
        "deflection": "/insights/deflection/",
        "report": "/insights/report/",
    }
    results: dict[str, dict[str, float]] = {}
    for page, path in pages.items():
        for label, query in ranges.items():
            started = time.perf_counter()
            client.get(f"{path}?{query}")  # the first render of a page compiles its templates
            first_ms = (time.perf_counter() - started) * 1000
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get(f"{path}?{query}")
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{path}?{query} answered {response.status_code}")
            timings.sort()
            p95_index = min(len(timings) - 1, round(0.95 * (len(timings) - 1)))
            results[f"{page} {label}"] = {
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(timings[p95_index], 1),
                "first_ms": round(first_ms, 1),
                "bytes": len(response.content),
            }
    return results


def table_sizes() -> dict[str, int]:
    from crowdservice.insights import models

    return {
        name: model.objects.count()
        for name, model in (
            ("daily_counts", models.DailyCount),
            ("daily_histograms", models.DailyHistogram),
            ("daily_contributors", models.DailyContributor),
            ("daily_agent_cases", models.DailyAgentCase),
            ("question_facts", models.QuestionFact),
            ("contributor_snapshots", models.ContributorSnapshot),
        )
    }


def contributor_figures(now: datetime) -> dict[str, Any]:
    """The job's cost of the presets' exact figures, and those figures for 90 days in all spaces
    against the same range read from the rows (sampled over the budget) and read in full."""
    from crowdservice.insights import queries
    from crowdservice.insights.actions import do_refresh_snapshots
    from crowdservice.insights.filters import parse_filters

    started = time.perf_counter()
    do_refresh_snapshots(now=now, changed=True)
    refresh_s = time.perf_counter() - started
    f = parse_filters({"days": "90"}, today=now.date())
    rows = queries.load_counts(f, ("contributor_rows",)).total("contributor_rows")
    shown = queries.contributors(f, rows)
    sampled = queries.read_contributors(f, rows)
    started = time.perf_counter()
    full = queries.read_contributors(f, 0)
    full_s = time.perf_counter() - started

    def figures(c: queries.Contributors) -> dict[str, Any]:
        return {
            "active": c.active,
            "answerers": c.answerers,
            "top1_share": round(c.top1_share or 0, 4),
            "top10_share": round(c.top10_share or 0, 4),
            "sample": c.sample,
        }

    return {
        "refresh_s": round(refresh_s, 2),
        "rows_90d": rows,
        "row_budget": queries.ROW_BUDGET,
        "page_uses_snapshot": shown.snapshot,
        "preset_90d": figures(shown),
        "read_sampled_90d": figures(sampled),
        "read_in_full_90d": figures(full),
        "read_in_full_s": round(full_s, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=7, help="renders per page and range")
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--rebuild", action="store_true", help="generate the data afresh")
    parser.add_argument(
        "--keep-rollups",
        action="store_true",
        help="skip the full roll-up when the database already has one (for timing pages only)",
    )
    parser.add_argument(
        "--row-budget",
        type=int,
        default=None,
        help="contributor rows a page reads before sampling (default: the app's ROW_BUDGET)",
    )
    args = parser.parse_args()
    var_dir = VAR_ROOT / f"{args.events}-{args.seed}"
    meta_file = var_dir / "build.json"
    if args.rebuild or not meta_file.exists():
        shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"bench": "insights", "target_ms": TARGET_MS}
    try:
        setup_django(var_dir)
        from crowdservice.insights.actions import do_rebuild, do_roll_up

        now = datetime.now(UTC)
        if meta_file.exists():
            meta = json.loads(meta_file.read_text())
            print(f"Reusing {var_dir.relative_to(REPO_ROOT)} ({meta['events']:,} events)")
        else:
            print(f"Generating {args.events:,} events over {DAYS} days...", flush=True)
            meta = generate(args, var_dir, now.date())
            print(
                f"  {meta['events']:,} events in {meta['generate_events_s']} s; "
                f"source rows in {meta['bulk_rows_s']} s"
            )
        report["data"] = meta
        from crowdservice.insights.models import DailyCount

        if args.keep_rollups and DailyCount.objects.exists():
            print("Keeping the roll-ups already built (--keep-rollups)")
        else:
            print("Full roll-up (rebuild_insights)...", flush=True)
            started = time.perf_counter()
            rebuilt = do_rebuild(now=now)
            seconds = time.perf_counter() - started
            report["rebuild"] = {
                "seconds": round(seconds, 1),
                "days": rebuilt.days,
                "events_per_s": round(meta["events"] / seconds),
            }
            report["tables"] = table_sizes()
            print(
                f"  {seconds:.1f} s for {rebuilt.days} days: {meta['events'] / seconds:,.0f} "
                f"events/s; rows {report['tables']}"
            )
            new = one_more_hour(args, now)
            started = time.perf_counter()
            result = do_roll_up(now=now)
            seconds = time.perf_counter() - started
            report["incremental_hour"] = {
                "events": result.events,
                "days": result.days,
                "seconds": round(seconds, 2),
            }
            print(
                f"Incremental roll-up of one new hour ({new:,} events written, "
                f"{result.events:,} read): {seconds:.2f} s over {result.days} day(s)"
            )
        if args.row_budget is not None:
            from crowdservice.insights import queries

            queries.ROW_BUDGET = args.row_budget
        people = contributor_figures(now)
        report["contributors"] = people
        print(
            f"Exact contributor figures of the presets: {people['refresh_s']:.2f} s per job run "
            f"that rolled up events; 90 days, all spaces ({people['rows_90d']:,} rows, budget "
            f"{people['row_budget']:,}; the page uses them: {people['page_uses_snapshot']}):"
        )
        for label, key in (
            ("preset (exact)", "preset_90d"),
            ("read, sampled", "read_sampled_90d"),
            ("read in full", "read_in_full_90d"),
        ):
            c = people[key]
            print(
                f"  {label:<15} active {c['active']:>7,}  answerers {c['answerers']:>7,}  "
                f"top 1% {c['top1_share']:.1%}  top 10% {c['top10_share']:.1%}  "
                f"(1 member in {c['sample']})"
            )
        print(f"Rendering the dashboards ({args.runs} runs each)...", flush=True)
        pages = time_pages(args.runs)
        report["pages"] = pages
        judged = args.events >= 5_000_000
        missed = [name for name, r in pages.items() if r["p95_ms"] > TARGET_MS]
        print(f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8}  target {TARGET_MS:.0f} ms")
        for name, r in pages.items():
            verdict = "PASS" if r["p95_ms"] <= TARGET_MS else "FAIL"
            print(f"{name:<24} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}  {verdict}")
        report["missed"] = missed
        report["judged"] = judged
        print(json.dumps(report))
        return 1 if judged and missed else 0
    except Exception:
        traceback.print_exc()
        print(json.dumps({**report, "error": "harness failed"}))
        return 2


if __name__ == "__main__":
    sys.exit(main())
