"""The visible trust tier of an answer: popular in the community, endorsed, or in the KB."""

from __future__ import annotations

from enum import StrEnum

from crowdservice.community.models import Answer

# An answer this well voted counts as vetted by the community even before it is accepted.
POPULAR_SCORE = 3


class TrustTier(StrEnum):
    COMMUNITY = "community"
    ENDORSED = "endorsed"
    KB = "kb"  # set by the knowledge-base app when an answer is promoted to an article


def trust_tier(answer: Answer, *, accepted_answer_id: int | None) -> TrustTier | None:
    if answer.is_endorsed:
        return TrustTier.ENDORSED
    if answer.pk == accepted_answer_id or answer.score >= POPULAR_SCORE:
        return TrustTier.COMMUNITY
    return None


def answer_sort_key(answer: Answer, *, accepted_answer_id: int | None) -> tuple[int, int, float]:
    """Accepted and endorsed first, then by score, then oldest first."""
    pinned = int(answer.pk == accepted_answer_id) + int(answer.is_endorsed)
    return (-pinned, -answer.score, answer.created_at.timestamp())
