"""The detector on synthetic traffic: spikes are found, steady topics and volume changes are not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from crowdservice.accounts.models import User
from crowdservice.trends.actions import alert_keys, do_detect
from crowdservice.trends.config import trend_config
from crowdservice.trends.detection import Detection, detect
from crowdservice.trends.models import TrendAlert
from tests.trends.conftest import END, Asker, Traffic

pytestmark = pytest.mark.usefixtures("trend_settings")


def raised_keys() -> set[str]:
    return set(TrendAlert.objects.values_list("term__key", flat=True))


def spike_keys(run: Detection) -> set[str]:
    """Every spiking term, headline or grouped with one."""
    return {f.term.key for s in run.spikes for f in (s, *s.related)}


def test_ordinary_traffic_raises_nothing(baseline: Traffic) -> None:
    """A week of the same mix, then more of it: no term is news (no false alarms)."""
    summary = do_detect(at=END)
    assert summary.tested > 20  # the common terms were tested, and none passed
    assert summary.raised == []
    assert raised_keys() == set()


def test_a_spike_in_a_tag_is_found(baseline: Traffic, people: list[User], ask_at: Asker) -> None:
    titles = (
        "Nothing loads at all", "Everything down here", "Router unreachable today",
        "No internet since lunch", "Lights blinking red", "Cannot reach any site",
    )  # fmt: skip
    for i, person in enumerate(people[:6]):
        ask_at(
            person, END - timedelta(minutes=10 + 25 * i), f"{titles[i]} (#{i})",
            f"Since {i + 7} o'clock, no connection at all.", ["outage", "wifi"],
        )  # fmt: skip
    summary = do_detect(at=END)
    assert len(summary.raised) == 1
    alert = summary.raised[0]
    assert "tag:outage" in alert_keys(alert)
    assert alert.observed == 6
    assert alert.authors == 6
    assert alert.expected < 1
    assert alert.q_value <= 0.01
    assert alert.sources == ["community"]
    assert len(alert.examples) == 3
    assert all(e["audience"] == "public" for e in alert.examples)
    # The steady topic is not news. (The ordinary "wifi" tag on all six posts is: in an hour of
    # about eight posts, seven with "wifi" is a real rise, but of the same posts: one alert.)
    assert not raised_keys() & {"tag:account", "phrase:password reset"}
    assert TrendAlert.objects.count() == 1
    assert "tag:wifi" in {r["key"] for r in alert.related}


def test_a_spike_in_a_phrase_is_found(baseline: Traffic, people: list[User], ask_at: Asker) -> None:
    for i, person in enumerate(people[:6]):
        ask_at(
            person, END - timedelta(minutes=5 + 30 * i), f"Problem {i} since this morning",
            f"My calendar sync failed again (attempt {i}), what can I do?", ["app"],
        )  # fmt: skip
    do_detect(at=END)
    alert = TrendAlert.objects.get()  # one burst, one alert
    assert alert.kind == "phrase"
    assert alert.label == "calendar sync failed"[: len(alert.label)]
    keys = {alert.term.key, *(r["key"] for r in alert.related)}
    assert {"phrase:calendar sync", "phrase:sync fail"} <= keys


def test_a_steady_topic_at_a_high_rate_is_not_a_spike(baseline: Traffic) -> None:
    """A third of all posts mention it, every hour: many posts, no news."""
    run = detect(END, trend_config())
    steady = [f for f in run.findings if f.term.key == "tag:account"]
    assert steady
    assert max(f.observed for f in steady) >= 10
    assert "tag:account" not in {f.term.key for f in run.spikes}


def test_a_term_rising_only_with_all_traffic_is_not_a_spike(traffic: Traffic) -> None:
    """Traffic doubles in the last six hours, every topic with it: shares did not move."""
    traffic.background(END - timedelta(days=7), END - timedelta(hours=6), 6)
    traffic.background(END - timedelta(hours=6), END, 14)
    run = detect(END, trend_config())
    assert run.documents > 60
    wifi = [f for f in run.findings if f.term.key == "tag:wifi" and f.window_hours == 6]
    assert wifi  # tested: it has enough posts in the window
    assert run.spikes == []


def test_one_author_posting_twenty_times_is_not_a_trend(baseline: Traffic) -> None:
    for i in range(20):
        baseline.post(END - timedelta(minutes=2 + 3 * i), f"free crypto giveaway {i}", author=7)
    run = detect(END, trend_config())
    spam = [f for f in run.findings if f.term.key == "phrase:crypto giveaway"]
    # Statistically it is a huge spike; it is the single author that keeps it out.
    assert spam
    assert min(f.q_value for f in spam) < 1e-6
    assert all(f.authors == 1 for f in spam if f.authors)
    assert "phrase:crypto giveaway" not in spike_keys(run)
    assert do_detect(at=END).raised == []


def test_a_brand_new_term_from_enough_people_is_found(baseline: Traffic) -> None:
    for i in range(5):
        baseline.post(END - timedelta(minutes=10 * i + 1), "zorblax widget crashed", author=50 + i)
    run = detect(END, trend_config())
    assert len(run.spikes) == 1
    found = {f.term.key: f for f in (run.spikes[0], *run.spikes[0].related)}
    assert "phrase:zorblax" in found
    assert found["phrase:zorblax"].counts.baseline == 0
    assert found["phrase:zorblax"].authors == 5


def test_two_authors_are_not_enough(baseline: Traffic) -> None:
    for i in range(6):
        baseline.post(END - timedelta(minutes=10 * i + 1), "zorblax widget crashed", author=i % 2)
    assert "phrase:zorblax" not in spike_keys(detect(END, trend_config()))


def test_detection_is_deterministic(baseline: Traffic, people: list[User], ask_at: Asker) -> None:
    for i, person in enumerate(people[:5]):
        ask_at(
            person,
            END - timedelta(minutes=20 * i + 3),
            f"Outage report {i} from me",
            "Everything is down here.",
            ["outage"],
        )

    def snapshot() -> list[tuple[Any, ...]]:
        run = detect(END, trend_config())
        return [
            (f.term.key, f.window_hours, f.observed, f.p_value, f.q_value) for f in run.findings
        ]

    first = snapshot()
    assert first[0][2] == 5
    assert first[0][4] < 0.01
    assert first == snapshot()
    raised = [(a.term.key, a.observed, a.q_value) for a in do_detect(at=END).raised]
    again = do_detect(at=END)
    assert again.raised == []
    assert [(a.term.key, a.observed, a.q_value) for a in again.updated] == raised
