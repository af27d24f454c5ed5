"""`crowdservice rebuild_insights [--since YYYY-MM-DD]`: recompute the dashboards' roll-ups."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crowdservice.insights.actions import do_rebuild


class Command(BaseCommand):
    help = "Recompute the insights roll-ups from the event log (all of it, or from --since on)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="first UTC day to recompute, as YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        since = None
        if options["since"]:
            try:
                since = date.fromisoformat(options["since"])
            except ValueError as exc:
                raise CommandError(
                    f"--since must be a date like 2026-01-31, not {options['since']!r}."
                ) from exc
        started = time.perf_counter()
        result = do_rebuild(since=since)
        self.stdout.write(
            f"Rebuilt {result.days} days of insights up to event {result.last_event_id} "
            f"in {time.perf_counter() - started:.1f} s."
        )
