"""Background jobs of deflection: deciding abandoned sessions, forgetting empty ones."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from crowdservice.deflection.actions import do_mark_abandoned, do_purge_empty_sessions

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))
def decide_abandoned_sessions() -> int:
    """Every 5 minutes: sessions idle past the timeout after opening a suggestion are abandoned.

    Idempotent, so an overlapping or repeated run decides nothing twice.
    """
    marked = do_mark_abandoned()
    purged = do_purge_empty_sessions()
    if marked or purged:
        logger.info("Deflection: %d sessions abandoned, %d empty ones removed", marked, purged)
    return marked
