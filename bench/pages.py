"""Page benchmark: the question page and the list page against a trivial Django page.

Seeds 10,000 questions and 50,000 answers into a fresh SQLite database (or the database named by
BENCH_DATABASE_URL), serves the site with gunicorn (2 sync workers, CONN_MAX_AGE=60) on 127.0.0.1
and loads each page with wrk (10 s, 16 connections). Prints req/s, p50 and p99 per page, the ratio
of each page's req/s to the trivial page's, PASS/FAIL per target, and finally ONE line of JSON
with every figure (the line tooling reads).

    .venv/bin/python bench/pages.py [--pages trivial,question,member,list,article] [--duration 10]

"question" is the question page as anonymous readers (most of a public community's traffic) get
it: the thread comes from the cache that every write to it invalidates. "member" is the same page
for a signed-in customer, rendered for them on every request; it has no target but is reported.
"list" is the newest-questions page for anonymous readers, who share a rendering up to 30 s old.
"article" is a knowledge-base article (1,000 published articles in 50 sections, with labels,
related articles and a table of contents) as anonymous readers get it; it has the question
page's targets.

"queue" is the agents' case queue (all open cases, newest activity first) over 100,000 seeded
cases, for a signed-in agent; it is loaded with as many connections as there are workers, so its
latency is the page's own and not time spent queueing for a worker.

Targets: question page req/s >= 0.6 x trivial page req/s, and question page p99 <= 100 ms;
queue page p99 <= 150 ms.
Exit status: 0 all targets met, 1 a target missed, 2 the harness failed (wrk missing, a page
not answering 200, gunicorn not starting...).

Environment:
    BENCH_DATABASE_URL  benchmark this (empty) database instead of a temporary SQLite one
    BENCH_FLUSH=1       with BENCH_DATABASE_URL: empty the database first if it holds data
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
SETTINGS_MODULE = "benchsite.settings"

QUESTIONS = 10_000
ANSWERS = 50_000
USERS = 600
AGENTS = 12
TAGS = 300
SPACES = [
    ("wifi", "Wi-Fi & Connectivity"),
    ("billing", "Billing & Plans"),
    ("devices", "Devices & Setup"),
    ("apps", "Apps & Integrations"),
]
WORKERS = 2
CONNECTIONS = 16
THREADS = 2
DURATION_S = 10
WARMUP_S = 2
TARGET_RATIO = 0.6
TARGET_P99_MS = 100.0
# "member" is the question page as a signed-in reader sees it: rendered for them, not cached.
PAGES = ("trivial", "question", "member", "list", "article", "queue")
ARTICLES = 1_000
CASES = 100_000
TARGET_QUEUE_P99_MS = 150.0


class BenchError(Exception):
    """The harness could not measure (as opposed to a page missing its target)."""


# --------------------------------------------------------------------------- seeding


_WORDS = (
    "router", "modem", "firmware", "channel", "band", "signal", "mesh", "node", "extender",
    "bridge", "DHCP", "lease", "DNS", "gateway", "invoice", "plan", "upgrade", "refund",
    "discount", "renewal", "card", "statement", "account", "profile", "password", "token",
    "webhook", "integration", "sync", "calendar", "export", "import", "backup", "restore",
    "update", "setting", "option", "toggle", "menu", "dashboard", "report", "device", "phone",
    "tablet", "laptop", "printer", "camera", "speaker", "thermostat", "bulb", "hub", "app",
    "notification", "battery", "screen", "cable", "port", "adapter",
)  # fmt: skip
_VERBS = (
    "drops", "keeps resetting", "stops working", "fails", "won't connect", "shows an error",
    "disappears", "is slow", "times out", "loses the setting", "reboots", "charges twice",
    "freezes",
)  # fmt: skip
_SENTENCES = (
    "I followed the setup guide step by step but the {a} still {v} after a few minutes.",
    "Since the last {a} update the {b} {v} whenever I open the {c}.",
    "Has anyone else seen this with the {a}? It only happens in the evening.",
    "Support told me to reset the {a}, which I did twice, without any change.",
    "The {a} light blinks orange and the {b} page says everything is fine.",
    "Try disabling the {a} option in the {b} menu and then restart the {c}.",
    "This is a known issue with older {a} models; the fix is in the next {b} release.",
    "Check that the {a} is on the latest version, then re-pair the {b}.",
    "You can also export the {a} first so nothing is lost if the {b} resets.",
    "In my case the {a} was set to automatic; switching it to manual fixed the {b}.",
    "If that does not help, open a case and attach the {a} log from the {b} page.",
    "The documentation says the {a} must be on the same network as the {b}.",
)
_CODE = (
    ("bash", "$ ping -c 4 192.168.1.1\n$ nslookup example.com\n$ ip route show\n"),
    ("json", '{\n  "channel": 36,\n  "band": "5GHz",\n  "dfs": false,\n  "width": 80\n}\n'),
    ("python", "import requests\n\nresp = requests.get(URL, timeout=5)\nprint(resp.json())\n"),
    ("", "Error 0x80070005: access denied\nRetrying in 30 seconds...\n"),
)


def _sentence(rng: random.Random) -> str:
    a, b, c = rng.sample(_WORDS, 3)
    return rng.choice(_SENTENCES).format(a=a, b=b, c=c, v=rng.choice(_VERBS))


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.4:
        word = rng.choice(_WORDS)
        text += f" See `{word}.conf` or [the {word} guide](https://example.com/docs/{word})."
    if rng.random() < 0.2:
        word = rng.choice(_WORDS)
        text += f" **Make sure the {word} is plugged in.**"
    return text


def markdown_body(rng: random.Random, low: int, high: int) -> str:
    """Realistic markdown of roughly low..high characters: paragraphs, lists, code, links."""
    target = rng.randint(low, high)
    blocks: list[str] = []
    while sum(len(b) for b in blocks) < target:
        kind = rng.random()
        if kind < 0.6 or not blocks:
            blocks.append(_paragraph(rng))
        elif kind < 0.8:
            items = [f"- {_sentence(rng)}" for _ in range(rng.randint(2, 4))]
            if rng.random() < 0.5:
                items = [f"{n}. {item[2:]}" for n, item in enumerate(items, 1)]
            blocks.append("\n".join(items))
        elif kind < 0.93:
            lang, code = rng.choice(_CODE)
            blocks.append(f"```{lang}\n{code}```")
        else:
            blocks.append(f"> {_sentence(rng)}")
    body = "\n\n".join(blocks)
    return body[: high + 200]


def _title(rng: random.Random, n: int) -> str:
    a, b = rng.sample(_WORDS, 2)
    verb = rng.choice(_VERBS)
    pattern = rng.choice(
        (
            "{A} {v} after the {b} update",
            "Why does my {a} {v} with the {b}?",
            "How do I set up the {a} with a new {b}?",
            "{A} {v} when the {b} is on (#{n})",
        )
    )
    return pattern.format(A=a.capitalize(), a=a, b=b, v=verb, n=n)[:200]


def _answer_counts(rng: random.Random) -> list[int]:
    """How many answers each question gets: mostly around 5, some unanswered, a few busy."""
    counts = []
    for _ in range(QUESTIONS):
        roll = rng.random()
        if roll < 0.08:
            counts.append(0)
        elif roll < 0.09:
            counts.append(rng.randint(20, 40))
        else:
            counts.append(max(1, round(rng.gauss(5, 2))))
    while (total := sum(counts)) != ANSWERS:
        i = rng.randrange(QUESTIONS)
        if total < ANSWERS and counts[i] > 0:
            counts[i] += 1
        elif total > ANSWERS and counts[i] > 1:
            counts[i] -= 1
    return counts


@dataclass
class Seeded:
    seconds: float
    question_path: str
    question_answers: int
    median_answers: float
    counts: dict[str, int] = field(default_factory=dict)
    article_path: str = ""


def seed_articles(rng: random.Random, bodies: list[str]) -> str:
    """A help center of ARTICLES published articles (bulk-loaded); the path of a typical one."""
    from django.utils import timezone

    from crowdservice.accounts.models import User
    from crowdservice.knowledge.content import render_article
    from crowdservice.knowledge.models import (
        Article,
        ArticleRevision,
        Category,
        Label,
        Section,
        Status,
    )

    now = timezone.now()
    editor = User.objects.filter(role="agent").order_by("pk").first()
    assert editor is not None
    categories = Category.objects.bulk_create(
        Category(slug=f"category-{i}", name=f"Category {i}", position=i) for i in range(10)
    )
    sections = Section.objects.bulk_create(
        Section(category=c, slug=f"section-{c.position}-{j}", name=f"Section {j}", position=j)
        for c in categories
        for j in range(5)
    )
    texts = [
        f"## Before you start\n\n{b}\n\n## Steps\n\n{b}\n\n## If it fails\n\n{b}"
        for b in bodies[:50]
    ]
    rendered = {t: render_article(t) for t in texts}
    articles = Article.objects.bulk_create(
        (
            Article(
                section=sections[n % len(sections)],
                title=_title(rng, n),
                body=(body := rng.choice(texts)),
                status=Status.PUBLISHED,
                owner=editor,
                created_by=editor,
                published_title=_title(rng, n),
                published_html=rendered[body],
                published_at=now,
                created_at=now,
                updated_at=now,
            )
            for n in range(ARTICLES)
        ),
        batch_size=500,
    )
    revisions = ArticleRevision.objects.bulk_create(
        (
            ArticleRevision(
                article=a, number=1, title=a.title, body=a.body, author=editor, created_at=now,
                published_at=now, published_by=editor,
            )
            for a in articles
        ),
        batch_size=500,
    )  # fmt: skip
    for article, revision in zip(articles, revisions, strict=True):
        article.published_revision = revision
    Article.objects.bulk_update(articles, ["published_revision"], batch_size=500)
    labels = Label.objects.bulk_create(Label(name=f"label-{i}") for i in range(40))
    through = Article.labels.through
    through.objects.bulk_create(
        through(article_id=a.pk, label_id=label.pk)
        for a in articles
        for label in rng.sample(labels, 3)
    )
    related = Article.related.through
    related.objects.bulk_create(
        related(from_article_id=a.pk, to_article_id=other.pk)
        for a in articles
        for other in rng.sample(articles, 5)
        if other.pk != a.pk
    )
    return articles[len(articles) // 2].get_absolute_url()


def seed() -> Seeded:
    """Bulk-load the data set; every counter is recomputed by counters.recount_all()."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from crowdservice.accounts.models import User
    from crowdservice.accounts.roles import Role
    from crowdservice.community.actions import counters
    from crowdservice.community.models import Answer, Question, Space, Tag
    from crowdservice.core.markdown import markdown_to_text, render_markdown

    rng = random.Random(20240917)  # a fixed seed: every run measures the same data
    started = time.perf_counter()
    now = timezone.now()

    question_bodies = [markdown_body(rng, 200, 900) for _ in range(400)]
    answer_bodies = [markdown_body(rng, 300, 1500) for _ in range(800)]
    html = {body: render_markdown(body) for body in {*question_bodies, *answer_bodies}}
    excerpts = {body: markdown_to_text(body, 240) for body in question_bodies}

    with transaction.atomic():
        password = make_password(None)  # unusable: nobody signs in as a seeded user
        users = User.objects.bulk_create(
            User(
                username=f"user{i:04d}",
                email=f"user{i:04d}@example.com",
                password=password,
                display_name=f"{rng.choice(_WORDS).title()} {rng.choice(_WORDS).title()}",
                role=Role.AGENT if i < AGENTS else Role.CUSTOMER,
                date_joined=now - timedelta(days=rng.randint(30, 900)),
            )
            for i in range(USERS)
        )
        agents, customers = users[:AGENTS], users[AGENTS:]
        spaces = Space.objects.bulk_create(
            Space(slug=slug, name=name, description=f"Questions about {name}.", position=i)
            for i, (slug, name) in enumerate(SPACES)
        )
        tag_names: set[str] = set()
        while len(tag_names) < TAGS:
            tag_names.add(f"{rng.choice(_WORDS).lower()}-{rng.choice(_WORDS).lower()}"[:35])
        tags = Tag.objects.bulk_create(Tag(name=name) for name in sorted(tag_names))
        tag_weights = [1 / (rank + 1) for rank in range(len(tags))]

        counts = _answer_counts(rng)
        questions: list[Question] = []
        for n in range(QUESTIONS):
            created = now - timedelta(seconds=rng.randint(3600, 365 * 86400))
            body = rng.choice(question_bodies)
            author = rng.choice(customers)
            questions.append(
                Question(
                    space=rng.choice(spaces),
                    author=author,
                    title=_title(rng, n),
                    body=body,
                    body_html=html[body],
                    excerpt=excerpts[body],
                    created_at=created,
                    last_activity_at=created,
                    last_activity_by=author,
                    score=max(-3, round(rng.expovariate(0.35)) - (rng.random() < 0.1)),
                    deleted_at=now if rng.random() < 0.01 else None,
                )
            )
        Question.objects.bulk_create(questions, batch_size=500)

        through = Question.tags.through
        through.objects.bulk_create(
            (
                through(question_id=q.pk, tag_id=tag.pk)
                for q in questions
                for tag in set(rng.choices(tags, tag_weights, k=rng.randint(0, 3)))
            ),
            batch_size=2000,
        )

        answers: list[Answer] = []
        by_question: list[list[Answer]] = []
        for q, count in zip(questions, counts, strict=True):
            mine = []
            for _ in range(count):
                author = rng.choice(users)
                while author.pk == q.author_id:
                    author = rng.choice(users)
                when = min(now, q.created_at + timedelta(minutes=rng.expovariate(1 / 600)))
                body = rng.choice(answer_bodies)
                endorsed = author in agents or rng.random() < 0.02
                mine.append(
                    Answer(
                        question=q,
                        author=author,
                        body=body,
                        body_html=html[body],
                        created_at=when,
                        score=max(-2, round(rng.expovariate(0.3)) - (rng.random() < 0.1)),
                        is_endorsed=endorsed,
                        endorsed_by=rng.choice(agents) if endorsed else None,
                        endorsed_at=when if endorsed else None,
                        deleted_at=now if rng.random() < 0.01 else None,
                    )
                )
            answers.extend(mine)
            by_question.append(mine)
        Answer.objects.bulk_create(answers, batch_size=500)

        changed: list[Question] = []
        for q, mine in zip(questions, by_question, strict=True):
            live = [a for a in mine if a.deleted_at is None]
            if not live:
                continue
            latest = max(live, key=lambda a: a.created_at)
            q.last_activity_at, q.last_activity_by = latest.created_at, latest.author
            if rng.random() < 0.35:
                q.accepted_answer = rng.choice(live)
            changed.append(q)
        Question.objects.bulk_update(
            changed, ["last_activity_at", "last_activity_by", "accepted_answer"], batch_size=500
        )
        counters.recount_all()
        article_path = seed_articles(rng, answer_bodies)

    live_counts = list(
        Question.objects.filter(deleted_at__isnull=True).values_list("answer_count", flat=True)
    )
    median = statistics.median(live_counts)
    candidates = Question.objects.filter(
        deleted_at__isnull=True, answer_count=round(median), tags__isnull=False
    ).order_by("id")
    picked = candidates[candidates.count() // 2]
    return Seeded(
        seconds=time.perf_counter() - started,
        question_path=picked.get_absolute_url(),
        question_answers=picked.answer_count,
        median_answers=median,
        article_path=article_path,
        counts={
            "users": User.objects.count(),
            "spaces": Space.objects.count(),
            "tags": Tag.objects.count(),
            "questions": Question.objects.count(),
            "answers": Answer.objects.count(),
            "distinct_bodies": len(html),
        },
    )


def seed_cases() -> float:
    """Bulk-load CASES cases from the seeded customers, in every status, some assigned."""
    from django.db import transaction
    from django.utils import timezone

    from crowdservice.accounts.models import User
    from crowdservice.cases.models import Case, Priority, Queue, SlaState, Status

    rng = random.Random(4711)
    started = time.perf_counter()
    now = timezone.now()
    customers = list(User.objects.filter(role="customer").values_list("pk", flat=True))
    agents = list(User.objects.filter(role="agent").values_list("pk", flat=True))
    statuses = [Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED]
    weights = [2, 4, 2, 1, 6]
    with transaction.atomic():
        queue = Queue.objects.create(slug="general", name="General")
        batch: list[Case] = []
        for n in range(CASES):
            created = now - timedelta(seconds=rng.randint(60, 180 * 86400))
            status = rng.choices(statuses, weights)[0]
            batch.append(
                Case(
                    requester_id=rng.choice(customers),
                    subject=_title(rng, n)[:200],
                    description="The device stopped working.",
                    description_html="<p>The device stopped working.</p>",
                    priority=rng.choice(list(Priority)),
                    status=status,
                    assignee_id=rng.choice(agents) if rng.random() < 0.7 else None,
                    queue=queue,
                    created_at=created,
                    updated_at=min(now, created + timedelta(hours=rng.randint(0, 200))),
                    sla_state=rng.choice([SlaState.OK, SlaState.OK, SlaState.WARNING]),
                )
            )
            if len(batch) == 2000:
                Case.objects.bulk_create(batch)
                batch = []
        Case.objects.bulk_create(batch)
    return time.perf_counter() - started


def agent_session() -> str:
    from django.test import Client

    from crowdservice.accounts.models import User

    client = Client()
    client.force_login(User.objects.filter(role="agent").order_by("pk").first())
    return str(client.cookies["sessionid"].value)


def prepare_database(fresh: bool) -> None:
    """Migrate (as `crowdservice migrate` does) and refuse to seed over someone's data."""
    from django.core.management import call_command

    from crowdservice.community.models import Question

    call_command("migrate", interactive=False, verbosity=0)
    if Question.objects.exists():
        if fresh or os.environ.get("BENCH_FLUSH") != "1":
            raise BenchError(
                "The benchmark database already holds questions; point BENCH_DATABASE_URL at an "
                "empty database, or set BENCH_FLUSH=1 to empty it first."
            )
        call_command("flush", interactive=False, verbosity=0)


def member_session() -> str:
    """A signed-in customer's session id (stored in the database, so gunicorn accepts it)."""
    from django.test import Client

    from crowdservice.accounts.models import User

    client = Client()
    client.force_login(User.objects.filter(role="customer").order_by("pk").first())
    return str(client.cookies["sessionid"].value)


def count_queries(paths: dict[str, str], session: str) -> dict[str, int | None]:
    """SQL queries for one request to each page (in process, with Django's client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    result: dict[str, int | None] = {}
    for name, path in paths.items():
        client = Client(raise_request_exception=False)
        if name == "queue":
            client.cookies["sessionid"] = agent_session()
        elif name == "member":
            client.cookies["sessionid"] = session
        client.get(path, HTTP_HOST="127.0.0.1")  # warm caches, like the server after warm-up
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, HTTP_HOST="127.0.0.1")
        result[name] = len(ctx.captured_queries) if response.status_code == 200 else None
    return result


# --------------------------------------------------------------------------- serving and load


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is a failure here: wrk would only measure the redirect


_opener = urllib.request.build_opener(_NoRedirect)


def status_of(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with _opener.open(url, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        detail = exc.headers.get("Location") or exc.read(300).decode("utf-8", "replace")
        return exc.code, " ".join(detail.split())


def wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with status {process.returncode}:\n{tail(log)}")
        try:
            status_of(url, timeout=2)
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
            continue
        return
    raise BenchError(f"gunicorn did not answer within {limit:.0f} s:\n{tail(log)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the gunicorn master we started (it stops its workers), by pid, then its group."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the session gunicorn was started in
        process.wait(timeout=5)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if match is None:
        raise BenchError(f"Cannot read wrk's latency {text!r}.")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: dict[str, int]


def parse_wrk(output: str) -> Load:
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    if not (rps and p50 and p99 and total):
        raise BenchError(f"Cannot read wrk's output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    names = ("connect", "read", "write", "timeout")
    return Load(
        rps=float(rps.group(1)),
        p50_ms=_ms(p50.group(1)),
        p99_ms=_ms(p99.group(1)),
        requests=int(total.group(1)),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors={
            name: int(errors.group(i + 1)) if errors else 0 for i, name in enumerate(names)
        },
    )


def run_wrk(
    wrk: str, url: str, duration: int, connections: int, headers: tuple[str, ...] = ()
) -> str:
    args = [wrk, f"-t{THREADS}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for header in headers:
        args += ["-H", header]
    args.append(url)
    done = subprocess.run(args, capture_output=True, text=True, timeout=duration + 30, check=False)
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return done.stdout


# --------------------------------------------------------------------------- main


def configure(var_dir: Path, database_url: str) -> dict[str, str]:
    """Environment for this process (seeding) and for gunicorn: the same settings and data."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # never a developer's database unless BENCH_DATABASE_URL
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH_DIR), env.get("PYTHONPATH", "")])),
        CROWDSERVICE_VAR_DIR=str(var_dir),
        CONN_MAX_AGE="60",
        CROWDSERVICE_DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        CROWDSERVICE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    return env


