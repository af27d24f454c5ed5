"""Sign-up, email verification and password reset over a real SMTP connection."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.core.models import Event
from tests.accounts.conftest import Mailbox

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-and-unusual-passphrase-7"


def sign_up(client: Client, **extra: str) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "email": "newbie@example.com",
            "username": "newbie",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def link_in(body: str, path: str) -> str:
    match = re.search(rf"https?://[^\s]+{re.escape(path)}[^\s]*", body)
    assert match, f"no {path} link in:\n{body}"
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_sign_up_verify_email_then_sign_in(client: Client, smtp_mailbox: Mailbox) -> None:
    sign_up(client)
    user = User.objects.get(username="newbie")
    assert user.role == Role.CUSTOMER
    assert Event.objects.filter(verb="user.signed_up", object_id=user.pk).exists()
    assert not EmailAddress.objects.get(user=user).verified

    assert len(smtp_mailbox.messages) == 1
    message = smtp_mailbox.messages[0]
    assert message["To"] == "newbie@example.com"
    confirm = link_in(smtp_mailbox.body(), "/accounts/confirm-email/")
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    confirmed = Event.objects.get(verb="user.email_confirmed")
    assert (confirmed.actor, confirmed.object_id, confirmed.payload) == (
        user,
        user.pk,
        {"primary": True},
    )
    assert "newbie@example.com" not in str(confirmed.payload)

    client.logout()
    response = client.post("/accounts/login/", {"login": "newbie", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_unverified_address_cannot_sign_in(client: Client, smtp_mailbox: Mailbox) -> None:
    sign_up(client)
    client.logout()
    response = client.post("/accounts/login/", {"login": "newbie", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-email/")
    assert "_auth_user_id" not in client.session
    assert len(smtp_mailbox.messages) == 2  # the verification mail is sent again


def test_nobody_can_sign_up_with_a_staff_role(client: Client, smtp_mailbox: Mailbox) -> None:
    sign_up(client, role="admin", is_staff="on", is_superuser="on")
    user = User.objects.get(username="newbie")
    assert (user.role, user.is_staff, user.is_superuser) == (Role.CUSTOMER, False, False)


def test_password_reset_by_email(client: Client, customer: User, smtp_mailbox: Mailbox) -> None:
    response = client.post("/accounts/password/reset/", {"email": customer.email})
    assert response.status_code == 302
    reset = link_in(smtp_mailbox.body(), "/accounts/password/reset/key/")
    form_url = client.get(reset, follow=True).redirect_chain[-1][0]
    new_password = "another-unusual-passphrase-8"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password(new_password)
    assert Event.objects.filter(verb="user.password_reset", actor=customer).count() == 1
