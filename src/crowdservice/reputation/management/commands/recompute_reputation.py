"""`crowdservice recompute_reputation`: check (and repair) totals against the ledger, or build
the ledger from the event log (`--replay`, for a database from before reputation existed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from crowdservice.core.models import Event
from crowdservice.reputation.consumers import replay
from crowdservice.reputation.ledger import recompute


class Command(BaseCommand):
    help = (
        "Set every reputation total to the sum of its ledger; --replay first feeds the event log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--replay",
            action="store_true",
            help="Hand every past event to the reputation consumers first (idempotent).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["replay"]:
            handled = replay(Event.objects.select_related("actor").order_by("id").iterator())
            self.stdout.write(f"Replayed {handled} events.")
        changed = recompute()
        self.stdout.write(
            f"{changed} totals differed from the ledger and were corrected."
            if changed
            else "Every total equals its ledger."
        )