def measure(args: argparse.Namespace, var_dir: Path, wrk: str, report: dict[str, Any]) -> None:
    database_url = os.environ.get("BENCH_DATABASE_URL", "")
    env = configure(var_dir, database_url)
    os.environ.clear()
    os.environ.update(env)
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    report["db"] = connection.vendor
    print(f"Database: {connection.vendor} ({'BENCH_DATABASE_URL' if database_url else var_dir})")
    started = time.perf_counter()
    prepare_database(fresh=not database_url)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Migrated and collected static files in {time.perf_counter() - started:.1f} s")

    seeded = seed()
    report["seed_s"] = round(seeded.seconds, 2)
    report["data"] = seeded.counts
    print(
        f"Seeded {seeded.counts['questions']:,} questions, {seeded.counts['answers']:,} answers, "
        f"{seeded.counts['tags']} tags, {seeded.counts['users']} users in {seeded.seconds:.1f} s"
    )
    if "queue" in args.pages:
        seconds = seed_cases()
        report["seed_cases_s"] = round(seconds, 2)
        print(f"Seeded {CASES:,} cases in {seconds:.1f} s")
    paths = {
        "queue": "/agent/cases/",
        "trivial": "/_bench/trivial/",
        "question": seeded.question_path,
        "member": seeded.question_path,
        "list": "/",
        "article": seeded.article_path,
    }
    paths = {name: paths[name] for name in args.pages}
    print(
        f"Question page: {seeded.question_path} ({seeded.question_answers} answers; "
        f"median {seeded.median_answers:g})"
    )
    session = member_session()
    staff_session = agent_session() if "queue" in paths else ""
    queries = count_queries(paths, session)
    connections.close_all()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = var_dir / "gunicorn.log"
    report["load_avg_before"] = round(os.getloadavg()[0], 2)
    command = [
        sys.executable, "-m", "gunicorn", "crowdservice.wsgi",
        "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
    ]  # fmt: skip
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command, env=env, cwd=REPO_ROOT, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_up(process, base + paths.get("trivial", "/"), log, limit=60)
        bad = []
        for name, path in paths.items():
            if name == "queue":
                continue  # needs the agent's cookie; wrk reports any non-2xx below
            status, detail = status_of(base + path)
            if status != 200:
                bad.append(f"  {name} page {path} answered {status}, not 200: {detail[:200]}")
        if bad:
            raise BenchError("A measured page does not answer 200:\n" + "\n".join(bad))
        for name, path in paths.items():
            headers = (f"Cookie: sessionid={session}",) if name == "member" else ()
            connections_now = args.connections
            if name == "queue":
                headers = (f"Cookie: sessionid={staff_session}",)
                connections_now = WORKERS
            run_wrk(wrk, base + path, WARMUP_S, 4, headers)
            load = parse_wrk(run_wrk(wrk, base + path, args.duration, connections_now, headers))
            if load.non_2xx_3xx:
                raise BenchError(
                    f"{name} page {path}: {load.non_2xx_3xx} of {load.requests} responses "
                    f"under load were not 2xx/3xx.\n{tail(log)}"
                )
            report["pages"][name] = {
                "path": path,
                "rps": load.rps,
                "p50_ms": round(load.p50_ms, 2),
                "p99_ms": round(load.p99_ms, 2),
                "requests": load.requests,
                "queries": queries.get(name),
                "socket_errors": load.socket_errors,
            }
            print(
                f"  {name:<9} {load.rps:>9.1f} req/s  p50 {load.p50_ms:7.2f} ms  "
                f"p99 {load.p99_ms:7.2f} ms  ({load.requests} requests)"
            )
    finally:
        stop(process)
    report["load_avg_after"] = round(os.getloadavg()[0], 2)
    if "question" in paths:
        report["pages"]["question"]["answers"] = seeded.question_answers


