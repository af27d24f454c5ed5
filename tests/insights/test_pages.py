"""The insights pages and API: who may see them, what they show, CSV, bad input, query budgets."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.insights.actions import do_rebuild
from tests.insights.conftest import D1, D2, NOW, World

pytestmark = pytest.mark.django_db

PAGES = ("overview", "community", "support", "deflection", "report")
# Queries per page, whatever the data: a constant number of aggregates over the roll-ups.
# Support and the report: +1 for the per-agent work time (`DailyAgentWork`).
BUDGET = {"overview": 12, "community": 10, "support": 11, "deflection": 7, "report": 18}
RANGE = f"from={D1}&to={D2}"


def url(page: str, query: str = RANGE) -> str:
    path = "/insights/" if page == "overview" else f"/insights/{page}/"
    return f"{path}?{query}" if query else path


@pytest.fixture
def rolled_up(world: World) -> World:
    do_rebuild(now=NOW)
    return world


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_sign_in(page: str, as_user: Callable[..., Client]) -> None:
    response = as_user(None).get(url(page))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_customers_are_refused(page: str, as_user: Callable[..., Client], customer: User) -> None:
    response = as_user(customer).get(url(page))
    assert response.status_code == 403
    assert "support and community team" in response.content.decode()


@pytest.mark.parametrize("role", ["agent", "moderator", "editor", "admin_user"])
@pytest.mark.parametrize("page", PAGES)
def test_staff_see_every_page(
    page: str, role: str, request: pytest.FixtureRequest, as_user: Callable[..., Client],
    rolled_up: World, django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    client = as_user(request.getfixturevalue(role))
    with django_assert_max_num_queries(BUDGET[page]):
        response = client.get(url(page))
    assert response.status_code == 200
    assert b"Insights" in response.content


def test_community_page_shows_the_numbers_and_charts(
    as_user: Callable[..., Client], agent: User, rolled_up: World
) -> None:
    html = as_user(agent).get(url("community")).content.decode()
    assert 'data-chart-config="community-activity-chart-config"' in html
    assert "chart.umd.min.js" in html  # served from our own static files
    assert "66.7%" in html  # share answered: 2 of 3
    assert "<dt>New questions</dt><dd>3</dd>" in html


def test_the_nav_links_insights_for_staff_only(
    as_user: Callable[..., Client], agent: User, customer: User
) -> None:
    assert b'href="/insights/"' in as_user(agent).get("/").content
    assert b'href="/insights/"' not in as_user(customer).get("/").content


def test_htmx_gets_only_the_dashboard_body(
    as_user: Callable[..., Client], agent: User, rolled_up: World
) -> None:
    response = as_user(agent).get(url("support"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'hx-target="#insights-body"' in html


def test_csv_export_of_a_table(
    as_user: Callable[..., Client], agent: User, rolled_up: World
) -> None:
    response = as_user(agent).get(url("community", f"{RANGE}&format=csv&table=answered"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["day", "asked", "answered_by_community"]
    assert rows[1][:6] == [str(D1), "3", "1", "1", "1", "0.6666666666666666"]
    assert rows[2][1] == "0"
    assert rows[2][5] == ""  # nothing asked on day 2: no rate, not 0/0


@pytest.mark.parametrize("page", ["community", "support", "deflection"])
def test_every_table_exports(
    page: str, as_user: Callable[..., Client], agent: User, rolled_up: World
) -> None:
    from crowdservice.insights.dashboards import DASHBOARDS
    from crowdservice.insights.filters import Filters

    client = as_user(agent)
    for panel in DASHBOARDS[page](Filters(start=D1, end=D2)).panels:
        response = client.get(url(page, f"{RANGE}&format=csv&table={panel.table.key}"))
        assert response.status_code == 200, panel.table.key
        assert response.content.decode().splitlines()[0] == ",".join(panel.table.csv_header())


def test_unknown_csv_table_is_a_404(as_user: Callable[..., Client], agent: User) -> None:
    response = as_user(agent).get(url("community", f"{RANGE}&format=csv&table=nope"))
    assert response.status_code == 404
    assert "no table by that name" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-03-05&to=2026-03-01", "swap the two dates"),
        ("from=yesterday", "YYYY-MM-DD"),
        ("from=2020-01-01&to=2026-03-01", "at most 366 days"),
        ("from=2999-01-01", "starts in the future"),
        ("days=12", "presets"),
    ],
)
def test_bad_ranges_get_a_sentence(
    query: str, message: str, as_user: Callable[..., Client], agent: User
) -> None:
    for page in ("overview", "community", "support", "deflection"):
        response = as_user(agent).get(url(page, query))
        assert response.status_code == 422
        assert message in response.content.decode()


def test_a_future_end_is_cut_to_today(as_user: Callable[..., Client], agent: User) -> None:
    html = as_user(agent).get(url("community", "to=2999-12-31")).content.decode()
    assert "it now ends today" in html


def test_unknown_space_is_a_404(as_user: Callable[..., Client], agent: User) -> None:
    response = as_user(agent).get(url("community", f"{RANGE}&space=atlantis"))
    assert response.status_code == 404
    assert "no space" in response.content.decode()


def test_a_space_with_no_data_says_so(
    as_user: Callable[..., Client], agent: User, rolled_up: World
) -> None:
    from crowdservice.community.models import Space

    Space.objects.create(slug="empty", name="Empty space")
    for page in ("community", "support", "deflection"):
        response = as_user(agent).get(url(page, f"{RANGE}&space=empty"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "No activity in Empty space in this range" in html
        assert "—" in html


def test_an_empty_database_renders(as_user: Callable[..., Client], agent: User) -> None:
    for page in PAGES:
        assert as_user(agent).get(url(page, "")).status_code == 200


# --- API ------------------------------------------------------------------------------------


def test_api_returns_the_dashboard_numbers(
    as_user: Callable[..., Client], agent: User, rolled_up: World
) -> None:
    client = as_user(agent)
    community = client.get(f"/api/v1/insights/community?start={D1}&end={D2}").json()
    assert (community["questions"], community["answers"]) == (3, 4)
    assert community["answered_share"] == pytest.approx(2 / 3)
    assert community["contributors"]["active"] == 3
    assert len(community["days"]) == 2
    support = client.get(f"/api/v1/insights/support?start={D1}&end={D2}").json()
    assert (support["cases"], support["backlog"], support["reopen_rate"]) == (3, 3, 1.0)
    deflection = client.get(f"/api/v1/insights/deflection?start={D1}&end={D2}&space=billing").json()
    assert deflection["range"]["space"] == "billing"
    assert deflection["deflection_rate"] is None


def test_api_bad_input(as_user: Callable[..., Client], agent: User) -> None:
    client = as_user(agent)
    bad = client.get("/api/v1/insights/support?start=2026-03-05&end=2026-03-01")
    assert bad.status_code == 422
    assert "swap" in bad.json()["detail"]
    missing = client.get("/api/v1/insights/support?space=atlantis")
    assert missing.status_code == 404


def test_api_query_budget(
    as_user: Callable[..., Client],
    agent: User,
    rolled_up: World,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(agent)
    for name, budget in (("community", 7), ("support", 8), ("deflection", 4)):
        with django_assert_max_num_queries(budget):
            assert client.get(f"/api/v1/insights/{name}?start={D1}&end={D2}").status_code == 200


def test_table_cells_are_escaped(
    as_user: Callable[..., Client], agent: User, rolled_up: World
) -> None:
    world = rolled_up
    world.billing.name = "<b>Billing</b> & plans"
    world.billing.save(update_fields=["name"])
    html = as_user(agent).get(url("community")).content.decode()
    assert "&lt;b&gt;Billing&lt;/b&gt; &amp; plans" in html
    assert "<b>Billing</b>" not in html


def test_the_overview_numbers_are_the_dashboards_first_numbers(rolled_up: World) -> None:
    from crowdservice.insights.dashboards import DASHBOARDS, HEADLINE_STATS, headlines
    from crowdservice.insights.filters import Filters

    f = Filters(start=D1, end=D2)
    for light, full in zip(headlines(f), (build(f) for build in DASHBOARDS.values()), strict=True):
        assert light.stats[:HEADLINE_STATS] == full.stats[:HEADLINE_STATS]
