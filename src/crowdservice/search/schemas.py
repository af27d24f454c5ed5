"""API schemas of search."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from crowdservice.search.types import MAX_QUERY_CHARS, SearchHit

# Longer text is refused with a 422; of what is accepted, the first MAX_QUERY_CHARS count.
MAX_Q_LENGTH = 1_000
MAX_SEARCH_PAGE_SIZE = 50


class SearchIn(Schema):
    q: str = Field(
        "",
        description=f"What to look for, in any language. At most {MAX_Q_LENGTH:,} characters; "
        f"only the first {MAX_QUERY_CHARS} (after collapsing white space) are searched.",
    )
    page: int = Field(1, ge=1, le=1_000, description="Page number, from 1.")
    page_size: int = Field(
        20, ge=1, le=MAX_SEARCH_PAGE_SIZE, description="Hits per page, at most 50."
    )


class SearchHitOut(Schema):
    kind: str = Field(description="`question` or `answer` (later also `article` and `case`).")
    object_id: int
    title: str
    snippet: str = Field(description="Plain text, not HTML.")
    url: str
    badges: list[str] = Field(description="e.g. `answered`, `accepted`, `endorsed`.")
    tier: str = Field(
        description="The trust tier of the answer behind the hit: `kb` (approved in the "
        "knowledge base), `endorsed` (by the company), `community` (accepted or well voted), "
        "or empty (nothing trusted yet)."
    )
    created_at: datetime

    @staticmethod
    def of(hit: SearchHit) -> SearchHitOut:
        return SearchHitOut(
            kind=hit.kind,
            object_id=hit.object_id,
            title=hit.title,
            snippet=hit.snippet,
            url=hit.url,
            badges=list(hit.badges),
            tier=hit.tier,
            created_at=hit.created_at,
        )


class SearchOut(Schema):
    query: str = Field(description="The text that was searched (cleaned and possibly shortened).")
    terms: list[str] = Field(description="The words searched for; empty means nothing to search.")
    count: int = Field(description="How many hits there are in all pages (capped).")
    page: int
    page_size: int
    pages: int
    hits: list[SearchHitOut]
