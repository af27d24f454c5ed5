"""Duplicates and answer suggestions on the pages: the notice and the links on both threads, the
moderator's and the asker's ways to close, the per-viewer boxes kept out of the anonymous cache."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    check_original,
    do_close_as_duplicate,
    do_delete_question,
)
from crowdservice.community.models import Answer, Question, Space
from tests.conftest import make_user
from tests.web.helpers import Browser, is_fragment, text

pytestmark = pytest.mark.django_db

Browse = Callable[[User | None], Browser]
Ask = Callable[..., Question]
NOTICE = "Closed as a duplicate of:"
SIMILAR = "Similar questions that may already answer this"
HINT = "This answer looks likely to solve your question — accept it if it does"
BOX = "Close as duplicate…"
DETAILED = (
    "This is usually DFS radar detection on the 5 GHz band. Open the wireless settings, set the "
    "5 GHz channel to 36 (a non-DFS channel), turn off DFS and save. Then reboot the router. "
    "Firmware 2.1.4 also fixes a bug where the 5 GHz radio restarts every evening."
)


def page(browser: Browser, question: Question) -> str:
    response = browser.get(Question.objects.get(pk=question.pk).get_absolute_url())
    assert response.status_code == 200
    return text(response)


def close(actor: User, question: Question, original: Question) -> Question:
    found = check_original(actor=actor, question=question, original_id=original.pk)
    return do_close_as_duplicate(actor=actor, question=question, original=found)


def close_url(question: Question) -> str:
    return f"/questions/{question.pk}/duplicate/"


@pytest.fixture
def original(other_customer: User, make_question: Ask) -> Question:
    return make_question(other_customer, title="How do I stop the 5 GHz band dropping at night?")


def test_both_pages_show_the_link_for_every_reader(
    browse: Browse, moderator: User, customer: User, question: Question, original: Question,
    make_answer: Callable[..., Answer],
) -> None:  # fmt: skip
    answer = make_answer(make_user("helper"), question)
    page(browse(None), original)  # anonymous renderings of both threads are in the cache
    page(browse(None), question)
    close(moderator, question, original)
    for viewer in (None, customer, moderator):
        duplicate = page(browse(viewer), question)
        assert NOTICE in duplicate
        assert f'<a href="{original.get_absolute_url()}">{original.title}</a>' in duplicate
        assert f"by {moderator.public_name}." in duplicate
        assert f'id="answer-{answer.pk}"' in duplicate  # existing answers stay
        assert f'action="/questions/{question.pk}/answer/"' not in duplicate  # no answer form
        assert "takes no new answers" in duplicate
        listing = page(browse(viewer), original)
        assert "Duplicates of this question" in listing
        assert f'<a href="{question.get_absolute_url()}">{question.title}</a>' in listing
    assert "Reopen" in page(browse(moderator), question)
    assert "Reopen" not in page(browse(customer), question)
    assert "Reopen" not in page(browse(None), question)


def test_lists_mark_duplicates(
    browse: Browse, moderator: User, question: Question, original: Question
) -> None:
    close(moderator, question, original)
    body = text(browse(None).get("/"))
    rows = body.split('<li class="question-row">')[1:]
    marked = [row for row in rows if "badge-duplicate" in row]
    assert len(marked) == 1
    assert f">{question.title}</a>" in marked[0]
    assert '<span class="badge badge-duplicate">Duplicate</span>' in marked[0]


def test_answering_a_duplicate_is_refused_with_a_message(
    browse: Browse, moderator: User, other_customer: User, question: Question, original: Question
) -> None:
    close(moderator, question, original)
    url = f"/questions/{question.pk}/answer/"
    body = {"body": "Set the channel to 36 and disable DFS in the settings."}
    response = browse(other_customer).post(url, body)
    assert response.status_code == 409
    assert "answer the original question instead" in text(response)
    response = browse(other_customer).post(url, body, htmx=True)
    assert response.status_code == 409
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("role", "sees_box"),
    [
        (None, False),
        ("customer", True),  # the asker may close their own
        ("other_customer", False),
        ("agent", False),
        ("editor", False),
        ("moderator", True),
        ("admin_user", True),
    ],
)
def test_who_gets_the_close_as_duplicate_box(
    role: str | None, sees_box: bool, request: pytest.FixtureRequest, browse: Browse,
    question: Question, make_answer: Callable[..., Answer],
) -> None:  # fmt: skip
    make_answer(make_user("helper"), question)
    viewer = request.getfixturevalue(role) if role else None
    assert (BOX in page(browse(viewer), question)) is sees_box
    if role is None:
        assert browse(None).get(close_url(question)).status_code == 302  # to sign in
    elif not sees_box:
        assert browse(viewer).get(close_url(question)).status_code == 403
        target = Question.objects.exclude(pk=question.pk).first()
        response = browse(viewer).post(close_url(question), {"original_id": str(question.pk)})
        assert response.status_code == 403
        assert target is None or not Question.objects.filter(duplicate_of__isnull=False).exists()


@pytest.mark.parametrize(
    "given", ["{id}", "#{id}", "http://testserver/questions/{id}/how-do-i/", "/questions/{id}/"]
)
def test_a_moderator_closes_by_number_or_link(
    given: str, browse: Browse, moderator: User, question: Question, original: Question
) -> None:
    browser = browse(moderator)
    response = browser.post(close_url(question), {"original_id": given.format(id=original.pk)})
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert Question.objects.get(pk=question.pk).duplicate_of == original
    assert f"Closed as a duplicate of “{original.title}”" in page(browser, question)


@pytest.mark.parametrize(
    ("given", "status", "message"),
    [
        ("", 422, "Enter the number or the link of the question"),
        ("not a question", 422, "Enter the question&#x27;s number (like 123)"),
        ("999999", 422, "There is no question 999999"),
        ("{self}", 422, "can&#x27;t be a duplicate of itself"),
        ("{deleted}", 422, "There is no question {deleted}"),
    ],
)
def test_bad_input_gets_a_message_never_a_500(
    given: str, status: int, message: str, browse: Browse, customer: User, moderator: User,
    question: Question, make_question: Ask,
) -> None:  # fmt: skip
    deleted = do_delete_question(actor=customer, question=make_question(customer))
    ids = {"self": question.pk, "deleted": deleted.pk}
    # The asker (a customer) closing their own: a deleted question does not exist for them.
    response = browse(customer).post(close_url(question), {"original_id": given.format(**ids)})
    assert response.status_code == status
    assert message.format(**ids) in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert Question.objects.get(pk=question.pk).duplicate_of is None


def test_closing_a_closed_question_again_is_a_conflict(
    browse: Browse, moderator: User, customer: User, question: Question, original: Question,
    make_question: Ask,
) -> None:  # fmt: skip
    close(moderator, question, original)
    other = make_question(customer)
    response = browse(moderator).post(close_url(question), {"original_id": str(other.pk)})
    assert response.status_code == 409
    assert "already closed as a duplicate" in text(response)
    response = browse(moderator).get(close_url(question))
    assert "already closed as a duplicate" in text(response)
    assert Question.objects.get(pk=question.pk).duplicate_of == original


def test_reopening_from_the_page(
    browse: Browse, moderator: User, customer: User, question: Question, original: Question
) -> None:
    close(moderator, question, original)
    refused = browse(customer).post(f"/questions/{question.pk}/reopen/")
    assert refused.status_code == 403
    assert "Only moderators can reopen" in text(refused)
    response = browse(moderator).post(f"/questions/{question.pk}/reopen/")
    assert response.status_code == 302
    assert NOTICE not in page(browse(None), question)
    assert "Duplicates of this question" not in page(browse(None), original)
    again = browse(moderator).post(f"/questions/{question.pk}/reopen/")
    assert again.status_code == 409
    assert "not closed as a duplicate" in text(again)


def test_closing_and_reopening_need_the_csrf_token(
    browse: Browse, moderator: User, question: Question, original: Question
) -> None:
    browser = browse(moderator)
    data = {"original_id": str(original.pk)}
    assert browser.post(close_url(question), data, csrf=False).status_code == 403
    assert Question.objects.get(pk=question.pk).duplicate_of is None
    close(moderator, question, original)
    assert browser.post(f"/questions/{question.pk}/reopen/", csrf=False).status_code == 403
    assert Question.objects.get(pk=question.pk).duplicate_of == original


# --- Likely duplicates for the asker and moderators ------------------------------------------


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """`with committed():` runs the consumers of the block's writes (search indexing, ranking)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ask(browser: Browser, space: Space, title: str) -> Question:
    body = "The password of the guest network goes back to the default every few days."
    response = browser.post(
        "/questions/ask/", {"space": str(space.pk), "title": title, "body": body, "tags": "wifi"}
    )
    assert response.status_code == 302, text(response)[:2000]
    return Question.objects.get(title=title)