def judge(report: dict[str, Any]) -> bool:
    pages = report["pages"]
    trivial = pages.get("trivial")
    print()
    print(f"{'page':<10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'queries':>9}{'ratio':>8}")
    for name, page in pages.items():
        ratio = round(page["rps"] / trivial["rps"], 3) if trivial else None
        page["ratio"] = ratio
        print(
            f"{name:<10}{page['rps']:>10.1f}{page['p50_ms']:>10.2f}{page['p99_ms']:>10.2f}"
            f"{page['queries'] if page['queries'] is not None else '-':>9}"
            f"{ratio if ratio is not None else '-':>8}"
        )
    print(
        f"\n1-minute load average {report['load_avg_before']} before, "
        f"{report['load_avg_after']} after ({os.cpu_count()} CPUs): other work on the machine "
        "skews every figure."
    )
    queue_ok = True
    if (queue := pages.get("queue")) is not None:
        queue_ok = queue["p99_ms"] <= TARGET_QUEUE_P99_MS and queue["socket_errors"]["timeout"] == 0
        report.setdefault("targets", {})["queue_p99_ms"] = {
            "target": f"<= {TARGET_QUEUE_P99_MS:g}",
            "value": queue["p99_ms"],
            "pass": queue_ok,
        }
        print(
            f"\n{'PASS' if queue_ok else 'FAIL'}  queue_p99_ms = {queue['p99_ms']} "
            f"(target <= {TARGET_QUEUE_P99_MS:g}; {CASES:,} cases, {WORKERS} connections)"
        )
    question = pages.get("question")
    if question is None or trivial is None:
        print("\nTargets not judged: they need both the question page and the trivial page.")
        return queue_ok
    timeouts = question["socket_errors"]["timeout"]
    targets = {
        "question_rps_ratio": {
            "target": f">= {TARGET_RATIO}",
            "value": question["ratio"],
            "pass": question["ratio"] >= TARGET_RATIO,
        },
        "question_p99_ms": {
            "target": f"<= {TARGET_P99_MS:g}",
            "value": question["p99_ms"],
            # wrk leaves timed-out requests out of its percentiles, so any timeout fails this.
            "pass": question["p99_ms"] <= TARGET_P99_MS and timeouts == 0,
        },
    }
    article = pages.get("article")
    if article is not None:
        # The help center's article page has the question page's targets.
        article_timeouts = article["socket_errors"]["timeout"]
        targets["article_rps_ratio"] = {
            "target": f">= {TARGET_RATIO}",
            "value": article["ratio"],
            "pass": article["ratio"] >= TARGET_RATIO,
        }
        targets["article_p99_ms"] = {
            "target": f"<= {TARGET_P99_MS:g}",
            "value": article["p99_ms"],
            "pass": article["p99_ms"] <= TARGET_P99_MS and article_timeouts == 0,
        }
    report.setdefault("targets", {}).update(targets)
    print()
    for name, target in targets.items():
        verdict = "PASS" if target["pass"] else "FAIL"
        note = f" ({timeouts} timeouts)" if name == "question_p99_ms" and timeouts else ""
        print(f"{verdict}  {name} = {target['value']} (target {target['target']}){note}")
    return queue_ok and all(target["pass"] for target in targets.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        default=list(PAGES),
        help="comma-separated subset of trivial,question,member,list,article,queue (default: all)",
    )
    parser.add_argument("--duration", type=int, default=DURATION_S, help="seconds per page")
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    args = parser.parse_args()
    unknown = set(args.pages) - set(PAGES)
    if unknown or not args.pages:
        parser.error(f"--pages takes names from {', '.join(PAGES)}")
    if not 1 <= args.duration <= 120:
        parser.error("--duration must be 1..120 seconds")

    report: dict[str, Any] = {
        "bench": "pages",
        "ok": False,
        "workers": WORKERS,
        "connections": args.connections,
        "duration_s": args.duration,
        "pages": {},
    }
    # SIGTERM (a CI timeout, say) must still run the finally blocks that stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    status = 2
    try:
        wrk = shutil.which("wrk")
        if wrk is None:
            raise BenchError(
                "wrk is not installed (it generates the load); install it with "
                "`apt-get install wrk` (Debian/Ubuntu) and run again."
            )
        with tempfile.TemporaryDirectory(prefix="crowdservice-bench-") as tmp:
            measure(args, Path(tmp), wrk, report)
        passed = judge(report)
        report["ok"] = True
        report["pass"] = passed
        status = 0 if passed else 1
    except BenchError as exc:
        report["error"] = " ".join(str(exc).split())[:500]
        print(f"\nBENCH ERROR: {exc}", file=sys.stderr)
    except Exception as exc:
        report["error"] = " ".join(f"{type(exc).__name__}: {exc}".split())[:500]
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        print(json.dumps(report, separators=(",", ":")), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
