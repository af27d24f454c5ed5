"""Profiles and roles through the API."""

from __future__ import annotations

from collections.abc import Callable

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.core.models import Event
from tests.api.helpers import ApiClient, assert_error, db_state

Api = Callable[..., ApiClient]


def test_me_shows_own_email_and_role(api: Api, moderator: User) -> None:
    body = api(moderator).get("/me").json()

    assert body["username"] == "mona_moderator"
    assert body["email"] == "mona_moderator@example.com"
    assert body["role"] == "moderator"
    assert body["role_label"] == "Moderator"
    assert body["initials"] == "MM"
    assert body["id"] == moderator.pk


def test_patch_me_changes_only_the_fields_sent(api: Api, customer: User) -> None:
    customer.bio = "Old bio."
    customer.save()

    response = api(customer).patch("/me", {"display_name": "  Carol C.  "})

    assert response.status_code == 200
    assert response.json()["display_name"] == "Carol C."
    assert response.json()["bio"] == "Old bio."
    customer.refresh_from_db()
    assert (customer.display_name, customer.bio) == ("Carol C.", "Old bio.")
    assert Event.objects.filter(verb="user.profile_updated", actor=customer).count() == 1


def test_patch_me_rejects_a_long_display_name_and_writes_nothing(api: Api, customer: User) -> None:
    before = db_state()

    response = api(customer).patch("/me", {"display_name": "x" * 81, "bio": "New bio."})

    body = assert_error(response, 422, "validation_error")
    assert body["fields"] == {"display_name": ["The display name can be at most 80 characters."]}
    assert db_state() == before
    customer.refresh_from_db()
    assert customer.bio == ""


def test_patch_me_wrong_type_is_a_field_error(api: Api, customer: User) -> None:
    response = api(customer).patch("/me", {"bio": ["not", "a", "string"]})

    body = assert_error(response, 422, "validation_error")
    assert list(body["fields"]) == ["bio"]


def test_public_profile_never_shows_the_email(
    api: Api, customer: User, other_customer: User
) -> None:
    for client in (api(None), api(other_customer), api(customer)):
        response = client.get(f"/users/{customer.username}")
        assert response.status_code == 200
        assert response.json() == {
            "username": "carol_customer",
            "display_name": "Carol Customer",
            "bio": "",
            "role": "customer",
            "role_label": "Customer",
            "initials": "CC",
            "joined": response.json()["joined"],
        }
        assert b"example.com" not in response.content


def test_unknown_user_is_404(api: Api) -> None:
    body = assert_error(api(None).get("/users/nobody_here"), 404, "not_found")
    assert "nobody_here" in body["detail"]


def test_inactive_user_is_404(api: Api, customer: User) -> None:
    customer.is_active = False
    customer.save()

    assert_error(api(None).get(f"/users/{customer.username}"), 404)


def test_admin_changes_a_role(api: Api, admin_user: User, customer: User) -> None:
    response = api(admin_user).post(f"/users/{customer.username}/role", {"role": "agent"})

    assert response.status_code == 200
    assert response.json()["role"] == "agent"
    assert "email" not in response.json()
    customer.refresh_from_db()
    assert customer.role == Role.AGENT
    event = Event.objects.get(verb="user.role_changed")
    assert (event.actor_id, event.payload) == (admin_user.pk, {"old": "customer", "new": "agent"})


def test_admin_cannot_change_own_role(api: Api, admin_user: User) -> None:
    response = api(admin_user).post(f"/users/{admin_user.username}/role", {"role": "customer"})

    body = assert_error(response, 403, "forbidden")
    assert "your own role" in body["detail"]
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN


def test_moderator_cannot_make_themselves_admin(api: Api, moderator: User) -> None:
    response = api(moderator).post(f"/users/{moderator.username}/role", {"role": "admin"})

    assert_error(response, 403)
    moderator.refresh_from_db()
    assert moderator.role == Role.MODERATOR


def test_unknown_role_is_a_field_error(api: Api, admin_user: User, customer: User) -> None:
    response = api(admin_user).post(f"/users/{customer.username}/role", {"role": "superuser"})

    body = assert_error(response, 422, "validation_error")
    assert list(body["fields"]) == ["role"]
    customer.refresh_from_db()
    assert customer.role == Role.CUSTOMER
