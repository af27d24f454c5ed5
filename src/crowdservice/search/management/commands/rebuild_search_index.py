"""Index every searchable object again (after an upgrade, a restore, or a change of backend)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from crowdservice.search.index.indexing import rebuild, refill_lexical, save_vector_index
from crowdservice.search.index.store import lexical_index
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
            "--if-empty",
            action="store_true",
            help="Only if nothing is indexed yet, or only the lexical index is empty (start-up).",
        )
        parser.add_argument(
            "--lexical-only",
            action="store_true",
            help="Refill only the lexical index from the stored documents (nothing re-embedded).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        has_rows = SearchDocument.objects.exists()
        if options["if_empty"] and has_rows and lexical_index().count():
            return
        if options["lexical_only"] or (options["if_empty"] and has_rows):
            count = refill_lexical()
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"Refilled the lexical index with {count:,} documents in {elapsed:.1f} s."
            )
            return
        counts = rebuild(options["kind"], clear=options["clear"])
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{n:,} {kind}s" for kind, n in counts.items())
        self.stdout.write(f"Indexed {summary} in {elapsed:.1f} s.")
        # Every row was stamped again: until the graph is saved anew, search is exact.
        saved = save_vector_index(full=True)
        if saved is not None:
            self.stdout.write(
                f"Saved the vectors' graph ({saved.rows:,} vectors) in {saved.seconds:.1f} s."
            )
