"""Helpers the community actions share: locking, revisions and activity bookkeeping."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, CloseVote, Comment, Question, Revision


def lock_question(question_id: int) -> Question:
    """Lock the thread for a write and bump its version, so cached renderings of it go stale.

    Every write to a thread starts here, so the bump rolls back with a refused write. Lock order
    everywhere: question, then answer, then votes.
    """
    Question.objects.filter(pk=question_id).update(version=F("version") + 1)
    return Question.objects.select_for_update().get(pk=question_id)


def end_vote_round(question_id: int, kind: str) -> None:
    """The question closed (kind "close") or reopened ("reopen"): that round's votes become
    history, so the next round starts from zero."""
    CloseVote.objects.filter(question_id=question_id, kind=kind, active=True).update(active=False)


def lock_answer(answer_id: int) -> Answer:
    return Answer.objects.select_for_update().get(pk=answer_id)


def add_revision(
    *,
    question: Question,
    author: User,
    body: str,
    when: datetime,
    answer: Answer | None = None,
    comment: Comment | None = None,
    title: str = "",
    tags: list[str] | None = None,
    summary: str = "",
) -> Revision:
    previous = Revision.objects.filter(question=question, answer=answer, comment=comment).count()
    return Revision.objects.create(
        question=question,
        answer=answer,
        comment=comment,
        number=previous + 1,
        author=author,
        title=title,
        body=body,
        tags=tags or [],
        summary=summary[:300],
        created_at=when,
    )


def touch_activity(question_id: int, *, by: User, when: datetime) -> None:
    Question.objects.filter(pk=question_id).update(last_activity_at=when, last_activity_by=by)
