"""Comments on questions and answers; htmx gets the post's comment block back."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from crowdservice.accounts.access import require_user
from crowdservice.accounts.models import User
from crowdservice.community.access import access_answer, access_comment, access_question
from crowdservice.community.actions import do_add_comment, do_delete_comment
from crowdservice.community.models import Answer, Question
from crowdservice.community.queries import post_comments
from crowdservice.community.views.common import CommentState, kind_of, question_page
from crowdservice.core.errors import ActionError
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, signin_required


def _comments_block(
    request: HttpRequest,
    question: Question,
    answer: Answer | None,
    *,
    state: CommentState | None = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    post: Question | Answer = answer if answer is not None else question
    context = {
        "kind": kind_of(post),
        "post": post,
        "question": question,
        "comments": post_comments(request.user, question, answer),
        "comment_state": state,
        "block_error": error,
    }
    return render(request, "community/partials/comments.html", context, status=status)


def _comment(
    request: HttpRequest, me: User, question: Question, answer: Answer | None
) -> HttpResponse:
    post: Question | Answer = answer if answer is not None else question
    body = request.POST.get("body", "")
    try:
        comment = do_add_comment(author=me, question=question, answer=answer, body=body)
    except ActionError as exc:
        state = CommentState(kind_of(post), post.pk, body, exc.message)
        if is_htmx(request):
            return _comments_block(request, question, answer, state=state, status=exc.status_code)
        return question_page(request, question, status=exc.status_code, comment_state=state)
    if is_htmx(request):
        return _comments_block(request, question, answer)
    return redirect(f"{question.get_absolute_url()}#comment-{comment.pk}")


@require_POST
@action_errors
@signin_required
def comment_question(request: HttpRequest, question_id: int) -> HttpResponse:
    me = require_user(request.user)
    return _comment(request, me, access_question(me, question_id), None)


@require_POST
@action_errors
@signin_required
def comment_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    me = require_user(request.user)
    answer = access_answer(me, answer_id)
    return _comment(request, me, access_question(me, answer.question_id), answer)


@require_POST
@action_errors
@signin_required
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    me = require_user(request.user)
    comment = access_comment(me, comment_id)
    question = access_question(me, comment.question_id)
    answer = access_answer(me, comment.answer_id) if comment.answer_id else None
    try:
        do_delete_comment(actor=me, comment=comment)
    except ActionError as exc:
        if is_htmx(request):
            return _comments_block(
                request, question, answer, error=exc.message, status=exc.status_code
            )
        raise
    if is_htmx(request):
        return _comments_block(request, question, answer)
    anchor = f"answer-{answer.pk}" if answer is not None else "question"
    return redirect(f"{question.get_absolute_url()}#{anchor}")
