"""Answering, editing, deleting, accepting and endorsing answers."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.access import can_delete, can_edit
from crowdservice.community.actions.common import (
    add_revision,
    lock_answer,
    lock_question,
    touch_activity,
)
from crowdservice.community.actions.counters import recount_answers
from crowdservice.community.actions.follows import follow_quietly
from crowdservice.community.actions.validation import check_answer_body
from crowdservice.community.models import Answer, Question
from crowdservice.core.errors import Conflict, Forbidden
from crowdservice.core.events import record_event
from crowdservice.core.markdown import render_markdown
from crowdservice.moderation.actions import record_post_undeleted
from crowdservice.moderation.gate import record_screening, screen_edit, screen_post
from crowdservice.reputation.limits import check_posting_rate


@transaction.atomic
def do_post_answer(*, author: User, question: Question, body: str) -> Answer:
    check_answer_body(body)
    question = lock_question(question.pk)
    if question.is_deleted:
        raise Conflict("This question was deleted, so it can't be answered.")
    if question.duplicate_of_id is not None:
        raise Conflict(
            "This question is closed as a duplicate, so it takes no new answers; "
            "answer the original question instead."
        )
    if question.close_reason:
        raise Conflict("This question is closed, so it takes no new answers.")
    if question.locked_at is not None and not author.can_moderate:
        raise Conflict("This question is locked by a moderator; it takes no new answers for now.")
    check_posting_rate(author, "answer")
    screening = screen_post(author=author, kind="answer", text=body)
    now = timezone.now()
    answer = Answer.objects.create(
        question=question,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=now,
        visibility=screening.visibility,
    )
    add_revision(question=question, answer=answer, author=author, body=body, when=now)
    recount_answers(question.pk)
    touch_activity(question.pk, by=author, when=now)
    follow_quietly(user=author, question=question)
    record_screening(kind="answer", object_id=answer.pk, screening=screening)
    record_event(
        actor=author,
        verb="answer.created",
        target=answer,
        payload={
            "question_id": question.pk,
            "question_author_id": question.author_id,
            "space_id": question.space_id,
            "visibility": screening.visibility,
        },
    )
    return answer


@transaction.atomic
def do_edit_answer(*, actor: User, answer: Answer, body: str, summary: str = "") -> Answer:
    check_answer_body(body)
    question = lock_question(answer.question_id)
    answer = lock_answer(answer.pk)
    if not can_edit(actor, answer):
        raise Forbidden("You can only edit your own answers.")
    if answer.is_deleted:
        raise Conflict("This answer is deleted; undelete it before editing.")
    if question.locked_at is not None and not actor.can_moderate:
        raise Conflict("This question is locked by a moderator; it takes no changes for now.")
    screen_edit(editor=actor, text=body)
    if body == answer.body:
        return answer
    now = timezone.now()
    answer.body, answer.body_html, answer.edited_at = body, render_markdown(body), now
    answer.save(update_fields=["body", "body_html", "edited_at"])
    add_revision(
        question=answer.question, answer=answer, author=actor, body=body, summary=summary, when=now
    )
    touch_activity(answer.question_id, by=actor, when=now)
    record_event(
        actor=actor,
        verb="answer.edited",
        target=answer,
        payload={"question_id": answer.question_id},
    )
    return answer


@transaction.atomic
def do_delete_answer(*, actor: User, answer: Answer) -> Answer:
    question = lock_question(answer.question_id)
    answer = lock_answer(answer.pk)
    if not can_delete(actor, answer):
        raise Forbidden("You can only delete your own answers.")
    if answer.is_deleted:
        raise Conflict("This answer is already deleted.")
    answer.deleted_at, answer.deleted_by = timezone.now(), actor
    answer.save(update_fields=["deleted_at", "deleted_by"])
    if question.accepted_answer_id == answer.pk:
        question.accepted_answer = None
        question.save(update_fields=["accepted_answer"])
    recount_answers(question.pk)
    record_event(
        actor=actor, verb="answer.deleted", target=answer, payload={"question_id": question.pk}
    )
    return answer


@transaction.atomic
def do_undelete_answer(*, actor: User, answer: Answer) -> Answer:
    lock_question(answer.question_id)
    answer = lock_answer(answer.pk)
    if not actor.can_moderate:
        raise Forbidden("Only moderators can undelete posts.")
    if not answer.is_deleted:
        raise Conflict("This answer is not deleted.")
    answer.deleted_at, answer.deleted_by = None, None
    answer.save(update_fields=["deleted_at", "deleted_by"])
    recount_answers(answer.question_id)
    record_post_undeleted(actor=actor, kind="answer", object_id=answer.pk)
    record_event(
        actor=actor,
        verb="answer.undeleted",
        target=answer,
        payload={"question_id": answer.question_id},
    )
    return answer


@transaction.atomic
def do_accept_answer(*, actor: User, answer: Answer) -> Question:
    """The asker marks the answer that solved their problem (one per question, changeable)."""
    question = lock_question(answer.question_id)
    if question.author_id != actor.pk:
        raise Forbidden("Only the person who asked the question can accept an answer.")
    if answer.is_deleted:
        raise Conflict("A deleted answer can't be accepted.")
    if question.accepted_answer_id == answer.pk:
        raise Conflict("You have already accepted this answer.")
    previous = question.accepted_answer_id
    question.accepted_answer = answer
    question.save(update_fields=["accepted_answer"])
    touch_activity(question.pk, by=actor, when=timezone.now())
    record_event(
        actor=actor,
        verb="answer.accepted",
        target=answer,
        payload={
            "question_id": question.pk,
            "answer_author_id": answer.author_id,
            "previous_answer_id": previous,
        },
    )
    return question


@transaction.atomic
def do_unaccept_answer(*, actor: User, answer: Answer) -> Question:
    question = lock_question(answer.question_id)
    if question.author_id != actor.pk:
        raise Forbidden("Only the person who asked the question can change the accepted answer.")
    if question.accepted_answer_id != answer.pk:
        raise Conflict("This answer is not the accepted one.")
    question.accepted_answer = None
    question.save(update_fields=["accepted_answer"])
    record_event(
        actor=actor,
        verb="answer.unaccepted",
        target=answer,
        payload={"question_id": question.pk, "answer_author_id": answer.author_id},
    )
    return question


@transaction.atomic
def do_endorse_answer(*, actor: User, answer: Answer) -> Answer:
    """A member of staff vouches for an answer on the company's behalf."""
    if not actor.can_endorse:
        raise Forbidden("Only agents and moderators can endorse answers for the company.")
    lock_question(answer.question_id)
    answer = lock_answer(answer.pk)
    if answer.is_deleted:
        raise Conflict("A deleted answer can't be endorsed.")
    if answer.is_endorsed:
        raise Conflict("This answer is already endorsed by the company.")
    answer.is_endorsed, answer.endorsed_by, answer.endorsed_at = True, actor, timezone.now()
    answer.save(update_fields=["is_endorsed", "endorsed_by", "endorsed_at"])
    recount_answers(answer.question_id)
    record_event(
        actor=actor,
        verb="answer.endorsed",
        target=answer,
        payload={"question_id": answer.question_id, "answer_author_id": answer.author_id},
    )
    return answer


@transaction.atomic
def do_unendorse_answer(*, actor: User, answer: Answer) -> Answer:
    if not actor.can_endorse:
        raise Forbidden("Only agents and moderators can withdraw an endorsement.")
    lock_question(answer.question_id)
    answer = lock_answer(answer.pk)
    if not answer.is_endorsed:
        raise Conflict("This answer is not endorsed.")
    answer.is_endorsed, answer.endorsed_by, answer.endorsed_at = False, None, None
    answer.save(update_fields=["is_endorsed", "endorsed_by", "endorsed_at"])
    recount_answers(answer.question_id)
    record_event(
        actor=actor,
        verb="answer.unendorsed",
        target=answer,
        payload={"question_id": answer.question_id, "answer_author_id": answer.author_id},
    )
    return answer
