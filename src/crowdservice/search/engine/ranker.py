"""The deflection engine's ranking core.

    engine = default_engine()
    scores = engine.rank_candidates(asked, candidate_questions)  # similar questions / duplicates
    scores = engine.score_answers(question, answers)             # answer ordering before votes

Both fuse lexical (BM25, overlap) and semantic (MiniLM cosine) evidence with the learned weights
of a small model (models_data/*.json, trained by `crowdservice train_question_ranker` and
`crowdservice train_answer_ranker`), then add community signals (signals.py). Higher is better;
scores compare within one call, not across calls.

Lexical statistics (IDF) come from `stats`, the corpus the candidates were drawn from; without it,
the candidates themselves are the corpus.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from crowdservice.search.engine.bm25 import LexicalStats
from crowdservice.search.engine.embedder import get_embedder
from crowdservice.search.engine.features import (
    FeatureMatrix,
    answer_features,
    answer_texts,
    question_features,
    question_texts,
)
from crowdservice.search.engine.model import LinearRanker
from crowdservice.search.engine.signals import apply_community_signals
from crowdservice.search.engine.text import tokenize
from crowdservice.search.engine.textmodel import TextModel
from crowdservice.search.engine.types import AskedQuestion, CandidateAnswer, CandidateQuestion
from crowdservice.search.engine.vectors import TextVectors

Scores = npt.NDArray[np.float64]

QUESTION_MODEL = "question_ranker.json"
ANSWER_MODEL = "answer_ranker.json"
ANSWER_TEXT_MODEL = "answer_text_model.json"
MEMO_TEXTS = 20_000  # about 30 MB of vectors


def models_dir() -> Path:
    return Path(str(resources.files("crowdservice.search") / "models_data"))


def as_asked(query: AskedQuestion | str) -> AskedQuestion:
    return query if isinstance(query, AskedQuestion) else AskedQuestion(title=query)


class Engine:
    def __init__(
        self,
        question_model: LinearRanker | None = None,
        answer_model: LinearRanker | None = None,
        answer_text_model: TextModel | None = None,
        *,
        vectors: TextVectors | None = None,
    ) -> None:
        """Models may be None while training them: features work, ranking does not."""
        self.question_model = question_model
        self.answer_model = answer_model
        self.answer_text_model = answer_text_model
        self.vectors = vectors or TextVectors(get_embedder)

    @classmethod
    def from_directory(
        cls, directory: Path | None = None, *, vectors: TextVectors | None = None
    ) -> Engine:
        """The engine with the models of a directory (default: the committed ones)."""
        where = directory or models_dir()
        return cls(
            LinearRanker.load(where / QUESTION_MODEL),
            LinearRanker.load(where / ANSWER_MODEL),
            TextModel.load(where / ANSWER_TEXT_MODEL),
            vectors=vectors,
        )

    def prefetch(
        self,
        questions: Sequence[tuple[AskedQuestion, Sequence[CandidateQuestion]]] = (),
        threads: Sequence[tuple[AskedQuestion, Sequence[CandidateAnswer]]] = (),
    ) -> None:
        """Encode everything these calls will need in one batch (far faster than many small)."""
        texts = [t for query, candidates in questions for t in question_texts(query, candidates)]
        texts += [t for question, answers in threads for t in answer_texts(question, answers)]
        self.vectors.vectors(list(dict.fromkeys(texts)))

    # Similar questions -------------------------------------------------------------------
    def question_features(
        self,
        query: AskedQuestion | str,
        candidates: Sequence[CandidateQuestion],
        stats: LexicalStats | None = None,
    ) -> FeatureMatrix:
        asked = as_asked(query)
        if stats is None:
            stats = LexicalStats.of(tokenize(c.text) for c in candidates)
        return question_features(asked, candidates, self.vectors, stats)

    def rank_candidates(
        self,
        query: AskedQuestion | str,
        candidates: Sequence[CandidateQuestion],
        *,
        stats: LexicalStats | None = None,
        now: datetime | None = None,
    ) -> Scores:
        """A score per candidate question: how likely it is the same question as `query`."""
        if not candidates:
            return np.zeros(0)
        if self.question_model is None:
            raise RuntimeError("This engine has no question model")
        learned = self.question_model.score(self.question_features(query, candidates, stats))
        return apply_community_signals(learned, [c.signals for c in candidates], now)

    # Answers -----------------------------------------------------------------------------
    def answer_features(
        self,
        question: AskedQuestion,
        answers: Sequence[CandidateAnswer],
        stats: LexicalStats | None = None,
    ) -> FeatureMatrix:
        if stats is None:
            stats = LexicalStats.of(tokenize(a.text) for a in answers)
        return answer_features(question, answers, self.vectors, stats, self.answer_text_model)

    def score_answers(
        self,
        question: AskedQuestion,
        answers: Sequence[CandidateAnswer],
        *,
        stats: LexicalStats | None = None,
        now: datetime | None = None,
    ) -> Scores:
        """A score per answer: how likely it helps the asker, before (and then with) votes."""
        if not answers:
            return np.zeros(0)
        if self.answer_model is None:
            raise RuntimeError("This engine has no answer model")
        learned = self.answer_model.score(self.answer_features(question, answers, stats))
        return apply_community_signals(learned, [a.signals for a in answers], now)


_lock = threading.Lock()
_engine: Engine | None = None


def default_engine() -> Engine:
    """The process-wide engine with the committed models; the embedder loads on first use."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                # Bounded memo: the job worker scores new answers for as long as it runs.
                _engine = Engine.from_directory(
                    vectors=TextVectors(get_embedder, max_known=MEMO_TEXTS)
                )
    return _engine


def rank_candidates(
    query: AskedQuestion | str,
    candidates: Sequence[CandidateQuestion],
    *,
    stats: LexicalStats | None = None,
    now: datetime | None = None,
) -> Scores:
    """`default_engine().rank_candidates(...)`: scores of candidate questions, higher first."""
    return default_engine().rank_candidates(query, candidates, stats=stats, now=now)


def score_answers(
    question: AskedQuestion,
    answers: Sequence[CandidateAnswer],
    *,
    stats: LexicalStats | None = None,
    now: datetime | None = None,
) -> Scores:
    """`default_engine().score_answers(...)`: scores of a thread's answers, higher first."""
    return default_engine().score_answers(question, answers, stats=stats, now=now)
