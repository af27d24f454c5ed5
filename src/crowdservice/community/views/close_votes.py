"""Votes to close and reopen a question, for members with the `close` privilege: the box on the
question page posts here; htmx swaps the box in place, without JavaScript the page reloads."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from crowdservice.accounts.access import require_user
from crowdservice.accounts.models import User
from crowdservice.community.access import access_question
from crowdservice.community.actions import (
    do_retract_close_vote,
    do_vote_to_close,
    do_vote_to_reopen,
)
from crowdservice.community.forms import DuplicateForm
from crowdservice.community.models import Question
from crowdservice.community.queries import close_vote_round
from crowdservice.community.views.common import PostError, question_page
from crowdservice.core.errors import ActionError, ValidationFailed
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, signin_required


def _done(
    request: HttpRequest,
    me: User,
    question: Question,
    note: str,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The box again (htmx), or the page: with the message after a refusal, else redirected."""
    question = Question.objects.get(pk=question.pk)
    if is_htmx(request):
        context = {
            "question": question,
            "close_votes": close_vote_round(me, question),
            "close_vote_error": error,
            "close_vote_note": "" if error else note,
        }
        return render(request, "community/partials/close_votes_box.html", context, status=status)
    if error:
        return question_page(
            request, question, status=status, post_error=PostError("question", question.pk, error)
        )
    messages.success(request, note)
    return redirect(question.get_absolute_url())


def _outcome(before: Question, after: Question, voted: str) -> str:
    if before.is_closed != after.is_closed:
        return (
            "Your vote closed the question."
            if after.is_closed
            else "Your vote reopened the question."
        )
    return voted


@require_POST
@action_errors
@signin_required
def vote_to_close(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    question = access_question(me, question_id)
    form = DuplicateForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(
                {"original_id": [str(e) for e in form.errors.get("original_id", [])]}
            )
        reason = request.POST.get("reason", "")
        original_id = form.cleaned_data["original_id"] if reason == "duplicate" else None
        after = do_vote_to_close(
            actor=me, question=question, reason=reason, original_id=original_id
        )
    except ActionError as exc:
        return _done(request, me, question, "", error=exc.message, status=exc.status_code)
    return _done(request, me, question, _outcome(question, after, "Your close vote is counted."))


@require_POST
@action_errors
@signin_required
def retract_close_vote(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    question = access_question(me, question_id)
    try:
        do_retract_close_vote(actor=me, question=question)
    except ActionError as exc:
        return _done(request, me, question, "", error=exc.message, status=exc.status_code)
    return _done(request, me, question, "Your close vote is retracted.")


@require_POST
@action_errors
@signin_required
def vote_to_reopen(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    question = access_question(me, question_id)
    try:
        after = do_vote_to_reopen(actor=me, question=question)
    except ActionError as exc:
        return _done(request, me, question, "", error=exc.message, status=exc.status_code)
    return _done(request, me, question, _outcome(question, after, "Your reopen vote is counted."))
