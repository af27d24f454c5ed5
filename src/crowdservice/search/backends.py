"""Search backends. The basic one asks every provider and merges by score; it needs no index.

The deflection engine replaces it with an indexed backend (set CROWDSERVICE_SEARCH_BACKEND)
without touching the callers, which only use `crowdservice.search.service.search`.
"""

from __future__ import annotations

from crowdservice.search.registry import providers
from crowdservice.search.types import AnyUser, ParsedQuery, SearchHit, SearchResults, parse_query

# Each provider returns at most this many candidates; pages deeper than that are not useful.
CANDIDATES_PER_PROVIDER = 200


class BasicBackend:
    def search(
        self, user: AnyUser, query: ParsedQuery, *, limit: int, offset: int
    ) -> SearchResults:
        if query.is_empty:
            return SearchResults(query=query, hits=[], total=0)
        hits = [
            hit
            for provider in providers()
            for hit in provider.search(user, query, limit=CANDIDATES_PER_PROVIDER)
        ]
        hits.sort(key=lambda h: (-h.score, -h.created_at.timestamp()))
        return SearchResults(query=query, hits=hits[offset : offset + limit], total=len(hits))

    def suggest(
        self, user: AnyUser, query: ParsedQuery, *, limit: int, space_id: int | None
    ) -> list[SearchHit]:
        hits = self.search(user, query, limit=limit * 4, offset=0).hits
        return [h for h in hits if h.kind == "question"][:limit]

    def similar_questions(
        self, user: AnyUser, *, title: str, body: str, exclude_id: int | None, limit: int
    ) -> list[SearchHit]:
        hits = self.search(user, parse_query(title), limit=limit * 4, offset=0).hits
        return [h for h in hits if h.kind == "question" and h.object_id != exclude_id][:limit]
