"""The thread's link to the knowledge base, set and cleared by the knowledge app.

When an answer (or a whole thread) promoted to an article is published, the knowledge app calls
`do_link_knowledge_article`; the thread then shows that its answer lives in the knowledge base
and the promoted answer carries the "kb" trust tier. Community never imports the knowledge app:
the article's id, URL and title are handed in and copied onto the question.
"""

from __future__ import annotations

from django.db import transaction

from crowdservice.accounts.models import User
from crowdservice.community.actions.common import lock_question
from crowdservice.community.models import Answer, Question
from crowdservice.core.events import record_event


@transaction.atomic
def do_link_knowledge_article(
    *,
    actor: User,
    question_id: int,
    answer_id: int | None,
    article_id: int,
    url: str,
    title: str,
) -> Question:
    """Mark the thread (and the promoted answer, if any) as living in a published article."""
    question = lock_question(question_id)  # bumps the version: cached thread pages go stale
    question.kb_article_id, question.kb_article_url = article_id, url[:300]
    question.kb_article_title = title[:200]
    question.save(update_fields=["kb_article_id", "kb_article_url", "kb_article_title"])
    Answer.objects.filter(question_id=question_id, kb_article_id=article_id).update(
        kb_article_id=None
    )
    if answer_id is not None:
        Answer.objects.filter(pk=answer_id, question_id=question_id).update(
            kb_article_id=article_id
        )
    record_event(
        actor=actor,
        verb="question.kb_linked",
        target=question,
        payload={"article_id": article_id, "answer_id": answer_id},
    )
    return question


@transaction.atomic
def do_unlink_knowledge_article(*, actor: User, question_id: int, article_id: int) -> None:
    """The article was archived: the thread no longer claims a knowledge-base answer."""
    question = lock_question(question_id)
    if question.kb_article_id == article_id:
        question.kb_article_id, question.kb_article_url, question.kb_article_title = None, "", ""
        question.save(update_fields=["kb_article_id", "kb_article_url", "kb_article_title"])
    Answer.objects.filter(question_id=question_id, kb_article_id=article_id).update(
        kb_article_id=None
    )
    record_event(
        actor=actor,
        verb="question.kb_unlinked",
        target=question,
        payload={"article_id": article_id},
    )
