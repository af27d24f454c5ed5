"""The indexed search backend: hybrid retrieval over the one index, re-ranked, access-checked.

Every hit passes two filters: the index's audience (so retrieval never even considers what the
user may not see) and, just before it is shown, its source's own `visible_ids` check against
the database (so a stale index can never leak a post deleted a second ago).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from django.utils import timezone

from crowdservice.search.engine.signals import community_adjustment
from crowdservice.search.engine.types import AskedQuestion, CommunitySignals
from crowdservice.search.index.documents import audiences_for
from crowdservice.search.index.retrieval import (
    Fused,
    StoredQuestion,
    encode_query,
    rerank_questions,
    retrieve,
)
from crowdservice.search.index.snippets import snippet
from crowdservice.search.index.store import lexical_index, vector_matrix
from crowdservice.search.models import SearchDocument
from crowdservice.search.registry import index_sources, source_for
from crowdservice.search.types import AnyUser, ParsedQuery, SearchHit, SearchResults, parse_query

# How deep the search page goes: results past this are not worth paging to.
MAX_RESULTS = 200
# Fused candidates the question model re-ranks for suggestions and duplicates.
RERANK_DEPTH = 12
RERANK_BODY_CHARS = 2_000
# Community signals on the search page, on the scale of reciprocal-rank fusion scores
# (the best document scores 2/61 ≈ 0.033): a strong thread moves up a few places, no more.
SIGNAL_WEIGHT = 0.004
# A suggestion must look at least this likely (a logit of the question model) to be shown:
# an unrelated question is worse than none, since it teaches people to ignore suggestions.
MIN_SUGGESTION_SCORE = 0.5
SPACE_BONUS = 0.3  # same product space as the asker chose
SUGGESTION_KINDS = ("question", "article")
VECTOR_FIELDS = ("vector", "title_vector", "answer_vectors")


def signals_of(row: SearchDocument) -> CommunitySignals:
    return CommunitySignals(
        votes=row.votes, accepted=row.accepted, endorsed=row.endorsed, updated_at=row.updated_at
    )


def hit_of(row: SearchDocument, score: float, terms: Sequence[str]) -> SearchHit:
    return SearchHit(
        kind=row.kind,
        object_id=row.object_id,
        title=row.title,
        snippet=snippet(row.body, terms),
        url=row.url,
        score=round(score, 4),
        created_at=row.created_at,
        badges=tuple(row.badges),
        tier=row.tier,
        space_id=row.space_id,
    )


class IndexedBackend:
    def _kinds(self, wanted: Sequence[str] | None = None) -> list[str]:
        kinds = sorted(index_sources())
        return [k for k in kinds if wanted is None or k in wanted]

    def _retrieve(
        self,
        user: AnyUser,
        text: str,
        terms: Sequence[str],
        kinds: Sequence[str],
        depth: int,
        *,
        keep: int | None = None,
        with_vectors: bool = False,
    ) -> tuple[list[Fused], dict[int, SearchDocument], npt.NDArray[np.float32] | None]:
        """Fused candidates, and the rows of the best `keep` of them (vectors only if asked)."""
        matrix = vector_matrix()
        matrix.refresh()
        vector = encode_query(text) if text.strip() else None
        fused = retrieve(
            terms,
            vector,
            lexical=lexical_index(),
            vectors=matrix,
            audiences=audiences_for(user),
            kinds=kinds,
            depth=depth,
        )
        fused = fused[:keep] if keep is not None else fused
        unused = ["search_vector"] if with_vectors else [*VECTOR_FIELDS, "search_vector"]
        rows = SearchDocument.objects.defer(*unused).in_bulk([f.pk for f in fused])
        return [f for f in fused if f.pk in rows], rows, vector

    def _visible(self, user: AnyUser, rows: Sequence[SearchDocument]) -> list[SearchDocument]:
        by_kind: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            by_kind[row.kind].append(row.object_id)
        allowed = {
            (kind, object_id)
            for kind, ids in by_kind.items()
            for object_id in source_for(kind).visible_ids(user, kind, ids)
        }
        return [r for r in rows if (r.kind, r.object_id) in allowed]

    def search(
        self, user: AnyUser, query: ParsedQuery, *, limit: int, offset: int
    ) -> SearchResults:
        if query.is_empty:
            return SearchResults(query=query, hits=[], total=0)
        fused, rows, _ = self._retrieve(
            user, query.text, query.terms, self._kinds(), depth=MAX_RESULTS
        )
        now = timezone.now()
        scored = sorted(
            (
                (f.score + SIGNAL_WEIGHT * community_adjustment(signals_of(rows[f.pk]), now), f)
                for f in fused
            ),
            key=lambda pair: (-pair[0], pair[1].rank),
        )
        ordered = [(rows[f.pk], score) for score, f in scored][:MAX_RESULTS]
        visible = {r.pk for r in self._visible(user, [row for row, _ in ordered])}
        shown = [(row, score) for row, score in ordered if row.pk in visible]
        page = shown[offset : offset + limit]
        hits = [hit_of(row, score, query.terms) for row, score in page]
        return SearchResults(query=query, hits=hits, total=len(shown))

    def _similar(
        self,
        user: AnyUser,
        asked: AskedQuestion,
        *,
        kinds: Sequence[str],
        limit: int,
        exclude: set[tuple[str, int]],
        space_id: int | None = None,
    ) -> list[SearchHit]:
        terms = parse_query(asked.text).terms
        fused, rows, vector = self._retrieve(
            user,
            asked.text,
            terms,
            self._kinds(kinds),
            depth=RERANK_DEPTH * 2,
            keep=RERANK_DEPTH + len(exclude),
            with_vectors=True,
        )
        fused = [f for f in fused if (rows[f.pk].kind, rows[f.pk].object_id) not in exclude]
        top = fused[:RERANK_DEPTH]
        if not top:
            return []
        now = timezone.now()
        chosen = [rows[f.pk] for f in top]
        stored = [
            StoredQuestion(
                key=str(row.pk),
                title=row.title,
                # The model reads the start of a post (its vectors, too, see 256 tokens).
                body=row.body[:RERANK_BODY_CHARS],
                answers=tuple(row.answers),
                vector=bytes(row.vector),
                title_vector=bytes(row.title_vector),
                answer_vectors=bytes(row.answer_vectors),
                signals=signals_of(row),
            )
            for row in chosen
        ]
        scores = rerank_questions(
            asked,
            stored,
            [f.rank for f in top],
            query_vector=vector,
            now=now,
        )
        ranked = sorted(
            (
                (
                    float(s) + (SPACE_BONUS if space_id and row.space_id == space_id else 0.0),
                    # Relevance alone decides whether to show it; signals only order what is shown.
                    float(s) - community_adjustment(signals_of(row), now),
                    row,
                )
                for s, row in zip(scores, chosen, strict=True)
            ),
            key=lambda triple: -triple[0],
        )
        good = [(s, row) for s, relevance, row in ranked if relevance >= MIN_SUGGESTION_SCORE]
        visible = {r.pk for r in self._visible(user, [row for _, row in good])}
        return [hit_of(row, s, terms) for s, row in good if row.pk in visible][:limit]

    def suggest(
        self, user: AnyUser, query: ParsedQuery, *, limit: int, space_id: int | None
    ) -> list[SearchHit]:
        if query.is_empty:
            return []
        return self._similar(
            user,
            AskedQuestion(title=query.text),
            kinds=SUGGESTION_KINDS,
            limit=limit,
            exclude=set(),
            space_id=space_id,
        )

    def similar_questions(
        self, user: AnyUser, *, title: str, body: str, exclude_id: int | None, limit: int
    ) -> list[SearchHit]:
        asked = AskedQuestion(title=parse_query(title).text, body=body[:5_000])
        if not asked.text:
            return []
        exclude = {("question", exclude_id)} if exclude_id is not None else set()
        return self._similar(user, asked, kinds=("question",), limit=limit, exclude=exclude)
