"""Answering, editing, deleting, accepting and endorsing answers."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from crowdservice.accounts.access import require_user
from crowdservice.accounts.models import User
from crowdservice.community.access import access_answer, access_question, can_edit
from crowdservice.community.actions import (
    do_accept_answer,
    do_delete_answer,
    do_edit_or_suggest,
    do_endorse_answer,
    do_post_answer,
    do_unaccept_answer,
    do_undelete_answer,
    do_unendorse_answer,
)
from crowdservice.community.forms import AnswerForm, EditAnswerForm
from crowdservice.community.models import Answer
from crowdservice.community.views.common import (
    SAVED,
    PostError,
    anchor_url,
    answers_section,
    question_page,
    thread_context,
)
from crowdservice.core.errors import ActionError
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, signin_required


@require_POST
@action_errors
@signin_required
def post_answer(request: HttpRequest, question_id: int) -> HttpResponse:
    """htmx: on success the answers section (and a fresh form), on error the form in place."""
    me = require_user(request.user)
    question = access_question(me, question_id)
    form = AnswerForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            answer = do_post_answer(author=me, question=question, body=form.cleaned_data["body"])
        except ActionError as exc:
            form.add_action_error(exc)
            status = exc.status_code
        else:
            if is_htmx(request):
                question = access_question(me, question_id)
                context = thread_context(
                    request, question, answer_form=AnswerForm(), new_answer_id=answer.pk
                )
                return render(request, "community/partials/answer_posted.html", context)
            messages.success(request, "Your answer is posted.")
            return redirect(anchor_url(question, answer))
    if is_htmx(request):
        context = {"question": question, "answer_form": form}
        response = render(request, "community/partials/answer_form.html", context, status=status)
        response["HX-Retarget"] = "#answer-form-wrap"
        response["HX-Reswap"] = "outerHTML"
        return response
    return question_page(request, question, status=status, answer_form=form)


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def edit_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    me = require_user(request.user)
    answer = access_answer(me, answer_id)
    question = access_question(me, answer.question_id)
    # Without the right to edit it, the edit is a suggestion that others review.
    suggesting = not can_edit(me, answer)
    status = 200
    if request.method == "POST":
        form = EditAnswerForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                outcome = do_edit_or_suggest(
                    actor=me,
                    question=question,
                    answer=answer,
                    body=form.cleaned_data["body"],
                    summary=form.cleaned_data["summary"],
                )
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                messages.success(request, SAVED[outcome])
                return redirect(anchor_url(question, answer))
    else:
        form = EditAnswerForm(initial={"body": answer.body})
    context = {"form": form, "answer": answer, "question": question, "suggesting": suggesting}
    return render(request, "community/edit_answer.html", context, status=status)


AnswerAction = Callable[..., object]


def _answer_action(
    request: HttpRequest, answer_id: int, do: AnswerAction, undo: AnswerAction
) -> HttpResponse:
    """Run `do` (or `undo` when the form says undo=1), then show the answers as they now stand."""
    me: User = require_user(request.user)
    answer: Answer = access_answer(me, answer_id)
    action = undo if request.POST.get("undo") == "1" else do
    error: PostError | None = None
    status = 200
    try:
        action(actor=me, answer=answer)
    except ActionError as exc:
        error, status = PostError("answer", answer.pk, exc.message), exc.status_code
    question = access_question(me, answer.question_id)
    if is_htmx(request):
        return answers_section(request, question, status=status, post_error=error)
    if error is not None:
        return question_page(request, question, status=status, post_error=error)
    return redirect(anchor_url(question, answer))


@require_POST
@action_errors
@signin_required
def accept_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    return _answer_action(request, answer_id, do_accept_answer, do_unaccept_answer)


@require_POST
@action_errors
@signin_required
def endorse_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    return _answer_action(request, answer_id, do_endorse_answer, do_unendorse_answer)


@require_POST
@action_errors
@signin_required
def delete_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    me = require_user(request.user)
    answer = access_answer(me, answer_id)
    question = access_question(me, answer.question_id)
    try:
        do_delete_answer(actor=me, answer=answer)
    except ActionError as exc:
        error = PostError("answer", answer.pk, exc.message)
        return question_page(request, question, status=exc.status_code, post_error=error)
    messages.success(request, "The answer is deleted.")
    return redirect(f"{question.get_absolute_url()}#answers")


@require_POST
@action_errors
@signin_required
def undelete_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    me = require_user(request.user)
    answer = access_answer(me, answer_id)
    question = access_question(me, answer.question_id)
    try:
        do_undelete_answer(actor=me, answer=answer)
    except ActionError as exc:
        error = PostError("answer", answer.pk, exc.message)
        return question_page(request, question, status=exc.status_code, post_error=error)
    messages.success(request, "The answer is back.")
    return redirect(anchor_url(question, answer))
