"""SemEval-2016 Task 3 through the product's engine: the XML mapped onto engine types, ranked.

Subtask B: each original question is an `AskedQuestion`; its related questions are the
`CandidateQuestion`s (with their comments as answers and the search engine's rank as prior).
Subtask A: each thread's question is asked, its comments are the `CandidateAnswer`s.
All candidates of the input file form the corpus the lexical statistics come from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from crowdservice.search.engine.bm25 import LexicalStats
from crowdservice.search.engine.features import FeatureMatrix
from crowdservice.search.engine.ranker import Engine
from crowdservice.search.engine.text import normalize, tokenize
from crowdservice.search.engine.types import AskedQuestion, CandidateAnswer, CandidateQuestion
from crowdservice.search.engine.vectors import to_blob
from crowdservice.search.index.retrieval import StoredQuestion, rerank_questions
from crowdservice.search.semeval.data import OrgQuery, Thread, read_queries, read_threads
from crowdservice.search.semeval.metrics import RunLine

Task = Literal["A", "B"]


# Mapping ---------------------------------------------------------------------------------
def asked_of_query(query: OrgQuery) -> AskedQuestion:
    return AskedQuestion(title=query.subject, body=query.body)


def candidate_of_thread(thread: Thread) -> CandidateQuestion:
    return CandidateQuestion(
        id=thread.id,
        title=thread.subject,
        body=thread.body,
        answers=tuple(c.text for c in thread.comments),
        prior_rank=thread.ranking_order,
    )


def asked_of_thread(thread: Thread) -> AskedQuestion:
    return AskedQuestion(title=thread.subject, body=thread.body, author_id=thread.user_id or None)


def answers_of_thread(thread: Thread) -> list[CandidateAnswer]:
    return [
        CandidateAnswer(id=c.id, text=c.text, author_id=c.user_id or None, position=i)
        for i, c in enumerate(thread.comments, 1)
    ]


def question_corpus(queries: Sequence[OrgQuery]) -> LexicalStats:
    seen: dict[str, Thread] = {t.id: t for q in queries for t in q.threads}
    return LexicalStats.of(tokenize(candidate_of_thread(t).text) for t in seen.values())


def answer_corpus(threads: Sequence[Thread]) -> LexicalStats:
    return LexicalStats.of(tokenize(c.text) for t in threads for c in t.comments)


# Features and labels (training) ----------------------------------------------------------
@dataclass(frozen=True)
class Examples:
    """All candidates of a file: stacked features, gold labels, query ids and candidate texts."""

    matrix: FeatureMatrix
    labels: list[bool]
    groups: list[str]
    texts: list[str]

    @staticmethod
    def concat(parts: Sequence[Examples]) -> Examples:
        names = parts[0].matrix.names
        if any(p.matrix.names != names for p in parts):
            raise ValueError("Feature names differ")
        return Examples(
            FeatureMatrix(names, np.vstack([p.matrix.values for p in parts])),
            [label for p in parts for label in p.labels],
            [group for p in parts for group in p.groups],
            [text for p in parts for text in p.texts],
        )

    def with_column(self, name: str, values: np.ndarray) -> Examples:
        return Examples(self.matrix.with_column(name, values), self.labels, self.groups, self.texts)

    def subset(self, rows: np.ndarray) -> Examples:
        return Examples(
            FeatureMatrix(self.matrix.names, self.matrix.values[rows]),
            [self.labels[i] for i in rows],
            [self.groups[i] for i in rows],
            [self.texts[i] for i in rows],
        )


def _stack(blocks: Sequence[FeatureMatrix]) -> FeatureMatrix:
    return FeatureMatrix(blocks[0].names, np.vstack([b.values for b in blocks]))


def question_examples(engine: Engine, queries: Sequence[OrgQuery]) -> Examples:
    stats = question_corpus(queries)
    prefetch_questions(engine, queries)
    blocks, labels, groups, texts = [], [], [], []
    for query in queries:
        candidates = [candidate_of_thread(t) for t in query.threads]
        blocks.append(engine.question_features(asked_of_query(query), candidates, stats))
        labels += [bool(t.relevant) for t in query.threads]
        groups += [query.id] * len(candidates)
        texts += [c.text for c in candidates]
    return Examples(_stack(blocks), labels, groups, texts)


def answer_examples(engine: Engine, threads: Sequence[Thread]) -> Examples:
    stats = answer_corpus(threads)
    prefetch_answers(engine, threads)
    blocks, labels, groups, texts = [], [], [], []
    for thread in threads:
        if not thread.comments:
            continue
        answers = answers_of_thread(thread)
        blocks.append(engine.answer_features(asked_of_thread(thread), answers, stats))
        labels += [bool(c.relevant) for c in thread.comments]
        groups += [thread.id] * len(answers)
        texts += [a.text for a in answers]
    return Examples(_stack(blocks), labels, groups, texts)


# Ranking (the run file) ------------------------------------------------------------------
def _run_lines(qid: str, cids: Sequence[str], scores: np.ndarray) -> list[RunLine]:
    order = np.argsort(-scores, kind="stable")
    rank = np.empty(len(cids), dtype=int)
    rank[order] = np.arange(1, len(cids) + 1)
    return [
        RunLine(qid, cid, int(rank[i]), float(scores[i]), bool(scores[i] > 0))
        for i, cid in enumerate(cids)
    ]


def prefetch_questions(engine: Engine, queries: Sequence[OrgQuery]) -> None:
    engine.prefetch(
        questions=[
            (asked_of_query(q), [candidate_of_thread(t) for t in q.threads]) for q in queries
        ]
    )


def prefetch_answers(engine: Engine, threads: Sequence[Thread]) -> None:
    engine.prefetch(threads=[(asked_of_thread(t), answers_of_thread(t)) for t in threads])


def stored_question(engine: Engine, thread: Thread) -> StoredQuestion:
    """A candidate as the product's index stores it: text, signals and its vectors as bytes."""
    c = candidate_of_thread(thread)
    vectors = engine.vectors
    answers = [a for a in c.answers if a.strip()]
    return StoredQuestion(
        key=c.id,
        title=c.title,
        body=c.body,
        answers=tuple(answers),
        vector=to_blob(vectors.vectors([normalize(c.text)])),
        title_vector=to_blob(vectors.vectors([normalize(c.title)])),
        answer_vectors=to_blob(vectors.vectors([normalize(a) for a in answers]))
        if answers
        else b"",
        signals=c.signals,
    )


