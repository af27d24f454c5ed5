"""API schemas of deflection: suggestions for embedding sites and the outcomes they report."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from crowdservice.core.schemas import ObjectId
from crowdservice.deflection.actions import MAX_TOKEN_LENGTH, MIN_QUERY_CHARS
from crowdservice.deflection.models import DeflectionSession
from crowdservice.search.schemas import MAX_Q_LENGTH
from crowdservice.search.tiers import tier_label
from crowdservice.search.types import MAX_QUERY_CHARS, SearchHit


class SuggestIn(Schema):
    q: str = Field(
        "",
        description=f"The title being typed, in any language. At most {MAX_Q_LENGTH:,} "
        f"characters; only the first {MAX_QUERY_CHARS} (after collapsing white space) are "
        f"searched, and text shorter than {MIN_QUERY_CHARS} characters gives no suggestions.",
    )
    space: str = Field(
        "",
        max_length=60,
        description="The product space the person is asking in, by slug or id: its content is "
        "favoured, other spaces still appear.",
    )
    session: str = Field(
        "",
        max_length=MAX_TOKEN_LENGTH,
        description="The deflection session token from an earlier answer, to keep one attempt "
        "to ask in one session. Leave it out on the first call: a new session is started.",
    )


class SuggestionOut(Schema):
    kind: str = Field(description="`question` (later also `article`).")
    object_id: int
    title: str
    snippet: str = Field(description="Plain text, not HTML.")
    url: str = Field(description="The content's page, as a path on this site.")
    tier: str = Field(
        description="Its standing: `kb` (approved article), `endorsed` (vouched for by the "
        "company), `community` (accepted or well voted) or `` (nobody vouched for it yet)."
    )
    tier_label: str = Field(description="The tier as a label to show, e.g. `Popular in the "
                            "community`; empty when `tier` is.")  # fmt: skip
    badges: list[str] = Field(description="e.g. `answered`.")
    score: float = Field(description="The search backend's relevance; higher is better. Only "
                         "comparable within one answer.")  # fmt: skip
    rank: int = Field(description="Position in the list, from 1.")

    @staticmethod
    def of(hit: SearchHit, rank: int) -> SuggestionOut:
        return SuggestionOut(
            kind=hit.kind,
            object_id=hit.object_id,
            title=hit.title,
            snippet=hit.snippet,
            url=hit.url,
            tier=hit.tier,
            tier_label=tier_label(hit.tier),
            badges=list(hit.badges),
            score=hit.score,
            rank=rank,
        )


class SuggestOut(Schema):
    query: str = Field(description="The text that was searched (cleaned and possibly shortened).")
    session: str = Field(
        description="The deflection session token: send it with later suggestion calls and "
        "outcome events of the same attempt to ask. It belongs to the caller."
    )
    suggestions: list[SuggestionOut] = Field(description="At most 5, best first.")


class OutcomeEventIn(Schema):
    kind: Literal["suggestion_opened", "self_solved", "filed_anyway"] = Field(
        description="`suggestion_opened`: the person opened a suggestion; `self_solved`: they "
        "said it answered their question; `filed_anyway`: they filed their question or case."
    )
    object_kind: str = Field(
        max_length=20,
        description="For `suggestion_opened` and `self_solved`, the suggestion's `kind`; for "
        "`filed_anyway`, the kind of what was filed (`question` or `case`).",
    )
    object_id: ObjectId = Field(
        description="The suggestion's `object_id`, or the id of what was filed."
    )
    title: str = Field(
        "",
        max_length=MAX_Q_LENGTH,
        description="For `filed_anyway`: the title filed, which names content gaps best.",
    )


class SessionOut(Schema):
    session: str
    outcome: str = Field(
        description="`` (undecided), `self_solved`, `abandoned`, `filed_anyway`, or `filed` "
        "(filed without having been shown a suggestion)."
    )
    decided_at: datetime | None
    recorded: bool = Field(
        description="False when this event changed nothing (already recorded, or the session "
        "was already decided in a way it cannot override)."
    )

    @staticmethod
    def of(session: DeflectionSession, *, recorded: bool) -> SessionOut:
        return SessionOut(
            session=session.token,
            outcome=session.outcome,
            decided_at=session.decided_at,
            recorded=recorded,
        )
