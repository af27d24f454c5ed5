"""Asking, reading, editing, deleting and following a question; its revision history."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crowdservice.accounts.access import require_user
from crowdservice.community.access import access_answer, access_question, access_space, can_edit
from crowdservice.community.actions import (
    do_ask_question,
    do_delete_question,
    do_edit_or_suggest,
    do_follow,
    do_undelete_question,
    do_unfollow,
)
from crowdservice.community.diffs import word_diff
from crowdservice.community.forms import EditQuestionForm, QuestionForm
from crowdservice.community.queries import all_spaces, revisions_of
from crowdservice.community.views.common import SAVED, PostError, anchor_url, question_page
from crowdservice.core.errors import ActionError, Conflict, NotFound
from crowdservice.core.htmx import is_htmx
from crowdservice.core.markdown import render_markdown
from crowdservice.core.web import action_errors, signin_required
from crowdservice.deflection.actions import do_record_filed, do_start_session
from crowdservice.deflection.models import Surface
from crowdservice.deflection.views import SESSION_FIELD


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def ask_question(request: HttpRequest) -> HttpResponse:
    me = require_user(request.user)
    spaces = list(all_spaces())
    status = 200
    if request.method == "POST":
        # The deflection session of this attempt (suggestions shown while typing the title).
        deflection_token = request.POST.get(SESSION_FIELD, "")[:64]
        form = QuestionForm(request.POST, spaces=spaces)
        status = 422
        if form.is_valid():
            try:
                question = do_ask_question(author=me, **form.action_kwargs())
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                do_record_filed(deflection_token, me, "question", question.pk, title=question.title)
                if question.is_pending:
                    messages.success(
                        request,
                        "Thanks! New members' first posts are checked by a moderator: your "
                        "question is visible to you now and to everyone once approved.",
                    )
                else:
                    messages.success(
                        request, "Your question is posted. Followers will be notified."
                    )
                return redirect(question)
    else:
        initial = {}
        if request.GET.get("space"):
            initial["space"] = access_space(request.GET["space"]).pk
        form = QuestionForm(initial=initial, spaces=spaces)
        deflection_token = do_start_session(
            user=me, surface=Surface.ASK, space_id=initial.get("space")
        ).token
    context = {"form": form, "deflection_token": deflection_token}
    return render(request, "community/ask.html", context, status=status)


@require_GET
@action_errors
def show_question(request: HttpRequest, question_id: int, slug: str | None = None) -> HttpResponse:
    question = access_question(request.user, question_id)
    if slug != question.slug:
        return redirect(question.get_absolute_url(), permanent=True)
    return question_page(request, question)


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def edit_question(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    question = access_question(me, question_id)
    # Without the right to edit it, the edit is a suggestion that others review.
    suggesting = not can_edit(me, question)
    spaces = list(all_spaces())
    status = 200
    if request.method == "POST":
        form = EditQuestionForm(request.POST, spaces=spaces)
        status = 422
        if form.is_valid():
            try:
                outcome = do_edit_or_suggest(actor=me, question=question, **form.action_kwargs())
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                messages.success(request, SAVED[outcome])
                return redirect(question.get_absolute_url())
    else:
        tag_names = [tag.name for tag in question.tags.order_by("name")]
        form = EditQuestionForm(
            initial=QuestionForm.initial_for(question, tag_names), spaces=spaces
        )
    context = {"form": form, "question": question, "suggesting": suggesting}
    return render(request, "community/edit_question.html", context, status=status)


@require_GET
@action_errors
def question_revisions(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access_question(request.user, question_id)
    answer = None
    if answer_id := request.GET.get("answer", ""):
        if not answer_id.isdigit():
            raise NotFound("There is no such answer.")
        answer = access_answer(request.user, int(answer_id))
        if answer.question_id != question.pk:
            raise NotFound("That answer belongs to another question.")
    rows = list(revisions_of(question, answer))
    revisions = []
    for index, rev in enumerate(rows):
        # Newest first: each revision is compared with the one before it (difflib, word level).
        older = rows[index + 1] if index + 1 < len(rows) else None
        changes = None
        if older is not None:
            changes = {
                "title": word_diff(older.title, rev.title) if older.title != rev.title else [],
                "body": word_diff(older.body, rev.body) if older.body != rev.body else [],
                "tags": (older.tags, rev.tags) if older.tags != rev.tags else None,
            }
        revisions.append((rev, render_markdown(rev.body), changes))
    post = answer or question
    context = {
        "question": question,
        "answer": answer,
        "revisions": revisions,
        "can_roll_back": can_edit(request.user, post) and not post.is_deleted,
    }
    return render(request, "community/revisions.html", context)


@require_POST
@action_errors
@signin_required
def delete_question(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    question = access_question(me, question_id)
    try:
        do_delete_question(actor=me, question=question)
    except ActionError as exc:
        error = PostError("question", question.pk, exc.message)
        return question_page(request, question, status=exc.status_code, post_error=error)
    messages.success(request, "The question is deleted.")
    if me.can_moderate:
        return redirect(question.get_absolute_url())
    return redirect(reverse("community:home"))


@require_POST
@action_errors
@signin_required
def undelete_question(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    question = access_question(me, question_id)
    try:
        do_undelete_question(actor=me, question=question)
    except ActionError as exc:
        error = PostError("question", question.pk, exc.message)
        return question_page(request, question, status=exc.status_code, post_error=error)
    messages.success(request, "The question is back.")
    return redirect(question.get_absolute_url())


@require_POST
@action_errors
@signin_required
def follow_question(request: HttpRequest, question_id: int) -> HttpResponse:
    """Follow (follow=1) or unfollow (follow=0); asking for the current state is not an error."""
    me = require_user(request.user)
    question = access_question(me, question_id)
    following = request.POST.get("follow", "1") != "0"
    try:
        if following:
            do_follow(user=me, question=question)
        else:
            do_unfollow(user=me, question=question)
    except Conflict:
        pass  # already in the state asked for
    if is_htmx(request):
        context = {"question": question, "is_following": following}
        return render(request, "community/partials/follow.html", context)
    return redirect(anchor_url(question))
