"""`crowdservice train_answer_ranker`: train the answer-ranking model (SemEval subtask A data).

Reads TRAIN (2016 part2 + the 2015 files) and DEV from CROWDSERVICE_SEMEVAL_DIR (default
../shared/bench/semeval2016), picks a configuration, refits on TRAIN and writes
src/crowdservice/search/models_data/answer_ranker.json and answer_text_model.json (commit
them). Deterministic.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from crowdservice.search.semeval.training import run_training


class Command(BaseCommand):
    help = "Train the answer ranker on SemEval-2016 Task 3 subtask A data."
    task = "A"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output-dir",
            default=None,
            help="where to write the model files (default: the committed models_data/)",
        )
        if self.task == "A":
            parser.add_argument(
                "--ablation",
                action="store_true",
                help="also print the ablation table (each feature group left out in turn)",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        run_training(
            self.task,
            options["output_dir"],
            self.stdout.write,
            with_ablation=bool(options.get("ablation")),
        )
