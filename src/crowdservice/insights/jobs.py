"""The insights roll-up job: every 5 minutes, the events since the last run."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from crowdservice.insights.actions import do_catch_up

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))
def roll_up_insights() -> int:
    """Recompute the day buckets the new events touch; idempotent, so overlaps are harmless
    (the cursor row is locked while a run works)."""
    result = do_catch_up()
    if result.events:
        logger.info("Insights: %d events rolled up into %d days", result.events, result.days)
    return result.events
