"""Community's side of moderation: showing, hiding and approving posts, locking threads,
closing as off-topic, merging questions and rolling back to a revision.

Moderation (a lower layer) calls the first three through the handlers in `community.moderated`;
the pages call the rest. Each is an ordinary community write: the thread is locked and its
version bumped (cached pages go stale), counters follow, and an event is recorded.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.access import can_edit
from crowdservice.community.actions.answers import do_delete_answer
from crowdservice.community.actions.comments import do_delete_comment, do_edit_comment
from crowdservice.community.actions.common import end_vote_round, lock_question
from crowdservice.community.actions.counters import (
    recount_answers,
    recount_duplicates,
    recount_space,
    recount_tags,
)
from crowdservice.community.actions.questions import do_delete_question, do_edit_question
from crowdservice.community.models import (
    Answer,
    Comment,
    Question,
    Revision,
    Visibility,
)
from crowdservice.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.moderation.actions import audit

Post = Question | Answer | Comment
CLOSE_REASONS = {"off_topic": "Off-topic"}


def kind_of(post: Post) -> str:
    if isinstance(post, Question):
        return "question"
    return "answer" if isinstance(post, Answer) else "comment"


def _question_id(post: Post) -> int:
    return post.pk if isinstance(post, Question) else post.question_id


def check_not_locked(actor: User, question: Question) -> None:
    """Locked threads take no answers, comments, edits or votes, except from moderators."""
    if question.locked_at is not None and not actor.can_moderate:
        raise Conflict("This question is locked by a moderator; it takes no changes for now.")


@transaction.atomic
def do_set_visibility(*, actor: User | None, post: Post, visibility: str) -> Post:
    """Show, hide or hold a post (moderation decides; `actor` None is the automatic hiding)."""
    if visibility not in Visibility.values:
        raise ValidationFailed({"visibility": ["Choose visible, pending or hidden."]})
    question = lock_question(_question_id(post))
    model = type(post)
    post = (
        question
        if isinstance(post, Question)
        else model.objects.select_for_update().get(pk=post.pk)
    )
    previous = post.visibility
    if previous == visibility:
        return post
    post.visibility = visibility
    post.save(update_fields=["visibility"])
    kind = kind_of(post)
    if isinstance(post, Question):
        recount_tags(post.tags.values_list("pk", flat=True))
        recount_space(post.space_id)
        if post.duplicate_of_id is not None:
            recount_duplicates([post.duplicate_of_id])
            Question.objects.filter(pk=post.duplicate_of_id).update(version=F("version") + 1)
    elif isinstance(post, Answer):
        recount_answers(post.question_id)
    if visibility == Visibility.VISIBLE:
        verb = "approved" if previous == Visibility.PENDING else "unhidden"
    else:
        verb = "hidden" if visibility == Visibility.HIDDEN else "held"
    payload: dict[str, object] = {
        "question_id": question.pk,
        "question_author_id": question.author_id,
        "previous": previous,
        "visibility": visibility,
    }
    if isinstance(post, Comment):
        payload["answer_id"] = post.answer_id
        payload["post_author_id"] = (
            Answer.objects.filter(pk=post.answer_id).values_list("author_id", flat=True).first()
            if post.answer_id
            else question.author_id
        )
    record_event(actor=actor, verb=f"{kind}.{verb}", target=post, payload=payload)
    return post


def do_delete_post(*, actor: User, post: Post) -> None:
    if isinstance(post, Question):
        do_delete_question(actor=actor, question=post)
    elif isinstance(post, Answer):
        do_delete_answer(actor=actor, answer=post)
    else:
        do_delete_comment(actor=actor, comment=post)


@transaction.atomic
def do_set_locked(*, actor: User, question: Question, locked: bool) -> Question:
    if not actor.can_moderate:
        raise Forbidden("Only moderators can lock or unlock a question.")
    question = lock_question(question.pk)
    if question.is_locked == locked:
        raise Conflict("This question is already " + ("locked." if locked else "unlocked."))
    question.locked_at = timezone.now() if locked else None
    question.locked_by = actor if locked else None
    question.save(update_fields=["locked_at", "locked_by"])
    verb = "question.locked" if locked else "question.unlocked"
    record_event(actor=actor, verb=verb, target=question)
    return question


@transaction.atomic
def do_close_question(
    *, actor: User, question: Question, reason: str, voter_ids: list[int] | None = None
) -> Question:
    """Close a question for a reason other than a duplicate (moderators): it keeps its answers
    and takes no new ones until reopened. `voter_ids`: closed by the community's close votes
    (counted by `do_vote_to_close`), credited in the event."""
    if voter_ids is None and not actor.can_moderate:
        raise Forbidden("Only moderators can close a question.")
    if reason not in CLOSE_REASONS:
        raise ValidationFailed({"reason": ["Choose why the question is closed: off_topic."]})
    question = lock_question(question.pk)
    if question.is_deleted:
        raise Conflict("This question is deleted; undelete it before closing it.")
    if question.is_closed:
        raise Conflict("This question is already closed; reopen it first.")
    question.close_reason, question.closed_by, question.closed_at = reason, actor, timezone.now()
    question.save(update_fields=["close_reason", "closed_by", "closed_at"])
    end_vote_round(question.pk, "close")
    audit(
        actor=actor,
        action="question.closed",
        kind="question",
        object_id=question.pk,
        target_user_id=question.author_id,
        reason=CLOSE_REASONS[reason],
    )
    record_event(
        actor=actor,
        verb="question.closed",
        target=question,
        payload={
            "reason": reason,
            "question_author_id": question.author_id,
            "voter_ids": voter_ids or [actor.pk],
        },
    )
    return question


@transaction.atomic
def do_reopen_closed(
    *, actor: User, question: Question, voter_ids: list[int] | None = None
) -> Question:
    """Reopen a question closed as off-topic (duplicates reopen with `do_reopen_question`).
    `voter_ids`: reopened by the community's reopen votes, credited in the event."""
    if voter_ids is None and not actor.can_moderate:
        raise Forbidden("Only moderators can reopen a question.")
    question = lock_question(question.pk)
    if not question.close_reason:
        raise Conflict("This question is not closed.")
    question.close_reason, question.closed_by, question.closed_at = "", None, None
    question.save(update_fields=["close_reason", "closed_by", "closed_at"])
    end_vote_round(question.pk, "reopen")
    # The audit entry comes from the event (moderation audits every `question.reopened`).
    record_event(
        actor=actor,
        verb="question.reopened",
        target=question,
        payload={
            "original_id": None,
            "question_author_id": question.author_id,
            "voter_ids": voter_ids or [actor.pk],
        },
    )
    return question


