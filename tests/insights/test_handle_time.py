"""Handle time on the support dashboard: agents' recorded work time (`case.work_logged`) and the
average per solved case, with the ROI prefill's definition (`cases.queries.solved_work_logs`).

On top of the `world` fixture (counted by hand):

- c1 (Wi-Fi, solved day 1, reopened day 2): Alex works 600 s on day 1. Not solved at the end:
  its time counts as worked, not as handle time.
- c2 (no space, email): Alex works 300 s on day 1 and solves it that day.
- c3 (Billing, escalated day 2): Alex works 1,200 s and Ada 600 s on day 2; solved on day 2.

Worked: 900 s on day 1, 1,800 s on day 2 (2,700 s). Handle time: c2 (300 s) on day 1 and c3
(1,800 s) on day 2, 2 cases, 1,050 s per case. Alex: 2,100 s on 3 cases; Ada: 600 s on 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.cases.actions import do_change_status
from crowdservice.cases.actions.work import do_record_work_time
from crowdservice.cases.models import Case
from crowdservice.cases.queries import solved_handle_time
from crowdservice.insights.actions import do_catch_up, do_rebuild, do_roll_up
from crowdservice.insights.filters import Filters
from crowdservice.insights.models import (
    ContributorFirst,
    DailyAgentCase,
    DailyAgentWork,
    DailyContributor,
    DailyCount,
    DailyHistogram,
    QuestionFact,
    RollupCursor,
)
from crowdservice.insights.queries import support_report
from tests.insights.conftest import D1, D2, NOW, World, at, moment
from tests.insights.test_rollup import snapshot

pytestmark = pytest.mark.django_db

RANGE = f"from={D1}&to={D2}"


def work(agent: User, case: Case, seconds: int, when: Any) -> None:
    with at(when):
        do_record_work_time(actor=agent, case=case, seconds=seconds, source="page")


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def worked(world: World, admin_user: User) -> World:
    c1, c2, c3 = world.cases
    work(world.agent, c1, 600, moment(D1, 10))
    work(world.agent, c2, 300, moment(D1, 9, 45))
    with at(moment(D1, 16)):
        do_change_status(actor=world.agent, case=fresh(c2), status="solved")
    work(world.agent, c3, 1200, moment(D2, 12))
    work(admin_user, c3, 600, moment(D2, 12, 30))
    with at(moment(D2, 13)):
        do_change_status(actor=world.agent, case=fresh(c3), status="solved")
    return world


def agent_work(r: Any) -> list[tuple[str, int | None, int, float | None]]:
    return [(a.name, a.time_worked, a.work_cases, a.time_per_case) for a in r.agents]


def test_handle_time_matches_a_hand_count(worked: World) -> None:
    do_rebuild(now=NOW)
    r = support_report(Filters(start=D1, end=D2))
    assert r.time_worked == 2700
    assert (r.handle_cases, r.handle_time) == (2, 1050)
    assert [(d.time_worked, d.handle_cases, d.handle_time) for d in r.days] == [
        (900, 1, 300),
        (1800, 1, 1800),
    ]
    # The agent who replied first, then the one who only recorded time (no public reply).
    assert agent_work(r) == [("Alex Agent", 2100, 3, 700), ("Ada Admin", 600, 1, 600)]
    assert [(a.cases, a.customers) for a in r.agents] == [(1, 1), (0, 0)]


def test_the_same_definition_as_the_roi_prefill(worked: World) -> None:
    do_rebuild(now=NOW)
    r = support_report(Filters(start=D1, end=NOW.date()))
    roi = solved_handle_time(moment(D1, 0))
    assert (r.handle_cases, r.total("handle_seconds")) == (roi.cases, roi.seconds) == (2, 2100)


def test_space_filter(worked: World) -> None:
    do_rebuild(now=NOW)
    billing = support_report(Filters(start=D1, end=D2, space_id=worked.billing.pk))
    assert (billing.time_worked, billing.handle_cases, billing.handle_time) == (1800, 1, 1800)
    assert agent_work(billing) == [("Alex Agent", 1200, 1, 1200), ("Ada Admin", 600, 1, 600)]
    wifi = support_report(Filters(start=D1, end=D2, space_id=worked.wifi.pk))
    # c1 was worked on, but it is not solved: time worked, no handle time ("not measured").
    assert (wifi.time_worked, wifi.handle_cases, wifi.handle_time) == (600, 0, None)
    assert agent_work(wifi) == [("Alex Agent", 600, 1, 600)]


def test_no_recorded_time_is_not_measured_rather_than_zero(world: World) -> None:
    do_rebuild(now=NOW)
    r = support_report(Filters(start=D1, end=D2))
    assert (r.time_worked, r.handle_time) == (None, None)
    assert agent_work(r) == [("Alex Agent", None, 0, None)]
    assert not DailyAgentWork.objects.exists()


def test_rebuild_and_incremental_runs_give_the_same_rows(worked: World) -> None:
    def rows() -> dict[str, list[tuple[object, ...]]]:
        return {
            **snapshot(),
            "work": sorted(
                DailyAgentWork.objects.values_list(
                    "day", "space_id", "agent_id", "case_id", "seconds"
                )
            ),
        }

    do_rebuild(now=NOW)
    first = rows()
    assert first["work"]
    assert any(row[2] == "handle_cases" for row in first["counts"])
    do_rebuild(now=NOW)
    assert rows() == first
    do_rebuild(since=D2, now=NOW)
    assert rows() == first
    # From nothing, a few events at a time (days recomputed over and over).
    for model in (
        DailyCount, DailyHistogram, DailyContributor, DailyAgentCase, DailyAgentWork,
        QuestionFact, ContributorFirst,
    ):  # fmt: skip
        model.objects.all().delete()
    RollupCursor.objects.filter(name="events").update(last_event_id=0)
    do_catch_up(now=NOW, batch=3)
    assert rows() == first
    assert do_roll_up(now=NOW).events == 0
    assert rows() == first


def test_incremental_runs_follow_later_work_and_reopens(worked: World) -> None:
    """Work recorded after the solve counts on the solve day; a reopened case leaves it."""
    do_rebuild(now=NOW)
    _c1, c2, c3 = worked.cases
    work(worked.agent, c2, 120, moment(D2, 9))
    with at(moment(D2, 14)):
        do_change_status(actor=worked.agent, case=fresh(c3), status="open")
    do_roll_up(now=NOW + timedelta(minutes=1))
    r = support_report(Filters(start=D1, end=D2))
    assert [(d.handle_cases, d.handle_time) for d in r.days] == [(1, 420), (0, None)]
    assert r.time_worked == 2820
    incremental = sorted(DailyCount.objects.values_list("day", "space_id", "metric", "value"))
    do_rebuild(now=NOW + timedelta(minutes=1))
    assert sorted(DailyCount.objects.values_list("day", "space_id", "metric", "value")) == (
        incremental
    )


# --- Page, CSV and API ----------------------------------------------------------------------


def test_the_dashboard_shows_handle_time(
    as_user: Callable[..., Client], agent: User, worked: World
) -> None:
    do_rebuild(now=NOW)
    html = as_user(agent).get(f"/insights/support/?{RANGE}").content.decode()
    assert "Time worked" in html
    assert "45 min" in html  # 2,700 s
    assert "Handle time per solved case" in html
    assert "18 min" in html  # 1,050 s
    assert "average over 2 solved cases with recorded time" in html
    assert "Not measured" not in html  # every agent of the range recorded time


def test_the_dashboard_says_not_measured(
    as_user: Callable[..., Client], agent: User, world: World
) -> None:
    do_rebuild(now=NOW)
    html = as_user(agent).get(f"/insights/support/?{RANGE}").content.decode()
    assert html.count("Not measured") >= 3  # two stats and the agent's row


def test_csv_of_handle_time_and_agents(
    as_user: Callable[..., Client], agent: User, worked: World
) -> None:
    do_rebuild(now=NOW)
    client = as_user(agent)

    def table(name: str) -> list[list[str]]:
        response = client.get(f"/insights/support/?{RANGE}&format=csv&table={name}")
        assert response.status_code == 200
        return list(csv.reader(io.StringIO(response.content.decode())))

    assert table("handle") == [
        ["day", "time_worked_seconds", "handle_cases", "handle_time_seconds"],
        [str(D1), "900", "1", "300.0"],
        [str(D2), "1800", "1", "1800.0"],
    ]
    assert table("agents") == [
        ["agent", "cases", "customers", "time_worked_seconds", "cases_worked",
         "time_per_case_seconds"],
        ["Alex Agent", "1", "1", "2100", "3", "700.0"],
        ["Ada Admin", "0", "0", "600", "1", "600.0"],
    ]  # fmt: skip


def test_api_has_the_same_numbers(
    as_user: Callable[..., Client], agent: User, worked: World
) -> None:
    do_rebuild(now=NOW)
    body = as_user(agent).get(f"/api/v1/insights/support?start={D1}&end={D2}").json()
    assert (body["time_worked_seconds"], body["handle_cases"], body["handle_time_seconds"]) == (
        2700,
        2,
        1050,
    )
    assert [
        (a["name"], a["time_worked_seconds"], a["cases_worked"], a["time_per_case_seconds"])
        for a in body["agents"]
    ] == [("Alex Agent", 2100, 3, 700), ("Ada Admin", 600, 1, 600)]
    assert [(d["time_worked_seconds"], d["handle_time_seconds"]) for d in body["days"]] == [
        (900, 300),
        (1800, 1800),
    ]


def test_api_says_null_when_nothing_was_recorded(
    as_user: Callable[..., Client], agent: User, world: World
) -> None:
    do_rebuild(now=NOW)
    body = as_user(agent).get(f"/api/v1/insights/support?start={D1}&end={D2}").json()
    assert (body["time_worked_seconds"], body["handle_cases"], body["handle_time_seconds"]) == (
        None,
        0,
        None,
    )
    assert body["agents"][0]["time_worked_seconds"] is None
