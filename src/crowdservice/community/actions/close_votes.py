"""Votes to close and reopen a question (Stack Overflow's way).

Members with the `close` privilege cast one vote per round, with a reason (a duplicate of some
question, or off-topic); when `CROWDSERVICE_CLOSE_VOTES` votes are in, the question closes through
the existing actions: as a duplicate of the original most duplicate votes named, if duplicate votes
are the majority, off-topic otherwise. Moderators, and champions in their spaces, cast a binding
vote that closes at once. Reopen votes count the same way on a closed question.
"""

from __future__ import annotations

from django.db import transaction

from crowdservice.accounts.models import User
from crowdservice.community.access import moderates_post
from crowdservice.community.actions.common import lock_question
from crowdservice.community.actions.duplicates import (
    check_original,
    do_close_as_duplicate,
    do_reopen_question,
)
from crowdservice.community.actions.moderation import do_close_question, do_reopen_closed
from crowdservice.community.models import CloseVote, Question
from crowdservice.community.queries import REASONS, close_decision, votes_needed
from crowdservice.core.errors import Conflict, NotFound, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.reputation.privileges import check_privilege


def _check_reason(
    *, actor: User, question: Question, reason: str, original_id: int | None
) -> Question | None:
    if reason not in REASONS:
        raise ValidationFailed(
            {"reason": ["Choose why the question should close: duplicate or off_topic."]}
        )
    if reason == "duplicate":
        return check_original(actor=actor, question=question, original_id=original_id, by_vote=True)
    return None


@transaction.atomic
def do_vote_to_close(
    *, actor: User, question: Question, reason: str, original_id: int | None = None
) -> Question:
    """Cast a close vote; the vote that reaches the threshold closes the question. Returns the
    question as it is now (closed or not)."""
    check_privilege(actor, "close")
    original = _check_reason(actor=actor, question=question, reason=reason, original_id=original_id)
    question = lock_question(question.pk)  # also bumps the version: the count is on the page
    if question.is_deleted:
        raise Conflict("This question is deleted; it can't be voted closed.")
    if question.is_closed:
        raise Conflict("This question is already closed; vote to reopen it instead.")
    if moderates_post(actor, question):
        # A binding vote, as before: moderators and champions close at once.
        voters = [actor.pk]
    else:
        if CloseVote.objects.filter(
            question=question, voter=actor, kind="close", active=True
        ).exists():
            raise Conflict("You already voted to close this question; retract it to vote again.")
        CloseVote.objects.create(
            question=question, voter=actor, kind="close", reason=reason, original=original
        )
        record_event(
            actor=actor,
            verb="question.close_voted",
            target=question,
            payload={"reason": reason, "original_id": original.pk if original else None},
        )
        votes = list(
            CloseVote.objects.filter(question=question, kind="close", active=True).order_by("pk")
        )
        if len(votes) < votes_needed():
            return question
        voters = [v.voter_id for v in votes]
        decision = close_decision(question.pk, [(v.reason, v.original_id) for v in votes])
        if decision is None:
            # Most votes say duplicate but none names a live original (deleted since): this
            # vote stays recorded and the next one naming a live original closes it.
            return question
        reason, original_id = decision
        original = Question.objects.get(pk=original_id) if original_id is not None else None
    if reason == "duplicate" and original is not None:
        return do_close_as_duplicate(
            actor=actor, question=question, original=original, voter_ids=voters
        )
    return do_close_question(actor=actor, question=question, reason="off_topic", voter_ids=voters)


@transaction.atomic
def do_retract_close_vote(*, actor: User, question: Question) -> Question:
    """Take back your close vote while the question is still open."""
    check_privilege(actor, "close")
    question = lock_question(question.pk)
    deleted, _ = CloseVote.objects.filter(
        question=question, voter=actor, kind="close", active=True
    ).delete()
    if not deleted:
        raise NotFound("You have no close vote on this question to retract.")
    record_event(actor=actor, verb="question.close_vote_retracted", target=question)
    return question


@transaction.atomic
def do_vote_to_reopen(*, actor: User, question: Question) -> Question:
    """Cast a reopen vote on a closed question; the vote that reaches the threshold reopens it
    (moderators and champions reopen at once)."""
    check_privilege(actor, "close")
    question = lock_question(question.pk)
    if not question.is_closed:
        raise Conflict("This question is open; there is nothing to reopen.")
    if moderates_post(actor, question):
        voters = [actor.pk]
    else:
        if CloseVote.objects.filter(
            question=question, voter=actor, kind="reopen", active=True
        ).exists():
            raise Conflict("You already voted to reopen this question.")
        CloseVote.objects.create(question=question, voter=actor, kind="reopen")
        record_event(actor=actor, verb="question.reopen_voted", target=question)
        voters = list(
            CloseVote.objects.filter(question=question, kind="reopen", active=True)
            .order_by("pk")
            .values_list("voter_id", flat=True)
        )
        if len(voters) < votes_needed():
            return question
    if question.close_reason:
        return do_reopen_closed(actor=actor, question=question, voter_ids=voters)
    return do_reopen_question(actor=actor, question=question, voter_ids=voters)
