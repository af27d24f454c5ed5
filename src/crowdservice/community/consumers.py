"""Event consumers of the community app: notifications, and answers' predicted helpfulness."""

from __future__ import annotations

import logging

from crowdservice.community.actions.ranking import rank_thread_answers
from crowdservice.community.models import Answer, Comment, Follow, Question, Visibility
from crowdservice.core.models import Event
from crowdservice.notifications.actions import do_notify
from crowdservice.search.engine.embedder import ModelUnavailable

logger = logging.getLogger(__name__)

# Changes that alter what the answer ranker reads (the question's text, the thread's answers).
RANKING_VERBS = (
    "answer.created",
    "answer.edited",
    "answer.deleted",
    "answer.undeleted",
    "question.edited",
)
DUPLICATE_VERBS = ("question.closed_as_duplicate", "question.reopened")


def notify_followers(event: Event) -> None:
    """New answers and comments notify the thread's followers (and the post's author).

    A post waiting for approval notifies nobody until it is approved (`*.approved`), and only
    while the thread is published: nobody hears of what they can't open."""
    question_id = event.payload.get("question_id")
    question = Question.objects.filter(
        pk=question_id, deleted_at__isnull=True, visibility=Visibility.VISIBLE
    ).first()
    if question is None:
        return
    model = Answer if event.verb.startswith("answer.") else Comment
    if event.object_id is None or not model.objects.filter(
        pk=event.object_id, deleted_at__isnull=True, visibility=Visibility.VISIBLE
    ).exists():
        return
    recipients = set(Follow.objects.filter(question=question).values_list("user_id", flat=True))
    actor = event.actor.public_name if event.actor else "Someone"
    if event.verb.startswith("answer."):
        title = f"{actor} answered “{question.title}”"
        url = f"{question.get_absolute_url()}#answer-{event.object_id}"
    else:
        if event.payload.get("post_author_id"):
            recipients.add(int(event.payload["post_author_id"]))
        title = f"{actor} commented on “{question.title}”"
        url = f"{question.get_absolute_url()}#comment-{event.object_id}"
    do_notify(event=event, recipient_ids=recipients, title=title, url=url)


def notify_duplicate_closing(event: Event) -> None:
    """The asker and the followers hear when their question is closed as a duplicate or reopened.

    Idempotent like every notification (one per recipient and event); a question deleted since
    notifies nobody.
    """
    if event.object_id is None:
        return
    question = Question.objects.filter(pk=event.object_id, deleted_at__isnull=True).first()
    if question is None:
        return
    recipients = set(Follow.objects.filter(question=question).values_list("user_id", flat=True))
    recipients.add(question.author_id)
    actor = event.actor.public_name if event.actor else "Someone"
    if event.verb == "question.closed_as_duplicate":
        original = Question.objects.filter(pk=event.payload.get("original_id")).first()
        of = f" of “{original.title}”" if original is not None else ""
        title = f"{actor} closed “{question.title}” as a duplicate{of}"
    else:
        title = f"{actor} reopened “{question.title}”"
    do_notify(event=event, recipient_ids=recipients, title=title, url=question.get_absolute_url())


def rank_answers(event: Event) -> None:
    """Rescore the thread's answers after a change to it; without the model, leave them be.

    Never fails the job for a missing model: answers then keep their last scores (or none)
    and are ordered by votes and age, as before the ranker existed.
    """
    if event.verb == "question.edited":
        if not {"title", "body"} & set(event.payload.get("changed", [])):
            return
        question_id = event.object_id
    else:
        question_id = event.payload.get("question_id")
    if question_id is None:
        return
    try:
        rank_thread_answers(int(question_id))
    except ModelUnavailable as exc:
        logger.warning("Answers of question %s left unscored: %s", question_id, exc)