def test_right_after_asking_the_asker_sees_similar_questions(
    browse: Browse, customer: User, other_customer: User, moderator: User, space: Space,
    make_question: Ask, committed: Callable[[], Any],
) -> None:  # fmt: skip
    with committed():
        earlier = make_question(other_customer, title="Guest network password keeps resetting")
        hidden = make_question(other_customer, title="Guest network password reset by itself")
    with committed():
        do_delete_question(actor=other_customer, question=hidden)
    asker = browse(customer)
    with committed():
        mine = ask(asker, space, "Why does my guest network password keep resetting?")
    body = page(asker, mine)
    assert SIMILAR in body
    assert f'href="{earlier.get_absolute_url()}"' in body
    assert "This is my question — close mine as a duplicate" in body
    assert hidden.title not in body  # a deleted question is never offered to a customer
    assert mine.get_absolute_url() + '"' not in body.split(SIMILAR, 1)[1].split("</section>")[0]
    moderator_page = page(browse(moderator), mine)
    assert SIMILAR in moderator_page
    assert "Close as duplicate of this" in moderator_page
    assert hidden.title not in moderator_page  # can't close into a deleted question either
    for viewer in (None, other_customer):
        assert SIMILAR not in page(browse(viewer), mine)
    # One click: the asker closes theirs as a duplicate of the earlier question.
    response = asker.post(close_url(mine), {"original_id": str(earlier.pk)})
    assert response.status_code == 302
    closed = page(asker, mine)
    assert NOTICE in closed
    assert SIMILAR not in closed
    assert f"by {customer.public_name}." in closed


