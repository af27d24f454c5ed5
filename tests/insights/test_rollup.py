"""The roll-ups against numbers counted by hand from the `world` fixture, idempotence, and the
incremental job."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crowdservice.community.actions import do_post_answer
from crowdservice.insights.actions import do_catch_up, do_rebuild, do_roll_up
from crowdservice.insights.filters import Filters
from crowdservice.insights.models import (
    ContributorFirst,
    ContributorSnapshot,
    DailyAgentCase,
    DailyContributor,
    DailyCount,
    DailyHistogram,
    QuestionFact,
)
from crowdservice.insights.queries import community_report, support_report
from tests.insights.conftest import D1, D2, NOW, World, at, moment

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        "counts": sorted(DailyCount.objects.values_list("day", "space_id", "metric", "value")),
        "hist": sorted(
            DailyHistogram.objects.values_list("day", "space_id", "metric", "bucket", "count")
        ),
        "people": sorted(
            DailyContributor.objects.values_list("day", "space_id", "user_id", "posts", "answers")
        ),
        "agents": sorted(
            DailyAgentCase.objects.values_list("day", "space_id", "agent_id", "case_id")
        ),
        "first": sorted(ContributorFirst.objects.values_list("space_id", "user_id", "first_day")),
        "facts": sorted(
            QuestionFact.objects.values_list(
                "question_id", "first_answer_id", "first_answer_by_staff"
            )
        ),
        "snapshots": sorted(
            ContributorSnapshot.objects.values_list(
                "space_id", "start", "end", "active", "new", "answerers", "top1_share"
            )
        ),
    }


def test_community_numbers_match_a_hand_count(world: World) -> None:
    do_rebuild(now=NOW)
    r = community_report(Filters(start=D1, end=D2))
    assert (r.total("questions"), r.total("answers"), r.total("comments")) == (3, 4, 1)
    # q1 answered first by a member (2 h), q2 by staff (3 h), q3 never: self-answers don't count.
    assert (r.total("asked"), r.total("answered"), r.total("answered_by_staff")) == (3, 2, 1)
    assert r.answered_share == pytest.approx(2 / 3)
    assert r.community_share == pytest.approx(0.5)
    assert r.median_first_answer == pytest.approx(7200, rel=0.1)
    c = r.contributors
    assert (c.active, c.new, c.returning, c.answerers) == (3, 3, 0, 3)
    # The customer wrote 2 of the 4 answers: the top 1% (one person) wrote half of them.
    assert c.top1_share == pytest.approx(0.5)
    day2 = community_report(Filters(start=D2, end=D2)).contributors
    assert (day2.active, day2.new, day2.returning) == (1, 0, 1)


def test_space_filter_counts_only_that_space(world: World) -> None:
    do_rebuild(now=NOW)
    r = community_report(Filters(start=D1, end=D2, space_id=world.billing.pk))
    assert (r.total("questions"), r.total("answers"), r.total("asked")) == (1, 0, 1)
    assert r.answered_share == 0
    assert r.community_share is None  # nothing answered: no share, no division by zero
    s = support_report(Filters(start=D1, end=D2, space_id=world.billing.pk))
    assert (s.total("cases"), s.total("escalations")) == (1, 1)


def test_support_numbers_match_a_hand_count(world: World) -> None:
    do_rebuild(now=NOW)
    r = support_report(Filters(start=D1, end=D2))
    assert r.total("cases") == 3
    assert (r.channel_total("web"), r.channel_total("email"), r.channel_total("community")) == (
        1,
        1,
        1,
    )
    assert r.median_first_response == pytest.approx(3600, rel=0.1)
    assert r.median_resolution == pytest.approx(6 * 3600, rel=0.1)
    assert (r.total("resolved"), r.total("reopened")) == (1, 1)
    assert r.reopen_rate == 1.0
    assert r.sla_attainment == 1.0
    assert [d.backlog for d in r.days] == [1, 3]
    assert (r.total("csat_ratings"), r.csat_average) == (1, 4.0)
    assert r.total("escalations") == 1
    assert [(a.agent_id, a.cases, a.customers) for a in r.agents] == [(world.agent.pk, 1, 1)]
    # Backlog carries over: a range starting on day 2 starts from day 1's unresolved case.
    assert support_report(Filters(start=D2, end=D2)).backlog == 3


def test_rebuild_twice_and_incremental_give_the_same_rows(world: World) -> None:
    do_rebuild(now=NOW)
    first = snapshot()
    assert first["counts"]
    do_rebuild(now=NOW)
    assert snapshot() == first
    do_rebuild(since=D2, now=NOW)
    assert snapshot() == first
    # From nothing, the incremental job arrives at the same rows, and running it again
    # changes nothing.
    for model in (
        DailyCount, DailyHistogram, DailyContributor, DailyAgentCase, QuestionFact,
        ContributorFirst,
    ):  # fmt: skip
        model.objects.all().delete()
    from crowdservice.insights.models import RollupCursor

    RollupCursor.objects.all().delete()
    do_catch_up(now=NOW)  # no cursor yet: the first run rebuilds
    assert snapshot() == first
    for model in (
        DailyCount, DailyHistogram, DailyContributor, DailyAgentCase, QuestionFact,
        ContributorFirst,
    ):  # fmt: skip
        model.objects.all().delete()
    RollupCursor.objects.filter(name="events").update(last_event_id=0)
    do_catch_up(now=NOW, batch=3)  # a few events at a time, days recomputed over and over
    assert snapshot() == first
    assert do_roll_up(now=NOW).events == 0
    assert snapshot() == first


def test_incremental_run_picks_up_new_events(world: World) -> None:
    do_rebuild(now=NOW)
    later = NOW + timedelta(hours=1)
    with at(later - timedelta(minutes=10)):
        do_post_answer(author=world.other, question=world.questions[2], body="Call billing on 555.")
    result = do_roll_up(now=later)
    assert result.events >= 1
    # The billing question (asked on day 1) is now answered: its cohort day was recomputed.
    r = community_report(Filters(start=D1, end=D1, space_id=world.billing.pk))
    assert (r.total("asked"), r.total("answered")) == (1, 1)
    today = community_report(Filters(start=later.date(), end=later.date()))
    assert today.total("answers") == 1


def test_events_younger_than_the_settle_time_wait_for_the_next_run(world: World) -> None:
    do_rebuild(now=NOW)
    with at(NOW + timedelta(minutes=1)):
        do_post_answer(author=world.other, question=world.questions[2], body="Call billing on 555.")
    assert do_roll_up(now=NOW + timedelta(minutes=1, seconds=5)).events == 0
    assert do_roll_up(now=NOW + timedelta(minutes=5)).events == 1


def test_the_day_boundaries_are_utc(world: World) -> None:
    do_rebuild(now=NOW)
    assert set(DailyCount.objects.values_list("day", flat=True)) >= {D1, D2}
    assert moment(D1, 0).tzinfo is not None


def test_a_busy_range_reads_a_sample_of_members(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crowdservice.insights import queries

    do_rebuild(now=NOW)
    exact = community_report(Filters(start=D1, end=D2)).contributors
    assert exact.sample == 1
    assert queries.sample_rate(10) == 1
    assert queries.sample_rate(queries.ROW_BUDGET * 3) == 4
    assert queries.sample_rate(10**12) == queries.SHARDS
    # With a budget of one row the 5 contributor rows are read for 1 member in 8 (by shard), and
    # the counts scaled back up; "new" stays exact and bounds "active" from below.
    monkeypatch.setattr(queries, "ROW_BUDGET", 1)
    sampled = community_report(Filters(start=D1, end=D2)).contributors
    assert sampled.sample == 8
    assert sampled.new == exact.new == 3
    assert sampled.active >= sampled.new
    assert sampled.active % 8 == 0 or sampled.active == sampled.new
