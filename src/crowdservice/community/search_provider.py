"""Community content for the search interface (questions and answers the user may see).

A plain database backend: any term may match; the database ranks by weighted matched terms
(title above body), then by votes. The deflection engine replaces this with a real index.
"""

from __future__ import annotations

from functools import reduce
from operator import add, or_

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import Combinable

from crowdservice.community.access import visible_answers, visible_questions
from crowdservice.core.markdown import markdown_to_text
from crowdservice.search.types import AnyUser, ParsedQuery, SearchHit

TITLE_WEIGHT, BODY_WEIGHT = 3, 1


def _matches(terms: tuple[str, ...], *fields: tuple[str, int]) -> tuple[Q, Combinable]:
    """A filter matching any term in any field, and an expression counting weighted matches."""
    condition = reduce(or_, (Q(**{f"{name}__icontains": t}) for t in terms for name, _ in fields))
    weight = reduce(
        add,
        (
            Case(
                When(Q(**{f"{name}__icontains": t}), then=Value(w)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for t in terms
            for name, w in fields
        ),
    )
    return condition, weight


class CommunitySearchProvider:
    kind = "community"

    def search(self, user: AnyUser, query: ParsedQuery, *, limit: int) -> list[SearchHit]:
        terms = query.terms
        condition, weight = _matches(terms, ("title", TITLE_WEIGHT), ("body", BODY_WEIGHT))
        questions = (
            visible_questions(user)
            .filter(condition)
            .annotate(relevance=weight)
            .only("id", "title", "body", "created_at", "score", "accepted_answer_id")
            .order_by(F("relevance").desc(), "-score", "-created_at")[:limit]
        )
        hits = [
            SearchHit(
                kind="question",
                object_id=q.pk,
                title=q.title,
                snippet=markdown_to_text(q.body, 220),
                url=q.get_absolute_url(),
                score=q.relevance + min(max(q.score, 0), 20) * 0.05,
                created_at=q.created_at,
                badges=("answered",) if q.accepted_answer_id else (),
            )
            for q in questions
        ]
        condition, weight = _matches(
            terms, ("body", BODY_WEIGHT + 1), ("question__title", TITLE_WEIGHT - 1)
        )
        answers = (
            visible_answers(user)
            .filter(condition)
            .annotate(relevance=weight)
            .select_related("question")
            .only(
                "id", "body", "created_at", "score", "is_endorsed",
                "question__id", "question__title", "question__accepted_answer_id",
            )
            .order_by(F("relevance").desc(), "-score", "-created_at")[:limit]
        )  # fmt: skip
        for a in answers:
            badges = []
            if a.question.accepted_answer_id == a.pk:
                badges.append("accepted")
            if a.is_endorsed:
                badges.append("endorsed")
            hits.append(
                SearchHit(
                    kind="answer",
                    object_id=a.pk,
                    title=a.question.title,
                    snippet=markdown_to_text(a.body, 220),
                    url=f"{a.question.get_absolute_url()}#answer-{a.pk}",
                    score=a.relevance + 0.5 * len(badges) + min(max(a.score, 0), 20) * 0.05,
                    created_at=a.created_at,
                    badges=tuple(badges),
                )
            )
        return hits
