"""`crowdservice purge_raw_mail`: empty the raw message of processed mail past its retention.

The daily job does the same; this is for running it now, or seeing what it would do.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from crowdservice.cases.actions import do_purge_raw_mail


class Command(BaseCommand):
    help = (
        "Empty the raw message of inbound mail processed more than "
        "CROWDSERVICE_RAW_MAIL_RETENTION_DAYS ago (the mail log rows stay)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the mails; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.CROWDSERVICE_RAW_MAIL_RETENTION_DAYS
        if days <= 0:
            self.stdout.write(
                "Raw inbound mail is kept forever (CROWDSERVICE_RAW_MAIL_RETENTION_DAYS=0)."
            )
            return
        count = do_purge_raw_mail(dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(
                f"Would empty the raw message of {count} inbound mails older than {days} days."
            )
        else:
            self.stdout.write(
                f"Emptied the raw message of {count} inbound mails older than {days} days."
            )
