"""Asking, editing, deleting and undeleting questions."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.access import can_delete, can_edit, can_retag, moderates_post
from crowdservice.community.actions.common import add_revision, lock_question
from crowdservice.community.actions.counters import (
    recount_duplicates,
    recount_space,
    recount_tags,
)
from crowdservice.community.actions.follows import follow_quietly
from crowdservice.community.actions.validation import (
    check_question_fields,
    clean_tags,
    clean_title,
)
from crowdservice.community.models import Question, Space, Tag
from crowdservice.core.errors import Conflict, Forbidden, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.core.markdown import markdown_to_text, render_markdown
from crowdservice.moderation.actions import record_post_undeleted
from crowdservice.moderation.gate import record_screening, screen_edit, screen_post
from crowdservice.reputation.limits import check_posting_rate

EXCERPT_CHARS = 240


def _tags_for(names: list[str]) -> list[Tag]:
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=name) for name in names if name not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    return [existing[name] for name in names]


def check_space(space_id: int | None) -> Space:
    space = Space.objects.filter(pk=space_id).first() if space_id is not None else None
    if space is None:
        raise ValidationFailed({"space": ["Choose the product area your question is about."]})
    return space


@transaction.atomic
def do_ask_question(
    *, author: User, space_id: int | None, title: str, body: str, tags: list[str] | str = ""
) -> Question:
    title, tag_names = clean_title(title), clean_tags(tags)
    errors: dict[str, list[str]] = {}
    try:
        space = check_space(space_id)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    check_question_fields(title=title, body=body, tags=tag_names, errors=errors)
    check_posting_rate(author, "question")
    screening = screen_post(author=author, kind="question", text=f"{title}\n{body}")
    now = timezone.now()
    question = Question.objects.create(
        space=space,
        author=author,
        visibility=screening.visibility,
        title=title,
        body=body,
        body_html=render_markdown(body),
        excerpt=markdown_to_text(body, EXCERPT_CHARS),
        created_at=now,
        last_activity_at=now,
        last_activity_by=author,
    )
    tag_objects = _tags_for(tag_names)
    question.tags.set(tag_objects)
    add_revision(question=question, author=author, body=body, title=title, tags=tag_names, when=now)
    recount_tags(tag.pk for tag in tag_objects)
    recount_space(space.pk)
    follow_quietly(user=author, question=question)
    record_screening(kind="question", object_id=question.pk, screening=screening)
    record_event(
        actor=author,
        verb="question.created",
        target=question,
        payload={
            "space_id": space.pk, "title": title, "tags": tag_names,
            "visibility": screening.visibility,
        },
    )  # fmt: skip
    return question


@transaction.atomic
def do_edit_question(
    *,
    actor: User,
    question: Question,
    title: str | None = None,
    body: str | None = None,
    tags: list[str] | str | None = None,
    space_id: int | None = None,
    summary: str = "",
) -> Question:
    """Change any of title, body, tags and space; every effective edit adds a revision."""
    question = lock_question(question.pk)
    if not can_retag(actor, question):
        raise Forbidden("You can only edit your own questions.")
    if question.is_deleted:
        raise Conflict("This question is deleted; undelete it before editing.")
    if question.locked_at is not None and not actor.can_moderate:
        raise Conflict("This question is locked by a moderator; it takes no changes for now.")
    old_tags = list(question.tags.values_list("name", flat=True))
    new_title = clean_title(title) if title is not None else question.title
    new_body = body if body is not None else question.body
    new_tags = clean_tags(tags) if tags is not None else old_tags
    new_space = check_space(space_id) if space_id is not None else question.space
    check_question_fields(title=new_title, body=new_body, tags=new_tags)
    screen_edit(editor=actor, text=f"{new_title}\n{new_body}")
    changed = [
        name
        for name, old, new in (
            ("title", question.title, new_title),
            ("body", question.body, new_body),
            ("tags", old_tags, new_tags),
            ("space", question.space_id, new_space.pk),
        )
        if old != new
    ]
    if not changed:
        return question
    if changed != ["tags"] and not can_edit(actor, question):
        raise Forbidden(
            "You may change the tags of others' questions; editing their title, text or space "
            "needs more reputation."
        )
    now = timezone.now()
    old_space_id = question.space_id
    question.title, question.body, question.space = new_title, new_body, new_space
    question.body_html = render_markdown(new_body)
    question.excerpt = markdown_to_text(new_body, EXCERPT_CHARS)
    question.edited_at = question.last_activity_at = now
    question.last_activity_by = actor
    question.save(
        update_fields=[
            "title", "body", "body_html", "excerpt", "space", "edited_at", "last_activity_at",
            "last_activity_by",
        ]
    )  # fmt: skip
    if "tags" in changed:
        tag_objects = _tags_for(new_tags)
        previous_ids = set(question.tags.values_list("pk", flat=True))
        question.tags.set(tag_objects)
        recount_tags(previous_ids | {tag.pk for tag in tag_objects})
    if "space" in changed:
        recount_space(old_space_id)
        recount_space(new_space.pk)
    add_revision(
        question=question, author=actor, body=new_body, title=new_title, tags=new_tags,
        summary=summary, when=now,
    )  # fmt: skip
    record_event(actor=actor, verb="question.edited", target=question, payload={"changed": changed})
    return question


def _update_original(question: Question) -> None:
    """A duplicate deleted or back: its original lists live duplicates, so recount and re-render."""
    if question.duplicate_of_id is not None:
        recount_duplicates([question.duplicate_of_id])
        Question.objects.filter(pk=question.duplicate_of_id).update(version=F("version") + 1)


@transaction.atomic
def do_delete_question(*, actor: User, question: Question) -> Question:
    question = lock_question(question.pk)
    if not can_delete(actor, question):
        raise Forbidden("You can only delete your own questions.")
    if question.is_deleted:
        raise Conflict("This question is already deleted.")
    answered_by_others = (
        question.answers.filter(deleted_at__isnull=True).exclude(author=question.author).exists()
    )
    if answered_by_others and not moderates_post(actor, question):
        raise Forbidden(
            "Others have answered this question, so it can't be deleted; ask a moderator."
        )
    question.deleted_at, question.deleted_by = timezone.now(), actor
    question.save(update_fields=["deleted_at", "deleted_by"])
    recount_tags(question.tags.values_list("pk", flat=True))
    recount_space(question.space_id)
    _update_original(question)
    record_event(actor=actor, verb="question.deleted", target=question)
    return question


@transaction.atomic
def do_undelete_question(*, actor: User, question: Question) -> Question:
    question = lock_question(question.pk)
    if not actor.can_moderate:
        raise Forbidden("Only moderators can undelete posts.")
    if not question.is_deleted:
        raise Conflict("This question is not deleted.")
    question.deleted_at, question.deleted_by = None, None
    question.save(update_fields=["deleted_at", "deleted_by"])
    recount_tags(question.tags.values_list("pk", flat=True))
    recount_space(question.space_id)
    _update_original(question)
    record_post_undeleted(actor=actor, kind="question", object_id=question.pk)
    record_event(actor=actor, verb="question.undeleted", target=question)
    return question
