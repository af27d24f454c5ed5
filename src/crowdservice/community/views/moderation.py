"""Moderators' community pages: close as off-topic, merge questions; everyone's rollback to a
revision of their own post; following a tag."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from crowdservice.accounts.access import require_user
from crowdservice.community.access import access_answer, access_question, access_tag
from crowdservice.community.actions import do_close_question, do_merge_questions, do_rollback
from crowdservice.community.actions.follows import do_follow_tag, do_unfollow_tag
from crowdservice.community.forms import DuplicateForm
from crowdservice.community.models import Revision
from crowdservice.community.views.common import PostError, question_page
from crowdservice.core.errors import ActionError, Forbidden, NotFound, ValidationFailed
from crowdservice.core.web import action_errors, back_url, signin_required


@require_POST
@action_errors
@signin_required
def close_question(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    question = access_question(me, question_id)
    try:
        do_close_question(actor=me, question=question, reason=request.POST.get("reason", ""))
    except ActionError as exc:
        error = PostError("question", question.pk, exc.message)
        return question_page(request, question, status=exc.status_code, post_error=error)
    messages.success(request, "The question is closed as off-topic.")
    return redirect(question.get_absolute_url())


class MergeForm(DuplicateForm):
    """The question to merge into, as its number or link (parsed like a duplicate's original)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["original_id"].label = "Merge into question"


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def merge_question(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    if not me.can_moderate:
        raise Forbidden("Only moderators can merge questions.")
    question = access_question(me, question_id)
    form = MergeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                target_id = form.cleaned_data["original_id"]
                if target_id is None:
                    raise ValidationFailed(
                        {"original_id": ["Enter the number or the link of the question."]}
                    )
                target = access_question(me, target_id)
                do_merge_questions(actor=me, source=question, target=target)
            except ActionError as exc:
                form.add_action_error(exc)
                status = exc.status_code
            else:
                messages.success(request, f"Merged into “{target.title}”; its answers moved there.")
                return redirect(target.get_absolute_url())
    context = {"question": question, "form": form}
    return render(request, "community/merge.html", context, status=status)


@require_POST
@action_errors
@signin_required
def rollback(request: HttpRequest, question_id: int, number: int) -> HttpResponse:
    me = require_user(request.user)
    question = access_question(me, question_id)
    answer = None
    answer_id = request.POST.get("answer", "")
    if answer_id:
        if not answer_id.isdigit():
            raise NotFound("There is no such answer.")
        answer = access_answer(me, int(answer_id))
        if answer.question_id != question.pk:
            raise NotFound("That answer belongs to another question.")
    revision = Revision.objects.filter(
        question=question, answer=answer, comment__isnull=True, number=number
    ).first()
    if revision is None:
        raise NotFound(f"There is no revision {number} of that post.")
    do_rollback(actor=me, revision=revision)
    messages.success(request, f"The post reads as in revision {number} again.")
    anchor = f"#answer-{answer.pk}" if answer else ""
    return redirect(question.get_absolute_url() + anchor)


@require_POST
@action_errors
@signin_required
def follow_tag(request: HttpRequest, name: str) -> HttpResponse:
    me = require_user(request.user)
    tag = access_tag(name)
    if request.POST.get("undo"):
        do_unfollow_tag(user=me, tag=tag)
        messages.success(request, f"You no longer follow “{tag.name}”.")
    else:
        do_follow_tag(user=me, tag=tag)
        messages.success(request, f"You'll hear about new questions tagged “{tag.name}”.")
    return redirect(back_url(request, tag.get_absolute_url()))
