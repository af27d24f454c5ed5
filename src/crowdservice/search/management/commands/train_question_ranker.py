"""`crowdservice train_question_ranker`: learn the similar-question fusion weights (subtask B).

Reads TRAIN (2016 part2) and DEV from CROWDSERVICE_SEMEVAL_DIR (default
../shared/bench/semeval2016), picks a configuration, refits on TRAIN and writes
src/crowdservice/search/models_data/question_ranker.json (commit it). Deterministic.
"""

from __future__ import annotations

from crowdservice.search.management.commands.train_answer_ranker import Command as _Base


class Command(_Base):
    help = "Train the similar-question ranker (BM25 + embedding fusion) on subtask B data."
    task = "B"
