"""First-stage retrieval: BM25 and embedding neighbours over a corpus, fused by reciprocal rank.

An in-memory index, enough for tens of thousands of questions (numpy brute force over unit
vectors takes well under a millisecond per 20k rows). The fused rank becomes the candidates'
`prior_rank`, the role SemEval's search engine rank plays, and `Engine.rank_candidates` then
re-ranks them. A persistent index (database rows of vectors, tantivy or SQLite FTS5 for the
lexical side) can replace this class behind the same two methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crowdservice.search.engine.bm25 import LexicalStats, bm25_scores
from crowdservice.search.engine.text import normalize, tokenize
from crowdservice.search.engine.types import AskedQuestion, CandidateQuestion
from crowdservice.search.engine.vectors import TextVectors

RRF_K = 60  # the usual reciprocal-rank-fusion constant


@dataclass(frozen=True)
class Retrieved:
    candidate: CandidateQuestion  # with prior_rank set to the fused rank
    lexical_rank: int | None
    semantic_rank: int | None


class CandidateIndex:
    def __init__(self, documents: Sequence[CandidateQuestion], vectors: TextVectors) -> None:
        self.documents = list(documents)
        self.vectors = vectors
        self.tokens = [tokenize(d.text) for d in self.documents]
        self.stats = LexicalStats.of(self.tokens)
        self.matrix = vectors.vectors([normalize(d.text) for d in self.documents])

    def retrieve(self, query: AskedQuestion | str, *, depth: int = 50) -> list[Retrieved]:
        """Up to `depth` candidates from each side, fused; best first, prior_rank from 1."""
        asked = query if isinstance(query, AskedQuestion) else AskedQuestion(title=query)
        if not self.documents:
            return []
        lexical = bm25_scores(tokenize(asked.text), self.tokens, self.stats)
        lexical_order = [
            int(i) for i in np.argsort(-lexical, kind="stable")[:depth] if lexical[i] > 0
        ]
        semantic = self.matrix @ self.vectors.vectors([normalize(asked.text)])[0]
        semantic_order = [int(i) for i in np.argsort(-semantic, kind="stable")[:depth]]
        lexical_rank = {doc: r for r, doc in enumerate(lexical_order, 1)}
        semantic_rank = {doc: r for r, doc in enumerate(semantic_order, 1)}
        fused = {
            doc: sum(
                1.0 / (RRF_K + ranks[doc])
                for ranks in (lexical_rank, semantic_rank)
                if doc in ranks
            )
            for doc in lexical_rank.keys() | semantic_rank.keys()
        }
        ordered = sorted(fused, key=lambda doc: (-fused[doc], doc))
        results = []
        for rank, doc in enumerate(ordered, 1):
            original = self.documents[doc]
            results.append(
                Retrieved(
                    CandidateQuestion(
                        id=original.id,
                        title=original.title,
                        body=original.body,
                        answers=original.answers,
                        prior_rank=rank,
                        signals=original.signals,
                    ),
                    lexical_rank.get(doc),
                    semantic_rank.get(doc),
                )
            )
        return results
