"""`crowdservice rebuild_trend_counts [--days 14]`: count the last days again from the content.

For a site that had posts before the trends app was installed, or after bulk imports that
skipped the event consumers: the detector needs its baseline.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from crowdservice.trends.config import trend_config
from crowdservice.trends.counting import do_rebuild_counts

MAX_DAYS = 365


class Command(BaseCommand):
    help = "Recount hot-topic terms of the last days from community posts and cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Default: the retention.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else trend_config().retention_days
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}.")
        end = timezone.now()
        counted = do_rebuild_counts(end - timedelta(days=days), end)
        self.stdout.write(f"Counted {counted} posts of the last {days} days.")
