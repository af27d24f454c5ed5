"""Community questions and answers as the search index sees them (an `IndexSource`).

Deleted posts stay in the index for moderators (who find them to undelete); everyone else's
audience check leaves them out, and `visible_ids` re-checks against the database before any hit
is shown.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import partial

from crowdservice.community.access import visible_answer_ids, visible_question_ids
from crowdservice.community.models import Answer, Question
from crowdservice.community.trust import POPULAR_SCORE, TrustTier, answer_sort_key, trust_tier
from crowdservice.core.markdown import markdown_to_text
from crowdservice.core.models import Event
from crowdservice.search.index.documents import IndexDocument
from crowdservice.search.models import Audience
from crowdservice.search.types import AnyUser

MAX_TEXT = 50_000
ANSWERS_PER_QUESTION = 3
QUESTION_VERBS = (
    "question.created", "question.edited", "question.deleted", "question.undeleted",
    "question.closed_as_duplicate", "question.reopened", "question.hidden", "question.unhidden",
    "question.approved", "question.held", "question.closed", "question.merged",
    "question.merged_away", "question.kb_linked", "question.kb_unlinked",
)  # fmt: skip
ANSWER_VERBS = (
    "answer.created", "answer.edited", "answer.deleted", "answer.undeleted", "answer.accepted",
    "answer.unaccepted", "answer.endorsed", "answer.unendorsed", "answer.hidden", "answer.unhidden",
    "answer.approved", "answer.held",
)  # fmt: skip
VOTE_VERBS = ("vote.cast", "vote.changed", "vote.withdrawn")
# Deleting or undeleting a question changes who may find its answers too.
# So do hiding, holding and approving it (moderation), and a merge brings answers to a question.
CASCADING_VERBS = frozenset(
    {
        "question.deleted", "question.undeleted", "question.hidden", "question.unhidden",
        "question.approved", "question.held", "question.merged",
    }
)  # fmt: skip
# Linking a thread to a knowledge-base article changes the tier of its promoted answer too.
KB_VERBS = frozenset({"question.kb_linked", "question.kb_unlinked"})


def plain(markdown: str) -> str:
    return html.unescape(markdown_to_text(markdown, MAX_TEXT))


def question_tier(question: Question, answers: Sequence[Answer]) -> str:
    if question.kb_article_id is not None:
        return TrustTier.KB
    if question.has_endorsed_answer:
        return TrustTier.ENDORSED
    if question.accepted_answer_id or any(a.score >= POPULAR_SCORE for a in answers):
        return TrustTier.COMMUNITY
    return ""


class CommunityIndexSource:
    kinds: tuple[str, ...] = ("question", "answer")
    index_verbs: tuple[str, ...] = (*QUESTION_VERBS, *ANSWER_VERBS, *VOTE_VERBS)

    def affected(self, event: Event) -> list[tuple[str, int]]:
        if event.object_id is None:
            return []
        question_id = event.payload.get("question_id")
        if event.verb in QUESTION_VERBS:
            found = [("question", event.object_id)]
            if event.verb in CASCADING_VERBS or event.verb in KB_VERBS:
                ids = Answer.objects.filter(question_id=event.object_id).values_list(
                    "pk", flat=True
                )
                found += [("answer", pk) for pk in ids]
            return found
        if event.object_type == "community.question":
            return [("question", event.object_id)]
        found = [("answer", event.object_id)]
        if question_id is not None:
            found.append(("question", int(question_id)))
        return found

    def documents(self, kind: str, ids: Sequence[int]) -> list[IndexDocument]:
        if kind == "question":
            return self._questions(ids)
        if kind == "answer":
            return self._answers(ids)
        raise LookupError(kind)

    def _questions(self, ids: Sequence[int]) -> list[IndexDocument]:
        questions = list(Question.objects.filter(pk__in=ids))
        answers: dict[int, list[Answer]] = defaultdict(list)
        for answer in Answer.objects.filter(
            question_id__in=[q.pk for q in questions], deleted_at__isnull=True, visibility="visible"
        ):
            answers[answer.question_id].append(answer)
        docs = []
        for q in questions:
            thread = sorted(
                answers[q.pk], key=partial(answer_sort_key, accepted_answer_id=q.accepted_answer_id)
            )
            docs.append(
                IndexDocument(
                    kind="question",
                    object_id=q.pk,
                    title=q.title,
                    body=plain(q.body),
                    url=q.get_absolute_url(),
                    # Deleted, pending and hidden questions: moderators only.
                    audience=Audience.PUBLIC if q.is_published else Audience.MODERATORS,
                    created_at=q.created_at,
                    updated_at=q.edited_at or q.created_at,
                    space_id=q.space_id,
                    votes=q.score,
                    accepted=q.accepted_answer_id is not None,
                    endorsed=q.has_endorsed_answer,
                    tier=question_tier(q, thread),
                    badges=("answered",) if q.is_answered else (),
                    answers=tuple(plain(a.body) for a in thread[:ANSWERS_PER_QUESTION]),
                )
            )
        return docs

    def _answers(self, ids: Sequence[int]) -> list[IndexDocument]:
        docs = []
        for a in Answer.objects.filter(pk__in=ids).select_related("question"):
            q = a.question
            badges = []
            if q.accepted_answer_id == a.pk:
                badges.append("accepted")
            if a.is_endorsed:
                badges.append("endorsed")
            tier = trust_tier(a, accepted_answer_id=q.accepted_answer_id)
            docs.append(
                IndexDocument(
                    kind="answer",
                    object_id=a.pk,
                    title=q.title,
                    body=plain(a.body),
                    url=f"{q.get_absolute_url()}#answer-{a.pk}",
                    audience=(
                        Audience.PUBLIC
                        if a.is_published and q.is_published
                        else Audience.MODERATORS
                    ),
                    created_at=a.created_at,
                    updated_at=a.edited_at or a.created_at,
                    space_id=q.space_id,
                    parent_id=q.pk,
                    votes=a.score,
                    accepted="accepted" in badges,
                    endorsed=a.is_endorsed,
                    tier=str(tier) if tier else "",
                    badges=tuple(badges),
                    title_in_vector=False,
                )
            )
        return docs

    def all_ids(self, kind: str) -> Iterator[int]:
        model = Question if kind == "question" else Answer
        return model.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000)

    def visible_ids(self, user: AnyUser, kind: str, ids: Sequence[int]) -> set[int]:
        if kind == "question":
            return visible_question_ids(user, ids)
        return visible_answer_ids(user, ids)
