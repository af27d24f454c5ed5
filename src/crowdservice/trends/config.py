"""The detector's knobs, each a setting `CROWDSERVICE_TRENDS_<NAME>` that settings.py reads from
the environment variable of the same name (checked at start-up by `config.trend_thresholds`).

The defaults are argued in docs/decisions/0008-hot-topic-detection.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class TrendConfig:
    window_hours: tuple[int, ...] = (1, 3, 6)  # the recent windows tested, in hours
    baseline_days: int = 14  # the term's own history before the windows
    max_q: float = 0.01  # Benjamini-Hochberg false discovery rate over all tests of a run
    min_lift: float = 2.0  # observed at least twice the expected count
    min_documents: int = 5
    min_authors: int = 3  # so that one person posting 20 times is not a trend
    cooldown_hours: int = 12  # after a resolve, the same term stays quiet this long
    retention_days: int = 30
    examples: int = 3  # per audience

    @property
    def cooldown(self) -> timedelta:
        return timedelta(hours=self.cooldown_hours)


def trend_config() -> TrendConfig:
    defaults = TrendConfig()
    overrides = {
        name: getattr(settings, f"CROWDSERVICE_TRENDS_{name.upper()}")
        for name in defaults.__dataclass_fields__
        if hasattr(settings, f"CROWDSERVICE_TRENDS_{name.upper()}")
    }
    if "window_hours" in overrides:
        overrides["window_hours"] = tuple(overrides["window_hours"])
    return replace(defaults, **overrides)
