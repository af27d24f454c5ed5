"""Query budgets: lists and threads cost the same number of queries however big they are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.community import actions
from crowdservice.community.models import Answer, Question
from tests.api.helpers import ApiClient, new_user

Api = Callable[..., ApiClient]
MakeQuestion = Callable[..., Question]
MakeAnswer = Callable[..., Answer]

# Signed in by session: session + user; count, page, tags of the page.
LIST_CEILING = 5
# Session + user; question, answers, comments, tags; the caller's votes and follow; the caller's
# reputation (may they edit others' answers?).
THREAD_CEILING = 9


def count_queries(client: ApiClient, path: str) -> int:
    client.get(path)  # warm up: token "last used" bookkeeping, session loading
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(queries)


def viewer_client(api: Api, viewer: str, user: User) -> ApiClient:
    if viewer == "anonymous":
        return api(None)
    return api(user, token=viewer == "token")


def build_thread(
    n: int, asker: User, viewer: User, make_question: MakeQuestion, make_answer: MakeAnswer
) -> Question:
    question = make_question(asker, tags=["wifi", "router", "mesh"])
    actions.do_add_comment(author=viewer, question=question, body="Which model is it?")
    staff = new_user(f"staff{n}", Role.AGENT)
    for i in range(n):
        author = new_user(f"answerer{n}_{i}")
        answer = make_answer(author, question, f"Answer number {i} with enough text in it.")
        actions.do_add_comment(author=author, question=question, answer=answer, body="Tried it.")
        actions.do_add_comment(author=asker, question=question, answer=answer, body="Thank you")
        actions.do_vote(user=viewer, target=answer, value=1 if i % 2 else -1)
        if i % 3 == 0:
            actions.do_endorse_answer(actor=staff, answer=answer)
    actions.do_accept_answer(actor=asker, answer=answer)
    return question


@pytest.mark.parametrize("viewer", ["anonymous", "session", "token"])
def test_thread_queries_do_not_grow_with_answers(
    api: Api,
    viewer: str,
    customer: User,
    other_customer: User,
    make_question: MakeQuestion,
    make_answer: MakeAnswer,
) -> None:
    small = build_thread(2, customer, other_customer, make_question, make_answer)
    large = build_thread(12, customer, other_customer, make_question, make_answer)
    client = viewer_client(api, viewer, other_customer)

    small_count = count_queries(client, f"/questions/{small.pk}")
    large_count = count_queries(client, f"/questions/{large.pk}")

    assert len(client.get(f"/questions/{large.pk}").json()["answers"]) == 12
    assert small_count == large_count
    assert large_count <= THREAD_CEILING


@pytest.mark.parametrize("viewer", ["anonymous", "session", "token"])
def test_question_list_queries_do_not_grow_with_questions(
    api: Api,
    viewer: str,
    other_customer: User,
    space: object,
    make_question: MakeQuestion,
    make_answer: MakeAnswer,
) -> None:
    def add_questions(n: int, prefix: str) -> None:
        for i in range(n):
            author = new_user(f"{prefix}{i}")
            question = make_question(author, tags=[f"{prefix}-tag{i}", "shared"])
            make_answer(new_user(f"{prefix}answerer{i}"), question)  # last activity by another

    client = viewer_client(api, viewer, other_customer)
    add_questions(2, "small")
    small_count = count_queries(client, "/questions?page_size=20")
    add_questions(10, "large")
    large_count = count_queries(client, "/questions?page_size=20")

    assert client.get("/questions?page_size=20").json()["count"] == 12
    assert small_count == large_count
    assert large_count <= LIST_CEILING


def test_answers_list_queries_do_not_grow(
    api: Api,
    customer: User,
    other_customer: User,
    make_question: MakeQuestion,
    make_answer: MakeAnswer,
) -> None:
    small = build_thread(2, customer, other_customer, make_question, make_answer)
    large = build_thread(12, customer, other_customer, make_question, make_answer)
    client = api(other_customer)

    assert count_queries(client, f"/questions/{small.pk}/answers") == count_queries(
        client, f"/questions/{large.pk}/answers"
    )


def test_notifications_and_search_queries_do_not_grow(
    api: Api,
    customer: User,
    make_question: MakeQuestion,
    make_answer: MakeAnswer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = api(customer)
    question = make_question(customer)

    def add_answers(n: int, prefix: str) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            for i in range(n):
                make_answer(new_user(f"{prefix}{i}"), question)

    add_answers(2, "small")
    small = (count_queries(client, "/notifications"), count_queries(client, "/search?q=DFS"))
    add_answers(10, "large")
    large = (count_queries(client, "/notifications"), count_queries(client, "/search?q=DFS"))

    assert client.get("/notifications").json()["count"] == 12
    assert small == large
