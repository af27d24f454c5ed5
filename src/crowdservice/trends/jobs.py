"""Background jobs of the trends app: the hourly detection, and forgetting old counts."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from crowdservice.trends.actions import do_detect
from crowdservice.trends.config import trend_config
from crowdservice.trends.counting import do_prune_counts
from crowdservice.trends.queries import rising_now

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="2"))
def detect_hot_topics() -> int:
    """Each hour, just after it ends (a few minutes' grace for late commits): find spikes."""
    summary = do_detect()
    rising_now(summary.window_end, None, trend_config())  # the trending page's first view
    if summary.raised or summary.updated:
        logger.info(
            "Hot topics: %d raised, %d updated (%d tests over %d documents)",
            len(summary.raised), len(summary.updated), summary.tested, summary.documents,
        )  # fmt: skip
    return len(summary.raised)


@db_periodic_task(crontab(minute="17", hour="3"))
def prune_trend_counts() -> int:
    """Daily: counts older than the retention period are never looked at again."""
    return do_prune_counts(timezone.now() - timedelta(days=trend_config().retention_days))
