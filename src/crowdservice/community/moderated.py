"""Questions, answers and comments as moderation sees them (`ModeratedContent` handlers).

Registered in `CommunityConfig.ready()`; every write goes through a community action, so the
thread's cached HTML, counters, search index and events follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from crowdservice.accounts.models import User
from crowdservice.community.access import visible_answer_ids, visible_comments, visible_question_ids
from crowdservice.community.actions.moderation import (
    do_delete_post,
    do_set_locked,
    do_set_visibility,
)
from crowdservice.community.models import Answer, Comment, Question, Visibility
from crowdservice.core.markdown import markdown_to_text
from crowdservice.moderation.registry import ContentInfo

TEXT_CHARS = 2000


# Community writes by moderators that the moderation audit log records (from their events).
AUDITED = ("deleted", "undeleted", "edited")


class QuestionContent:
    kind = "question"
    label = "Question"
    audited_verbs = (
        *(f"question.{v}" for v in AUDITED), "question.closed_as_duplicate", "question.reopened",
        "question.merged_away",
    )  # fmt: skip

    def describe(self, ids: Sequence[int]) -> dict[int, ContentInfo]:
        return {
            q.pk: ContentInfo(
                kind=self.kind,
                object_id=q.pk,
                author_id=q.author_id,
                title=q.title,
                text=markdown_to_text(q.body, TEXT_CHARS),
                url=q.get_absolute_url(),
                visibility=q.visibility,
                is_deleted=q.is_deleted,
                created_at_ts=q.created_at.timestamp(),
                can_lock=True,
                is_locked=q.is_locked,
                is_closed=q.is_closed,
                question_id=q.pk,
            )
            for q in Question.objects.filter(pk__in=list(ids))
        }

    def visible_to(self, user: User, object_id: int) -> bool:
        return object_id in visible_question_ids(user, [object_id])

    def set_visibility(self, *, actor: User | None, object_id: int, visibility: str) -> None:
        do_set_visibility(
            actor=actor, post=Question.objects.get(pk=object_id), visibility=visibility
        )

    def delete(self, *, actor: User, object_id: int) -> None:
        do_delete_post(actor=actor, post=Question.objects.get(pk=object_id))

    def set_locked(self, *, actor: User, object_id: int, locked: bool) -> None:
        do_set_locked(actor=actor, question=Question.objects.get(pk=object_id), locked=locked)

    def published_count(self, author_id: int) -> int:
        return Question.objects.filter(
            author_id=author_id, deleted_at__isnull=True, visibility=Visibility.VISIBLE
        ).count()

    def recent_texts(self, author_id: int, since: datetime) -> list[str]:
        rows = Question.objects.filter(author_id=author_id, created_at__gte=since)
        return [f"{title}\n{body}" for title, body in rows.values_list("title", "body")]


class AnswerContent:
    kind = "answer"
    label = "Answer"
    audited_verbs = tuple(f"answer.{v}" for v in AUDITED)

    def describe(self, ids: Sequence[int]) -> dict[int, ContentInfo]:
        return {
            a.pk: ContentInfo(
                kind=self.kind,
                object_id=a.pk,
                author_id=a.author_id,
                title=f"Answer to “{a.question.title}”",
                text=markdown_to_text(a.body, TEXT_CHARS),
                url=f"{a.question.get_absolute_url()}#answer-{a.pk}",
                visibility=a.visibility,
                is_deleted=a.is_deleted,
                created_at_ts=a.created_at.timestamp(),
                question_id=a.question_id,
            )
            for a in Answer.objects.filter(pk__in=list(ids)).select_related("question")
        }

    def visible_to(self, user: User, object_id: int) -> bool:
        return object_id in visible_answer_ids(user, [object_id])

    def set_visibility(self, *, actor: User | None, object_id: int, visibility: str) -> None:
        do_set_visibility(actor=actor, post=Answer.objects.get(pk=object_id), visibility=visibility)

    def delete(self, *, actor: User, object_id: int) -> None:
        do_delete_post(actor=actor, post=Answer.objects.get(pk=object_id))

    def set_locked(self, *, actor: User, object_id: int, locked: bool) -> None:
        raise NotImplementedError("Answers are locked with their question.")

    def published_count(self, author_id: int) -> int:
        return Answer.objects.filter(
            author_id=author_id, deleted_at__isnull=True, visibility=Visibility.VISIBLE
        ).count()

    def recent_texts(self, author_id: int, since: datetime) -> list[str]:
        rows = Answer.objects.filter(author_id=author_id, created_at__gte=since)
        return list(rows.values_list("body", flat=True))


class CommentContent:
    kind = "comment"
    label = "Comment"
    audited_verbs = tuple(f"comment.{v}" for v in AUDITED)

    def describe(self, ids: Sequence[int]) -> dict[int, ContentInfo]:
        return {
            c.pk: ContentInfo(
                kind=self.kind,
                object_id=c.pk,
                author_id=c.author_id,
                title=f"Comment on “{c.question.title}”",
                text=markdown_to_text(c.body, TEXT_CHARS),
                url=f"{c.question.get_absolute_url()}#comment-{c.pk}",
                visibility=c.visibility,
                is_deleted=c.is_deleted,
                created_at_ts=c.created_at.timestamp(),
                question_id=c.question_id,
            )
            for c in Comment.objects.filter(pk__in=list(ids)).select_related("question")
        }

    def visible_to(self, user: User, object_id: int) -> bool:
        return visible_comments(user).filter(pk=object_id).exists()

    def set_visibility(self, *, actor: User | None, object_id: int, visibility: str) -> None:
        do_set_visibility(
            actor=actor, post=Comment.objects.get(pk=object_id), visibility=visibility
        )

    def delete(self, *, actor: User, object_id: int) -> None:
        do_delete_post(actor=actor, post=Comment.objects.get(pk=object_id))

    def set_locked(self, *, actor: User, object_id: int, locked: bool) -> None:
        raise NotImplementedError("Comments are locked with their question.")

    def published_count(self, author_id: int) -> int:
        return Comment.objects.filter(
            author_id=author_id, deleted_at__isnull=True, visibility=Visibility.VISIBLE
        ).count()

    def recent_texts(self, author_id: int, since: datetime) -> list[str]:
        rows = Comment.objects.filter(author_id=author_id, created_at__gte=since)
        return list(rows.values_list("body", flat=True))
