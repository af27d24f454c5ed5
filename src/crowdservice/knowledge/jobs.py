"""Background jobs of the knowledge base: scheduled publishing."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from crowdservice.knowledge.actions import do_publish_due

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def publish_scheduled_articles() -> int:
    """Every minute: publish the articles whose scheduled time has come (idempotent)."""
    published = do_publish_due()
    if published:
        logger.info("Knowledge base: %d scheduled articles published", published)
    return published
