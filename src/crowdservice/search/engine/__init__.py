"""The deflection engine's core: lexical + semantic relevance, learned fusion, community signals.

    from crowdservice.search.engine import AskedQuestion, CandidateQuestion, rank_candidates
    scores = rank_candidates("How do I renew my visa?", candidates)

Django-free: domain apps map their rows onto the types below. See docs/decisions/0002.
"""

from crowdservice.search.engine.ranker import (
    Engine,
    default_engine,
    rank_candidates,
    score_answers,
)
from crowdservice.search.engine.types import (
    AskedQuestion,
    CandidateAnswer,
    CandidateQuestion,
    CommunitySignals,
)

__all__ = [
    "AskedQuestion",
    "CandidateAnswer",
    "CandidateQuestion",
    "CommunitySignals",
    "Engine",
    "default_engine",
    "rank_candidates",
    "score_answers",
]
