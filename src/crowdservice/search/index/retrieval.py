"""Hybrid retrieval over the index, then the engine's learned re-ranking of questions.

1. Lexical (the backend's BM25 or ts_rank) and semantic (cosine over the vector matrix)
   candidates, each restricted to the audiences and kinds asked for, fused by reciprocal rank.
2. For similar-question search (suggestions, duplicates) the best fused questions are re-ranked
   by the engine's question model (`Engine.rank_candidates`: trained on SemEval-2016 B), which
   also adds the community signals: accepted, endorsed, votes, freshness.
The SemEval command ranks the benchmark through these same two functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from crowdservice.search.engine.bm25 import LexicalStats
from crowdservice.search.engine.embedder import get_embedder
from crowdservice.search.engine.ranker import Engine, default_engine
from crowdservice.search.engine.text import normalize
from crowdservice.search.engine.types import AskedQuestion, CandidateQuestion, CommunitySignals
from crowdservice.search.engine.vectors import TextVectors, from_blob

if TYPE_CHECKING:  # the retrieval functions are Django-free; the index classes are not
    from crowdservice.search.index.lexical import LexicalIndex
    from crowdservice.search.index.vectors import VectorMatrix

RRF_K = 60  # the usual reciprocal-rank-fusion constant
DEPTH = 50  # candidates taken from each side
# Below this cosine a semantic neighbour is unrelated (all-MiniLM-L6-v2: random support texts sit
# around 0.1 to 0.2, paraphrases above 0.5); it would only pad the results.
SEMANTIC_FLOOR = 0.30


@dataclass(frozen=True)
class Fused:
    pk: int
    score: float  # reciprocal-rank fusion of the two sides
    rank: int  # 1 = best fused
    lexical_rank: int | None
    semantic_rank: int | None


@lru_cache(maxsize=1024)  # suggestions as you type ask again for what was typed a moment ago
def encode_query(text: str) -> npt.NDArray[np.float32]:
    vector = get_embedder().encode([normalize(text)])[0]
    vector.setflags(write=False)  # shared by every caller of the cache
    return vector


def retrieve(
    words: Sequence[str],
    query_vector: npt.NDArray[np.float32] | None,
    *,
    lexical: LexicalIndex,
    vectors: VectorMatrix,
    audiences: Sequence[int],
    kinds: Sequence[str],
    depth: int = DEPTH,
) -> list[Fused]:
    """Up to `depth` candidates from each side, fused; best first."""
    lexical_hits = lexical.search(words, audiences=audiences, kinds=kinds, limit=depth)
    semantic_hits = (
        [
            (pk, cosine)
            for pk, cosine in vectors.nearest(
                query_vector, audiences=audiences, kinds=kinds, limit=depth
            )
            if cosine >= SEMANTIC_FLOOR
        ]
        if query_vector is not None
        else []
    )
    lexical_rank = {pk: r for r, (pk, _) in enumerate(lexical_hits, 1)}
    semantic_rank = {pk: r for r, (pk, _) in enumerate(semantic_hits, 1)}
    fused = {
        pk: sum(1.0 / (RRF_K + ranks[pk]) for ranks in (lexical_rank, semantic_rank) if pk in ranks)
        for pk in lexical_rank.keys() | semantic_rank.keys()
    }
    order = sorted(fused, key=lambda pk: (-fused[pk], pk))
    return [
        Fused(pk, fused[pk], rank, lexical_rank.get(pk), semantic_rank.get(pk))
        for rank, pk in enumerate(order, 1)
    ]


@dataclass(frozen=True)
class StoredQuestion:
    """A question as the index stores it: text, community signals and precomputed vectors."""

    key: str
    title: str
    body: str
    answers: tuple[str, ...]
    vector: bytes
    title_vector: bytes
    answer_vectors: bytes
    signals: CommunitySignals


def rerank_questions(
    asked: AskedQuestion,
    stored: Sequence[StoredQuestion],
    priors: Sequence[int],
    *,
    query_vector: npt.NDArray[np.float32] | None = None,
    now: datetime | None = None,
    engine: Engine | None = None,
    stats: LexicalStats | None = None,
) -> npt.NDArray[np.float64]:
    """The engine's score of each stored question as an answer to `asked` (higher is better).

    Uses the index's stored vectors, so only the asked text is ever encoded here. `stats`: the
    corpus' document frequencies for BM25; without them the candidates are the corpus (the
    product's case: corpus-wide frequencies would cost more per query than the rest together).
    """
    if not stored:
        return np.zeros(0)
    base = engine or default_engine()
    known = TextVectors(get_embedder)
    if query_vector is not None:
        known.remember([normalize(asked.text)], query_vector[None, :])
    for s in stored:
        known.remember([normalize(f"{s.title}\n{s.body}".strip())], from_blob(s.vector))
        known.remember([normalize(s.title)], from_blob(s.title_vector))
        if s.answers and s.answer_vectors:
            known.remember([normalize(a) for a in s.answers], from_blob(s.answer_vectors))
    ranking = Engine(base.question_model, None, None, vectors=known)
    candidates = [
        CandidateQuestion(
            id=s.key,
            title=s.title,
            body=s.body,
            answers=s.answers,
            prior_rank=prior,
            signals=s.signals,
        )
        for s, prior in zip(stored, priors, strict=True)
    ]
    return ranking.rank_candidates(asked, candidates, stats=stats, now=now)
