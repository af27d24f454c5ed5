"""How long inbound mail is kept: the raw message goes after the retention period, the row stays.

A raw mail holds the whole message with its attachments (which also live on as case
attachments), so keeping it forever only keeps personal data around. The row itself stays: its
Message-ID is what recognises the same mail delivered again, and its status and outcome are the
mail log. Mail that failed or was never processed keeps its raw message for the retry.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from crowdservice.cases.models import InboundEmail, InboundStatus
from crowdservice.core.events import record_event

# Done with for good: processed into a case or reply, or ignored (auto-replies, bounces, loops);
# neither is ever processed again.
PURGEABLE_STATUSES = (InboundStatus.PROCESSED, InboundStatus.IGNORED)
PURGE_BATCH = 500


def raw_mail_cutoff(now: datetime) -> datetime | None:
    """Mail received before this loses its raw message; None when it is kept forever."""
    days: int = settings.CROWDSERVICE_RAW_MAIL_RETENTION_DAYS
    return now - timedelta(days=days) if days > 0 else None


def purgeable_raw_mail(now: datetime) -> QuerySet[InboundEmail]:
    """Mail whose raw message is due to be emptied at `now`."""
    cutoff = raw_mail_cutoff(now)
    if cutoff is None:
        return InboundEmail.objects.none()
    return InboundEmail.objects.filter(
        status__in=PURGEABLE_STATUSES, received_at__lt=cutoff, raw_purged_at__isnull=True
    )


def do_purge_raw_mail(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Empty the raw message of processed mail older than the retention period; returns how
    many (with `dry_run`, how many would be, changing nothing). Idempotent; each batch is its
    own transaction with its event, so a large first run holds no long lock."""
    now = now or timezone.now()
    candidates = purgeable_raw_mail(now)
    if dry_run:
        return candidates.count()
    purged = 0
    while True:
        with transaction.atomic():
            ids = list(candidates.order_by("pk").values_list("pk", flat=True)[:PURGE_BATCH])
            # The filter again: a mail whose status changed meanwhile is left alone.
            done = purgeable_raw_mail(now).filter(pk__in=ids).update(raw=b"", raw_purged_at=now)
            if not done:
                break
            record_event(
                actor=None,
                verb="inbound_mail.raw_purged",
                payload={
                    "count": done,
                    "retention_days": settings.CROWDSERVICE_RAW_MAIL_RETENTION_DAYS,
                },
            )
            purged += done
    return purged
