"""Who may see and change community content. Every fetch in views and the API goes through here.

Deleted posts are visible to moderators only (so they can undelete); everyone else gets a 404,
as if the post had never existed. Posts waiting for approval or hidden by moderation are shown
to moderators and to their own author (who sees that they are pending or hidden), to nobody else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, Comment, Question, Space, Tag, Visibility
from crowdservice.core.errors import NotFound
from crowdservice.reputation.privileges import (
    champion_spaces,
    has_privilege,
    is_space_champion,
)

AnyUser = User | AnonymousUser
M = TypeVar("M", bound=Model)


def sees_deleted(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.can_moderate


def _shown(user: AnyUser, prefix: str = "") -> Q:
    """Published posts, plus the user's own pending or hidden ones (`prefix` reaches a parent)."""
    published = Q(**{f"{prefix}visibility": Visibility.VISIBLE})
    if isinstance(user, User) and user.is_authenticated:
        return published | Q(**{f"{prefix}author": user})
    return published


def _visible(user: AnyUser, qs: QuerySet[M]) -> QuerySet[M]:
    if sees_deleted(user):
        return qs
    return qs.filter(_shown(user), deleted_at__isnull=True)


def visible_questions(user: AnyUser) -> QuerySet[Question]:
    return _visible(user, Question.objects.all())


def visible_answers(user: AnyUser) -> QuerySet[Answer]:
    qs = _visible(user, Answer.objects.all())
    if sees_deleted(user):
        return qs
    return qs.filter(_shown(user, "question__"), question__deleted_at__isnull=True)


def visible_comments(user: AnyUser) -> QuerySet[Comment]:
    qs = _visible(user, Comment.objects.all())
    if sees_deleted(user):
        return qs
    qs = qs.filter(_shown(user, "question__"), question__deleted_at__isnull=True)
    hidden_answer = Q(answer__deleted_at__isnull=False) | (
        Q(answer__isnull=False) & ~_shown(user, "answer__")
    )
    return qs.exclude(hidden_answer)


def _is_shown(user: AnyUser, visibility: str, author_id: int) -> bool:
    if visibility == Visibility.VISIBLE:
        return True
    return isinstance(user, User) and user.is_authenticated and author_id == user.pk


def visible_question_ids(user: AnyUser, ids: Sequence[int]) -> set[int]:
    """Of these question ids, those `user` may see: `visible_questions`' rule, fetched by primary
    key (filtering on deleted_at lets SQLite scan every live question through its index)."""
    if sees_deleted(user):
        return set(Question.objects.filter(pk__in=list(ids)).values_list("pk", flat=True))
    rows = Question.objects.filter(pk__in=list(ids)).values_list(
        "pk", "deleted_at", "visibility", "author_id"
    )
    return {
        pk
        for pk, deleted_at, visibility, author_id in rows
        if deleted_at is None and _is_shown(user, visibility, author_id)
    }


def visible_answer_ids(user: AnyUser, ids: Sequence[int]) -> set[int]:
    """Of these answer ids, those `user` may see (`visible_answers`' rule, by primary key)."""
    if sees_deleted(user):
        return set(Answer.objects.filter(pk__in=list(ids)).values_list("pk", flat=True))
    rows = Answer.objects.filter(pk__in=list(ids)).values_list(
        "pk", "deleted_at", "question__deleted_at", "visibility", "author_id",
        "question__visibility", "question__author_id",
    )  # fmt: skip
    return {
        pk
        for pk, gone, question_gone, shown, author, q_shown, q_author in rows
        if not (gone or question_gone)
        and _is_shown(user, shown, author)
        and _is_shown(user, q_shown, q_author)
    }


def access_space(slug: str) -> Space:
    space = Space.objects.filter(slug=slug).first()
    if space is None:
        raise NotFound(f"There is no space called {slug!r}.")
    return space


def access_question(user: AnyUser, question_id: int) -> Question:
    # The duplicate notice (original's title, who closed it) comes with the question itself.
    related = ("author", "space", "duplicate_of", "closed_by")
    found = visible_questions(user).select_related(*related).filter(pk=question_id).first()
    if found is None:
        raise NotFound(f"Question {question_id} does not exist or was deleted.")
    return found


def access_answer(user: AnyUser, answer_id: int) -> Answer:
    found = visible_answers(user).select_related("author", "question").filter(pk=answer_id).first()
    if found is None:
        raise NotFound(f"Answer {answer_id} does not exist or was deleted.")
    return found


def access_comment(user: AnyUser, comment_id: int) -> Comment:
    found = visible_comments(user).select_related("author", "question").filter(pk=comment_id)
    comment = found.first()
    if comment is None:
        raise NotFound(f"Comment {comment_id} does not exist or was deleted.")
    return comment


def space_of(post: Question | Answer | Comment) -> int:
    return post.space_id if isinstance(post, Question) else post.question.space_id


def moderates_post(user: User, post: Question | Answer | Comment) -> bool:
    """Moderators everywhere; community champions in their spaces."""
    if user.can_moderate:
        return True
    # Most people champion nothing: no need to look up the post's space.
    return bool(champion_spaces(user)) and is_space_champion(user, space_of(post))


def can_edit(user: AnyUser, post: Question | Answer | Comment) -> bool:
    """Authors edit their own posts; moderators anyone's, champions those in their spaces;
    members with the `edit` privilege (reputation) others' questions and answers, not their
    comments."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if post.author_id == user.pk or moderates_post(user, post):
        return True
    return not isinstance(post, Comment) and has_privilege(user, "edit")


def can_retag(user: AnyUser, question: Question) -> bool:
    """Changing only the tags of others' questions needs less reputation than editing them."""
    return can_edit(user, question) or has_privilege(user, "retag")


def can_delete(user: AnyUser, post: Question | Answer | Comment) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return post.author_id == user.pk or moderates_post(user, post)


def can_close_as_duplicate(user: AnyUser, question: Question) -> bool:
    """Moderators close any question as a duplicate; askers may close their own (as on Stack
    Overflow, where accepting a suggested duplicate closes your question). Members with the
    `close` privilege vote to close instead (`do_vote_to_close`)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return moderates_post(user, question) or question.author_id == user.pk


def can_reopen(user: AnyUser, question: Question | None = None) -> bool:
    """Moderators reopen, and champions in their spaces; members with the `close` privilege
    vote to reopen (`do_vote_to_reopen`): a closing is a judgement the community relies on."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if question is not None and moderates_post(user, question):
        return True
    return user.can_moderate


def access_tag(name: str) -> Tag:
    tag = Tag.objects.filter(name=name).first()
    if tag is None:
        raise NotFound(f"There is no tag called {name!r}.")
    return tag
