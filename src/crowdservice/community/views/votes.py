"""Voting on questions and answers; htmx gets the vote widget back."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from crowdservice.accounts.access import require_user
from crowdservice.accounts.models import User
from crowdservice.community.access import access_answer, access_question
from crowdservice.community.actions import VoteValue, do_vote
from crowdservice.community.models import Answer, Question
from crowdservice.community.queries import my_vote
from crowdservice.community.views.common import PostError, anchor_url, kind_of, question_page
from crowdservice.core.errors import ActionError, ValidationFailed
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, signin_required

VALUES: dict[str, VoteValue] = {"1": 1, "-1": -1, "0": 0}


def _vote(request: HttpRequest, me: User, post: Question | Answer) -> HttpResponse:
    kind = kind_of(post)
    error: str | None = None
    status = 200
    try:
        value = VALUES.get(request.POST.get("value", ""))
        if value is None:
            raise ValidationFailed({"value": ["A vote is up (1), down (-1) or withdrawn (0)."]})
        post.score = do_vote(user=me, target=post, value=value)
        mine: int = value
    except ActionError as exc:
        error, status, mine = exc.message, exc.status_code, my_vote(me, post)
    if is_htmx(request):
        context = {"kind": kind, "post": post, "my_vote": mine, "vote_error": error}
        return render(request, "community/partials/vote.html", context, status=status)
    question = post if isinstance(post, Question) else access_question(me, post.question_id)
    if error is not None:
        post_error = PostError(kind, post.pk, error)
        return question_page(request, question, status=status, post_error=post_error)
    return redirect(anchor_url(question, post))


@require_POST
@action_errors
@signin_required
def vote_question(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    return _vote(request, me, access_question(me, question_id))


@require_POST
@action_errors
@signin_required
def vote_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    me = require_user(request.user)
    return _vote(request, me, access_answer(me, answer_id))
