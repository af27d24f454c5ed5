"""Community posts as a trend source.

A question counts under its tags and the phrases of its title and opening text. Answers and
comments count too, as documents of their own (a discussion growing around a problem is part of
its heat), but under their phrases only: the question's tags are counted once, with the question,
so a busy thread does not make its tags trend by itself. Only published posts count (held or
hidden ones when a moderator approves them); examples are public.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from crowdservice.community.models import Answer, Comment, Question, Visibility
from crowdservice.core.markdown import markdown_to_text
from crowdservice.core.models import Event
from crowdservice.trends.sources import PUBLIC, SourceDocument
from crowdservice.trends.terms import MAX_TEXT_CHARS

QUESTION_VERBS = frozenset({"question.created", "question.approved", "question.unhidden"})
ANSWER_VERBS = frozenset({"answer.created", "answer.approved", "answer.unhidden"})
COMMENT_VERBS = frozenset({"comment.created", "comment.approved", "comment.unhidden"})
BATCH = 500


def _plain(markdown: str) -> str:
    return markdown_to_text(markdown[: MAX_TEXT_CHARS * 2], MAX_TEXT_CHARS)


def question_document(question: Question) -> SourceDocument:
    return SourceDocument(
        source=CommunitySource.name,
        key=f"question:{question.pk}",
        at=question.created_at,
        author_id=question.author_id,
        space_id=question.space_id,
        text=f"{question.title}\n{_plain(question.body)}",
        title=question.title,
        url=question.get_absolute_url(),
        audience=PUBLIC,
        tags=tuple(tag.name for tag in question.tags.all()),
    )


def answer_document(answer: Answer) -> SourceDocument:
    question = answer.question
    return SourceDocument(
        source=CommunitySource.name,
        key=f"answer:{answer.pk}",
        at=answer.created_at,
        author_id=answer.author_id,
        space_id=question.space_id,
        text=_plain(answer.body),
        title=f"Answer to “{question.title}”",
        url=answer.get_absolute_url(),
        audience=PUBLIC,
    )


def comment_document(comment: Comment) -> SourceDocument:
    question = comment.question
    return SourceDocument(
        source=CommunitySource.name,
        key=f"comment:{comment.pk}",
        at=comment.created_at,
        author_id=comment.author_id,
        space_id=question.space_id,
        text=_plain(comment.body),
        title=f"Comment on “{question.title}”",
        url=f"{question.get_absolute_url()}#comment-{comment.pk}",
        audience=PUBLIC,
    )


# Each kind of post: the verbs that bring it, its published rows (with what its document
# reads), and how it becomes a document.
PUBLISHED = {"deleted_at__isnull": True, "visibility": Visibility.VISIBLE}
PostKind = tuple[frozenset[str], Callable[[], QuerySet[Any]], Callable[[Any], SourceDocument]]
KINDS: tuple[PostKind, ...] = (
    (QUESTION_VERBS, lambda: Question.objects.filter(**PUBLISHED).prefetch_related("tags"),
     question_document),
    (ANSWER_VERBS, lambda: Answer.objects.filter(**PUBLISHED).select_related("question"),
     answer_document),
    (COMMENT_VERBS, lambda: Comment.objects.filter(**PUBLISHED).select_related("question"),
     comment_document),
)  # fmt: skip


class CommunitySource:
    name = "community"
    label = "Community posts"
    verbs = QUESTION_VERBS | ANSWER_VERBS | COMMENT_VERBS

    def document_for(self, event: Event) -> SourceDocument | None:
        if event.object_id is None:
            return None
        for verbs, published, document in KINDS:
            if event.verb in verbs:
                post = published().filter(pk=event.object_id).first()
                return document(post) if post else None
        return None

    def documents_between(self, start: datetime, end: datetime) -> Iterator[SourceDocument]:
        for _verbs, published, document in KINDS:
            posts = published().filter(created_at__gte=start, created_at__lt=end)
            for post in posts.order_by("pk").iterator(chunk_size=BATCH):
                yield document(post)
