"""Log-spaced histograms of durations: mergeable by adding counts, so a median over any range of
days comes from the daily roll-ups without keeping every value.

Bucket b holds durations d (seconds) with floor(4·log2(d + 1)) == b: each bucket is 19% wider
than the one before, so a median read from the buckets is within ±9% of the true one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

STEPS_PER_DOUBLING = 4


def bucket_of(seconds: float) -> int:
    return math.floor(STEPS_PER_DOUBLING * math.log2(max(seconds, 0.0) + 1.0))


def bucket_value(bucket: int) -> float:
    """The geometric middle of a bucket, in seconds."""
    return float(2.0 ** ((bucket + 0.5) / STEPS_PER_DOUBLING) - 1.0)


def merge(rows: Iterable[tuple[int, int]]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for bucket, count in rows:
        merged[bucket] = merged.get(bucket, 0) + count
    return merged


def quantile(histogram: Mapping[int, int], q: float = 0.5) -> float | None:
    """The q-quantile (0-1) in seconds, or None for an empty histogram."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    rank = q * total
    seen = 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= rank:
            return bucket_value(bucket)
    return bucket_value(max(histogram))
