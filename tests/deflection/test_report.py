"""The deflection report: who may see it, what it counts, CSV export, a flat query budget."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.community.models import Space
from crowdservice.deflection import actions
from crowdservice.deflection.models import DeflectionSession
from crowdservice.deflection.queries import deflection_report
from crowdservice.search.types import SearchHit
from tests.conftest import make_user
from tests.web.helpers import Browser, text

pytestmark = pytest.mark.django_db
REPORT = "/deflection/report/"
REPORT_CEILING = 12


@pytest.fixture
def browse(as_user: Callable[[User | None], Client]) -> Callable[[User | None], Browser]:
    return lambda user: Browser(as_user(user))


def hit(object_id: int) -> SearchHit:
    return SearchHit(
        kind="question",
        object_id=object_id,
        title=f"Existing question {object_id}",
        snippet="",
        url=f"/questions/{object_id}/q/",
        score=1.0,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def attempt(
    user: User,
    hits: list[SearchHit],
    fixed_hits: list[SearchHit],
    *,
    outcome: str,
    space_id: int | None = None,
    query: str = "router drops 5 GHz",
    object_id: int = 1,
) -> DeflectionSession:
    """One attempt to ask, ending in `outcome`, through the real actions."""
    fixed_hits[:] = hits
    session = actions.do_start_session(user=user, surface="ask", space_id=space_id)  # type: ignore[arg-type]
    actions.do_suggest(session=session, user=user, text=query, space_id=space_id)
    if outcome in ("opened", "abandoned", "filed_after_open"):
        actions.do_record_open(
            session=session, user=user, object_kind="question", object_id=object_id
        )
    if outcome == "self_solved":
        actions.do_record_self_solved(
            session=session, user=user, object_kind="question", object_id=object_id
        )
    if outcome in ("filed", "filed_after_open"):
        actions.do_record_filed(session.token, user, "question", 900 + session.pk, title=query)
    if outcome == "abandoned":
        past = timezone.now() - timedelta(hours=2)
        DeflectionSession.objects.filter(pk=session.pk).update(last_activity_at=past)
        actions.do_mark_abandoned()
    session.refresh_from_db()
    return session


@pytest.fixture
def activity(
    customer: User, space: Space, fixed_hits: list[SearchHit]
) -> dict[str, DeflectionSession]:
    other = Space.objects.create(slug="mesh", name="Mesh & Extenders")
    return {
        "solved": attempt(customer, [hit(1), hit(2)], fixed_hits, outcome="self_solved",
                          space_id=space.pk),
        "abandoned": attempt(customer, [hit(1)], fixed_hits, outcome="abandoned",
                             space_id=space.pk),
        "filed": attempt(customer, [hit(2)], fixed_hits, outcome="filed_after_open",
                         space_id=other.pk, object_id=2),
        "gap": attempt(customer, [], fixed_hits, outcome="filed",
                       query="Guest network password resets itself"),
        "ignored": attempt(customer, [hit(3)], fixed_hits, outcome="filed",
                           query="password resets itself on the guest network", space_id=other.pk),
        "pending": attempt(customer, [hit(3)], fixed_hits, outcome="shown"),
    }  # fmt: skip


def test_the_report_counts_deflection_by_space_and_week(
    activity: dict[str, DeflectionSession], space: Space
) -> None:
    report = deflection_report(30)

    # Shown suggestions: every attempt but the gap (which found nothing).
    assert report.total.sessions == 5
    assert (report.total.self_solved, report.total.abandoned) == (1, 1)
    assert report.total.filed_anyway == 2
    assert report.total.undecided == 1
    assert report.total.rate == pytest.approx(2 / 5)
    by_space = {r.label: r for r in report.by_space}
    assert set(by_space) == {"Wi-Fi & Connectivity", "Mesh & Extenders", "No space chosen"}
    assert by_space["Wi-Fi & Connectivity"].deflected == 2
    assert by_space["Wi-Fi & Connectivity"].rate == 1.0
    assert by_space["Mesh & Extenders"].deflected == 0
    assert by_space["Mesh & Extenders"].filed_anyway == 2
    assert len(report.by_week) == 1
    assert report.by_week[0].label.startswith(f"{timezone.now().isocalendar()[0]}-W")


def test_the_report_names_the_content_that_deflects(
    activity: dict[str, DeflectionSession],
) -> None:
    content = deflection_report(30).content

    assert [(c.object_id, c.self_solved, c.abandoned) for c in content] == [(1, 1, 1)]
    top = content[0]
    assert top.title == "Existing question 1"
    assert top.url == "/questions/1/q/"
    assert (top.shown, top.opened) == (2, 1)


def test_the_report_lists_content_gaps_grouped_by_words(
    activity: dict[str, DeflectionSession],
) -> None:
    gaps = deflection_report(30).gaps

    # Asked after finding nothing, or after not opening what was found; same words, one row.
    assert [(g.query_key, g.filed, g.without_results) for g in gaps] == [
        ("guest itself network password resets", 2, 1)
    ]


def test_the_range_leaves_out_older_sessions(activity: dict[str, DeflectionSession]) -> None:
    DeflectionSession.objects.filter(pk=activity["solved"].pk).update(
        started_at=timezone.now() - timedelta(days=45)
    )

    assert deflection_report(30).total.sessions == 4
    assert deflection_report(90).total.sessions == 5


@pytest.mark.parametrize("role", [Role.AGENT, Role.ADMIN, Role.MODERATOR, Role.EDITOR])
def test_staff_see_the_report(
    role: Role, browse: Callable[[User | None], Browser], activity: dict[str, DeflectionSession]
) -> None:
    response = browse(make_user(f"staff_{role}", role)).get(REPORT)

    assert response.status_code == 200
    body = text(response)
    assert "Deflection" in body
    assert "Wi-Fi &amp; Connectivity" in body
    assert "Existing question 1" in body
    assert "guest itself network password resets" in body  # the gap, by its words
    assert "40%" in body


def test_customers_and_anonymous_visitors_do_not(
    browse: Callable[[User | None], Browser],
    customer: User,
    activity: dict[str, DeflectionSession],
) -> None:
    refused = browse(customer).get(REPORT)
    anonymous = browse(None).get(REPORT)
    csv_refused = browse(customer).get("/deflection/report/gaps.csv")

    assert refused.status_code == 403
    assert "Existing question 1" not in text(refused)
    assert csv_refused.status_code == 403
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


@pytest.mark.parametrize("table", ["spaces", "weeks", "content", "gaps"])
def test_each_table_exports_as_csv(
    table: str,
    browse: Callable[[User | None], Browser],
    agent: User,
    activity: dict[str, DeflectionSession],
) -> None:
    response = browse(agent).get(f"/deflection/report/{table}.csv?days=90")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"deflection-{table}-90d.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) >= 2


def test_csv_cells_are_never_spreadsheet_formulas(
    browse: Callable[[User | None], Browser],
    customer: User,
    agent: User,
    fixed_hits: list[SearchHit],
) -> None:
    attempt(customer, [], fixed_hits, outcome="filed", query='=HYPERLINK("http://evil","x") now')

    body = browse(agent).get("/deflection/report/gaps.csv").content.decode()

    assert "'=HYPERLINK" in body


def test_unknown_tables_and_ranges(
    browse: Callable[[User | None], Browser], agent: User, activity: dict[str, DeflectionSession]
) -> None:
    browser = browse(agent)
    assert browser.get("/deflection/report/secrets.csv").status_code == 404
    for days in ("abc", "-1", "99999999999999999999", "30\x00"):
        assert browser.get(f"{REPORT}?days={days}").status_code == 200


def count_queries(browser: Browser, url: str) -> int:
    browser.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_report_does_not_grow_with_the_data(
    browse: Callable[[User | None], Browser],
    agent: User,
    customer: User,
    fixed_hits: list[SearchHit],
) -> None:
    browser = browse(agent)
    spaces = [Space.objects.create(slug=f"s{n}", name=f"Space {n}") for n in range(6)]
    attempt(customer, [hit(1)], fixed_hits, outcome="self_solved", space_id=spaces[0].pk)
    small = count_queries(browser, REPORT)
    for n, space in enumerate(spaces):
        for outcome in ("self_solved", "abandoned", "filed", "filed_after_open"):
            attempt(
                customer,
                [hit(n + 10), hit(n + 20)],
                fixed_hits,
                outcome=outcome,
                space_id=space.pk,
                query=f"words number {n} {outcome}",
                object_id=n + 10,
            )
    large = count_queries(browser, REPORT)

    assert small == large
    assert large <= REPORT_CEILING
