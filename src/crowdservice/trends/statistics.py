"""The test behind a hot topic, on plain numbers (no database), so it can be read and checked.

For a term and a recent window: of the window's `total` documents, `observed` mention the term;
of the baseline's `baseline_total` documents (the days before), `baseline` do. Under "nothing
changed" the term's share of documents is the same in both, and given the term's `observed +
baseline` mentions, the window's share of them is Binomial(observed + baseline, total /
(total + baseline_total)): the exact conditional test of two rates (as for two Poisson counts).
It accounts for the baseline being a sample too, so a rare term in a short history is not news
by accident; and because it compares shares of documents, a term that rises only because all
traffic rose is not a spike.

Seasonality: the same test against the baseline's same hours of the day only (a morning topic
is not news every morning); the larger of the two p-values counts. Across every (term, window)
tested in a run the p-values are adjusted with Benjamini-Hochberg; the caller also asks for a
minimum lift (observed / expected) and distinct authors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

# Half a document in one more: a term never seen has a share of about 1 / (2 * baseline docs).
PRIOR_DOCUMENTS = 0.5


@dataclass(frozen=True)
class Counts:
    observed: int  # documents in the window that mention the term
    total: int  # documents in the window
    baseline: int  # documents in the baseline that mention the term
    baseline_total: int
    same_hours: int  # the baseline at the window's hours of the day only
    same_hours_total: int


@dataclass(frozen=True)
class Tested:
    share: float  # the baseline share the window is compared with (for `expected`)
    expected: float
    p_value: float


def _share(mentions: int, documents: int) -> float:
    return (mentions + PRIOR_DOCUMENTS) / (documents + 2 * PRIOR_DOCUMENTS)


def _rate_tests(observed: np.ndarray, total: np.ndarray, baseline: np.ndarray,
                baseline_total: np.ndarray) -> np.ndarray:  # fmt: skip
    """P(at least `observed` of the term's mentions fall in the window | equal shares), for
    many terms at once; 1 where there is nothing to compare with."""
    valid = (observed > 0) & (total > 0) & (baseline_total > 0)
    window_part = np.where(valid, total / np.maximum(total + baseline_total, 1), 0.5)
    p = stats.binom.sf(observed - 1, observed + baseline, window_part)
    return np.where(valid, np.clip(p, 0.0, 1.0), 1.0)


def rate_test(observed: int, total: int, baseline: int, baseline_total: int) -> float:
    arrays = (np.array([v]) for v in (observed, total, baseline, baseline_total))
    return float(_rate_tests(*arrays)[0])


def binomial_tests(many: Sequence[Counts]) -> list[Tested]:
    """Each term's test (see the module docstring), computed in one pass."""
    if not many:
        return []
    column = {
        name: np.array([getattr(c, name) for c in many], dtype=np.int64)
        for name in Counts.__dataclass_fields__
    }
    overall = _rate_tests(
        column["observed"], column["total"], column["baseline"], column["baseline_total"]
    )
    same = _rate_tests(
        column["observed"], column["total"], column["same_hours"], column["same_hours_total"]
    )
    # Seasonality only ever makes a spike harder to call: with no same-hour history, the
    # overall test decides.
    p_values = np.where(column["same_hours_total"] > 0, np.maximum(overall, same), overall)
    results = []
    for counts, p_value in zip(many, p_values, strict=True):
        share = _share(counts.baseline, counts.baseline_total)
        if counts.same_hours_total:
            share = max(share, _share(counts.same_hours, counts.same_hours_total))
        results.append(Tested(share=share, expected=counts.total * share, p_value=float(p_value)))
    return results


def binomial_test(counts: Counts) -> Tested:
    return binomial_tests([counts])[0]


def adjust(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg q-values, in the same order."""
    if not p_values:
        return []
    return [float(q) for q in stats.false_discovery_control(np.asarray(p_values), method="bh")]
