"""The deflection dashboard counts what deflection's own report counts (same definitions), from
sessions built through the real deflection actions."""

from __future__ import annotations

import pytest
from django.utils import timezone

from crowdservice.community.models import Space
from crowdservice.deflection.models import DeflectionSession
from crowdservice.deflection.queries import deflection_report as deflection_own_report
from crowdservice.insights.actions import do_rebuild, do_roll_up
from crowdservice.insights.filters import Filters
from crowdservice.insights.queries import deflection_report
from crowdservice.insights.rollup import utc_day
from tests.deflection.conftest import fixed_hits
from tests.deflection.test_report import activity

__all__ = ["activity", "fixed_hits"]

pytestmark = pytest.mark.django_db


def test_rates_and_gaps_match_the_deflection_report(
    activity: dict[str, DeflectionSession], space: Space
) -> None:
    do_rebuild()
    today = utc_day(timezone.now())
    ours = deflection_report(Filters(start=today, end=today))
    theirs = deflection_own_report(30)
    assert ours.total == type(ours.total)(**{**theirs.total.__dict__, "label": "All sessions"})
    assert ours.total.rate == pytest.approx(2 / 5)
    assert [(g.query_key, g.filed, g.without_results) for g in ours.gaps] == [
        (g.query_key, g.filed, g.without_results) for g in theirs.gaps
    ]
    assert ours.total_of("searched") == 6  # every attempt searched once
    wifi = deflection_report(Filters(start=today, end=today, space_id=space.pk))
    assert (wifi.total.sessions, wifi.total.deflected) == (2, 2)
    assert wifi.gaps == []


def test_the_job_recomputes_today_for_sessions_without_events(
    activity: dict[str, DeflectionSession],
) -> None:
    do_roll_up(now=timezone.now())
    today = utc_day(timezone.now())
    assert deflection_report(Filters(start=today, end=today)).total.sessions == 5
