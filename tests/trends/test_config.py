"""The detector's thresholds come from the environment (`CROWDSERVICE_TRENDS_<NAME>`), checked at
start-up, and reach the detector through the Django settings."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from crowdservice.config import TREND_DEFAULTS, Env, trend_thresholds
from crowdservice.trends.config import TrendConfig, trend_config


def test_the_defaults_are_the_detectors() -> None:
    assert trend_thresholds(Env({})) == asdict(TrendConfig()) == TREND_DEFAULTS


def test_every_threshold_can_be_set() -> None:
    values = trend_thresholds(
        Env(
            {
                "CROWDSERVICE_TRENDS_WINDOW_HOURS": "2, 12",
                "CROWDSERVICE_TRENDS_BASELINE_DAYS": "7",
                "CROWDSERVICE_TRENDS_MAX_Q": "0.05",
                "CROWDSERVICE_TRENDS_MIN_LIFT": "1.5",
                "CROWDSERVICE_TRENDS_MIN_DOCUMENTS": "8",
                "CROWDSERVICE_TRENDS_MIN_AUTHORS": "4",
                "CROWDSERVICE_TRENDS_COOLDOWN_HOURS": "0",
                "CROWDSERVICE_TRENDS_RETENTION_DAYS": "8",
                "CROWDSERVICE_TRENDS_EXAMPLES": "5",
            }
        )
    )
    assert values == {
        "window_hours": (2, 12), "baseline_days": 7, "max_q": 0.05, "min_lift": 1.5,
        "min_documents": 8, "min_authors": 4, "cooldown_hours": 0, "retention_days": 8,
        "examples": 5,
    }  # fmt: skip
    assert TrendConfig(**values).cooldown.total_seconds() == 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("WINDOW_HOURS", "1,three", "WINDOW_HOURS must be whole numbers separated by commas"),
        ("WINDOW_HOURS", "0,3", "each number must be from 1 to 168, got 0"),
        ("WINDOW_HOURS", "1,1000", "each number must be from 1 to 168, got 1000"),
        ("BASELINE_DAYS", "two weeks", "BASELINE_DAYS must be a whole number"),
        ("BASELINE_DAYS", "0", "BASELINE_DAYS must be at least 1, got 0"),
        ("MAX_Q", "1%", "MAX_Q must be a number, got '1%'"),
        ("MAX_Q", "0", "MAX_Q must be more than 0, got 0"),
        ("MAX_Q", "1.5", "MAX_Q must be at most 1, got 1.5"),
        ("MAX_Q", "nan", "MAX_Q must be a number, got 'nan'"),
        ("MIN_LIFT", "-2", "MIN_LIFT must be more than 0, got -2"),
        ("MIN_DOCUMENTS", "0", "MIN_DOCUMENTS must be at least 1"),
        ("MIN_AUTHORS", "2.5", "MIN_AUTHORS must be a whole number, got '2.5'"),
        ("COOLDOWN_HOURS", "-1", "COOLDOWN_HOURS must be at least 0"),
        ("EXAMPLES", "-1", "EXAMPLES must be at least 0"),
        ("RETENTION_DAYS", "14", r"RETENTION_DAYS \(14\) must cover the baseline \(14 days\)"),
    ],
)
def test_a_bad_value_is_refused_with_a_clear_message(name: str, value: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        trend_thresholds(Env({f"CROWDSERVICE_TRENDS_{name}": value}))


def test_retention_must_cover_a_longer_baseline() -> None:
    with pytest.raises(ImproperlyConfigured, match="at least 41 days"):
        trend_thresholds(Env({"CROWDSERVICE_TRENDS_BASELINE_DAYS": "40"}))
    assert trend_thresholds(
        Env({"CROWDSERVICE_TRENDS_BASELINE_DAYS": "40", "CROWDSERVICE_TRENDS_RETENTION_DAYS": "41"})
    )["retention_days"] == 41  # fmt: skip


def test_the_detector_reads_the_settings(settings: Any) -> None:
    settings.CROWDSERVICE_TRENDS_WINDOW_HOURS = (2, 4)
    settings.CROWDSERVICE_TRENDS_MIN_AUTHORS = 6
    settings.CROWDSERVICE_TRENDS_MAX_Q = 0.05
    config = trend_config()
    assert (config.window_hours, config.min_authors, config.max_q) == ((2, 4), 6, 0.05)
    assert config.baseline_days == 14


def test_a_bad_value_stops_start_up(tmp_path: Path) -> None:
    env = {**os.environ, "CROWDSERVICE_VAR_DIR": str(tmp_path), "CROWDSERVICE_TRENDS_MAX_Q": "5%"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "crowdservice.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "CROWDSERVICE_TRENDS_MAX_Q must be a number, got '5%'." in result.stderr
