"""What nobody may see: other people's email addresses, and deleted posts (except moderators)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crowdservice.accounts.models import User
from crowdservice.community import actions
from crowdservice.community.models import Answer, Question
from tests.api.helpers import ApiClient, assert_error
from tests.conftest import SearchIndex

Api = Callable[..., ApiClient]
MakeQuestion = Callable[..., Question]
MakeAnswer = Callable[..., Answer]
NOT_MODERATORS = ("anonymous", "customer", "other_customer", "agent", "editor")
MODERATORS = ("moderator", "admin_user")


def who(request: pytest.FixtureRequest, name: str) -> User | None:
    return None if name == "anonymous" else request.getfixturevalue(name)


def test_no_response_but_me_contains_an_email_address(
    api: Api,
    customer: User,
    other_customer: User,
    agent: User,
    question: Question,
    answer: Answer,
) -> None:
    actions.do_endorse_answer(actor=agent, answer=answer)
    actions.do_add_comment(author=other_customer, question=question, body="Any news on this?")
    client = api(customer)
    paths = [
        "/questions",
        f"/questions/{question.pk}",
        f"/questions/{question.pk}/answers",
        f"/questions/{question.pk}/revisions",
        f"/answers/{answer.pk}",
        f"/users/{other_customer.username}",
        f"/users/{agent.username}",
        "/search?q=router",
        "/notifications",
        "/tags",
        "/spaces",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"@example.com" not in response.content, path
    assert client.get("/me").json()["email"] == customer.email


@pytest.mark.parametrize("viewer", NOT_MODERATORS + MODERATORS)
def test_deleted_question_is_gone_except_for_moderators(
    request: pytest.FixtureRequest,
    api: Api,
    viewer: str,
    customer: User,
    moderator: User,
    question: Question,
    answer: Answer,
    make_question: MakeQuestion,
    search_index: SearchIndex,
) -> None:
    kept = make_question(customer, tags=["kept"])
    actions.do_delete_question(actor=moderator, question=question)
    search_index.rebuild()
    client = api(who(request, viewer))
    sees = viewer in MODERATORS

    thread = client.get(f"/questions/{question.pk}")
    listed = [q["id"] for q in client.get("/questions").json()["items"]]
    by_author = client.get("/questions", {"author": customer.username}).json()["items"]
    found = client.get("/search", {"q": "router"}).json()["hits"]

    if sees:
        assert thread.json()["is_deleted"] is True
        assert listed == [kept.pk, question.pk]
        assert {h["object_id"] for h in found if h["kind"] == "question"} == {kept.pk, question.pk}
    else:
        assert assert_error(thread, 404)["detail"] == (
            f"Question {question.pk} does not exist or was deleted."
        )
        assert listed == [kept.pk]
        assert [q["id"] for q in by_author] == [kept.pk]
        assert {(h["kind"], h["object_id"]) for h in found} == {("question", kept.pk)}
        for path in (
            f"/questions/{question.pk}/answers",
            f"/questions/{question.pk}/revisions",
            f"/answers/{answer.pk}",  # an answer to a deleted question is gone too
        ):
            assert_error(client.get(path), 404)
    # Tags used only by deleted questions are not listed to anyone.
    assert [t["name"] for t in client.get("/tags").json()["items"]] == ["kept"]


@pytest.mark.parametrize("viewer", NOT_MODERATORS + MODERATORS)
def test_deleted_answer_and_comment_are_gone_except_for_moderators(
    request: pytest.FixtureRequest,
    api: Api,
    viewer: str,
    customer: User,
    other_customer: User,
    question: Question,
    answer: Answer,
    make_answer: MakeAnswer,
    search_index: SearchIndex,
) -> None:
    kept = make_answer(customer, question, "A live answer that stays visible to all.")
    comment = actions.do_add_comment(
        author=other_customer, question=question, body="A comment soon deleted."
    )
    on_deleted = actions.do_add_comment(
        author=customer, question=question, answer=answer, body="On the deleted answer."
    )
    actions.do_delete_answer(actor=other_customer, answer=answer)
    actions.do_delete_comment(actor=other_customer, comment=comment)
    search_index.rebuild()
    client = api(who(request, viewer))
    sees = viewer in MODERATORS

    thread = client.get(f"/questions/{question.pk}").json()
    answers = [a["id"] for a in client.get(f"/questions/{question.pk}/answers").json()]
    single = client.get(f"/answers/{answer.pk}")
    found = client.get("/search", {"q": "DFS"}).json()["hits"]

    if sees:
        assert {a["id"] for a in thread["answers"]} == {kept.pk, answer.pk}
        assert set(answers) == {kept.pk, answer.pk}
        assert single.json()["is_deleted"] is True
        assert [c["id"] for c in single.json()["comments"]] == [on_deleted.pk]
        assert [c["id"] for c in thread["comments"]] == [comment.pk]
        assert [h["object_id"] for h in found if h["kind"] == "answer"] == [answer.pk]
    else:
        assert [a["id"] for a in thread["answers"]] == [kept.pk]
        assert answers == [kept.pk]
        assert_error(single, 404)
        assert thread["comments"] == []
        assert found == []
