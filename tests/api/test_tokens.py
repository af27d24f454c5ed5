"""Personal API tokens: shown once, stored hashed, revocable, and no CSRF needed with them."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client

from crowdservice.accounts.models import ApiToken, User
from crowdservice.community.models import Question, Space
from crowdservice.core.models import Event
from tests.api.helpers import ApiClient, assert_error, db_state

Api = Callable[..., ApiClient]
NEW_QUESTION = {
    "space": "wifi",
    "title": "Mesh satellites lose the backhaul at night",
    "body": "Both satellites go amber around 2am and come back an hour later.",
    "tags": ["mesh"],
}


def bearer(secret: str) -> ApiClient:
    # A fresh client: no session cookie, no CSRF cookie, CSRF checks enforced.
    return ApiClient(Client(enforce_csrf_checks=True), {"Authorization": f"Bearer {secret}"})


def create_token(api: Api, user: User, name: str = "laptop") -> dict[str, object]:
    response = api(user).post("/me/tokens", {"name": name})
    assert response.status_code == 201, response.content
    body: dict[str, object] = response.json()
    return body


def test_create_token_returns_the_secret_once(api: Api, customer: User) -> None:
    created = create_token(api, customer)

    secret = str(created["secret"])
    assert secret.startswith("cs_")
    assert created["name"] == "laptop"
    assert created["is_active"] is True
    assert secret.startswith(str(created["prefix"]))
    listed = api(customer).get("/me/tokens")
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()] == [created["id"]]
    assert "secret" not in listed.json()[0]
    assert secret.encode() not in listed.content


def test_token_is_stored_hashed(api: Api, customer: User) -> None:
    secret = str(create_token(api, customer)["secret"])

    token = ApiToken.objects.get()
    assert token.digest != secret
    assert len(token.digest) == 64
    assert len(token.prefix) <= 12  # only a recognisable prefix is kept in clear
    # The secret is nowhere in the database: not in the token table, not in the event log.
    with connection.cursor() as cursor:
        for model in (ApiToken, Event):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            rows = cursor.fetchall()
            assert rows
            for row in rows:
                assert not any(secret in str(value) for value in row), model


def test_valid_token_writes_without_csrf(api: Api, customer: User, space: Space) -> None:
    secret = str(create_token(api, customer)["secret"])

    response = bearer(secret).post("/questions", NEW_QUESTION)

    assert response.status_code == 201, response.content
    question = Question.objects.get(pk=response.json()["id"])
    assert question.author == customer
    assert bearer(secret).get("/me").json()["username"] == customer.username
    assert ApiToken.objects.get().last_used_at is not None


def test_revoked_token_is_401(api: Api, customer: User, space: Space) -> None:
    created = create_token(api, customer)
    secret = str(created["secret"])

    revoke = bearer(secret).delete(f"/me/tokens/{created['id']}")

    assert revoke.status_code == 204
    assert ApiToken.objects.get().revoked_at is not None
    before = db_state()
    for response in (
        bearer(secret).get("/me"),
        bearer(secret).get("/questions"),  # a read with a bad token fails too, never anonymous
        bearer(secret).post("/questions", NEW_QUESTION),
    ):
        body = assert_error(response, 401, "not_authenticated")
        assert body["detail"] == "The API token is unknown or has been revoked."
    assert db_state() == before


def test_unknown_token_is_401(api: Api, customer: User) -> None:
    for secret in ("cs_not-a-real-token", "something-else", "", "cs_" + "x" * 500):
        response = bearer(secret).get("/me")
        assert_error(response, 401, "not_authenticated")


def test_revoking_twice_changes_nothing(api: Api, customer: User) -> None:
    created = create_token(api, customer)
    assert api(customer).delete(f"/me/tokens/{created['id']}").status_code == 204
    revoked_at = ApiToken.objects.get().revoked_at

    assert api(customer).delete(f"/me/tokens/{created['id']}").status_code == 204

    assert ApiToken.objects.get().revoked_at == revoked_at
    assert Event.objects.filter(verb="api_token.revoked").count() == 1


def test_nobody_can_see_or_revoke_anothers_token(
    api: Api, customer: User, other_customer: User, admin_user: User
) -> None:
    created = create_token(api, customer)

    assert api(other_customer).get("/me/tokens").json() == []
    for intruder in (other_customer, admin_user):
        assert_error(api(intruder).delete(f"/me/tokens/{created['id']}"), 404, "not_found")
    assert ApiToken.objects.get().revoked_at is None


def test_unknown_token_id_is_404(api: Api, customer: User) -> None:
    assert_error(api(customer).delete("/me/tokens/424242"), 404, "not_found")


def test_token_name_is_required(api: Api, customer: User) -> None:
    for payload in ({"name": "   "}, {"name": "n" * 81}):
        body = assert_error(api(customer).post("/me/tokens", payload), 422, "validation_error")
        assert body["fields"] == {"name": ["Give the token a name of 1 to 80 characters."]}
    body = assert_error(api(customer).post("/me/tokens", {}), 422)
    assert list(body["fields"]) == ["name"]
    assert not ApiToken.objects.exists()


def test_at_most_twenty_active_tokens(api: Api, customer: User) -> None:
    for n in range(20):
        create_token(api, customer, f"token {n}")

    body = assert_error(api(customer).post("/me/tokens", {"name": "one more"}), 409, "conflict")

    assert "20 active tokens" in body["detail"]
    assert ApiToken.objects.count() == 20


def test_session_write_without_csrf_is_refused(api: Api, customer: User, space: Space) -> None:
    before = db_state()

    response = api(customer, csrf=False).post("/questions", NEW_QUESTION)

    body = assert_error(response, 403, "csrf_failed")
    assert "CSRF" in body["detail"]
    assert db_state() == before
    # The same request with the token goes through.
    assert api(customer).post("/questions", NEW_QUESTION).status_code == 201


def test_session_read_needs_no_csrf(api: Api, customer: User) -> None:
    assert api(customer, csrf=False).get("/me").json()["username"] == customer.username


def test_anonymous_write_is_401_with_or_without_csrf(api: Api, space: Space) -> None:
    for client in (api(None), api(None, csrf=False)):
        body = assert_error(client.post("/questions", NEW_QUESTION), 401, "not_authenticated")
        assert body["detail"] == "Sign in or send a valid API token."
    assert not Question.objects.exists()
