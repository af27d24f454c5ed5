"""What the engine ranks. Plain data, independent of Django models and of any benchmark.

The community app maps its Question/Answer rows onto these; the SemEval harness maps the XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class CommunitySignals:
    """What the community said about a post. All neutral by default (no votes, unknown author).

    trust_tier: the author's standing, 0 = unknown/new, higher = more trusted (e.g. 1 regular,
    2 expert, 3 staff agent). votes: net score. accepted/endorsed: asker's or staff's mark.
    """

    votes: int = 0
    accepted: bool = False
    endorsed: bool = False
    trust_tier: int = 0
    updated_at: datetime | None = None


NEUTRAL = CommunitySignals()


@dataclass(frozen=True)
class AskedQuestion:
    """The question being asked (a new question, a search box's text, or a thread's question)."""

    title: str
    body: str = ""
    author_id: str | None = None

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}".strip()


@dataclass(frozen=True)
class CandidateQuestion:
    """An existing question that may answer the asked one (similar-question search, deflection).

    prior_rank: the rank a first-stage retriever gave it (1 = best), if any.
    answers: the text of its answers, best first if known; they help judge the match.
    """

    id: str
    title: str
    body: str = ""
    answers: tuple[str, ...] = ()
    prior_rank: int | None = None
    signals: CommunitySignals = field(default=NEUTRAL)

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}".strip()


@dataclass(frozen=True)
class CandidateAnswer:
    """An answer (or comment) in a question's thread. position: 1-based, in posting order."""

    id: str
    text: str
    author_id: str | None = None
    position: int | None = None
    signals: CommunitySignals = field(default=NEUTRAL)
