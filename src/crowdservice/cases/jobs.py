"""Background jobs of cases: SLA warnings and breaches, auto-escalation, inbound mail retries
and the raw mail retention."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from crowdservice.cases.actions import do_auto_escalate, do_check_slas, do_purge_raw_mail
from crowdservice.cases.mail.inbound import process, retry_failed
from crowdservice.cases.models import InboundEmail

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def check_slas() -> dict[str, int]:
    """Every minute: cases about to breach or breached, and their escalation actions."""
    counts = do_check_slas()
    if any(counts.values()):
        logger.info("SLA: %s", counts)
    return counts


@db_periodic_task(crontab(minute="*/10"))
def auto_escalate_questions() -> int:
    """Every 10 minutes: questions left without help for too long become cases, once each."""
    opened = do_auto_escalate()
    if opened:
        logger.info("Auto-escalated %d community questions to cases", opened)
    return opened


@db_periodic_task(crontab(minute="*/5"))
def retry_inbound_mail() -> int:
    """Every 5 minutes: mails whose processing failed (or never ran) are processed again."""
    return retry_failed()


@db_periodic_task(crontab(minute="43", hour="3"))
def purge_raw_mail() -> int:
    """Daily: processed mail past CROWDSERVICE_RAW_MAIL_RETENTION_DAYS loses its raw message."""
    purged = do_purge_raw_mail()
    if purged:
        logger.info("Emptied the raw message of %d inbound mails", purged)
    return purged


@db_task(retries=2, retry_delay=30)
def process_inbound_mail(inbound_id: int) -> None:
    inbound = InboundEmail.objects.filter(pk=inbound_id).first()
    if inbound is not None:
        process(inbound)
