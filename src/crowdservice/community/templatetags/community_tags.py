"""Template helpers for the question page: permissions per post, and which comment form is open."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.db.models import QuerySet

from crowdservice.accounts.models import User
from crowdservice.community.access import AnyUser, can_delete
from crowdservice.community.models import Answer, Comment, Question
from crowdservice.community.queries import question_list

register = template.Library()


@register.filter
def deletable_by(post: Question | Answer | Comment, user: AnyUser) -> bool:
    return can_delete(user, post)


@register.simple_tag
def comment_state_for(state: Any, kind: str, post: Question | Answer) -> Any:
    """The refused comment's state when it belongs to this post, else None."""
    if (
        state
        and getattr(state, "kind", None) == kind
        and getattr(state, "post_id", None) == post.pk
    ):
        return state
    return None


@register.simple_tag(takes_context=True)
def questions_by(context: template.Context, author: User) -> QuerySet[Question]:
    """The author's latest questions the viewer may see (for profile pages in other apps)."""
    viewer = context["request"].user
    return question_list(viewer, author=author)[: settings.CROWDSERVICE_PAGE_SIZE]
