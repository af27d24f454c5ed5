"""Inputs prefilled from measured data: a small history of real cases, replies and deflection
sessions, created through the actions, read back in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.cases import actions as cases
from crowdservice.cases.models import Case, Status
from crowdservice.deflection.queries import deflection_report
from crowdservice.knowledge.models import Article
from crowdservice.roi.inputs import SPEC_BY_NAME, check_inputs
from crowdservice.roi.model import calculate
from crowdservice.roi.queries import DAYS_PER_MONTH, WINDOW_DAYS, prefill
from crowdservice.search.types import SearchHit
from tests.deflection.test_report import attempt, hit

pytestmark = pytest.mark.django_db


def open_case(requester: User, n: int, days_ago: float = 0) -> Case:
    case = cases.do_open_case(
        requester=requester, subject=f"The router restarts ({n})", description="Every hour."
    )
    if days_ago:
        # Bulk history: the case was opened earlier (as the demo seed backdates its content).
        when = timezone.now() - timedelta(days=days_ago)
        Case.objects.filter(pk=case.pk).update(created_at=when, updated_at=when)
    return case


@pytest.fixture
def history(
    customer: User,
    agent: User,
    fixed_hits: list[SearchHit],
    make_article: Callable[..., Article],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> dict[str, Any]:
    """120 days of history: 10 cases in the window (one merged away, so 9 count), 2 older ones;
    an agent linked an article in 3 of the counted cases; 2 CSAT ratings; 4 deflection
    sessions shown suggestions, 1 self-solved and 1 abandoned."""
    counted = [open_case(customer, n, days_ago=n * 8) for n in range(10)]  # 0 to 72 days ago
    open_case(customer, 100, days_ago=100)
    open_case(customer, 101, days_ago=120)  # the site's first case: the window is full
    cases.do_merge(actor=agent, source=counted[9], target=counted[8])
    article = make_article(title="Reset the router to factory settings")
    with django_capture_on_commit_callbacks(execute=True):
        for case in counted[:3]:
            cases.do_reply(
                actor=agent, case=case, status=Status.SOLVED,
                body=f"[{article.title}]({article.get_absolute_url()})",
            )  # fmt: skip
    cases.do_rate(actor=customer, case=Case.objects.get(pk=counted[0].pk), score=5)
    cases.do_rate(actor=customer, case=Case.objects.get(pk=counted[1].pk), score=4)
    for outcome in ("self_solved", "abandoned", "filed_after_open", "shown"):
        attempt(customer, [hit(1)], fixed_hits, outcome=outcome)
    return {"counted": 9}


def test_prefill_measures_cases_deflection_and_answer_reuse(history: dict[str, Any]) -> None:
    with CaptureQueriesContext(connection) as queries:
        filled = prefill()
    assert len(queries) == 5  # first case, window cases, deflection, article links, work time
    measured = filled.measured
    assert measured.days == WINDOW_DAYS
    assert measured.cases == 9  # the merged duplicate and the two older cases do not count
    assert measured.cases_per_month == pytest.approx(9 / 90 * DAYS_PER_MONTH)  # 3.04 a month
    # The deflection rate is the deflection report's own: 2 deflected of 4 sessions shown.
    report = deflection_report(WINDOW_DAYS).total
    assert (report.deflected, report.sessions) == (2, 4)
    assert filled.inputs.deflection_percent == pytest.approx(50)
    assert measured.deflection.rate == report.rate
    # Demand grossed up: 3.04 cases a month / (1 - 50% deflection) / (1 - 33.3% self-served)
    #   = 9.13, so at full adoption the model files as many cases as were measured.
    expected = 9 / 90 * DAYS_PER_MONTH / 0.5 / (1 - 0.333)
    assert filled.inputs.monthly_demand == round(expected)
    assert filled.inputs.answer_reuse_percent == pytest.approx(round(3 / 9 * 100, 1))
    assert measured.csat_average == pytest.approx(4.5)
    sources = filled.sources
    assert sources["monthly_demand"].measured
    assert "3 cases a month" in sources["monthly_demand"].text
    assert sources["deflection_percent"].measured
    assert "2 of the 4 sessions" in sources["deflection_percent"].text
    assert "3 of 9 cases" in sources["answer_reuse_percent"].text
    assert not sources["handle_minutes"].measured
    assert "Not measured" in sources["handle_minutes"].text
    assert "average CSAT 4.5 of 5 from 2 ratings" in sources["retained_customers_per_year"].text
    # The prefilled inputs are valid as they stand.
    assert check_inputs(filled.inputs.as_dict()) == filled.inputs


def test_the_model_reproduces_the_measured_case_volume(customer: User) -> None:
    for n in range(30):
        open_case(customer, n, days_ago=n * 3)  # 30 cases over 90 days: ~10 a month
    filled = prefill()
    result = calculate(filled.inputs, None)
    # Year 3 at full adoption and no growth would file as many cases as were measured
    # (up to rounding the demand to whole requests).
    flat = calculate(check_inputs({**filled.inputs.as_dict(), "yearly_growth_percent": 0}), None)
    assert flat.years[3].remaining_cases / 12 == pytest.approx(
        filled.measured.cases_per_month, rel=0.05
    )
    assert result.pv_benefits > 0


def test_a_young_site_is_measured_since_its_first_case(customer: User) -> None:
    for n in range(6):
        open_case(customer, n, days_ago=n * 2)  # the first case is 10 days old
    filled = prefill()
    assert filled.measured.days == 10
    assert filled.measured.cases_per_month == pytest.approx(6 / 10 * DAYS_PER_MONTH)
    assert filled.sources["monthly_demand"].text.startswith("Over the last 10 days:")


def test_without_any_data_every_input_is_a_labelled_default(db: None) -> None:
    filled = prefill()
    assert filled.measured.cases == 0
    assert filled.measured.deflection.rate is None
    assert all(not source.measured for source in filled.sources.values())
    assert filled.inputs.monthly_demand == SPEC_BY_NAME["monthly_demand"].default
    assert "No cases over the last 90 days" in filled.sources["monthly_demand"].text
    assert "Not measured yet" in filled.sources["deflection_percent"].text
    assert filled.sources["platform_cost_per_year"].text == (
        "Not measured here: edit it to your own figure."
    )
    assert filled.sources["value_per_retained_customer"].text.startswith("Off by default")


def solved_with_work(customer: User, agent: User, n: int, seconds: int) -> Case:
    case = open_case(customer, n)
    cases.do_reply(
        actor=agent, case=case, body="Fixed.", status=Status.SOLVED, work_seconds=seconds
    )
    return case


def test_handle_time_is_measured_once_enough_solved_cases_have_work_time(
    customer: User, agent: User
) -> None:
    for n in range(19):
        solved_with_work(customer, agent, n, 600)
    # Not counted: solved before the window, not solved, solved without recorded time, merged.
    old = solved_with_work(customer, agent, 100, 9_000)
    Case.objects.filter(pk=old.pk).update(
        solved_at=timezone.now() - timedelta(days=WINDOW_DAYS + 1)
    )
    open_one = open_case(customer, 101)
    cases.do_record_work_time(actor=agent, case=open_one, seconds=9_000, source="page")
    cases.do_reply(actor=agent, case=open_case(customer, 102), body="Done", status=Status.SOLVED)
    duplicate = open_case(customer, 103)
    cases.do_record_work_time(actor=agent, case=duplicate, seconds=9_000, source="page")
    cases.do_merge(actor=agent, source=duplicate, target=open_one)

    few = prefill()
    assert few.measured.handle.cases == 19
    assert not few.sources["handle_minutes"].measured
    assert few.inputs.handle_minutes == SPEC_BY_NAME["handle_minutes"].default
    # A young site (its first case is today) is measured over its first week.
    assert few.sources["handle_minutes"].text.startswith(
        "Not measured yet (19 solved cases with recorded work time over the last 7 days; "
        "20 are needed)"
    )

    # The 20th: (19 * 10 min + 30 min) / 20 = 11 minutes a case, all of a case's records summed.
    twentieth = solved_with_work(customer, agent, 20, 1_200)
    cases.do_record_work_time(actor=agent, case=twentieth, seconds=600, source="page")
    filled = prefill()
    assert filled.measured.handle.cases == 20
    assert filled.inputs.handle_minutes == pytest.approx(11)
    source = filled.sources["handle_minutes"]
    assert source.measured
    assert "averaged 11 minutes per solved case, over 20 solved cases" in source.text
    assert check_inputs(filled.inputs.as_dict()) == filled.inputs


def test_a_short_measured_handle_time_lowers_the_minutes_saved_per_reuse(
    customer: User, agent: User
) -> None:
    for n in range(20):
        solved_with_work(customer, agent, n, 150)  # 2.5 minutes a case
    filled = prefill()
    assert filled.inputs.handle_minutes == pytest.approx(2.5)
    # A reused answer cannot save more than the whole case: the default 5 would be refused.
    assert filled.inputs.minutes_saved_per_reuse == pytest.approx(2.5)
    assert check_inputs(filled.inputs.as_dict()) == filled.inputs
