"""Event consumers of the community app: who hears about new answers and comments."""

from __future__ import annotations

from crowdservice.community.models import Follow, Question
from crowdservice.core.models import Event
from crowdservice.notifications.actions import do_notify


def notify_followers(event: Event) -> None:
    """New answers and comments notify the thread's followers (and the post's author)."""
    question_id = event.payload.get("question_id")
    question = Question.objects.filter(pk=question_id, deleted_at__isnull=True).first()
    if question is None:
        return
    recipients = set(Follow.objects.filter(question=question).values_list("user_id", flat=True))
    actor = event.actor.public_name if event.actor else "Someone"
    if event.verb == "answer.created":
        title = f"{actor} answered “{question.title}”"
        url = f"{question.get_absolute_url()}#answer-{event.object_id}"
    else:
        if event.payload.get("post_author_id"):
            recipients.add(int(event.payload["post_author_id"]))
        title = f"{actor} commented on “{question.title}”"
        url = f"{question.get_absolute_url()}#comment-{event.object_id}"
    do_notify(event=event, recipient_ids=recipients, title=title, url=url)
