"""Event consumers of the community app: notifications, and answers' predicted helpfulness."""

from __future__ import annotations

import logging
import re

from crowdservice.accounts.models import User
from crowdservice.community.access import visible_question_ids
from crowdservice.community.actions.ranking import rank_thread_answers
from crowdservice.community.models import (
    Answer,
    Comment,
    Follow,
    Question,
    TagFollow,
    Visibility,
)
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
DUPLICATE_VERBS = ("question.closed_as_duplicate", "question.reopened", "question.closed")
# Kinds of notification community sends (people choose per kind: notifications.kinds).
ANSWER_KIND, MENTION_KIND, TAG_KIND = "answer_to_my_question", "mention", "followed_tag"
KINDS = (
    (ANSWER_KIND, "Answers to my questions", "Someone answers a question you asked"),
    (MENTION_KIND, "Mentions", "Someone mentions you as @username in a post or comment"),
    (TAG_KIND, "Followed tags", "New questions with a tag you follow"),
)
MENTION_VERBS = (
    "question.created", "answer.created", "comment.created",
    "question.approved", "answer.approved", "comment.approved",
)  # fmt: skip
TAG_VERBS = ("question.created", "question.approved")
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")
MAX_MENTIONS = 10


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
    if (
        event.object_id is None
        or not model.objects.filter(
            pk=event.object_id, deleted_at__isnull=True, visibility=Visibility.VISIBLE
        ).exists()
    ):
        return
    recipients = set(Follow.objects.filter(question=question).values_list("user_id", flat=True))
    actor = event.actor.public_name if event.actor else "Someone"
    if event.verb.startswith("answer."):
        # An approved answer's event is the moderator's; the answer's author is the one to name.
        author = Answer.objects.filter(pk=event.object_id).select_related("author").first()
        if author is not None and event.verb == "answer.approved":
            actor = author.author.public_name
        title = f"{actor} answered “{question.title}”"
        url = f"{question.get_absolute_url()}#answer-{event.object_id}"
        if question.author_id in recipients and (
            author is None or author.author_id != question.author_id
        ):
            # The asker hears of answers under their own setting ("Answers to my questions").
            recipients.discard(question.author_id)
            do_notify(
                event=event, recipient_ids=[question.author_id], title=title, url=url,
                kind=ANSWER_KIND,
            )  # fmt: skip
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
    if event.verb == "question.closed":
        title = f"{actor} closed “{question.title}” as off-topic"
    elif event.verb == "question.closed_as_duplicate":
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


def _published_post(event: Event) -> tuple[Question, Question | Answer | Comment] | None:
    """The event's post and its question, if both are live and visible to everyone."""
    if event.object_id is None:
        return None
    live = {"pk": event.object_id, "deleted_at__isnull": True, "visibility": Visibility.VISIBLE}
    kind = event.verb.split(".")[0]
    post: Question | Answer | Comment | None
    if kind == "question":
        post = Question.objects.filter(**live).select_related("author").first()
    elif kind == "answer":
        post = Answer.objects.filter(**live).select_related("author").first()
    else:
        post = Comment.objects.filter(**live).select_related("author").first()
    if post is None:
        return None
    if isinstance(post, Question):
        return post, post
    question = Question.objects.filter(
        pk=post.question_id, deleted_at__isnull=True, visibility=Visibility.VISIBLE
    ).first()
    return (question, post) if question is not None else None


def notify_mentions(event: Event) -> None:
    """People named as @username in a published post hear of it (at most ten per post), if they
    may see it. A held post mentions nobody until it is approved."""
    found = _published_post(event)
    if found is None:
        return
    question, post = found
    names = {m.group(1).rstrip(".").lower() for m in MENTION.finditer(post.body)}
    if not names:
        return
    people = list(
        User.objects.filter(username__in=list(names)[:50], is_active=True)
        .exclude(pk=post.author_id)
        .only("pk")[:MAX_MENTIONS]
    )
    readers = [p.pk for p in people if visible_question_ids(p, [question.pk])]
    author = post.author.public_name
    anchor = {Answer: f"#answer-{post.pk}", Comment: f"#comment-{post.pk}"}.get(type(post), "")
    do_notify(
        event=event,
        recipient_ids=readers,
        title=f"{author} mentioned you in “{question.title}”",
        url=question.get_absolute_url() + anchor,
        kind=MENTION_KIND,
    )


def notify_tag_followers(event: Event) -> None:
    """Followers of a new (or newly approved) question's tags hear of it, once per question."""
    found = _published_post(event)
    if found is None:
        return
    question = found[0]
    followers = set(
        TagFollow.objects.filter(tag__in=question.tags.all())
        .exclude(user_id=question.author_id)
        .values_list("user_id", flat=True)
    )
    do_notify(
        event=event,
        recipient_ids=followers,
        title=f"New question in a tag you follow: “{question.title}”",
        url=question.get_absolute_url(),
        kind=TAG_KIND,
    )
