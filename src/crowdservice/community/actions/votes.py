"""Votes on questions and answers: one per person, changeable, never on your own post."""

from __future__ import annotations

from typing import Literal

from django.db import transaction
from django.db.models import F

from crowdservice.accounts.models import User
from crowdservice.community.actions.common import lock_answer, lock_question
from crowdservice.community.models import Answer, Question, Vote
from crowdservice.core.errors import Conflict, Forbidden
from crowdservice.core.events import record_event
from crowdservice.reputation.privileges import check_privilege

VoteValue = Literal[-1, 0, 1]
_WORD = {1: "upvoted", -1: "downvoted"}


@transaction.atomic
def do_vote(*, user: User, target: Question | Answer, value: VoteValue) -> int:
    """Set the user's vote on a post to +1, -1, or 0 (withdraw); returns the post's new score."""
    if value not in (-1, 0, 1):
        raise Conflict("A vote is 1 (up), -1 (down) or 0 (withdraw your vote).")
    kind = "question" if isinstance(target, Question) else "answer"
    post: Question | Answer
    if isinstance(target, Question):
        post = thread = lock_question(target.pk)
        existing = Vote.objects.filter(user=user, question_id=post.pk).first()
    else:
        thread = lock_question(target.question_id)
        post = lock_answer(target.pk)
        existing = Vote.objects.filter(user=user, answer_id=post.pk).first()
    if post.author_id == user.pk:
        raise Forbidden(f"You can't vote on your own {kind}.")
    if thread.locked_at is not None:
        raise Conflict("This question is locked by a moderator; votes are closed for now.")
    if post.is_deleted:
        raise Conflict(f"This {kind} was deleted.")
    old = existing.value if existing else 0
    if old == value:
        if value == 0:
            raise Conflict(f"You have not voted on this {kind}.")
        raise Conflict(f"You have already {_WORD[value]} this {kind}.")
    if value == 1:
        check_privilege(user, "upvote")
    elif value == -1:
        check_privilege(user, "downvote")
    if value == 0 and existing is not None:
        existing.delete()
    elif existing is not None:
        existing.value = value
        existing.save(update_fields=["value", "updated_at"])
    elif isinstance(post, Question):
        Vote.objects.create(user=user, question=post, value=value)
    else:
        Vote.objects.create(user=user, answer=post, value=value)
    type(post).objects.filter(pk=post.pk).update(score=F("score") + (value - old))
    post.refresh_from_db(fields=["score"])
    question_id = post.pk if isinstance(post, Question) else post.question_id
    record_event(
        actor=user,
        verb="vote.cast" if old == 0 else ("vote.withdrawn" if value == 0 else "vote.changed"),
        target=post,
        payload={
            "kind": kind,
            "value": value,
            "old": old,
            "post_author_id": post.author_id,
            "question_id": question_id,
        },
    )
    return post.score
