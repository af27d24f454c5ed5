"""Closing a question as a duplicate (moderators, or the asker for their own) and reopening it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from crowdservice.accounts.access import require_user
from crowdservice.community.access import access_question, can_close_as_duplicate
from crowdservice.community.actions import (
    check_original,
    do_close_as_duplicate,
    do_reopen_closed,
    do_reopen_question,
)
from crowdservice.community.forms import DuplicateForm
from crowdservice.community.queries import likely_duplicates
from crowdservice.community.views.common import PostError, question_page
from crowdservice.core.errors import ActionError, Forbidden
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, signin_required


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def close_as_duplicate(request: HttpRequest, question_id: int) -> HttpResponse:
    """GET: the form with the likely duplicates as one-click choices (htmx: the choices only, for
    the question page's "Close as duplicate…" box). POST: close, then back to the question."""
    me = require_user(request.user)
    question = access_question(me, question_id)
    if not can_close_as_duplicate(me, question):
        raise Forbidden(
            "Only moderators, and the person who asked it, can close a question as a duplicate."
        )
    status = 200
    form = DuplicateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                original = check_original(
                    actor=me, question=question, original_id=form.cleaned_data["original_id"]
                )
                do_close_as_duplicate(actor=me, question=question, original=original)
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                messages.success(request, f"Closed as a duplicate of “{original.title}”.")
                return redirect(question.get_absolute_url())
    context = {
        "question": question,
        "form": form,
        "hits": likely_duplicates(me, question) if not question.duplicate_of_id else [],
        "is_asker": question.author_id == me.pk,
    }
    if is_htmx(request) and request.method == "GET":
        return render(request, "community/partials/duplicate_choices.html", context)
    return render(request, "community/close_duplicate.html", context, status=status)


@require_POST
@action_errors
@signin_required
def reopen_question(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    question = access_question(me, question_id)
    try:
        if question.close_reason:
            do_reopen_closed(actor=me, question=question)
        else:
            do_reopen_question(actor=me, question=question)
    except ActionError as exc:
        error = PostError("question", question.pk, exc.message)
        return question_page(request, question, status=exc.status_code, post_error=error)
    messages.success(request, "The question is reopened and takes answers again.")
    return redirect(question.get_absolute_url())
