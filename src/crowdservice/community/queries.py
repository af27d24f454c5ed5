"""Read models for pages and the API: lists and whole threads in a fixed number of queries."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from crowdservice.accounts.models import User
from crowdservice.community.access import (
    AnyUser,
    can_close_as_duplicate,
    can_delete,
    can_edit,
    can_reopen,
    visible_answers,
    visible_comments,
    visible_questions,
)
from crowdservice.community.models import (
    Answer,
    CloseVote,
    Comment,
    Follow,
    Question,
    Revision,
    Space,
    Tag,
    Vote,
)
from crowdservice.community.trust import TrustTier, answer_sort_key, trust_tier
from crowdservice.reputation.privileges import has_privilege
from crowdservice.search.engine.embedder import ModelUnavailable
from crowdservice.search.service import similar_questions
from crowdservice.search.types import SearchHit

logger = logging.getLogger(__name__)

# The asker is told an answer looks likely to solve their question only when the ranker scores it
# at least this high. The logit is over features standardised on the training threads (bias 0),
# so 0 means "as helpful-looking as an average answer there"; below that, a hint would mostly
# point at chatter ("thanks, me too" scores about -1.5), and no hint is better than a wrong one.
SUGGEST_MIN_HELPFULNESS = 0.0
LIKELY_DUPLICATES = 5


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
    # For the asker only: the answer the ranker suggests accepting (see SUGGEST_MIN_HELPFULNESS).
    is_suggested: bool = False


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
    # Live questions closed as duplicates of this one, oldest closing first.
    duplicates: list[Question] = field(default_factory=list)
    can_close_as_duplicate: bool = False
    can_reopen: bool = False
    is_asker: bool = False
    suggested_answer_id: int | None = None
    # The live close (or, on a closed question, reopen) vote round, for members with `close`.
    close_votes: VoteTally | None = None


REASONS = {"duplicate": "Duplicate", "off_topic": "Off-topic"}


def votes_needed() -> int:
    return int(settings.CROWDSERVICE_CLOSE_VOTES)


@dataclass(frozen=True)
class VoteTally:
    """The live round on a question: how many votes, of how many, and why."""

    kind: str
    count: int
    needed: int
    reasons: dict[str, int]
    my_vote: bool
    # Enough votes, most of them for a duplicate, but the originals they name were deleted.
    needs_original: bool = False


def resolve_originals(question_id: int, original_ids: Iterable[int]) -> dict[int, int | None]:
    """The live question each original named by a close vote stands for now: itself, or its
    original when it was closed as a duplicate since; None when it is gone (deleted, its
    original deleted, or it now leads back to `question_id`). At most two queries, none for no
    ids."""
    wanted = set(original_ids)
    if not wanted:
        return {}

    def rows(ids: set[int]) -> dict[int, tuple[bool, int | None]]:
        found = Question.objects.filter(pk__in=ids).values_list(
            "pk", "deleted_at", "duplicate_of_id"
        )
        return {pk: (deleted_at is not None, dup) for pk, deleted_at, dup in found}

    known = rows(wanted)
    finals = {dup for _, dup in known.values() if dup is not None} - known.keys()
    if finals:
        known.update(rows(finals))
    resolved: dict[int, int | None] = {}
    for pk in wanted:
        deleted, dup = known.get(pk, (True, None))
        final = dup if dup is not None else pk
        final_deleted = known.get(final, (True, None))[0]
        gone = deleted or final_deleted or final == question_id
        resolved[pk] = None if gone else final
    return resolved


def close_decision(
    question_id: int, votes: list[tuple[str, int | None]]
) -> tuple[str, int | None] | None:
    """What a full round of close votes (reason, original id) closes the question as:
    ("duplicate", original id), ("off_topic", None), or None while it can't close yet.

    As on Stack Overflow, every duplicate vote counts toward closing as a duplicate, whichever
    original it names, and the question closes in favour of the original most votes name (the
    earliest named wins a tie). An original named earlier may be gone by the last vote: deleted
    (the case that used to refuse the deciding vote with a 422 and record nothing), or closed
    as a duplicate itself (its own original stands in, as when naming it now). Such a vote
    names no original but still counts toward closing, so the close goes to the most-named live
    original; when a duplicate majority names none, the round waits (None) with every vote
    kept, and the next vote naming a live original closes it. Closing as off-topic instead
    would overrule the majority; refusing votes would stall the round for everyone.
    """
    duplicates = [original_id for reason, original_id in votes if reason == "duplicate"]
    if 2 * len(duplicates) <= len(votes):
        return ("off_topic", None)
    live = resolve_originals(question_id, (pk for pk in duplicates if pk is not None))
    named = Counter(
        final for final in (live.get(pk) if pk is not None else None for pk in duplicates) if final
    )
    if not named:
        return None
    return ("duplicate", named.most_common(1)[0][0])


def tally(question: Question, kind: str, viewer: User | None = None) -> VoteTally:
    votes = list(
        CloseVote.objects.filter(question=question, kind=kind, active=True).values_list(
            "voter_id", "reason", "original_id"
        )
    )
    live = resolve_originals(question.pk, (v[2] for v in votes if kind == "close" and v[2]))
    reasons: Counter[str] = Counter()
    for _voter, reason, original_id in votes:
        if kind == "close":
            label = REASONS.get(reason, reason)
            if original_id and live.get(original_id):
                label = f"{label} of #{live[original_id]}"
            elif original_id or reason == "duplicate":
                # Still a vote to close; its original is gone, so it names none (see
                # `close_votes.do_vote_to_close`).
                label = f"{label} of a deleted question"
            reasons[label] += 1
    needs_original = (
        kind == "close"
        and len(votes) >= votes_needed()
        and close_decision(question.pk, [(v[1], v[2]) for v in votes]) is None
    )
    return VoteTally(
        kind=kind,
        count=len(votes),
        needed=votes_needed(),
        reasons=dict(reasons),
        my_vote=viewer is not None and any(v[0] == viewer.pk for v in votes),
        needs_original=needs_original,
    )


def thread(user: AnyUser, question: Question) -> ThreadView:
    """Everything the question page shows, in a number of queries that does not grow with it."""
    answers = list(
        visible_answers(user)
        .filter(question=question)
        .select_related("author", "endorsed_by")
        .order_by("created_at", "id")
    )
    for answer in answers:
        answer.question = question  # permission checks read its space: no query per answer
    comments_by_answer: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in (
        visible_comments(user)
        .filter(question=question)
        .select_related("author")
        .order_by("created_at", "id")
    ):
        comment.question = question
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
    suggested = suggested_answer(question, answers) if is_asker else None
    is_open = question.duplicate_of_id is None and not question.is_deleted
    duplicates: list[Question] = []
    if question.duplicate_count:  # denormalized, so most pages skip this query
        duplicates = list(
            question.duplicates.filter(deleted_at__isnull=True)
            .only("id", "title", "closed_at", "duplicate_of_id")
            .order_by("closed_at", "id")
        )
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
                is_suggested=a.pk == suggested,
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
        duplicates=duplicates,
        can_close_as_duplicate=is_open and can_close_as_duplicate(user, question),
        can_reopen=question.duplicate_of_id is not None and can_reopen(user, question),
        is_asker=is_asker,
        suggested_answer_id=suggested,
        close_votes=close_vote_round(me, question),
    )


def close_vote_round(me: User | None, question: Question) -> VoteTally | None:
    """The vote round members with the `close` privilege see (one query, only for them)."""
    if me is None or question.is_deleted or not has_privilege(me, "close"):
        return None
    return tally(question, "reopen" if question.is_closed else "close", me)


def suggested_answer(question: Question, answers: list[Answer]) -> int | None:
    """The answer to suggest the asker accept: none accepted yet, someone else's live answer,
    not voted down, the highest predicted helpfulness at or above the threshold."""
    if question.accepted_answer_id is not None:
        return None
    candidates = [
        a
        for a in answers
        if a.author_id != question.author_id
        and not a.is_deleted
        and a.score >= 0
        and a.helpfulness is not None
        and a.helpfulness >= SUGGEST_MIN_HELPFULNESS
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda a: (a.helpfulness or 0.0, -a.created_at.timestamp())).pk


def likely_duplicates(
    user: AnyUser, question: Question, *, limit: int = LIKELY_DUPLICATES
) -> list[SearchHit]:
    """Existing questions that may already answer this one, for its asker and moderators.

    Only live questions the user may see that this one could be closed in favour of (not those
    already closed as duplicates of it). One search and one query, however many hits.
    """
    try:
        hits = similar_questions(
            user, title=question.title, body=question.body, exclude_id=question.pk, limit=limit * 2
        )
    except ModelUnavailable as exc:
        logger.warning("No similar questions for question %s: %s", question.pk, exc)
        return []
    ids = [hit.object_id for hit in hits if hit.kind == "question"]
    usable = set(
        visible_questions(user)
        .filter(pk__in=ids, deleted_at__isnull=True)
        .exclude(duplicate_of=question)
        .values_list("pk", flat=True)
    )
    return [hit for hit in hits if hit.kind == "question" and hit.object_id in usable][:limit]


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
    qs = visible_comments(user).filter(question=question).select_related("author", "question")
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
