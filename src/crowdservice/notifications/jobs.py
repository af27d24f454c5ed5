"""Background jobs of notifications: the daily email digest."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from crowdservice.notifications.email import send_daily_digests


@db_periodic_task(crontab(minute="0", hour="7"))
def daily_digest() -> int:
    """Each morning (07:00 UTC), digest readers get the day's notifications in one email."""
    return send_daily_digests()
