"""Rendering the question page and its fragments, shared by the views that act on a thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crowdservice.community.forms import AnswerForm
from crowdservice.community.models import Answer, Question
from crowdservice.community.queries import thread


@dataclass(frozen=True)
class PostError:
    """An action's refusal, shown next to the post it was about ("question" or "answer" pk)."""

    kind: str
    post_id: int
    message: str


@dataclass(frozen=True)
class CommentState:
    """A comment form to show open, with the draft and the error (after a refused comment)."""

    kind: str
    post_id: int
    body: str
    error: str


def kind_of(post: Question | Answer) -> str:
    return "question" if isinstance(post, Question) else "answer"


def anchor_url(question: Question, post: Question | Answer | None = None) -> str:
    """The canonical question URL, scrolled to the post."""
    if isinstance(post, Answer):
        return f"{question.get_absolute_url()}#answer-{post.pk}"
    return f"{question.get_absolute_url()}#question"


def thread_context(request: HttpRequest, question: Question, **extra: Any) -> dict[str, Any]:
    return {"thread": thread(request.user, question), "question": question, **extra}


def question_page(
    request: HttpRequest,
    question: Question,
    *,
    status: int = 200,
    answer_form: AnswerForm | None = None,
    post_error: PostError | None = None,
    comment_state: CommentState | None = None,
) -> HttpResponse:
    """The whole question page; after a refused action it carries the message and a 4xx."""
    context = thread_context(
        request,
        question,
        answer_form=answer_form or AnswerForm(),
        post_error=post_error,
        comment_state=comment_state,
    )
    return render(request, "community/question_detail.html", context, status=status)


def answers_section(
    request: HttpRequest,
    question: Question,
    *,
    status: int = 200,
    post_error: PostError | None = None,
) -> HttpResponse:
    """The answers fragment (order and badges change on accept and endorse)."""
    context = thread_context(request, question, post_error=post_error)
    return render(request, "community/partials/answers.html", context, status=status)
