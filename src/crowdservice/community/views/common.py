"""Rendering the question page and its fragments, shared by the views that act on a thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from crowdservice.community.access import can_close_as_duplicate
from crowdservice.community.forms import AnswerForm
from crowdservice.community.models import Answer, Question
from crowdservice.community.queries import likely_duplicates, thread
from crowdservice.search.types import SearchHit


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
    plain_view = status == 200 and not (answer_form or post_error or comment_state)
    if plain_view and not request.user.is_authenticated:
        main = anonymous_thread_html(request, question)
        context: dict[str, Any] = {"question": question, "cached_main": main}
        return render(request, "community/question_detail.html", context)
    context = thread_context(
        request,
        question,
        answer_form=answer_form or AnswerForm(),
        post_error=post_error,
        comment_state=comment_state,
        similar=similar_for(request, question),
    )
    return render(request, "community/question_detail.html", context, status=status)


def similar_for(request: HttpRequest, question: Question) -> list[SearchHit]:
    """Likely duplicates for the asker (right after asking) and moderators, while the question
    is open and unanswered. Per viewer, so never part of the anonymous cached thread."""
    if question.answer_count or question.is_deleted or question.duplicate_of_id is not None:
        return []
    if not can_close_as_duplicate(request.user, question):
        return []
    return likely_duplicates(request.user, question)


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


# Anonymous readers, most of a public community's traffic, all see the same thread. Its HTML is
# cached under the question's version, which every write to the thread bumps; the short expiry
# keeps relative times ("3 minutes ago") and authors' names fresh.
ANONYMOUS_THREAD_TTL = 60


def anonymous_thread_html(request: HttpRequest, question: Question) -> SafeString:
    key = f"thread-html:{question.pk}:{question.version}:{question.created_at.timestamp()}"
    return cached_fragment(
        key,
        ANONYMOUS_THREAD_TTL,
        lambda: render_to_string(
            "community/partials/question_main.html",
            thread_context(request, question, answer_form=AnswerForm()),
            request=request,
        ),
    )


def cached_fragment(key: str, ttl: int, render_html: Callable[[], str]) -> SafeString:
    """HTML shared by anonymous readers: from the cache, or rendered now and kept for `ttl` s."""
    cached = cache.get(key)
    if isinstance(cached, str):
        return mark_safe(cached)  # noqa: S308 - our own rendering, autoescaped and sanitized
    html = render_html()
    # Never share a page that carries a per-visitor secret.
    if "csrfmiddlewaretoken" not in html:
        cache.set(key, html, ttl)
    return mark_safe(html)  # noqa: S308 - rendered by our templates with autoescaping


# After an edit page's form: saved directly, or suggested for review.
SAVED = {
    "edited": "Your edit is saved.",
    "suggested": "Thanks! Your edit is suggested; it shows once a member who may edit this "
    "post approves it.",
}
