"""Does a text read like a helpful answer? A sparse logistic model over word n-grams.

Its features are the presence of word unigrams and bigrams (stop words kept: "why", "me",
"thanks" and "lol" say a lot about a forum comment), scaled by 1/sqrt(distinct n-grams of the
text). It is fitted by accelerated gradient descent on the L2-regularised mean log-loss, then the
vocabulary is pruned to the n-grams with the largest weights and the model refitted, so the stored
model is small and readable (models_data/answer_text_model.json). Deterministic: no sampling.

Used as one feature of the answer ranker (stacked: its training-set values are out-of-fold).
What it learns is partly domain vocabulary: retrain it on the product's own accepted answers.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from crowdservice.search.engine.text import has_url, words

Vector = npt.NDArray[np.float64]
MODEL_FORMAT = 1
URL_MARKER = "<url>"  # an n-gram standing for any link


def ngrams(text: str) -> set[str]:
    tokens = words(text)
    grams = set(tokens)
    grams.update(f"{a} {b}" for a, b in pairwise(tokens))
    if has_url(text):
        grams.add(URL_MARKER)
    return grams


@dataclass(frozen=True)
class _Sparse:
    """Rows of n-gram features as COO-like arrays (row of each entry, column, value)."""

    rows: int
    columns: int
    row_of: npt.NDArray[np.int64]
    column_of: npt.NDArray[np.int64]
    value: Vector

    def dot(self, weights: Vector) -> Vector:
        products = self.value * weights[self.column_of]
        return np.bincount(self.row_of, weights=products, minlength=self.rows).astype(np.float64)

    def transpose_dot(self, residual: Vector) -> Vector:
        products = self.value * residual[self.row_of]
        return np.bincount(self.column_of, weights=products, minlength=self.columns).astype(
            np.float64
        )


def _featurize(texts: Sequence[str], vocabulary: Mapping[str, int]) -> _Sparse:
    rows, columns, values = [], [], []
    for i, text in enumerate(texts):
        grams = ngrams(text)
        if not grams:
            continue
        scale = 1.0 / math.sqrt(len(grams))
        for gram in grams:
            column = vocabulary.get(gram)
            if column is not None:
                rows.append(i)
                columns.append(column)
                values.append(scale)
    return _Sparse(
        len(texts),
        len(vocabulary),
        np.asarray(rows, dtype=np.int64),
        np.asarray(columns, dtype=np.int64),
        np.asarray(values, dtype=np.float64),
    )


@dataclass(frozen=True)
class TextModel:
    vocabulary: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def score(self, texts: Sequence[str]) -> Vector:
        """Logits: above 0 reads more like a helpful answer than not."""
        index = {gram: i for i, gram in enumerate(self.vocabulary)}
        return _featurize(texts, index).dot(np.asarray(self.weights)) + self.bias

    def to_json(self) -> dict[str, Any]:
        order = sorted(range(len(self.vocabulary)), key=lambda i: -abs(self.weights[i]))
        return {
            "format": MODEL_FORMAT,
            "kind": "ngram-logistic",
            "bias": round(self.bias, 6),
            "weights": {self.vocabulary[i]: round(self.weights[i], 6) for i in order},
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TextModel:
        if data.get("format") != MODEL_FORMAT or data.get("kind") != "ngram-logistic":
            raise ValueError("Not a text model of a known format")
        weights: Mapping[str, float] = data["weights"]
        return cls(
            vocabulary=tuple(weights),
            weights=tuple(float(w) for w in weights.values()),
            bias=float(data["bias"]),
            metadata=data.get("metadata", {}),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=0, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, path: Path) -> TextModel:
        return cls.from_json(json.loads(path.read_text()))


def _fit(matrix: _Sparse, y: Vector, l2: float, iterations: int) -> tuple[Vector, float]:
    """Nesterov-accelerated gradient descent. Rows have norm <= 1 (and the bias adds 1), so the
    loss is (0.5 + l2)-smooth and the step 1/(0.5 + l2) is safe."""
    n = max(matrix.rows, 1)
    w = np.zeros(matrix.columns)
    b = float(np.log((y.mean() + 1e-6) / (1 - y.mean() + 1e-6)))
    w_prev, b_prev = w.copy(), b
    step = 1.0 / (0.5 + l2)
    for t in range(1, iterations + 1):
        momentum = (t - 1) / (t + 2)
        vw = w + momentum * (w - w_prev)
        vb = b + momentum * (b - b_prev)
        p = 1.0 / (1.0 + np.exp(-np.clip(matrix.dot(vw) + vb, -35, 35)))
        residual = (p - y) / n
        w_prev, b_prev = w, b
        w = vw - step * (matrix.transpose_dot(residual) + l2 * vw)
        b = vb - step * float(residual.sum())
    return w, b


def fit_text_model(
    texts: Sequence[str],
    labels: Sequence[bool],
    *,
    l2: float = 3e-4,
    min_df: int = 3,
    max_features: int = 2000,
    iterations: int = 400,
    metadata: Mapping[str, Any] | None = None,
) -> TextModel:
    df: Counter[str] = Counter()
    for text in texts:
        df.update(ngrams(text))
    vocabulary = sorted(g for g, count in df.items() if count >= min_df)
    y = np.asarray(labels, dtype=np.float64)
    w, b = _fit(_featurize(texts, {g: i for i, g in enumerate(vocabulary)}), y, l2, iterations)
    if len(vocabulary) > max_features:
        keep = sorted(np.argsort(-np.abs(w), kind="stable")[:max_features].tolist())
        vocabulary = [vocabulary[i] for i in keep]
        w, b = _fit(_featurize(texts, {g: i for i, g in enumerate(vocabulary)}), y, l2, iterations)
    return TextModel(
        vocabulary=tuple(vocabulary),
        weights=tuple(float(v) for v in w),
        bias=b,
        metadata=dict(metadata or {}),
    )
