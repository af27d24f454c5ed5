"""Exact contributor figures for the dashboards' preset ranges (`ContributorSnapshot`): kept by
the roll-up job, used by the community dashboard instead of a sample, and only while current."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_post_answer
from crowdservice.insights import queries
from crowdservice.insights.actions import (
    do_catch_up,
    do_rebuild,
    do_refresh_snapshots,
    do_roll_up,
)
from crowdservice.insights.filters import Filters, parse_filters
from crowdservice.insights.models import ALL_SPACES, ContributorSnapshot, RollupCursor
from crowdservice.insights.queries import community_report, contributors, preset_contributors
from tests.insights.conftest import D1, D2, NOW, World, at
from tests.insights.test_pages import BUDGET

pytestmark = pytest.mark.django_db

TODAY = NOW.date()


def preset(days: int, space: str = "") -> Filters:
    return parse_filters({"days": str(days), "space": space}, today=TODAY)


@pytest.fixture
def busy(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    """The world rolled up, with a row budget so small that every range would be sampled."""
    do_rebuild(now=NOW)
    monkeypatch.setattr(queries, "ROW_BUDGET", 1)
    return world


def page(client: Client, query: str) -> str:
    with at(NOW):
        response = client.get(f"/insights/community/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_preset_range_is_exact_where_a_sample_would_be_read(
    busy: World, as_user: Callable[..., Client], agent: User
) -> None:
    c = community_report(preset(7)).contributors
    assert (c.sample, c.snapshot) == (1, True)
    # D1 and D2 by hand: three people posted, all for the first time, all answered; the
    # customer wrote 2 of the 4 answers.
    assert (c.active, c.new, c.returning, c.answerers) == (3, 3, 0, 3)
    assert (c.top1_share, c.top10_share) == (0.5, 0.5)
    html = page(as_user(agent), "days=7")
    assert "≈" not in html
    assert "estimated from" not in html


def test_a_custom_range_is_still_sampled_and_says_so(
    busy: World, as_user: Callable[..., Client], agent: User
) -> None:
    # Two days, and seven days ending the day before the preset's end: neither is a preset.
    for f in (Filters(start=D1, end=D2), Filters(start=D2 - timedelta(days=6), end=D2)):
        c = community_report(f).contributors
        assert c.sample == 8
        assert not c.snapshot
    html = page(as_user(agent), f"from={D1}&to={D2}")
    assert "≈" in html
    assert "estimated from 1 member in 8" in html


def test_the_figures_are_those_of_reading_every_row(world: World) -> None:
    do_rebuild(now=NOW)
    figures = preset_contributors(TODAY)
    assert {space for space, _start, _end in figures} == {
        ALL_SPACES, world.wifi.pk, world.billing.pk,
    }  # fmt: skip
    ContributorSnapshot.objects.all().delete()  # the rows are read (few: exact, not sampled)
    for (space, start, end), expected in figures.items():
        f = Filters(start=start, end=end, space_id=None if space == ALL_SPACES else space)
        assert contributors(f, rows=0) == expected


def test_a_space_has_its_own_figures(busy: World) -> None:
    everywhere = community_report(preset(30)).contributors
    billing = community_report(preset(30, "billing")).contributors
    wifi = community_report(preset(30, busy.wifi.slug)).contributors
    assert (billing.snapshot, wifi.snapshot, everywhere.snapshot) == (True, True, True)
    # Billing: the customer's one question, no answer.
    assert (billing.active, billing.new, billing.answerers, billing.top1_share) == (1, 1, 0, None)
    assert (wifi.active, wifi.answerers) == (3, 3)
    assert billing != everywhere


def test_a_new_event_in_the_range_refreshes_them_on_the_next_run(busy: World) -> None:
    before = ContributorSnapshot.objects.get(space_id=ALL_SPACES, start=TODAY - timedelta(days=6))
    later = NOW + timedelta(hours=1)
    with at(later - timedelta(minutes=10)):
        do_post_answer(author=busy.other, question=busy.questions[2], body="Call billing on 555.")
    do_catch_up(now=later)  # what the periodic job runs
    c = community_report(preset(7)).contributors
    assert c.snapshot
    # The other customer now wrote 2 of the 5 answers, as many as the customer: top 1% = 2/5.
    assert (c.active, c.answerers, c.top1_share) == (3, 3, pytest.approx(0.4))
    billing = community_report(preset(7, "billing")).contributors
    assert (billing.active, billing.answerers) == (2, 1)
    after = ContributorSnapshot.objects.get(space_id=ALL_SPACES, start=before.start)
    assert after.as_of_event > before.as_of_event


def test_stale_figures_are_not_shown(busy: World) -> None:
    later = NOW + timedelta(hours=1)
    with at(later - timedelta(minutes=10)):
        do_post_answer(author=busy.other, question=busy.questions[2], body="Call billing on 555.")
    do_roll_up(now=later, snapshots=False)  # rolled up, but the snapshots not refreshed
    c = community_report(preset(7)).contributors
    assert not c.snapshot
    assert c.sample == 8
    # The next run has no new event, but does not just mark the stale figures current.
    assert do_roll_up(now=later + timedelta(minutes=5)).events == 0
    c = community_report(preset(7)).contributors
    assert (c.snapshot, c.top1_share) == (True, pytest.approx(0.4))


def test_figures_read_while_a_roll_up_landed_are_not_written(
    busy: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crowdservice.insights import actions

    def racing(today: Any) -> Any:
        figures = preset_contributors(today)
        RollupCursor.objects.filter(name="events").update(updated_at=NOW + timedelta(hours=2))
        return figures

    before = sorted(ContributorSnapshot.objects.values_list("id", "as_of_event"))
    monkeypatch.setattr(actions, "preset_contributors", racing)
    assert do_refresh_snapshots(now=NOW, changed=True) is False
    assert sorted(ContributorSnapshot.objects.values_list("id", "as_of_event")) == before


def test_a_run_without_event_days_keeps_them_and_a_new_day_gets_its_own(busy: World) -> None:
    cursor = RollupCursor.objects.get(name="events").last_event_id
    # Nothing new: marked current, not recomputed.
    assert do_refresh_snapshots(now=NOW, changed=False, previous_event=cursor) is False
    assert community_report(preset(90)).contributors.snapshot
    # The next UTC day: today's presets are missing, so they are computed with no new event.
    tomorrow = NOW + timedelta(days=1)
    assert do_roll_up(now=tomorrow).events == 0
    assert set(ContributorSnapshot.objects.values_list("end", flat=True)) == {tomorrow.date()}
    f = parse_filters({"days": "7"}, today=tomorrow.date())
    c = community_report(f).contributors
    assert (c.snapshot, c.active, c.new) == (True, 3, 3)


def test_the_community_page_costs_no_more_queries(
    busy: World, as_user: Callable[..., Client], agent: User, django_assert_max_num_queries: Any
) -> None:
    client = as_user(agent)
    page(client, "days=30")  # the session and the first render out of the way
    with CaptureQueriesContext(connection) as with_snapshot:
        html = page(client, "days=30")
    assert "≈" not in html
    ContributorSnapshot.objects.all().delete()
    with CaptureQueriesContext(connection) as sampled:
        html = page(client, f"from={D1}&to={D2}")
    assert "≈" in html
    assert len(with_snapshot) < len(sampled)
    with django_assert_max_num_queries(BUDGET["community"]):
        page(client, "days=30")  # no snapshot: looked up, then sampled as before


def test_rebuild_writes_them_the_same_every_time(world: World) -> None:
    def rows() -> list[tuple[Any, ...]]:
        return sorted(
            ContributorSnapshot.objects.values_list(
                "space_id", "start", "end", "active", "new", "answerers", "top1_share",
                "top10_share", "as_of_event",
            )
        )  # fmt: skip

    do_rebuild(now=NOW)
    first = rows()
    assert len(first) == 9  # 3 presets x (all spaces, wifi, billing)
    do_rebuild(now=NOW)
    assert rows() == first
    do_rebuild(since=D2, now=NOW)
    assert rows() == first
    assert do_roll_up(now=NOW).events == 0
    assert rows() == first
    assert dataclasses.replace(community_report(preset(90)).contributors, snapshot=False) == (
        dataclasses.replace(contributors(preset(90), rows=0), snapshot=False)
    )
