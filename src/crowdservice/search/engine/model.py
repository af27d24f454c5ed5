"""Learned rankers: an L2-regularised logistic model over standardised features, stored as JSON.

Two objectives, both fitted by Newton's method (deterministic, no random state):
- "pointwise": P(relevant | features), one example per candidate;
- "pairwise": P(a above b) = sigmoid(w · (x_a - x_b)) over the pairs of one query with different
  labels (a linear RankNet), which learns only the order inside a query.
Either way the score of a candidate is the linear function w · x + b; higher ranks first.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from crowdservice.search.engine.features import FeatureMatrix

Matrix = npt.NDArray[np.float64]
Objective = Literal["pointwise", "pairwise"]
MODEL_FORMAT = 1


@dataclass(frozen=True)
class LinearRanker:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    objective: Objective = "pointwise"
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def score_matrix(self, values: Matrix) -> Matrix:
        standard = (values - np.asarray(self.mean)) / np.asarray(self.scale)
        return np.asarray(standard @ np.asarray(self.weights) + self.bias, dtype=np.float64)

    def score(self, matrix: FeatureMatrix) -> Matrix:
        """Scores of the rows; the matrix must carry (at least) the model's features."""
        if matrix.names != self.features:
            missing = [f for f in self.features if f not in matrix.names]
            if missing:
                raise ValueError(f"Features missing for this model: {', '.join(missing)}")
            columns = [matrix.names.index(f) for f in self.features]
            return self.score_matrix(matrix.values[:, columns])
        return self.score_matrix(matrix.values)

    def probability(self, matrix: FeatureMatrix) -> Matrix:
        """Calibrated only for the pointwise objective: the chance a candidate is relevant."""
        return 1.0 / (1.0 + np.exp(-self.score(matrix)))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "kind": "linear",
            "objective": self.objective,
            "features": list(self.features),
            "mean": [round(v, 8) for v in self.mean],
            "scale": [round(v, 8) for v in self.scale],
            "weights": [round(v, 8) for v in self.weights],
            "bias": round(self.bias, 8),
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearRanker:
        if data.get("format") != MODEL_FORMAT or data.get("kind") != "linear":
            raise ValueError("Not a linear ranker of a known format")
        sizes = {len(data[k]) for k in ("features", "mean", "scale", "weights")}
        if len(sizes) != 1:
            raise ValueError("Model arrays have different lengths")
        return cls(
            features=tuple(data["features"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) for v in data["scale"]),
            weights=tuple(float(v) for v in data["weights"]),
            bias=float(data["bias"]),
            objective=data.get("objective", "pointwise"),
            metadata=data.get("metadata", {}),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1, sort_keys=True) + "\n")

    @classmethod
    def load(cls, path: Path) -> LinearRanker:
        return cls.from_json(json.loads(path.read_text()))


def _newton_logistic(
    x: Matrix, y: Matrix, l2: float, *, fit_bias: bool, iterations: int = 50
) -> tuple[Matrix, float]:
    """Minimise mean log-loss + l2/2 |w|^2 (bias unpenalised)."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))]) if fit_bias else x
    k = design.shape[1]
    penalty = np.full(k, l2)
    if fit_bias:
        penalty[-1] = 0.0
    theta = np.zeros(k)
    for _ in range(iterations):
        z = design @ theta
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))
        gradient = design.T @ (p - y) / n + penalty * theta
        hessian = (design.T * (p * (1 - p))) @ design / n + np.diag(penalty + 1e-10)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    if fit_bias:
        return theta[:d], float(theta[d])
    return theta, 0.0


def _pairs(values: Matrix, labels: Matrix, groups: Sequence[str]) -> tuple[Matrix, Matrix]:
    """Difference vectors of every (relevant, irrelevant) pair in a group, in both orders."""
    by_group: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        by_group.setdefault(group, []).append(index)
    diffs: list[Matrix] = []
    for indices in by_group.values():
        pos = [i for i in indices if labels[i] > 0.5]
        neg = [i for i in indices if labels[i] <= 0.5]
        if pos and neg:
            d = (values[pos][:, None, :] - values[neg][None, :, :]).reshape(-1, values.shape[1])
            diffs.append(d)
    if not diffs:
        raise ValueError("No group has both relevant and irrelevant candidates")
    stacked = np.vstack(diffs)
    x = np.vstack([stacked, -stacked])
    y = np.concatenate([np.ones(len(stacked)), np.zeros(len(stacked))])
    return x, y


def fit_ranker(
    matrix: FeatureMatrix,
    labels: Sequence[bool],
    groups: Sequence[str],
    *,
    l2: float = 0.01,
    objective: Objective = "pointwise",
    features: Sequence[str] | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> LinearRanker:
    """Fit on the rows of `matrix` (all queries' candidates stacked), grouped by query id."""
    names = tuple(features) if features is not None else matrix.names
    columns = [matrix.names.index(f) for f in names]
    values = matrix.values[:, columns]
    mean = values.mean(axis=0)
    scale = values.std(axis=0)
    scale[scale < 1e-9] = 1.0
    standard = (values - mean) / scale
    y = np.asarray(labels, dtype=np.float64)
    if objective == "pointwise":
        weights, bias = _newton_logistic(standard, y, l2, fit_bias=True)
    else:
        px, py = _pairs(standard, y, groups)
        weights, bias = _newton_logistic(px, py, l2, fit_bias=False)
    if not all(math.isfinite(w) for w in weights):
        raise ArithmeticError("Fitting diverged")
    return LinearRanker(
        features=names,
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        weights=tuple(float(v) for v in weights),
        bias=bias,
        objective=objective,
        metadata=dict(metadata or {}),
    )
