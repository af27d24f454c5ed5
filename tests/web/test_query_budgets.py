"""The list and the question page cost a fixed number of queries, however much content they show."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.community.actions import (
    do_accept_answer,
    do_add_comment,
    do_endorse_answer,
    do_vote,
    do_vote_to_close,
)
from crowdservice.community.models import Answer, Question
from tests.conftest import make_user
from tests.web.helpers import Browser

pytestmark = pytest.mark.django_db

LIST_CEILING = 10  # measured: 9 signed in on a space or tag page
QUESTION_CEILING = 11  # measured: 11 signed in (viewer reputation and the support notice: 1 each)


def count_queries(browser: Browser, url: str) -> int:
    browser.get(url)  # warm up: session, site and content-type caches
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)
    assert response.status_code == 200
    return len(queries)


def grow_thread(question: Question, asker: User, answers: int, *, start: int) -> None:
    """Add answers by distinct people, each with a comment and votes, one endorsed, one accepted."""
    agent = User.objects.get(username="budget_agent")
    for n in range(start, start + answers):
        person = make_user(f"answerer_{n}", display_name=f"Answerer Number {n}")
        answer = Answer.objects.create(
            question=question,
            author=person,
            body=f"Answer number {n} with enough words to pass.",
            body_html=f"<p>Answer number {n}</p>",
            created_at=question.created_at,
        )
        do_add_comment(author=asker, question=question, answer=answer, body=f"Thanks {n}!")
        do_vote(user=asker, target=answer, value=1)
        do_vote(user=agent, target=answer, value=1)
        if n == 0:
            do_accept_answer(actor=asker, answer=answer)
            do_endorse_answer(actor=agent, answer=answer)
    do_add_comment(author=agent, question=question, body=f"Question comment {start}.")


@pytest.mark.parametrize("role", [None, Role.CUSTOMER, Role.AGENT, Role.MODERATOR])
def test_the_question_page_does_not_grow_with_answers_and_comments(
    role: Role | None,
    browse: Callable[[User | None], Browser],
    customer: User,
    make_question: Callable[..., Question],
) -> None:
    make_user("budget_agent", Role.AGENT)
    viewer = make_user(f"viewer_{role}", role) if role else None
    question = make_question(customer)
    browser = browse(viewer)
    grow_thread(question, customer, 2, start=0)
    small = count_queries(browser, question.get_absolute_url())
    grow_thread(question, customer, 10, start=2)
    assert Answer.objects.filter(question=question).count() == 12
    large = count_queries(browser, question.get_absolute_url())
    assert small == large
    assert large <= QUESTION_CEILING


def test_the_asker_sees_the_page_in_the_same_budget(
    browse: Callable[[User | None], Browser],
    customer: User,
    make_question: Callable[..., Question],
) -> None:
    make_user("budget_agent", Role.AGENT)
    question = make_question(customer)
    browser = browse(customer)
    grow_thread(question, customer, 2, start=0)
    small = count_queries(browser, question.get_absolute_url())
    grow_thread(question, customer, 10, start=2)
    assert count_queries(browser, question.get_absolute_url()) == small


@pytest.mark.parametrize("role", [None, Role.CUSTOMER, Role.MODERATOR])
@pytest.mark.parametrize("url", ["/", "/questions/?sort=active", "/spaces/wifi/", "/tags/wifi/"])
def test_the_question_list_does_not_grow_with_questions(
    role: Role | None,
    url: str,
    browse: Callable[[User | None], Browser],
    make_question: Callable[..., Question],
) -> None:
    viewer = make_user(f"viewer_{role}", role) if role else None
    browser = browse(viewer)

    def add_questions(start: int, count: int) -> None:
        for n in range(start, start + count):
            author = make_user(f"asker_{n}", display_name=f"Asker {n}")
            make_question(author, tags=["wifi", f"topic-{n}", f"extra-{n}"])

    add_questions(0, 2)
    small = count_queries(browser, url)
    add_questions(2, 10)
    large = count_queries(browser, url)
    assert small == large
    assert large <= LIST_CEILING


def test_close_voters_see_the_round_in_one_more_query_that_does_not_grow(
    browse: Callable[[User | None], Browser],
    customer: User,
    make_question: Callable[..., Question],
) -> None:
    """Members with the `close` step see the live vote round: one query (the round's votes),
    only for them; readers' pages are unchanged (the test above)."""
    ladder = {**settings.CROWDSERVICE_PRIVILEGES, "close": 0}
    with override_settings(CROWDSERVICE_PRIVILEGES=ladder, CROWDSERVICE_CLOSE_VOTES=10):
        question = make_question(customer)
        browser = browse(make_user("budget_closer"))
        do_vote_to_close(actor=make_user("closer_0"), question=question, reason="off_topic")
        small = count_queries(browser, question.get_absolute_url())
        for n in range(1, 5):
            do_vote_to_close(actor=make_user(f"closer_{n}"), question=question, reason="off_topic")
        assert "5 of 10 votes" in browser.get(question.get_absolute_url()).content.decode()
        assert count_queries(browser, question.get_absolute_url()) == small
        assert small <= QUESTION_CEILING + 1
