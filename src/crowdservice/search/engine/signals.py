"""Community signals on top of the learned relevance: votes, accepted/endorsed marks, author trust.

Freshness: with `now` given, content not updated for years loses a little.
The learned models see only text, position and authorship, because no training data carries
votes or trust. These adjustments are therefore small, hand-set and bounded: they reorder close
calls, never bury a clearly better match. With neutral signals (the benchmark's case) they add 0.
Scores they adjust are logits of the learned models, so 1.0 is a large step.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import numpy.typing as npt

from crowdservice.search.engine.types import CommunitySignals

VOTE_WEIGHT = 0.15  # per log2 step of net positive votes
MAX_VOTE_BONUS = 0.6
DOWNVOTE_WEIGHT = 0.25
ACCEPTED_BONUS = 0.5
ENDORSED_BONUS = 0.5
TRUST_WEIGHT = 0.1  # per trust tier above 0
MAX_TRUST_BONUS = 0.3
STALENESS_PER_YEAR = 0.1  # content last updated long ago may be out of date
MAX_STALENESS = 0.3


def community_adjustment(signals: CommunitySignals, now: datetime | None = None) -> float:
    votes = signals.votes
    bonus = (
        min(VOTE_WEIGHT * math.log2(1 + votes), MAX_VOTE_BONUS)
        if votes > 0
        else -DOWNVOTE_WEIGHT * math.log2(1 - votes)
    )
    if signals.accepted:
        bonus += ACCEPTED_BONUS
    if signals.endorsed:
        bonus += ENDORSED_BONUS
    bonus += min(TRUST_WEIGHT * max(signals.trust_tier, 0), MAX_TRUST_BONUS)
    if now is not None and signals.updated_at is not None:
        years = max((now - signals.updated_at).total_seconds(), 0.0) / (365.25 * 86400)
        bonus -= min(STALENESS_PER_YEAR * years, MAX_STALENESS)
    return bonus


def apply_community_signals(
    scores: npt.NDArray[np.float64],
    signals: Sequence[CommunitySignals],
    now: datetime | None = None,
) -> npt.NDArray[np.float64]:
    return scores + np.array([community_adjustment(s, now) for s in signals], dtype=np.float64)
