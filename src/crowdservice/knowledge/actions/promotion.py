"""The community loop: an answer, or a whole thread, becomes a knowledge-base draft.

The draft credits the people who wrote it and links back to the thread; when an editor publishes
it, the thread shows that its answer lives in the knowledge base (`articles._link_thread`).
"""

from __future__ import annotations

from django.db import transaction

from crowdservice.accounts.models import User
from crowdservice.community.access import access_answer, access_question, visible_answers
from crowdservice.community.models import Answer, Question
from crowdservice.community.trust import answer_sort_key
from crowdservice.core.errors import Conflict
from crowdservice.knowledge.access import require_writer
from crowdservice.knowledge.actions.articles import do_create_article
from crowdservice.knowledge.models import Article, Status

THREAD_ANSWERS = 3


def _pad_title(title: str) -> str:
    return title if len(title) >= 8 else f"{title} (how to)"


def _credit(answer: Answer, question: Question) -> str:
    return f"[{answer.author.public_name}]({question.get_absolute_url()}#answer-{answer.pk})"


def _existing_draft(question_id: int) -> Article | None:
    return (
        Article.objects.filter(source_question_id=question_id)
        .exclude(status=Status.ARCHIVED)
        .first()
    )


def _refuse_twice(question: Question) -> None:
    existing = _existing_draft(question.pk)
    if existing is not None:
        raise Conflict(
            f"This thread is already in the knowledge base as article {existing.pk} "
            f"(“{existing}”); edit that article instead."
        )


@transaction.atomic
def do_promote_answer(*, actor: User, answer_id: int, section_id: int | None) -> Article:
    """A draft from one answer, titled like its question, crediting the answer's author."""
    require_writer(actor)
    answer = access_answer(actor, answer_id)
    question = access_question(actor, answer.question_id)
    if answer.is_deleted or question.is_deleted:
        raise Conflict("Deleted posts can't be promoted to the knowledge base.")
    _refuse_twice(question)
    url = question.get_absolute_url()
    body = (
        f"{answer.body.strip()}\n\n---\n\n"
        f"*Based on the community answer by {_credit(answer, question)} to "
        f"[{question.title}]({url}).*\n"
    )
    return do_create_article(
        author=actor,
        section_id=section_id,
        title=_pad_title(question.title),
        body=body,
        summary=f"Promoted from answer {answer.pk} in the community",
        source_question_id=question.pk,
        source_answer_id=answer.pk,
        source_url=f"{url}#answer-{answer.pk}",
    )


@transaction.atomic
def do_promote_thread(*, actor: User, question_id: int, section_id: int | None) -> Article:
    """A draft from a whole thread: the question as context, then its best answers, credited."""
    require_writer(actor)
    question = access_question(actor, question_id)
    if question.is_deleted:
        raise Conflict("Deleted posts can't be promoted to the knowledge base.")
    _refuse_twice(question)
    answers = sorted(
        visible_answers(actor)
        .filter(question=question, deleted_at__isnull=True)
        .select_related("author"),
        key=lambda a: answer_sort_key(a, accepted_answer_id=question.accepted_answer_id),
    )[:THREAD_ANSWERS]
    if not answers:
        raise Conflict("This thread has no answers yet, so there is nothing to promote.")
    url = question.get_absolute_url()
    parts = ["## The problem", "", question.body.strip(), "", "## The solution", ""]
    for answer in answers:
        parts += [answer.body.strip(), "", f"*Contributed by {_credit(answer, question)}.*", ""]
    parts += ["---", "", f"*Based on the community thread [{question.title}]({url}).*"]
    best = answers[0]
    return do_create_article(
        author=actor,
        section_id=section_id,
        title=_pad_title(question.title),
        body="\n".join(parts) + "\n",
        summary=f"Promoted from question {question.pk} in the community",
        source_question_id=question.pk,
        # The thread's best answer carries the KB tier once the article is published.
        source_answer_id=best.pk,
        source_url=url,
    )
