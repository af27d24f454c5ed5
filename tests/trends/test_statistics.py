"""The test on plain numbers: shares, not counts; the baseline is a sample; BH adjustment."""

from __future__ import annotations

import pytest

from crowdservice.trends.jobs import detect_hot_topics
from crowdservice.trends.statistics import Counts, adjust, binomial_test, rate_test


def counts(observed: int, total: int, baseline: int, baseline_total: int) -> Counts:
    return Counts(observed, total, baseline, baseline_total, 0, 0)


def test_a_rise_with_all_traffic_is_not_significant() -> None:
    # 10% of posts, before and after traffic doubled.
    assert binomial_test(counts(12, 120, 1_000, 10_000)).p_value > 0.3


def test_a_share_that_quadruples_is() -> None:
    assert binomial_test(counts(24, 60, 1_000, 10_000)).p_value < 1e-6


def test_a_short_baseline_is_uncertain_too() -> None:
    """Five mentions are news against 10,000 quiet posts, not against 100."""
    assert rate_test(5, 60, 0, 10_000) < 1e-8
    assert rate_test(5, 60, 0, 100) > 0.005


def test_no_baseline_is_never_news() -> None:
    assert binomial_test(counts(50, 60, 0, 0)).p_value == 1.0


def test_seasonality_only_makes_a_spike_harder_to_call() -> None:
    """Common at this hour of the day: the same-hours baseline decides."""
    usual_now = Counts(10, 60, 100, 10_000, same_hours=80, same_hours_total=500)
    plain = binomial_test(counts(10, 60, 100, 10_000))
    assert plain.p_value < 1e-4
    seasonal = binomial_test(usual_now)
    assert seasonal.p_value > 0.05
    assert seasonal.expected > plain.expected


def test_benjamini_hochberg() -> None:
    assert adjust([]) == []
    # sorted 0.01, 0.03, 0.04, 0.5: x 4/rank = 0.04, 0.06, 0.0533, 0.5, then the running minimum
    assert adjust([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.5])


def test_the_hourly_job_with_no_data(db: None) -> None:
    assert detect_hot_topics.call_local() == 0
