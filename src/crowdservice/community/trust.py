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
    if answer.kb_article_id is not None:
        return TrustTier.KB
    if answer.is_endorsed:
        return TrustTier.ENDORSED
    if answer.pk == accepted_answer_id or answer.score >= POPULAR_SCORE:
        return TrustTier.COMMUNITY
    return None


def answer_sort_key(
    answer: Answer, *, accepted_answer_id: int | None
) -> tuple[int, int, int, float, float]:
    """Accepted and endorsed first, then by score (votes); among equal scores the answer the
    ranker predicts more helpful first (unscored ones after scored), then oldest first.

    So fresh answers, which have no votes yet, come in predicted order, and one vote outranks
    any prediction: the community's judgement wins as soon as it exists.
    """
    pinned = int(answer.pk == accepted_answer_id) + int(answer.is_endorsed)
    predicted = answer.helpfulness
    return (
        -pinned,
        -answer.score,
        int(predicted is None),
        -(predicted or 0.0),
        answer.created_at.timestamp(),
    )
