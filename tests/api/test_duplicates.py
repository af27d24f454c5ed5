"""Duplicates and predicted helpfulness through the API: closing, reopening, and what threads
and lists say about them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crowdservice.accounts.models import User
from crowdservice.community import actions
from crowdservice.community.models import Answer, Question
from tests.api.helpers import ApiClient, assert_error, db_state
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

Api = Callable[..., ApiClient]
MakeQuestion = Callable[..., Question]
MakeAnswer = Callable[..., Answer]
DETAILED = (
    "This is usually DFS radar detection on the 5 GHz band. Open the wireless settings, set the "
    "5 GHz channel to 36 (a non-DFS channel), turn off DFS and save. Then reboot the router."
)


@pytest.fixture
def original(other_customer: User, make_question: MakeQuestion) -> Question:
    return make_question(other_customer, title="How do I stop the 5 GHz band dropping at night?")


def close(api: Api, user: User | None, question: Question, original_id: Any, **kw: Any) -> Any:
    return api(user, **kw).post(
        f"/questions/{question.pk}/close-as-duplicate", {"original_id": original_id}
    )


def test_close_and_reopen(
    api: Api, moderator: User, customer: User, question: Question, original: Question
) -> None:
    response = close(api, moderator, question, original.pk)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["duplicate_of"] == original.pk
    assert body["closed_at"] is not None

    thread = api(customer).get(f"/questions/{question.pk}").json()
    assert thread["duplicate_of"] == original.pk
    assert thread["closed_by"]["username"] == moderator.username
    assert thread["permissions"]["can_close_as_duplicate"] is False  # already closed
    assert thread["permissions"]["can_reopen"] is False  # askers don't reopen
    listing = api(None).get(f"/questions/{original.pk}").json()
    assert listing["duplicates"] == [
        {"id": question.pk, "title": question.title, "url": question.get_absolute_url()}
    ]
    assert listing["duplicate_of"] is None
    items = {q["id"]: q for q in api(None).get("/questions").json()["items"]}
    assert items[question.pk]["duplicate_of"] == original.pk
    assert items[original.pk]["duplicate_of"] is None
    assert api(moderator).get(f"/questions/{question.pk}").json()["permissions"]["can_reopen"]

    reopened = api(moderator).post(f"/questions/{question.pk}/reopen")
    assert reopened.status_code == 200, reopened.content
    assert reopened.json()["duplicate_of"] is None
    assert api(None).get(f"/questions/{original.pk}").json()["duplicates"] == []
    assert_error(api(moderator).post(f"/questions/{question.pk}/reopen"), 409, "conflict")


def test_a_bearer_token_closes_too(
    api: Api, admin_user: User, question: Question, original: Question
) -> None:
    assert close(api, admin_user, question, original.pk, token=True).status_code == 200


def test_answering_a_duplicate_is_a_409(
    api: Api, moderator: User, other_customer: User, question: Question, original: Question
) -> None:
    close(api, moderator, question, original.pk)
    response = api(other_customer).post(
        f"/questions/{question.pk}/answers", {"body": "Set the channel to 36 and disable DFS."}
    )
    body = assert_error(response, 409, "conflict")
    assert "answer the original question instead" in body["detail"]


@pytest.mark.parametrize(
    ("original_id", "status", "detail"),
    [
        ("self", 422, "can't be a duplicate of itself"),
        (999_999, 422, "There is no question 999999"),
        ("deleted", 422, "There is no question"),
        ("a duplicate of this one", 422, "already closed as a duplicate of this one"),
        ("abc", 422, None),
        (0, 422, None),
        (2**70, 422, None),
        (None, 422, None),
    ],
)
def test_bad_originals_are_4xx_never_500(
    original_id: Any, status: int, detail: str | None, api: Api, customer: User,
    moderator: User, question: Question, make_question: MakeQuestion,
) -> None:  # fmt: skip
    if original_id == "self":
        original_id = question.pk
    elif original_id == "deleted":
        gone = make_question(customer)
        original_id = actions.do_delete_question(actor=customer, question=gone).pk
    elif original_id == "a duplicate of this one":
        dup = make_question(customer)
        found = actions.check_original(actor=moderator, question=dup, original_id=question.pk)
        original_id = actions.do_close_as_duplicate(
            actor=moderator, question=dup, original=found
        ).pk
    before = db_state()
    body = assert_error(close(api, customer, question, original_id), status)
    if detail:
        assert detail in body["detail"]
        assert body["fields"]["original_id"]
    assert db_state() == before


def test_closing_a_missing_or_closed_question(
    api: Api, moderator: User, question: Question, original: Question
) -> None:
    missing = api(moderator).post("/questions/999999/close-as-duplicate", {"original_id": 1})
    assert_error(missing, 404, "not_found")
    close(api, moderator, question, original.pk)
    again = close(api, moderator, question, original.pk)
    assert "reopen it first" in assert_error(again, 409, "conflict")["detail"]
    assert_error(api(moderator).post("/questions/999999/reopen"), 404, "not_found")


def test_session_writes_need_the_csrf_token(
    api: Api, moderator: User, question: Question, original: Question
) -> None:
    assert close(api, moderator, question, original.pk, csrf=False).status_code == 403
    assert Question.objects.get(pk=question.pk).duplicate_of is None


def test_thread_answers_carry_helpfulness_and_the_askers_suggestion(
    api: Api, customer: User, other_customer: User, question: Question,
    make_answer: MakeAnswer, django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        chatter = make_answer(make_user("chatty"), question, "Thanks, me too! Same here.")
        detailed = make_answer(other_customer, question, DETAILED)
    mine = api(customer).get(f"/questions/{question.pk}").json()["answers"]
    assert [a["id"] for a in mine] == [detailed.pk, chatter.pk]  # fresh: predicted order
    assert all(isinstance(a["helpfulness"], float) for a in mine)
    assert mine[0]["helpfulness"] > mine[1]["helpfulness"]
    assert [a["suggested_accept"] for a in mine] == [True, False]
    listed = api(customer).get(f"/questions/{question.pk}/answers").json()
    assert [a["suggested_accept"] for a in listed] == [True, False]
    for viewer in (None, other_customer):
        theirs = api(viewer).get(f"/questions/{question.pk}").json()["answers"]
        assert [a["id"] for a in theirs] == [detailed.pk, chatter.pk]
        assert not any(a["suggested_accept"] for a in theirs)
    one = api(customer).get(f"/answers/{chatter.pk}").json()
    assert one["helpfulness"] == mine[1]["helpfulness"]
