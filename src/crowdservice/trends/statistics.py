"""The test behind a hot topic, on plain numbers (no database), so it can be read and checked.

For a term and a recent window: of the window's `total` documents, `observed` mention the term.
Its baseline share is how often documents mentioned it over the previous days, smoothed so a
brand-new term has a small but non-zero share, and raised to the share of the same hours of the
day when the term is usually more common then (a morning topic is not news every morning).
Under "nothing changed", the count is Binomial(total, share): the p-value is the upper tail
P(X >= observed). Because the test is on the share of documents, a term that rises only because
all traffic rose is not a spike. Across every (term, window) tested in a run the p-values are
adjusted with Benjamini-Hochberg, and a spike must also be at least `min_lift` times the expected
count: with thousands of terms, a small p-value alone is not news.
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
    share: float  # the baseline share the window is compared with
    expected: float
    p_value: float


def baseline_share(counts: Counts, hour_of_day_weight: float) -> float:
    overall = (counts.baseline + PRIOR_DOCUMENTS) / (counts.baseline_total + 2 * PRIOR_DOCUMENTS)
    same_hours = (counts.same_hours + hour_of_day_weight * overall) / (
        counts.same_hours_total + hour_of_day_weight
    )
    return min(max(overall, same_hours), 1.0)


def binomial_test(counts: Counts, hour_of_day_weight: float) -> Tested:
    share = baseline_share(counts, hour_of_day_weight)
    p_value = float(stats.binom.sf(counts.observed - 1, counts.total, share))
    return Tested(share=share, expected=counts.total * share, p_value=min(max(p_value, 0.0), 1.0))


def adjust(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg q-values, in the same order."""
    if not p_values:
        return []
    return [float(q) for q in stats.false_discovery_control(np.asarray(p_values), method="bh")]
