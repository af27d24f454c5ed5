"""Answers and comments through the API: post, edit, delete, vote, accept and endorse."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crowdservice.accounts.models import User
from crowdservice.community import actions
from crowdservice.community.models import Answer, Comment, Question, Revision, Vote
from tests.api.helpers import ApiClient, assert_error, db_state

Api = Callable[..., ApiClient]
MakeAnswer = Callable[..., Answer]
ANSWER = "Update the firmware to 2.4 and the band stays up; it fixed mine."


def test_post_answer(api: Api, other_customer: User, question: Question) -> None:
    response = api(other_customer).post(f"/questions/{question.pk}/answers", {"body": ANSWER})

    assert response.status_code == 201, response.content
    body = response.json()
    answer = Answer.objects.get(pk=body["id"])
    assert (answer.author, answer.question, answer.body) == (other_customer, question, ANSWER)
    assert body["question_id"] == question.pk
    assert body["body_html"] == f"<p>{ANSWER}</p>\n"
    assert body["url"].endswith(f"#answer-{answer.pk}")
    assert (body["trust_tier"], body["is_accepted"], body["my_vote"]) == (None, False, 0)
    assert (body["can_edit"], body["can_delete"], body["comments"]) == (True, True, [])
    question.refresh_from_db()
    assert question.answer_count == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Too short.", "The answer must be at least 20 characters (it has 10)."),
        ("                         ", "The answer must be at least 20 characters (it has 0)."),
        ("a" * 32_001, "The answer can be at most 32,000 characters (it has 32,001)."),
    ],
)
def test_post_answer_length_limits(
    api: Api, other_customer: User, question: Question, text: str, message: str
) -> None:
    before = db_state()

    response = api(other_customer).post(f"/questions/{question.pk}/answers", {"body": text})

    assert assert_error(response, 422)["fields"] == {"body": [message]}
    assert db_state() == before


def test_answering_a_deleted_question(
    api: Api, customer: User, other_customer: User, moderator: User, question: Question
) -> None:
    actions.do_delete_question(actor=customer, question=question)
    before = db_state()

    hidden = api(other_customer).post(f"/questions/{question.pk}/answers", {"body": ANSWER})
    for_moderator = api(moderator).post(f"/questions/{question.pk}/answers", {"body": ANSWER})

    assert_error(hidden, 404)
    assert "deleted" in assert_error(for_moderator, 409)["detail"]
    assert db_state() == before


def test_get_answer(api: Api, customer: User, question: Question, answer: Answer) -> None:
    actions.do_vote(user=customer, target=answer, value=1)
    actions.do_add_comment(author=customer, question=question, answer=answer, body="It worked!")

    body = api(customer).get(f"/answers/{answer.pk}").json()

    assert body["id"] == answer.pk
    assert body["my_vote"] == 1
    assert body["score"] == 1
    assert [c["body"] for c in body["comments"]] == ["It worked!"]
    assert body["comments"][0]["can_edit"] is True
    assert body["author"]["username"] == "oscar_other"
    assert_error(api(None).get("/answers/999999"), 404, "not_found")


def test_edit_answer(api: Api, other_customer: User, answer: Answer) -> None:
    response = api(other_customer).patch(
        f"/answers/{answer.pk}", {"body": ANSWER, "summary": "more detail"}
    )

    assert response.status_code == 200
    assert response.json()["body"] == ANSWER
    assert response.json()["edited_at"] is not None
    answer.refresh_from_db()
    assert answer.body == ANSWER
    revision = Revision.objects.filter(answer=answer).order_by("number").last()
    assert revision is not None
    assert (revision.number, revision.summary) == (2, "more detail")


def test_others_cannot_edit_or_delete_an_answer(
    api: Api, customer: User, agent: User, answer: Answer
) -> None:
    before = db_state()
    for user in (customer, agent):
        edit = api(user).patch(f"/answers/{answer.pk}", {"body": ANSWER})
        delete = api(user).delete(f"/answers/{answer.pk}")
        assert assert_error(edit, 403)["detail"] == "You can only edit your own answers."
        assert assert_error(delete, 403)["detail"] == "You can only delete your own answers."
    assert db_state() == before


def test_delete_and_undelete_answer(
    api: Api,
    customer: User,
    other_customer: User,
    moderator: User,
    question: Question,
    answer: Answer,
) -> None:
    actions.do_accept_answer(actor=customer, answer=answer)

    assert api(other_customer).delete(f"/answers/{answer.pk}").status_code == 204

    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.deleted_at is not None
    assert (question.answer_count, question.accepted_answer_id) == (0, None)
    assert api(customer).get(f"/questions/{question.pk}").json()["answers"] == []
    assert_error(api(customer).get(f"/answers/{answer.pk}"), 404)
    assert_error(api(other_customer).post(f"/answers/{answer.pk}/undelete"), 404)

    response = api(moderator).post(f"/answers/{answer.pk}/undelete")

    assert response.status_code == 200
    assert response.json()["is_deleted"] is False
    question.refresh_from_db()
    assert question.answer_count == 1


def test_vote_on_an_answer(api: Api, customer: User, other_customer: User, answer: Answer) -> None:
    url = f"/answers/{answer.pk}/vote"

    assert api(customer).post(url, {"value": -1}).json() == {"score": -1, "my_vote": -1}
    again = api(customer).post(url, {"value": -1})
    own = api(other_customer).post(url, {"value": 1})

    assert assert_error(again, 409)["detail"] == "You have already downvoted this answer."
    assert assert_error(own, 403)["detail"] == "You can't vote on your own answer."
    answer.refresh_from_db()
    assert answer.score == -1
    assert list(Vote.objects.values_list("user_id", "value")) == [(customer.pk, -1)]


def test_accept_and_unaccept(
    api: Api, customer: User, question: Question, answer: Answer, make_answer: MakeAnswer
) -> None:
    other_answer = make_answer(customer, question, "Answering myself: a reboot fixed it.")

    response = api(customer).post(f"/answers/{answer.pk}/accept")

    assert response.status_code == 200
    assert (response.json()["is_accepted"], response.json()["trust_tier"]) == (True, "community")
    question.refresh_from_db()
    assert question.accepted_answer_id == answer.pk
    assert (
        "already accepted"
        in assert_error(api(customer).post(f"/answers/{answer.pk}/accept"), 409)["detail"]
    )

    moved = api(customer).post(f"/answers/{other_answer.pk}/accept")
    assert moved.json()["is_accepted"] is True
    question.refresh_from_db()
    assert question.accepted_answer_id == other_answer.pk
    assert_error(api(customer).delete(f"/answers/{answer.pk}/accept"), 409)

    withdrawn = api(customer).delete(f"/answers/{other_answer.pk}/accept")
    assert (withdrawn.json()["is_accepted"], withdrawn.json()["trust_tier"]) == (False, None)
    question.refresh_from_db()
    assert question.accepted_answer_id is None


def test_accept_on_someone_elses_question_is_403(
    api: Api, other_customer: User, moderator: User, question: Question, answer: Answer
) -> None:
    for user in (other_customer, moderator):
        response = api(user).post(f"/answers/{answer.pk}/accept")
        body = assert_error(response, 403, "forbidden")
        assert body["detail"] == "Only the person who asked the question can accept an answer."
    question.refresh_from_db()
    assert question.accepted_answer_id is None


def test_endorse_and_unendorse(
    api: Api, agent: User, customer: User, question: Question, answer: Answer
) -> None:
    assert_error(api(customer).post(f"/answers/{answer.pk}/endorse"), 403)

    response = api(agent).post(f"/answers/{answer.pk}/endorse")

    assert response.status_code == 200
    assert response.json()["trust_tier"] == "endorsed"
    assert response.json()["endorsed_by"]["username"] == agent.username
    answer.refresh_from_db()
    question.refresh_from_db()
    assert (answer.is_endorsed, answer.endorsed_by, question.has_endorsed_answer) == (
        True,
        agent,
        True,
    )
    assert_error(api(agent).post(f"/answers/{answer.pk}/endorse"), 409)

    withdrawn = api(agent).delete(f"/answers/{answer.pk}/endorse")

    assert (withdrawn.json()["trust_tier"], withdrawn.json()["endorsed_by"]) == (None, None)
    question.refresh_from_db()
    assert question.has_endorsed_answer is False


# --- Comments ---------------------------------------------------------------------------------


def test_comment_on_question_and_answer(
    api: Api, customer: User, third: User, question: Question, answer: Answer
) -> None:
    on_question = api(third).post(f"/questions/{question.pk}/comments", {"body": "  Model? "})
    on_answer = api(third).post(f"/answers/{answer.pk}/comments", {"body": "Did it work?"})

    assert on_question.status_code == on_answer.status_code == 201
    assert on_question.json()["body"] == "Model?"
    assert (on_question.json()["answer_id"], on_answer.json()["answer_id"]) == (None, answer.pk)
    thread = api(None).get(f"/questions/{question.pk}").json()
    assert [c["id"] for c in thread["comments"]] == [on_question.json()["id"]]
    assert [c["id"] for c in thread["answers"][0]["comments"]] == [on_answer.json()["id"]]
    assert Comment.objects.filter(author=third).count() == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hi", "The comment must be at least 5 characters (it has 2)."),
        ("c" * 2001, "The comment can be at most 2,000 characters (it has 2,001)."),
    ],
)
def test_comment_length_limits(
    api: Api, third: User, question: Question, text: str, message: str
) -> None:
    before = db_state()

    response = api(third).post(f"/questions/{question.pk}/comments", {"body": text})

    assert assert_error(response, 422)["fields"] == {"body": [message]}
    assert db_state() == before


def test_edit_delete_undelete_comment(
    api: Api, customer: User, third: User, moderator: User, question: Question
) -> None:
    comment = actions.do_add_comment(author=third, question=question, body="Which model?")

    forbidden = api(customer).patch(f"/comments/{comment.pk}", {"body": "Changed by someone"})
    edited = api(third).patch(f"/comments/{comment.pk}", {"body": "Which router model?"})

    assert assert_error(forbidden, 403)["detail"] == "You can only edit your own comments."
    assert edited.json()["body"] == "Which router model?"
    comment.refresh_from_db()
    assert comment.body == "Which router model?"

    assert api(third).delete(f"/comments/{comment.pk}").status_code == 204
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    assert api(customer).get(f"/questions/{question.pk}").json()["comments"] == []
    assert_error(api(third).patch(f"/comments/{comment.pk}", {"body": "Back again?"}), 404)
    moderator_view = api(moderator).get(f"/questions/{question.pk}").json()
    assert [c["is_deleted"] for c in moderator_view["comments"]] == [True]

    restored = api(moderator).post(f"/comments/{comment.pk}/undelete")

    assert restored.json()["is_deleted"] is False
    assert len(api(customer).get(f"/questions/{question.pk}").json()["comments"]) == 1


def test_unknown_comment_is_404(api: Api, customer: User) -> None:
    body = assert_error(api(customer).patch("/comments/999999", {"body": "Hello there"}), 404)
    assert body["detail"] == "Comment 999999 does not exist or was deleted."
    assert_error(api(customer).delete("/comments/999999"), 404)
