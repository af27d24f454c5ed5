"""Bad input anywhere gives a 4xx with a sentence a person understands, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, override_settings

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, Comment, Question
from tests.api.helpers import ApiClient, assert_error, db_state

Api = Callable[..., ApiClient]

WRITES = [
    ("PATCH", "/me"),
    ("POST", "/me/tokens"),
    ("POST", "/questions"),
    ("PATCH", "/questions/{question}"),
    ("POST", "/questions/{question}/vote"),
    ("POST", "/questions/{question}/answers"),
    ("POST", "/questions/{question}/comments"),
    ("PATCH", "/answers/{answer}"),
    ("POST", "/answers/{answer}/vote"),
    ("POST", "/answers/{answer}/comments"),
    ("PATCH", "/comments/{comment}"),
    ("POST", "/notifications/read"),
]


@pytest.fixture
def comment(other_customer: User, question: Question) -> Comment:
    from crowdservice.community.actions import do_add_comment

    return do_add_comment(author=other_customer, question=question, body="Which model is it?")


def fill(path: str, question: Question, answer: Answer, comment: Comment) -> str:
    return path.format(question=question.pk, answer=answer.pk, comment=comment.pk)


@pytest.mark.parametrize(
    "raw",
    ['{"title": ', "{'single': 'quotes'}", "not json at all", b'{"body": "\xff\xfe"}', '{"a": 1}}'],
)
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_malformed_json_is_400(
    api: Api,
    moderator: User,
    question: Question,
    answer: Answer,
    comment: Comment,
    method: str,
    path: str,
    raw: str | bytes,
) -> None:
    before = db_state()

    response = api(moderator).send(method, fill(path, question, answer, comment), raw=raw)

    body = assert_error(response, 400, "malformed_json")
    assert body["detail"] == "The request body is not valid JSON."
    assert db_state() == before


@pytest.mark.parametrize("raw", ["[]", "null", "42", '"text"', "true"])
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_json_that_is_not_an_object_is_400(
    api: Api,
    moderator: User,
    question: Question,
    answer: Answer,
    comment: Comment,
    method: str,
    path: str,
    raw: str,
) -> None:
    before = db_state()

    response = api(moderator).send(method, fill(path, question, answer, comment), raw=raw)

    body = assert_error(response, 400, "malformed_json")
    assert "must be a JSON object" in body["detail"]
    assert db_state() == before


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_missing_body_is_422(
    api: Api,
    moderator: User,
    question: Question,
    answer: Answer,
    comment: Comment,
    method: str,
    path: str,
) -> None:
    before = db_state()

    response = api(moderator).send(method, fill(path, question, answer, comment), raw="")

    body = assert_error(response, 422, "validation_error")
    assert body["fields"] == {"body": ["Send a JSON object in the request body."]}
    assert db_state() == before


def test_form_encoded_body_is_400(api: Api, customer: User, space: object) -> None:
    client = api(customer)
    response = client.client.post(
        "/api/v1/questions",
        "title=Hello+there+world&body=x",
        content_type="application/x-www-form-urlencoded",
        headers=client.headers,
    )

    assert_error(response, 400, "malformed_json")
    assert not Question.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_too_large_body_is_413(api: Api, customer: User, question: Question) -> None:
    before = db_state()

    response = api(customer).post(f"/questions/{question.pk}/comments", {"body": "x" * 20_000})

    assert_error(response, 413, "too_large")
    assert db_state() == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/questions/{n}"),
        ("GET", "/questions/{n}/answers"),
        ("GET", "/questions/{n}/revisions"),
        ("PATCH", "/questions/{n}"),
        ("DELETE", "/questions/{n}"),
        ("POST", "/questions/{n}/undelete"),
        ("POST", "/questions/{n}/follow"),
        ("DELETE", "/questions/{n}/follow"),
        ("POST", "/questions/{n}/vote"),
        ("POST", "/questions/{n}/answers"),
        ("POST", "/questions/{n}/comments"),
        ("GET", "/answers/{n}"),
        ("PATCH", "/answers/{n}"),
        ("DELETE", "/answers/{n}"),
        ("POST", "/answers/{n}/undelete"),
        ("POST", "/answers/{n}/vote"),
        ("POST", "/answers/{n}/accept"),
        ("DELETE", "/answers/{n}/accept"),
        ("POST", "/answers/{n}/endorse"),
        ("DELETE", "/answers/{n}/endorse"),
        ("POST", "/answers/{n}/comments"),
        ("PATCH", "/comments/{n}"),
        ("DELETE", "/comments/{n}"),
        ("POST", "/comments/{n}/undelete"),
        ("DELETE", "/me/tokens/{n}"),
        ("GET", "/users/user{n}"),
        ("POST", "/users/user{n}/role"),
        ("GET", "/spaces/space{n}"),
    ],
)
def test_unknown_ids_are_404(api: Api, admin_user: User, method: str, path: str) -> None:
    # Valid bodies, so that only the unknown id can be wrong.
    body = {
        "value": 1,
        "body": "A perfectly good body for this request.",
        "title": "A perfectly good title for this",
        "role": "agent",
    }
    before = db_state()

    if method == "GET":
        response = api(admin_user).get(path.format(n=987654))
    else:
        response = api(admin_user).send(method, path.format(n=987654), body)

    detail = assert_error(response, 404, "not_found")["detail"]
    assert "987654" in detail or detail == "No such token."
    assert db_state() == before


@pytest.mark.parametrize(
    "path",
    ["/users/bad%00name", "/users/" + "u" * 151, "/spaces/bad%20slug", "/spaces/%00"],
)
def test_malformed_path_parameters_are_422(api: Api, path: str) -> None:
    assert_error(api(None).get(path), 422, "validation_error")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/questions", {"tag": "wi\x00fi"}),
        ("/questions", {"author": "a\x00b"}),
        ("/tags", {"q": "\x00"}),
        ("/tags", {"q": "x" * 36}),
    ],
)
def test_nul_and_overlong_filters_are_422(api: Api, path: str, params: dict[str, str]) -> None:
    assert_error(api(None).get(path, params), 422, "validation_error")


def test_nul_in_any_text_field_is_422(api: Api, customer: User, question: Question) -> None:
    before = db_state()
    client = api(customer)

    responses = [
        client.patch("/me", {"bio": "Hello\x00"}),
        client.post("/me/tokens", {"name": "ci\x00"}),
        client.post(f"/questions/{question.pk}/comments", {"body": "Nul \x00 here"}),
        client.patch(f"/questions/{question.pk}", {"tags": ["wi\x00fi"]}),
    ]

    for response in responses:
        body = assert_error(response, 422, "validation_error")
        assert "NUL" in str(body["fields"])
    assert db_state() == before


def test_unknown_fields_are_ignored(api: Api, customer: User, question: Question) -> None:
    response = api(customer).patch(
        f"/questions/{question.pk}", {"score": 1000, "author": "ada_admin", "id": 1}
    )

    assert response.status_code == 200
    question.refresh_from_db()
    assert (question.score, question.author) == (0, customer)


def test_a_wrong_method_is_a_json_405(client: Client) -> None:
    response = client.put("/api/v1/spaces")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {
        "detail": "PUT is not allowed here; use GET.",
        "code": "method_not_allowed",
        "fields": {},
    }
