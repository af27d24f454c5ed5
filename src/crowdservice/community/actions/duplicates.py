"""Closing a question as a duplicate of another, and reopening it.

The rule that keeps duplicates simple: `duplicate_of` always names the *final* original, a live
question that is not itself closed. Closing A as a duplicate of B, where B is a duplicate of C,
points A at C; closing B later moves B's own duplicates along to B's new original. So a
duplicate's page always links straight to the answers, and no chain can loop back on itself.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.access import can_close_as_duplicate, can_reopen, sees_deleted
from crowdservice.community.actions.common import end_vote_round, lock_question
from crowdservice.community.actions.counters import recount_duplicates
from crowdservice.community.models import Question
from crowdservice.core.errors import Conflict, Forbidden, ValidationFailed
from crowdservice.core.events import record_event

FIELD = "original_id"


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed({FIELD: [message]})


def check_original(
    *, actor: User, question: Question, original_id: int | None, by_vote: bool = False
) -> Question:
    """The question `question` would be closed in favour of, or the reason it can't be.

    Checks the actor may close `question` first (so nobody learns about other questions from
    the answer), then that the original exists for them, is live, and is not `question` itself
    (directly or through being its duplicate). A duplicate named as the original is followed
    to its final original. `by_vote`: a close vote (the voter's privilege is checked there).
    """
    if not by_vote and not can_close_as_duplicate(actor, question):
        raise Forbidden(
            "Only moderators, and the person who asked it, can close a question as a duplicate."
        )
    if original_id is None:
        raise _refuse("Enter the number or the link of the question this one duplicates.")
    if original_id == question.pk:
        raise _refuse("A question can't be a duplicate of itself; choose another question.")
    original = Question.objects.filter(pk=original_id).first()
    if original is None or (original.is_deleted and not sees_deleted(actor)):
        # Deleted questions do not exist for people who can't see them: the same words.
        raise _refuse(f"There is no question {original_id}; check the number or the link.")
    if original.is_deleted:
        raise _refuse(f"Question {original_id} is deleted; undelete it or choose another.")
    if original.duplicate_of_id is not None:
        if original.duplicate_of_id == question.pk:
            raise _refuse(
                f"Question {original_id} is already closed as a duplicate of this one, so this "
                "one can't be a duplicate of it."
            )
        # The invariant makes this one step: a duplicate's original is never a duplicate.
        final = Question.objects.filter(pk=original.duplicate_of_id).first()
        if final is None or final.is_deleted:
            raise _refuse(
                f"Question {original_id} is closed as a duplicate of a question that was "
                "deleted; choose another question."
            )
        original = final
    return original


def _lock_pair(first_id: int, second_id: int) -> dict[int, Question]:
    """Lock two threads, the lower id first, so opposite closings serialize, never deadlock."""
    return {pk: lock_question(pk) for pk in sorted({first_id, second_id})}


@transaction.atomic
def do_close_as_duplicate(
    *, actor: User, question: Question, original: Question, voter_ids: list[int] | None = None
) -> Question:
    """Close `question` as a duplicate of `original` (moderators, or the asker for their own).

    The duplicate keeps its answers but takes no new ones; both pages show the link. Returns
    the closed question. `original` may be a duplicate itself: its final original is used.
    """
    original = check_original(
        actor=actor, question=question, original_id=original.pk, by_vote=voter_ids is not None
    )
    locked = _lock_pair(question.pk, original.pk)
    question, original = locked[question.pk], locked[original.pk]
    if question.is_deleted:
        raise Conflict("This question is deleted; undelete it before closing it as a duplicate.")
    if question.duplicate_of_id is not None:
        raise Conflict(
            "This question is already closed as a duplicate; reopen it first to choose another."
        )
    if original.is_deleted or original.duplicate_of_id is not None:
        # Changed between the check and the lock: let the person look again.
        raise Conflict("That question changed a moment ago; reload the page and try again.")
    now = timezone.now()
    question.duplicate_of, question.closed_by, question.closed_at = original, actor, now
    question.save(update_fields=["duplicate_of", "closed_by", "closed_at"])
    end_vote_round(question.pk, "close")
    # Questions closed in favour of this one follow it to its original (keeping the invariant);
    # their cached pages name the new original at once.
    moved = list(Question.objects.filter(duplicate_of=question).values_list("pk", flat=True))
    if moved:
        Question.objects.filter(pk__in=moved).update(
            duplicate_of=original, version=F("version") + 1
        )
    recount_duplicates([question.pk, original.pk])
    record_event(
        actor=actor,
        verb="question.closed_as_duplicate",
        target=question,
        payload={
            "original_id": original.pk,
            "question_author_id": question.author_id,
            "moved_duplicate_ids": moved,
            "voter_ids": voter_ids or [actor.pk],
        },
    )
    return question


@transaction.atomic
def do_reopen_question(
    *, actor: User, question: Question, voter_ids: list[int] | None = None
) -> Question:
    """Undo a closing as duplicate (moderators): the question takes answers again.
    `voter_ids`: reopened by the community's reopen votes, credited in the event."""
    if voter_ids is None and not can_reopen(actor, question):
        raise Forbidden("Only moderators can reopen a question closed as a duplicate.")
    original_id = Question.objects.filter(pk=question.pk).values_list("duplicate_of_id").first()
    if original_id is None or original_id[0] is None:
        raise Conflict("This question is not closed as a duplicate.")
    question = _lock_pair(question.pk, original_id[0])[question.pk]
    if question.duplicate_of_id != original_id[0]:
        raise Conflict("This question changed a moment ago; reload the page and try again.")
    question.duplicate_of, question.closed_by, question.closed_at = None, None, None
    question.save(update_fields=["duplicate_of", "closed_by", "closed_at"])
    end_vote_round(question.pk, "reopen")
    recount_duplicates([original_id[0]])
    record_event(
        actor=actor,
        verb="question.reopened",
        target=question,
        payload={
            "original_id": original_id[0],
            "question_author_id": question.author_id,
            "voter_ids": voter_ids or [actor.pk],
        },
    )
    return question
