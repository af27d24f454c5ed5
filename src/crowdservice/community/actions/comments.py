"""Comments on questions and answers."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.access import can_delete, can_edit
from crowdservice.community.actions.common import add_revision, lock_question, touch_activity
from crowdservice.community.actions.follows import follow_quietly
from crowdservice.community.actions.validation import check_comment_body
from crowdservice.community.models import Answer, Comment, Question
from crowdservice.core.errors import Conflict, Forbidden
from crowdservice.core.events import record_event
from crowdservice.core.markdown import render_markdown
from crowdservice.moderation.gate import record_screening, screen_edit, screen_post
from crowdservice.reputation.limits import check_posting_rate
from crowdservice.reputation.privileges import check_privilege


@transaction.atomic
def do_add_comment(
    *, author: User, question: Question, body: str, answer: Answer | None = None
) -> Comment:
    check_comment_body(body)
    question = lock_question(question.pk)
    if answer is not None and answer.question_id != question.pk:
        raise Conflict("That answer belongs to another question.")
    if question.is_deleted or (answer is not None and answer.is_deleted):
        raise Conflict("You can't comment on a deleted post.")
    if question.locked_at is not None and not author.can_moderate:
        raise Conflict("This question is locked by a moderator; it takes no comments for now.")
    # As on Stack Overflow: your own posts, and answers to your question, take your comments
    # from the start; elsewhere commenting is a privilege.
    if author.pk not in {question.author_id, answer.author_id if answer else None}:
        check_privilege(author, "comment")
    check_posting_rate(author, "comment")
    screening = screen_post(author=author, kind="comment", text=body.strip())
    now = timezone.now()
    comment = Comment.objects.create(
        question=question,
        answer=answer,
        author=author,
        body=body.strip(),
        body_html=render_markdown(body.strip()),
        created_at=now,
        visibility=screening.visibility,
    )
    add_revision(question=question, comment=comment, author=author, body=comment.body, when=now)
    touch_activity(question.pk, by=author, when=now)
    follow_quietly(user=author, question=question)
    record_screening(kind="comment", object_id=comment.pk, screening=screening)
    record_event(
        actor=author,
        verb="comment.created",
        target=comment,
        payload={
            "question_id": question.pk,
            "answer_id": answer.pk if answer else None,
            "post_author_id": answer.author_id if answer else question.author_id,
            "space_id": question.space_id,
        },
    )
    return comment


@transaction.atomic
def do_edit_comment(*, actor: User, comment: Comment, body: str) -> Comment:
    check_comment_body(body)
    question = lock_question(comment.question_id)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not can_edit(actor, comment):
        raise Forbidden("You can only edit your own comments.")
    if comment.is_deleted:
        raise Conflict("This comment is deleted.")
    if question.locked_at is not None and not actor.can_moderate:
        raise Conflict("This question is locked by a moderator; it takes no changes for now.")
    screen_edit(editor=actor, text=body)
    body = body.strip()
    if body == comment.body:
        return comment
    now = timezone.now()
    comment.body, comment.body_html, comment.edited_at = body, render_markdown(body), now
    comment.save(update_fields=["body", "body_html", "edited_at"])
    add_revision(question=comment.question, comment=comment, author=actor, body=body, when=now)
    record_event(
        actor=actor,
        verb="comment.edited",
        target=comment,
        payload={"question_id": comment.question_id},
    )
    return comment


@transaction.atomic
def do_delete_comment(*, actor: User, comment: Comment) -> Comment:
    lock_question(comment.question_id)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not can_delete(actor, comment):
        raise Forbidden("You can only delete your own comments.")
    if comment.is_deleted:
        raise Conflict("This comment is already deleted.")
    comment.deleted_at, comment.deleted_by = timezone.now(), actor
    comment.save(update_fields=["deleted_at", "deleted_by"])
    record_event(
        actor=actor,
        verb="comment.deleted",
        target=comment,
        payload={"question_id": comment.question_id},
    )
    return comment


@transaction.atomic
def do_undelete_comment(*, actor: User, comment: Comment) -> Comment:
    if not actor.can_moderate:
        raise Forbidden("Only moderators can undelete posts.")
    lock_question(comment.question_id)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment.is_deleted:
        raise Conflict("This comment is not deleted.")
    comment.deleted_at, comment.deleted_by = None, None
    comment.save(update_fields=["deleted_at", "deleted_by"])
    record_event(
        actor=actor,
        verb="comment.undeleted",
        target=comment,
        payload={"question_id": comment.question_id},
    )
    return comment