def test_no_similar_box_once_the_question_has_answers(
    browse: Browse, customer: User, other_customer: User, make_question: Ask,
    make_answer: Callable[..., Answer], committed: Callable[[], Any],
) -> None:  # fmt: skip
    with committed():
        make_question(other_customer, title="Guest network password keeps resetting")
        mine = make_question(customer, title="Guest network password resets every day")
    assert SIMILAR in page(browse(customer), mine)
    make_answer(other_customer, mine)
    assert SIMILAR not in page(browse(customer), mine)


def test_the_moderator_box_loads_its_choices_on_demand(
    browse: Browse, moderator: User, customer: User, other_customer: User, make_question: Ask,
    make_answer: Callable[..., Answer], committed: Callable[[], Any],
) -> None:  # fmt: skip
    with committed():
        earlier = make_question(other_customer, title="Guest network password keeps resetting")
        mine = make_question(customer, title="Guest network password resets every day")
    make_answer(other_customer, mine)
    body = page(browse(moderator), mine)
    assert BOX in body
    assert SIMILAR not in body  # answered: the page itself runs no search
    fragment = browse(moderator).get(close_url(mine), htmx=True)
    assert fragment.status_code == 200
    assert is_fragment(fragment)
    assert f'value="{earlier.pk}"' in text(fragment)
    full = browse(moderator).get(close_url(mine))
    assert not is_fragment(full)
    assert "Likely duplicates" in text(full)
    assert f'value="{earlier.pk}"' in text(full)


def test_the_similar_box_costs_the_same_queries_however_many_hits(
    browse: Browse, customer: User, other_customer: User, make_question: Ask,
    committed: Callable[[], Any],
) -> None:  # fmt: skip
    with committed():
        make_question(other_customer, title="Guest network password keeps resetting")
        mine = make_question(customer, title="Guest network password resets every day")
    asker = browse(customer)

    def queries() -> int:
        page(asker, mine)  # warm up
        with CaptureQueriesContext(connection) as captured:
            body = page(asker, mine)
        assert SIMILAR in body
        return len(captured)

    few = queries()
    with committed():
        for n in range(5):
            make_question(make_user(f"asker_{n}"), title=f"Guest network password lost ({n})")
    assert queries() == few


def test_the_original_costs_the_same_queries_however_many_duplicates(
    browse: Browse, moderator: User, customer: User, original: Question, make_question: Ask
) -> None:
    close(moderator, make_question(customer), original)
    reader = browse(customer)

    def queries() -> int:
        page(reader, original)
        with CaptureQueriesContext(connection) as captured:
            page(reader, original)
        return len(captured)

    one = queries()
    for _ in range(4):
        close(moderator, make_question(customer), original)
    assert queries() == one


# --- The suggested answer to accept --------------------------------------------------------


def test_the_accept_hint_shows_only_to_the_asker(
    browse: Browse, customer: User, other_customer: User, moderator: User, question: Question,
    make_answer: Callable[..., Answer], committed: Callable[[], Any],
) -> None:  # fmt: skip
    with committed():
        make_answer(make_user("chatty"), question, "Thanks, me too! Same problem here.")
        detailed = make_answer(other_customer, question, DETAILED)
    page(browse(None), question)  # the anonymous rendering is cached first
    mine = page(browse(customer), question)
    assert mine.count(HINT) == 1
    block = re.search(rf'<article id="answer-{detailed.pk}".*?</article>', mine, re.S)
    assert block
    assert HINT in block.group(0)
    for viewer in (None, other_customer, moderator):
        assert HINT not in page(browse(viewer), question)
