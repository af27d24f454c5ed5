"""Save the nearest-neighbour graph of the search vectors for this host (docs/operations.md)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from crowdservice.search.index.indexing import save_vector_index
from crowdservice.search.index.store import vector_dir


class Command(BaseCommand):
    help = (
        "Save a new generation of the vectors' HNSW graph if rows changed since the last one "
        "(the job worker does this every minute; on a host without a worker, run it with --watch)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Build afresh, not patched.")
        parser.add_argument(
            "--threads", type=int, default=1, help="Cores for building (default 1)."
        )
        parser.add_argument(
            "--watch",
            type=float,
            default=0.0,
            metavar="SECONDS",
            help="Keep running, looking for changes every SECONDS (a per-host service).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        threads = max(1, options["threads"])
        full = options["full"]
        while True:
            report = save_vector_index(full=full, threads=threads)
            if report is not None:
                how = "built afresh" if report.full else "patched"
                self.stdout.write(
                    f"Saved generation {report.generation} in {vector_dir()}: {report.rows:,} "
                    f"vectors ({report.changed:,} changed, {how}) in {report.seconds:.1f} s, "
                    f"{report.bytes / 1e6:.0f} MB."
                )
            elif not options["watch"]:
                self.stdout.write(
                    "Nothing to save: unchanged since the last generation, fewer than "
                    f"{settings.CROWDSERVICE_SEARCH_ANN_MIN_DOCS:,} documents, or another "
                    "builder is at work."
                )
            if not options["watch"]:
                return
            full = False
            time.sleep(options["watch"])
