"""`crowdservice detect_trends [--at 2026-12-02T15:00Z]`: the hourly detection, by hand."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crowdservice.core.errors import ActionError
from crowdservice.trends.actions import do_detect
from crowdservice.trends.queries import parse_at


class Command(BaseCommand):
    help = "Find hot topics now (or at --at) and raise or update their alerts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", default="", help="An ISO date-time in the past (default now).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = do_detect(at=parse_at(options["at"]))
        except ActionError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Up to {summary.window_end:%Y-%m-%d %H:%M} UTC: {summary.documents} posts in the "
            f"recent windows, {summary.tested} tests; {len(summary.raised)} alerts raised, "
            f"{len(summary.updated)} updated."
        )
        for alert in summary.raised:
            self.stdout.write(
                f"  new: {alert.kind} “{alert.label}”: {alert.observed} posts in "
                f"{alert.window_hours} h, {alert.expected:.1f} expected (q = {alert.q_value:.2g})"
            )
