"""Anonymous readers share a cached rendering of the thread; any write shows at once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_add_comment, do_vote
from crowdservice.community.models import Answer, Question, Space
from crowdservice.core.errors import Forbidden
from tests.web.helpers import Browser, text

pytestmark = pytest.mark.django_db


def page(browser: Browser, question: Question) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(question.get_absolute_url())
    assert response.status_code == 200
    return text(response), len(queries)


def test_a_second_anonymous_view_is_served_from_the_cache(
    browse: Callable[[User | None], Browser], question: Question, answer: Answer
) -> None:
    _, first_queries = page(browse(None), question)
    second, second_queries = page(browse(None), question)
    assert second_queries < first_queries
    assert second_queries <= 2  # the question itself (and nothing per answer or comment)
    assert answer.body in second
    assert "csrfmiddlewaretoken" not in second


def test_every_write_to_the_thread_shows_at_once(
    browse: Callable[[User | None], Browser],
    question: Question,
    answer: Answer,
    customer: User,
    make_answer: Callable[..., Answer],
) -> None:
    page(browse(None), question)  # warm the cache
    do_vote(user=customer, target=answer, value=1)
    body, _ = page(browse(None), question)
    assert f'id="vote-answer-{answer.pk}"' in body
    assert '<span class="score">1</span>' in body
    do_add_comment(author=customer, question=question, answer=answer, body="Channel 36 it is.")
    assert "Channel 36 it is." in page(browse(None), question)[0]
    newcomer = make_answer(customer, question, "A second answer, written after caching.")
    assert f'id="answer-{newcomer.pk}"' in page(browse(None), question)[0]


def test_signed_in_readers_get_their_own_page(
    browse: Callable[[User | None], Browser], question: Question, answer: Answer, customer: User
) -> None:
    page(browse(None), question)  # an anonymous rendering is in the cache
    do_vote(user=customer, target=answer, value=1)
    mine, _ = page(browse(customer), question)
    assert 'aria-label="Upvote this answer" aria-pressed="true"' in mine
    assert "csrfmiddlewaretoken" in mine
    anonymous, _ = page(browse(None), question)
    assert 'aria-pressed="true"' not in anonymous


def test_anonymous_vote_buttons_lead_to_sign_in(
    browse: Callable[[User | None], Browser], question: Question
) -> None:
    body, _ = page(browse(None), question)
    assert f'<input type="hidden" name="next" value="{question.get_absolute_url()}">' in body
    response = browse(None).get(f"/accounts/login/?next={question.get_absolute_url()}")
    assert response.status_code == 200


def test_a_refused_write_leaves_the_version_alone(question: Question, customer: User) -> None:
    question.refresh_from_db()
    before = question.version
    # Refused after the thread was locked (and its version bumped): the bump rolls back too.
    with pytest.raises(Forbidden, match="your own question"):
        do_vote(user=customer, target=question, value=1)
    question.refresh_from_db()
    assert question.version == before


def list_page(browser: Browser, path: str = "/") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(path)
    assert response.status_code == 200
    return text(response), len(queries)


def test_anonymous_list_pages_are_shared_for_a_short_while(
    browse: Callable[[User | None], Browser],
    customer: User,
    make_question: Callable[..., Question],
    space: Space,
) -> None:
    first = make_question(customer, title="Mesh point keeps blinking amber")
    _, cold = list_page(browse(None))
    body, warm = list_page(browse(None))
    assert warm < cold
    assert warm <= 1
    assert first.title in body
    # A new question: signed-in people see it at once; anonymous readers within the TTL.
    second = make_question(customer, title="Guest network has no internet access")
    assert second.title in list_page(browse(customer))[0]
    assert second.title not in list_page(browse(None))[0]
    # Each filter and page is its own entry.
    other = list_page(browse(None), f"/spaces/{space.slug}/?sort=top")[0]
    assert second.title in other