@transaction.atomic
def do_merge_questions(*, actor: User, source: Question, target: Question) -> Question:
    """Merge `source` into `target` (Stack Exchange semantics, moderators): the source's answers
    and their comments move to the target; the source stays as a duplicate pointing at it."""
    if not actor.can_moderate:
        raise Forbidden("Only moderators can merge questions.")
    if source.pk == target.pk:
        raise ValidationFailed({"target_id": ["Choose another question to merge into."]})
    locked = {pk: lock_question(pk) for pk in sorted({source.pk, target.pk})}
    source, target = locked[source.pk], locked[target.pk]
    if source.is_deleted or target.is_deleted:
        raise Conflict("Both questions must be live (undelete them first) to merge.")
    if target.duplicate_of_id is not None:
        raise ValidationFailed(
            {"target_id": ["That question is itself a duplicate; merge into its original."]}
        )
    moved = list(source.answers.values_list("pk", flat=True))
    Answer.objects.filter(pk__in=moved).update(question=target)
    Comment.objects.filter(answer_id__in=moved).update(question=target)
    Revision.objects.filter(answer_id__in=moved).update(question=target)
    source.accepted_answer = None
    now = timezone.now()
    source.duplicate_of, source.closed_by, source.closed_at = target, actor, now
    source.close_reason = ""
    source.save(update_fields=["accepted_answer", "duplicate_of", "closed_by", "closed_at",
                               "close_reason"])  # fmt: skip
    Question.objects.filter(duplicate_of=source).update(
        duplicate_of=target, version=F("version") + 1
    )
    recount_answers(source.pk)
    recount_answers(target.pk)
    recount_duplicates([source.pk, target.pk])
    audit(
        actor=actor,
        action="question.merged",
        kind="question",
        object_id=source.pk,
        target_user_id=source.author_id,
        target_id=target.pk,
        moved_answer_ids=moved,
    )
    record_event(
        actor=actor,
        verb="question.merged_away",
        target=source,
        payload={"target_id": target.pk, "question_author_id": source.author_id},
    )
    record_event(
        actor=actor,
        verb="question.merged",
        target=target,
        payload={"source_id": source.pk, "moved_answer_ids": moved},
    )
    target.refresh_from_db()  # the counters were recounted in the database
    return target


def do_rollback(*, actor: User, revision: Revision) -> Post:
    """Make a post read again as it did at `revision` (a new revision; history is kept)."""
    summary = f"Rolled back to revision {revision.number}"
    if revision.comment_id is not None:
        comment = Comment.objects.get(pk=revision.comment_id)
        return do_edit_comment(actor=actor, comment=comment, body=revision.body)
    if revision.answer_id is not None:
        from crowdservice.community.actions.answers import do_edit_answer

        answer = Answer.objects.get(pk=revision.answer_id)
        if not can_edit(actor, answer):
            raise Forbidden("You can only roll back your own posts.")
        return do_edit_answer(actor=actor, answer=answer, body=revision.body, summary=summary)
    question = Question.objects.filter(pk=revision.question_id).first()
    if question is None:
        raise NotFound("That question no longer exists.")
    return do_edit_question(
        actor=actor,
        question=question,
        title=revision.title,
        body=revision.body,
        tags=list(revision.tags),
        summary=summary,
    )
