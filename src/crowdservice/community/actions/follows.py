"""Following a question: followers hear of new answers and comments."""

from __future__ import annotations

from django.db import transaction

from crowdservice.accounts.models import User
from crowdservice.community.models import Follow, Question, Tag, TagFollow
from crowdservice.core.errors import Conflict
from crowdservice.core.events import record_event


def follow_quietly(*, user: User, question: Question) -> None:
    """Follow without an event: askers, answerers and commenters follow their threads."""
    Follow.objects.get_or_create(user=user, question=question)


@transaction.atomic
def do_follow(*, user: User, question: Question) -> Follow:
    follow, created = Follow.objects.get_or_create(user=user, question=question)
    if not created:
        raise Conflict("You already follow this question.")
    record_event(actor=user, verb="question.followed", target=question)
    return follow


@transaction.atomic
def do_unfollow(*, user: User, question: Question) -> None:
    deleted, _ = Follow.objects.filter(user=user, question=question).delete()
    if not deleted:
        raise Conflict("You do not follow this question.")
    record_event(actor=user, verb="question.unfollowed", target=question)


@transaction.atomic
def do_follow_tag(*, user: User, tag: Tag) -> TagFollow:
    """Hear about every new question with this tag."""
    follow, created = TagFollow.objects.get_or_create(user=user, tag=tag)
    if not created:
        raise Conflict(f"You already follow the tag “{tag.name}”.")
    record_event(actor=user, verb="tag.followed", target=tag)
    return follow


@transaction.atomic
def do_unfollow_tag(*, user: User, tag: Tag) -> None:
    deleted, _ = TagFollow.objects.filter(user=user, tag=tag).delete()
    if not deleted:
        raise Conflict(f"You do not follow the tag “{tag.name}”.")
    record_event(actor=user, verb="tag.unfollowed", target=tag)
