"""Okapi BM25 over token lists, with corpus statistics kept apart from the documents scored.

`LexicalStats` holds document frequencies of a corpus (all questions of a site, or all candidates
of a benchmark file); `bm25_scores` scores any documents against a query with those statistics,
so a handful of candidates can be scored with the IDF of the whole corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.75


@dataclass
class LexicalStats:
    """Document frequencies and average length of a corpus of token lists."""

    documents: int = 0
    total_length: int = 0
    df: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, docs: Iterable[Sequence[str]]) -> LexicalStats:
        stats = cls()
        for doc in docs:
            stats.add(doc)
        return stats

    def add(self, doc: Sequence[str]) -> None:
        self.documents += 1
        self.total_length += len(doc)
        self.df.update(set(doc))

    @property
    def average_length(self) -> float:
        return self.total_length / self.documents if self.documents else 1.0

    def idf(self, term: str) -> float:
        """Lucene's BM25 IDF, never negative; unseen terms count as seen in one document."""
        n = max(self.documents, 1)
        df = min(max(self.df.get(term, 0), 1), n)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def bm25_scores(
    query: Sequence[str],
    docs: Sequence[Sequence[str]],
    stats: LexicalStats,
    *,
    k1: float = K1,
    b: float = B,
) -> npt.NDArray[np.float64]:
    """BM25 of each document for the query (repeated query terms count once)."""
    terms = list(dict.fromkeys(query))
    idf = {t: stats.idf(t) for t in terms}
    avg = stats.average_length or 1.0
    out = np.zeros(len(docs), dtype=np.float64)
    for i, doc in enumerate(docs):
        counts = Counter(doc)
        norm = k1 * (1.0 - b + b * len(doc) / avg)
        total = 0.0
        for t in terms:
            tf = counts.get(t, 0)
            if tf:
                total += idf[t] * tf * (k1 + 1.0) / (tf + norm)
        out[i] = total
    return out


def idf_mass(query: Sequence[str], stats: LexicalStats) -> float:
    """The summed IDF of the distinct query terms: divides BM25 into a query-independent scale."""
    return sum(stats.idf(t) for t in dict.fromkeys(query)) or 1.0