def rank_questions(engine: Engine, queries: Sequence[OrgQuery]) -> list[RunLine]:
    """Through the re-ranking the product's suggestions use (`rerank_questions`), with every
    candidate of the file as the corpus and the file's search-engine order as the first stage."""
    stats = question_corpus(queries)
    prefetch_questions(engine, queries)
    lines: list[RunLine] = []
    for query in queries:
        asked = asked_of_query(query)
        stored = [stored_question(engine, t) for t in query.threads]
        scores = rerank_questions(
            asked,
            stored,
            [t.ranking_order or i for i, t in enumerate(query.threads, 1)],
            query_vector=engine.vectors.vectors([normalize(asked.text)])[0],
            engine=engine,
            stats=stats,
        )
        lines += _run_lines(query.id, [s.key for s in stored], scores)
    return lines


def rank_answers(engine: Engine, threads: Sequence[Thread]) -> list[RunLine]:
    stats = answer_corpus(threads)
    prefetch_answers(engine, threads)
    lines: list[RunLine] = []
    for thread in threads:
        answers = answers_of_thread(thread)
        scores = engine.score_answers(asked_of_thread(thread), answers, stats=stats)
        lines += _run_lines(thread.id, [a.id for a in answers], scores)
    return lines


@dataclass(frozen=True)
class Dataset:
    """A SemEval file read for one subtask: queries (B) or threads (A)."""

    task: Task
    queries: tuple[OrgQuery, ...] = ()
    threads: tuple[Thread, ...] = ()

    @property
    def labelled(self) -> bool:
        """True when every candidate has a gold label (False for `?` test input)."""
        if self.task == "B":
            return all(t.label is not None for q in self.queries for t in q.threads)
        return all(c.label is not None for t in self.threads for c in t.comments)

    @property
    def examples(self) -> int:
        if self.task == "B":
            return sum(len(q.threads) for q in self.queries)
        return sum(len(t.comments) for t in self.threads)


def load(path: Path | str, task: Task) -> Dataset:
    if task == "B":
        return Dataset(task, queries=tuple(read_queries(path)))
    return Dataset(task, threads=tuple(read_threads(path)))


def rank(engine: Engine, dataset: Dataset) -> list[RunLine]:
    """The run of `engine` on a dataset, one line per candidate in file order."""
    if dataset.task == "B":
        return rank_questions(engine, dataset.queries)
    return rank_answers(engine, dataset.threads)


def gold(dataset: Dataset) -> list[RunLine]:
    """Gold lines from the labels in the file (the score column is the IR baseline's)."""
    lines: list[RunLine] = []
    for query in dataset.queries:
        for t in query.threads:
            order = t.ranking_order or 0
            lines.append(RunLine(query.id, t.id, order, 1.0 / max(order, 1), bool(t.relevant)))
    for thread in dataset.threads:
        for i, c in enumerate(thread.comments, 1):
            lines.append(RunLine(thread.id, c.id, i, 1.0 / i, bool(c.relevant)))
    return lines
