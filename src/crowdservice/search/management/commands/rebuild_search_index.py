"""Index every searchable object again (after an upgrade, a restore, or a change of backend)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from crowdservice.search.index.indexing import rebuild
from crowdservice.search.models import SearchDocument
from crowdservice.search.registry import index_sources


class Command(BaseCommand):
    help = "Rebuild the search index from the database (idempotent; the site stays searchable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", action="append", choices=sorted(index_sources()), help="Only this kind."
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Empty the index first (restart web servers after).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Only if nothing is indexed yet (start-up)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and SearchDocument.objects.exists():
            return
        started = time.perf_counter()
        counts = rebuild(options["kind"], clear=options["clear"])
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{n:,} {kind}s" for kind, n in counts.items())
        self.stdout.write(f"Indexed {summary} in {elapsed:.1f} s.")
