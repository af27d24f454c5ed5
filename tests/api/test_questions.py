"""Questions through the API: listing, asking, reading a thread, editing, deleting, voting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crowdservice.accounts.models import User
from crowdservice.community import actions
from crowdservice.community.models import Answer, Follow, Question, Revision, Space, Vote
from crowdservice.core.models import Event
from tests.api.helpers import ApiClient, assert_error, db_state

Api = Callable[..., ApiClient]
MakeQuestion = Callable[..., Question]
MakeAnswer = Callable[..., Answer]

NEW = {
    "space": "wifi",
    "title": "Mesh satellites lose the backhaul at night",
    "body": "Both satellites go **amber** around 2am and come back an hour later.",
    "tags": ["Mesh", "#backhaul"],
}


def ask(api: Api, user: User, **changes: Any) -> Any:
    return api(user).post("/questions", {**NEW, **changes})


# --- Asking -----------------------------------------------------------------------------------


def test_ask_question(api: Api, customer: User, space: Space) -> None:
    response = ask(api, customer)

    assert response.status_code == 201, response.content
    body = response.json()
    question = Question.objects.get(pk=body["id"])
    assert question.author == customer
    assert question.space == space
    assert body["title"] == NEW["title"]
    assert body["body"] == NEW["body"]
    assert body["body_html"] == (
        "<p>Both satellites go <strong>amber</strong> around 2am and come back an hour later.</p>\n"
    )
    assert body["tags"] == ["backhaul", "mesh"]
    assert body["author"] == {
        "username": "carol_customer",
        "display_name": "Carol Customer",
        "initials": "CC",
    }
    assert body["space"] == {"slug": "wifi", "name": "Wi-Fi & Connectivity"}
    assert body["url"] == question.get_absolute_url()
    assert Follow.objects.filter(user=customer, question=question).exists()
    assert Revision.objects.filter(question=question).count() == 1
    space.refresh_from_db()
    assert space.question_count == 1


def test_html_in_markdown_is_escaped(api: Api, customer: User, space: Space) -> None:
    body = "<script>alert(1)</script> and [a link](javascript:alert(1)) in the body"

    response = ask(api, customer, body=body)

    assert response.status_code == 201
    assert "<script>" not in response.json()["body_html"]
    assert 'href="javascript' not in response.json()["body_html"]
    assert response.json()["body"] == body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "Too short"}, "title", "The title must be at least 15 characters (it has 9)."),
        (
            {"title": "t" * 201},
            "title",
            "The title can be at most 200 characters (it has 201).",
        ),
        (
            {"body": "Too short body."},
            "body",
            "The body must be at least 20 characters (it has 15).",
        ),
        (
            {"body": "b" * 32_001},
            "body",
            "The body can be at most 32,000 characters (it has 32,001).",
        ),
        ({"space": "no-such-space"}, "space", "Choose the product area your question is about."),
        ({"tags": ["a b c", "x", "y", "z", "w", "v"]}, "tags", "Use at most 5 tags (you gave 6)."),
    ],
)
def test_ask_rejects_bad_fields_and_writes_nothing(
    api: Api, customer: User, space: Space, changes: dict[str, Any], field: str, message: str
) -> None:
    before = db_state()

    response = ask(api, customer, **changes)

    body = assert_error(response, 422, "validation_error")
    assert body["fields"][field][0] == message
    assert db_state() == before


def test_ask_reports_every_bad_field_at_once(api: Api, customer: User, space: Space) -> None:
    response = ask(api, customer, title="short", body="short", space="nope")

    body = assert_error(response, 422)
    assert set(body["fields"]) == {"title", "body", "space"}


@pytest.mark.parametrize(("title_len", "body_len"), [(15, 20), (200, 32_000)])
def test_ask_accepts_the_limits(
    api: Api, customer: User, space: Space, title_len: int, body_len: int
) -> None:
    response = ask(api, customer, title="t" * title_len, body="b" * body_len)

    assert response.status_code == 201, response.content
    assert len(Question.objects.get().title) == title_len


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"title": 42, "body": NEW["body"], "space": "wifi"}, {"title"}),
        ({**NEW, "tags": "wifi, mesh"}, {"tags"}),
        ({**NEW, "tags": [1, 2]}, {"tags.0", "tags.1"}),
        ({"title": NEW["title"]}, {"space", "body"}),
        ({**NEW, "title": None}, {"title"}),
        ({**NEW, "body": "Null \x00 character inside the body"}, {"body"}),
    ],
)
def test_ask_wrong_types_are_field_errors(
    api: Api, customer: User, space: Space, payload: dict[str, Any], fields: set[str]
) -> None:
    before = db_state()

    body = assert_error(api(customer).post("/questions", payload), 422, "validation_error")

    assert set(body["fields"]) == fields
    for name in fields:
        assert name in body["detail"]
    assert db_state() == before


# --- Reading ----------------------------------------------------------------------------------


def test_thread_orders_answers_by_trust_and_shows_my_state(
    api: Api,
    customer: User,
    other_customer: User,
    third: User,
    agent: User,
    moderator: User,
    question: Question,
    make_answer: MakeAnswer,
) -> None:
    plain = make_answer(third, question, "Plain answer with nothing special about it.")
    popular = make_answer(agent, question, "Popular answer that many people voted for.")
    accepted = make_answer(other_customer, question, "The answer that the asker accepted.")
    endorsed = make_answer(third, question, "The answer that the company endorsed.")
    for voter in (customer, other_customer, moderator):
        actions.do_vote(user=voter, target=popular, value=1)
    actions.do_vote(user=customer, target=plain, value=-1)
    actions.do_accept_answer(actor=customer, answer=accepted)
    actions.do_endorse_answer(actor=moderator, answer=endorsed)
    actions.do_add_comment(author=third, question=question, body="Which model is the router?")
    actions.do_add_comment(author=customer, question=question, answer=accepted, body="Thanks!")

    body = api(customer).get(f"/questions/{question.pk}").json()

    order = [(a["id"], a["trust_tier"], a["is_accepted"]) for a in body["answers"]]
    assert order == [
        (accepted.pk, "community", True),
        (endorsed.pk, "endorsed", False),
        (popular.pk, "community", False),
        (plain.pk, None, False),
    ]
    by_id = {a["id"]: a for a in body["answers"]}
    assert by_id[plain.pk]["my_vote"] == -1
    assert by_id[popular.pk]["my_vote"] == 1
    assert by_id[popular.pk]["score"] == 3
    assert by_id[endorsed.pk]["endorsed_by"]["username"] == moderator.username
    assert [c["body"] for c in by_id[accepted.pk]["comments"]] == ["Thanks!"]
    assert [c["body"] for c in body["comments"]] == ["Which model is the router?"]
    assert body["is_following"] is True
    assert body["my_vote"] == 0
    assert body["permissions"] == {
        "can_edit": True,
        "can_delete": True,
        "can_accept": True,
        "can_endorse": False,
        "can_moderate": False,
        "can_close_as_duplicate": True,  # askers may close their own question as a duplicate
        "can_reopen": False,
    }
    assert body["accepted_answer_id"] == accepted.pk
    assert body["is_answered"] is True


def test_thread_for_anonymous_has_no_personal_state(
    api: Api, other_customer: User, question: Question, answer: Answer
) -> None:
    actions.do_vote(user=other_customer, target=question, value=1)

    body = api(None).get(f"/questions/{question.pk}").json()

    assert body["my_vote"] == 0
    assert body["is_following"] is False
    assert body["score"] == 1
    assert body["answers"][0]["my_vote"] == 0
    assert not any(body["permissions"].values())


def test_answers_endpoint_matches_the_thread(
    api: Api, customer: User, question: Question, answer: Answer, make_answer: MakeAnswer
) -> None:
    second = make_answer(customer, question, "Self answer: a firmware update fixed it.")
    actions.do_accept_answer(actor=customer, answer=second)

    answers = api(None).get(f"/questions/{question.pk}/answers").json()

    assert [a["id"] for a in answers] == [second.pk, answer.pk]
    assert answers[0]["is_accepted"] is True


def test_unknown_question_is_404(api: Api, customer: User) -> None:
    for path in ("/questions/999999", "/questions/999999/answers", "/questions/999999/revisions"):
        body = assert_error(api(customer).get(path), 404, "not_found")
        assert body["detail"] == "Question 999999 does not exist or was deleted."
    assert_error(api(customer).patch("/questions/999999", {"title": "x" * 20}), 404)
    assert_error(api(customer).post("/questions/999999/vote", {"value": 1}), 404)


@pytest.mark.parametrize("path", ["/questions/abc", "/questions/0", "/questions/9" + "9" * 30])
def test_malformed_question_id_is_422(api: Api, path: str) -> None:
    body = assert_error(api(None).get(path), 422, "validation_error")
    assert list(body["fields"]) == ["question_id"]


# --- Listing ----------------------------------------------------------------------------------


def test_list_questions_paginates(api: Api, customer: User, make_question: MakeQuestion) -> None:
    made = [make_question(customer) for _ in range(5)]

    body = api(None).get("/questions", {"page_size": 2, "page": 2}).json()

    assert (body["count"], body["page"], body["page_size"], body["pages"]) == (5, 2, 2, 3)
    assert [q["id"] for q in body["items"]] == [made[2].pk, made[1].pk]
    assert body["items"][0]["excerpt"].startswith("Every evening")
    assert "body" not in body["items"][0]
    last = api(None).get("/questions", {"page_size": 2, "page": 9}).json()
    assert (last["items"], last["count"], last["pages"]) == ([], 5, 3)


def test_list_questions_sorts(
    api: Api,
    customer: User,
    other_customer: User,
    make_question: MakeQuestion,
    make_answer: MakeAnswer,
) -> None:
    old, mid, new = (make_question(customer) for _ in range(3))
    actions.do_vote(user=other_customer, target=mid, value=1)
    answer = make_answer(other_customer, old)  # old becomes the most active
    actions.do_accept_answer(actor=customer, answer=answer)

    def ids(sort: str) -> list[int]:
        return [q["id"] for q in api(None).get("/questions", {"sort": sort}).json()["items"]]

    assert ids("newest") == [new.pk, mid.pk, old.pk]
    assert ids("active") == [old.pk, new.pk, mid.pk]
    assert ids("top") == [mid.pk, new.pk, old.pk]
    assert ids("unanswered") == [new.pk, mid.pk]


def test_list_questions_filters(
    api: Api,
    customer: User,
    other_customer: User,
    space: Space,
    make_question: MakeQuestion,
) -> None:
    billing = Space.objects.create(slug="billing", name="Billing")
    wifi_q = make_question(customer, tags=["wifi"])
    bill_q = make_question(other_customer, space_id=billing.pk, tags=["invoice"])

    def ids(**params: str) -> list[int]:
        response = api(None).get("/questions", params)
        assert response.status_code == 200, response.content
        return [q["id"] for q in response.json()["items"]]

    assert ids(space="billing") == [bill_q.pk]
    assert ids(tag="wifi") == [wifi_q.pk]
    assert ids(tag="#Invoice") == [bill_q.pk]
    assert ids(author=customer.username) == [wifi_q.pk]
    assert ids(space="wifi", author=other_customer.username) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"space": "nowhere"}, "There is no space called 'nowhere'."),
        ({"tag": "nothing"}, "There is no tag called 'nothing'."),
        ({"author": "nobody"}, "There is no user called 'nobody'."),
    ],
)
def test_list_questions_unknown_filter_is_404(
    api: Api, question: Question, params: dict[str, str], message: str
) -> None:
    assert assert_error(api(None).get("/questions", params), 404)["detail"] == message


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "hot"}, "sort"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"space": "../etc"}, "space"),
    ],
)
def test_list_questions_bad_parameters_are_422(
    api: Api, params: dict[str, str], field: str
) -> None:
    body = assert_error(api(None).get("/questions", params), 422, "validation_error")
    assert list(body["fields"]) == [field]


def test_tags_popular_first_with_prefix(
    api: Api, customer: User, make_question: MakeQuestion
) -> None:
    make_question(customer, tags=["wifi", "router"])
    make_question(customer, tags=["wifi", "wired"])
    make_question(customer, tags=["billing"])

    everything = api(None).get("/tags").json()
    prefixed = api(None).get("/tags", {"q": "WI", "page_size": 1}).json()

    assert [(t["name"], t["question_count"]) for t in everything["items"]] == [
        ("wifi", 2),
        ("billing", 1),
        ("router", 1),
        ("wired", 1),
    ]
    assert prefixed["items"] == [{"name": "wifi", "question_count": 2}]
    assert (prefixed["count"], prefixed["pages"]) == (2, 2)


def test_spaces(api: Api, question: Question) -> None:
    Space.objects.create(slug="billing", name="Billing", position=5)

    spaces = api(None).get("/spaces").json()
    one = api(None).get("/spaces/wifi").json()

    assert [s["slug"] for s in spaces] == ["wifi", "billing"]
    assert one == {
        "slug": "wifi",
        "name": "Wi-Fi & Connectivity",
        "description": "Signal",
        "question_count": 1,
        "url": one["url"],
    }
    assert_error(api(None).get("/spaces/nowhere"), 404, "not_found")


# --- Editing ----------------------------------------------------------------------------------


def test_edit_question_adds_a_revision(api: Api, customer: User, question: Question) -> None:
    Space.objects.create(slug="billing", name="Billing")

    response = api(customer).patch(
        f"/questions/{question.pk}",
        {"title": "Router drops 5 GHz every evening at 8pm", "space": "billing", "summary": "typo"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Router drops 5 GHz every evening at 8pm"
    assert response.json()["space"]["slug"] == "billing"
    assert response.json()["tags"] == ["5ghz", "wifi"]
    question.refresh_from_db()
    assert question.space.slug == "billing"
    revisions = api(None).get(f"/questions/{question.pk}/revisions").json()
    assert [(r["number"], r["title"], r["summary"]) for r in revisions] == [
        (1, "Router keeps dropping the 5 GHz band (case 1)", ""),
        (2, "Router drops 5 GHz every evening at 8pm", "typo"),
    ]
    assert revisions[1]["author"]["username"] == customer.username


def test_edit_question_validation_writes_nothing(
    api: Api, customer: User, question: Question
) -> None:
    before = db_state()
    client = api(customer)

    short = client.patch(f"/questions/{question.pk}", {"title": "Short", "body": "b" * 40})
    nowhere = client.patch(f"/questions/{question.pk}", {"space": "nowhere"})

    assert assert_error(short, 422)["fields"] == {
        "title": ["The title must be at least 15 characters (it has 5)."]
    }
    assert assert_error(nowhere, 422)["fields"] == {
        "space": ["There is no space called 'nowhere'."]
    }
    assert db_state() == before


def test_others_cannot_edit(api: Api, other_customer: User, question: Question) -> None:
    before = db_state()

    response = api(other_customer).patch(f"/questions/{question.pk}", {"body": "x" * 50})

    assert assert_error(response, 403)["detail"] == "You can only edit your own questions."
    assert db_state() == before


# --- Deleting ---------------------------------------------------------------------------------


def test_delete_and_undelete_question(
    api: Api, customer: User, moderator: User, question: Question
) -> None:
    assert api(customer).delete(f"/questions/{question.pk}").status_code == 204
    question.refresh_from_db()
    assert question.deleted_at is not None
    assert question.deleted_by == customer
    assert_error(api(customer).get(f"/questions/{question.pk}"), 404)
    assert api(moderator).get(f"/questions/{question.pk}").json()["is_deleted"] is True

    response = api(moderator).post(f"/questions/{question.pk}/undelete")

    assert response.status_code == 200
    assert response.json()["is_deleted"] is False
    question.refresh_from_db()
    assert question.deleted_at is None
    assert api(customer).get(f"/questions/{question.pk}").status_code == 200


def test_asker_cannot_delete_an_answered_question(
    api: Api, customer: User, moderator: User, question: Question, answer: Answer
) -> None:
    response = api(customer).delete(f"/questions/{question.pk}")

    assert "ask a moderator" in assert_error(response, 403)["detail"]
    question.refresh_from_db()
    assert question.deleted_at is None
    assert api(moderator).delete(f"/questions/{question.pk}").status_code == 204


def test_deleting_twice_is_409(api: Api, moderator: User, question: Question) -> None:
    assert api(moderator).delete(f"/questions/{question.pk}").status_code == 204
    body = assert_error(api(moderator).delete(f"/questions/{question.pk}"), 409, "conflict")
    assert body["detail"] == "This question is already deleted."


def test_undeleting_a_live_question_is_409(api: Api, moderator: User, question: Question) -> None:
    body = assert_error(api(moderator).post(f"/questions/{question.pk}/undelete"), 409)
    assert body["detail"] == "This question is not deleted."


# --- Votes and follows ------------------------------------------------------------------------


def test_vote_on_a_question(api: Api, other_customer: User, question: Question) -> None:
    client = api(other_customer)
    url = f"/questions/{question.pk}/vote"

    assert client.post(url, {"value": 1}).json() == {"score": 1, "my_vote": 1}
    assert Vote.objects.get(user=other_customer, question=question).value == 1

    again = client.post(url, {"value": 1})
    assert assert_error(again, 409)["detail"] == "You have already upvoted this question."
    question.refresh_from_db()
    assert question.score == 1

    assert client.post(url, {"value": -1}).json() == {"score": -1, "my_vote": -1}
    assert client.post(url, {"value": 0}).json() == {"score": 0, "my_vote": 0}
    assert not Vote.objects.exists()
    assert_error(client.post(url, {"value": 0}), 409)
    question.refresh_from_db()
    assert question.score == 0


def test_vote_on_own_question_is_403(api: Api, customer: User, question: Question) -> None:
    response = api(customer).post(f"/questions/{question.pk}/vote", {"value": 1})

    assert assert_error(response, 403)["detail"] == "You can't vote on your own question."
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", [2, -2, "1", "up", True, 1.5, None, [1]])
def test_vote_value_must_be_1_0_or_minus_1(
    api: Api, other_customer: User, question: Question, value: object
) -> None:
    response = api(other_customer).post(f"/questions/{question.pk}/vote", {"value": value})

    body = assert_error(response, 422, "validation_error")
    assert list(body["fields"]) == ["value"]
    assert not Vote.objects.exists()


def test_follow_and_unfollow(api: Api, other_customer: User, question: Question) -> None:
    client = api(other_customer)
    url = f"/questions/{question.pk}/follow"

    assert client.post(url).json() == {"is_following": True}
    assert Follow.objects.filter(user=other_customer, question=question).exists()
    assert api(other_customer).get(f"/questions/{question.pk}").json()["is_following"] is True
    assert assert_error(client.post(url), 409)["detail"] == "You already follow this question."

    assert client.delete(url).json() == {"is_following": False}
    assert not Follow.objects.filter(user=other_customer, question=question).exists()
    assert_error(client.delete(url), 409)
    assert Event.objects.filter(verb="question.followed", actor=other_customer).count() == 1
