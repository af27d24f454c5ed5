"""Suggested edits: below the `edit` privilege, editing someone else's post is a suggestion
that members who may edit it review (approve or reject), as on Stack Overflow."""

from __future__ import annotations

from typing import Literal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.access import AnyUser, can_edit, can_retag
from crowdservice.community.actions.answers import do_edit_answer
from crowdservice.community.actions.common import lock_answer, lock_question
from crowdservice.community.actions.questions import do_edit_question
from crowdservice.community.actions.validation import (
    check_answer_body,
    check_question_fields,
    clean_tags,
    clean_title,
)
from crowdservice.community.models import Answer, Question, SuggestedEdit
from crowdservice.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.reputation.privileges import champion_spaces, has_privilege

Outcome = Literal["edited", "suggested"]


def can_review_edit(user: AnyUser, suggestion: SuggestedEdit) -> bool:
    """Whoever may edit the post directly, except the person who suggested the edit."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return user.pk != suggestion.author_id and can_edit(user, suggestion.post)


def pending_edits(user: AnyUser) -> QuerySet[SuggestedEdit]:
    """The review queue: suggestions waiting on posts the user may edit (all of them for
    moderators and members with the `edit` privilege, their spaces for champions, and their
    own posts for everyone)."""
    rows = SuggestedEdit.objects.filter(
        status=SuggestedEdit.Status.PENDING,
        question__deleted_at__isnull=True,
    ).select_related("question", "answer", "author")
    if not isinstance(user, User) or not user.is_authenticated:
        return rows.none()
    rows = rows.exclude(author=user)
    if user.can_moderate or has_privilege(user, "edit"):
        return rows
    own = Q(answer__isnull=True, question__author=user) | Q(answer__author=user)
    return rows.filter(own | Q(question__space_id__in=champion_spaces(user)))


def access_suggested_edit(user: AnyUser, suggestion_id: int) -> SuggestedEdit:
    found = pending_edits(user).filter(pk=suggestion_id).first()
    if found is None:
        raise NotFound(f"There is no suggested edit {suggestion_id} waiting for you to review.")
    return found


@transaction.atomic
def do_suggest_edit(
    *,
    actor: User,
    question: Question,
    answer: Answer | None = None,
    title: str | None = None,
    body: str | None = None,
    tags: list[str] | str | None = None,
    summary: str = "",
) -> SuggestedEdit:
    question = lock_question(question.pk)
    post: Question | Answer = question if answer is None else lock_answer(answer.pk)
    if post.author_id == actor.pk or can_edit(actor, post):
        raise Conflict("You may edit this post yourself; no review is needed.")
    if post.is_deleted or question.is_deleted:
        raise Conflict("This post was deleted, so it can't be edited.")
    if isinstance(post, Answer):
        new_body = body if body is not None else post.body
        check_answer_body(new_body)
        new_title, new_tags, changed = "", [], new_body != post.body
    else:
        old_tags = sorted(question.tags.values_list("name", flat=True))
        new_title = clean_title(title) if title is not None else question.title
        new_body = body if body is not None else question.body
        new_tags = clean_tags(tags) if tags is not None else old_tags
        check_question_fields(title=new_title, body=new_body, tags=new_tags)
        changed = (new_title, new_body, sorted(new_tags)) != (
            question.title,
            question.body,
            old_tags,
        )
    if not changed:
        raise ValidationFailed({"body": ["Change something before suggesting an edit."]})
    waiting = SuggestedEdit.objects.filter(
        question=question, answer=answer, status=SuggestedEdit.Status.PENDING
    )
    if waiting.exists():
        raise Conflict(
            "This post already has a suggested edit waiting for review; try again once it is "
            "reviewed."
        )
    suggestion = SuggestedEdit.objects.create(
        question=question, answer=answer, author=actor, title=new_title, body=new_body,
        tags=new_tags, summary=summary[:300], created_at=timezone.now(),
    )  # fmt: skip
    record_event(
        actor=actor,
        verb="edit.suggested",
        target=suggestion,
        payload={
            "question_id": question.pk,
            "answer_id": answer.pk if answer else None,
            "post_author_id": post.author_id,
        },
    )
    return suggestion


def do_edit_or_suggest(
    *,
    actor: User,
    question: Question,
    answer: Answer | None = None,
    title: str | None = None,
    body: str | None = None,
    tags: list[str] | str | None = None,
    space_id: int | None = None,
    summary: str = "",
) -> Outcome:
    """What the edit pages do: edit directly when allowed (a retag-only change by a member with
    the `retag` privilege too), otherwise suggest the edit for review."""
    if answer is not None:
        if can_edit(actor, answer):
            do_edit_answer(actor=actor, answer=answer, body=body or "", summary=summary)
            return "edited"
        do_suggest_edit(actor=actor, question=question, answer=answer, body=body, summary=summary)
        return "suggested"
    only_tags = (
        (title is None or clean_title(title) == question.title)
        and (body is None or body == question.body)
        and (space_id is None or space_id == question.space_id)
    )
    if can_edit(actor, question) or (only_tags and can_retag(actor, question)):
        do_edit_question(
            actor=actor, question=question, title=title, body=body, tags=tags,
            space_id=space_id, summary=summary,
        )  # fmt: skip
        return "edited"
    if space_id is not None and space_id != question.space_id:
        raise Forbidden("Moving a question to another space needs the edit privilege.")
    do_suggest_edit(
        actor=actor, question=question, title=title, body=body, tags=tags, summary=summary
    )
    return "suggested"


@transaction.atomic
def do_review_edit(*, actor: User, suggestion: SuggestedEdit, approve: bool) -> SuggestedEdit:
    """Approve (the edit is applied, by the reviewer, crediting the suggester) or reject."""
    lock_question(suggestion.question_id)
    suggestion = SuggestedEdit.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestedEdit.Status.PENDING:
        raise Conflict("This suggested edit was already reviewed.")
    if actor.pk == suggestion.author_id:
        raise Forbidden("Someone else must review your suggested edit.")
    if not can_review_edit(actor, suggestion):
        raise Forbidden("Only members who may edit this post can review edits to it.")
    if approve:
        credit = f"Suggested by {suggestion.author.public_name}"
        summary = f"{credit}: {suggestion.summary}" if suggestion.summary else credit
        if suggestion.answer is not None:
            do_edit_answer(
                actor=actor, answer=suggestion.answer, body=suggestion.body, summary=summary
            )
        else:
            do_edit_question(
                actor=actor, question=suggestion.question, title=suggestion.title,
                body=suggestion.body, tags=suggestion.tags, summary=summary,
            )  # fmt: skip
    suggestion.status = SuggestedEdit.Status.APPROVED if approve else SuggestedEdit.Status.REJECTED
    suggestion.reviewed_by, suggestion.reviewed_at = actor, timezone.now()
    suggestion.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    record_event(
        actor=actor,
        verb="edit.suggestion_approved" if approve else "edit.suggestion_rejected",
        target=suggestion,
        payload={
            "question_id": suggestion.question_id,
            "answer_id": suggestion.answer_id,
            "suggester_id": suggestion.author_id,
        },
    )
    return suggestion
