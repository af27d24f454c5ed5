"""Read models for pages and the API: lists and whole threads in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Prefetch, Q, QuerySet

from crowdservice.accounts.models import User
from crowdservice.community.access import (
    AnyUser,
    can_delete,
    can_edit,
    visible_answers,
    visible_comments,
    visible_questions,
)
from crowdservice.community.models import (
    Answer,
    Comment,
    Follow,
    Question,
    Revision,
    Space,
    Tag,
    Vote,
)
from crowdservice.community.trust import TrustTier, answer_sort_key, trust_tier


class Sort(StrEnum):
    NEWEST = "newest"
    ACTIVE = "active"
    UNANSWERED = "unanswered"
    TOP = "top"


SORT_LABELS = {
    Sort.NEWEST: "Newest",
    Sort.ACTIVE: "Active",
    Sort.UNANSWERED: "Unanswered",
    Sort.TOP: "Top",
}


def question_list(
    user: AnyUser,
    *,
    sort: Sort = Sort.NEWEST,
    space: Space | None = None,
    tag: Tag | None = None,
    author: User | None = None,
) -> QuerySet[Question]:
    qs = visible_questions(user).select_related("author", "space", "last_activity_by")
    qs = qs.prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
    if space is not None:
        qs = qs.filter(space=space)
    if tag is not None:
        qs = qs.filter(tags=tag)
    if author is not None:
        qs = qs.filter(author=author)
    if sort == Sort.ACTIVE:
        return qs.order_by("-last_activity_at", "-id")
    if sort == Sort.UNANSWERED:
        # Unanswered: nobody but the asker has a live answer that is accepted or endorsed.
        qs = qs.filter(accepted_answer__isnull=True, has_endorsed_answer=False)
        return qs.order_by("answer_count", "-created_at", "-id")
    if sort == Sort.TOP:
        return qs.order_by("-score", "-created_at", "-id")
    return qs.order_by("-created_at", "-id")


@dataclass
class AnswerView:
    answer: Answer
    tier: TrustTier | None
    is_accepted: bool
    my_vote: int
    comments: list[Comment]
    can_edit: bool
    can_delete: bool


@dataclass
class ThreadView:
    question: Question
    answers: list[AnswerView]
    comments: list[Comment]
    my_vote: int
    is_following: bool
    can_edit: bool
    can_delete: bool
    can_accept: bool
    can_endorse: bool
    can_moderate: bool
    tags: list[Tag] = field(default_factory=list)


def thread(user: AnyUser, question: Question) -> ThreadView:
    """Everything the question page shows, in a number of queries that does not grow with it."""
    answers = list(
        visible_answers(user)
        .filter(question=question)
        .select_related("author", "endorsed_by")
        .order_by("created_at", "id")
    )
    comments_by_answer: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in (
        visible_comments(user)
        .filter(question=question)
        .select_related("author")
        .order_by("created_at", "id")
    ):
        comments_by_answer[comment.answer_id].append(comment)
    me = user if isinstance(user, User) and user.is_authenticated else None
    my_votes: dict[tuple[str, int], int] = {}
    is_following = False
    if me is not None:
        for vote in Vote.objects.filter(
            Q(question=question) | Q(answer__question=question), user=me
        ).only("question_id", "answer_id", "value"):
            key = ("q", vote.question_id) if vote.question_id else ("a", vote.answer_id or 0)
            my_votes[key] = vote.value
        is_following = Follow.objects.filter(user=me, question=question).exists()
    accepted = question.accepted_answer_id
    answers.sort(key=lambda a: answer_sort_key(a, accepted_answer_id=accepted))
    is_asker = me is not None and question.author_id == me.pk
    return ThreadView(
        question=question,
        answers=[
            AnswerView(
                answer=a,
                tier=trust_tier(a, accepted_answer_id=accepted),
                is_accepted=a.pk == accepted,
                my_vote=my_votes.get(("a", a.pk), 0),
                comments=comments_by_answer.get(a.pk, []),
                can_edit=can_edit(user, a),
                can_delete=can_delete(user, a),
            )
            for a in answers
        ],
        comments=comments_by_answer.get(None, []),
        my_vote=my_votes.get(("q", question.pk), 0),
        is_following=is_following,
        can_edit=can_edit(user, question),
        can_delete=can_delete(user, question),
        can_accept=is_asker,
        can_endorse=me is not None and me.can_endorse,
        can_moderate=me is not None and me.can_moderate,
        tags=sorted(question.tags.all(), key=lambda t: t.name),
    )


def popular_tags(limit: int = 20) -> QuerySet[Tag]:
    return Tag.objects.filter(question_count__gt=0).order_by("-question_count", "name")[:limit]


def all_spaces() -> QuerySet[Space]:
    return Space.objects.order_by("position", "name")


def tag_directory(prefix: str = "") -> QuerySet[Tag]:
    """Tags in use, most used first; `prefix` narrows by the start of the name."""
    qs = Tag.objects.filter(question_count__gt=0)
    if prefix:
        qs = qs.filter(name__startswith=prefix.strip().lower())
    return qs.order_by("-question_count", "name")


def post_comments(user: AnyUser, question: Question, answer: Answer | None = None) -> list[Comment]:
    """The comments under one post (the question itself when `answer` is None), oldest first."""
    qs = visible_comments(user).filter(question=question).select_related("author")
    qs = qs.filter(answer=answer) if answer is not None else qs.filter(answer__isnull=True)
    return list(qs.order_by("created_at", "id"))


def my_vote(user: AnyUser, target: Question | Answer) -> int:
    """The user's current vote on a post: 1, -1, or 0 when none (or anonymous)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return 0
    votes = Vote.objects.filter(user=user)
    if isinstance(target, Question):
        votes = votes.filter(question=target)
    else:
        votes = votes.filter(answer=target)
    value = votes.values_list("value", flat=True).first()
    return int(value) if value is not None else 0


def is_following(user: AnyUser, question: Question) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, question=question).exists()


def revisions_of(question: Question, answer: Answer | None = None) -> QuerySet[Revision]:
    """The revisions of a question (or of one of its answers), newest first, with their authors."""
    qs = Revision.objects.filter(question=question, comment__isnull=True).select_related("author")
    qs = qs.filter(answer=answer) if answer is not None else qs.filter(answer__isnull=True)
    return qs.order_by("-number")
