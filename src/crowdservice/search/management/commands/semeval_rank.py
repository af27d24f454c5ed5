"""`crowdservice semeval_rank`: rank a SemEval-2016 Task 3 file with the product's engine.

    crowdservice semeval_rank --task B --input SemEval2016-Task3-CQA-QL-dev.xml.gz --output B.pred

Writes the official run format (`qid  cid  rank  score  true|false`, one line per candidate, in
the input's order), ranking with the same engine and committed models that serve suggestions.
Works on files whose labels are all `?`; when the input has labels, MAP / MRR / P@1 are printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crowdservice.search.engine.embedder import ModelUnavailable, get_embedder
from crowdservice.search.engine.ranker import Engine
from crowdservice.search.engine.vectors import TextVectors
from crowdservice.search.semeval import harness
from crowdservice.search.semeval.metrics import evaluate, write_run

CACHE_NAME = "cache/minilm-vectors.npz"


class Command(BaseCommand):
    help = "Rank the candidates of a SemEval-2016 Task 3 XML file (subtask A or B) into a run file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--task", required=True, choices=["A", "B"])
        parser.add_argument("--input", required=True, type=Path, help=".xml or .xml.gz")
        parser.add_argument("--output", required=True, type=Path, help="the run file to write")
        parser.add_argument(
            "--cache",
            action="store_true",
            help=f"reuse and keep embeddings in the var directory ({CACHE_NAME})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        if not source.is_file():
            raise CommandError(f"{source} does not exist")
        try:
            dataset = harness.load(source, options["task"])
        except (ValueError, OSError, SyntaxError) as exc:
            raise CommandError(
                f"Cannot read {source} for subtask {options['task']}: {exc}"
            ) from exc
        cache = Path(settings.VAR_DIR) / CACHE_NAME if options["cache"] else None
        vectors = TextVectors(get_embedder, cache_file=cache)
        engine = Engine.from_directory(vectors=vectors)
        try:
            lines = harness.rank(engine, dataset)
        except ModelUnavailable as exc:
            raise CommandError(str(exc)) from exc
        vectors.save()
        write_run(options["output"], lines)
        queries = len({line.qid for line in lines})
        self.stdout.write(f"Wrote {len(lines)} lines for {queries} queries to {options['output']}")
        if dataset.labelled:
            scores = evaluate(harness.gold(dataset), lines)
            self.stdout.write(
                f"MAP {scores.map:.2f}  MRR {scores.mrr:.2f}  P@1 {scores.p_at_1:.2f}"
            )
