"""`crowdservice create_user`: accounts with a role from the command line, and scriptable tokens."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import Client

from crowdservice.accounts.actions import authenticate_api_token
from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str | None = None) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    options: dict[str, object] = {"stdout": out, "stderr": err}
    if stdin is not None:
        options["stdin"] = StringIO(stdin)
    call_command("create_user", *args, **options)
    return out.getvalue(), err.getvalue()


def test_creates_a_user_with_the_role_and_a_verified_email() -> None:
    out, err = run("ops_lead", "--role", "admin", "--email", "ops@example.com")

    user = User.objects.get(username="ops_lead")
    assert user.role == Role.ADMIN
    assert user.is_staff
    assert user.is_superuser
    assert EmailAddress.objects.get(user=user).verified
    assert not user.has_usable_password()
    assert out == ""  # nothing on stdout without --print-token
    assert "Created admin 'ops_lead'" in err
    assert "no password" in err


def test_role_is_case_insensitive_and_display_name_is_kept() -> None:
    run("sam", "--role", "Agent", "--display-name", "Sam Rivera")
    user = User.objects.get(username="sam")
    assert (user.role, user.public_name) == (Role.AGENT, "Sam Rivera")


def test_print_token_prints_only_a_working_token() -> None:
    out, err = run("integration_bot", "--role", "agent", "--print-token")

    token = out.strip()
    assert out == token + "\n"  # a script can do TOKEN=$(crowdservice create_user … --print-token)
    assert token.startswith("cs_")
    assert token not in err
    user = User.objects.get(username="integration_bot")
    assert authenticate_api_token(token) == user
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    assert response.json()["username"] == "integration_bot"


def test_password_from_stdin() -> None:
    run("carol", "--role", "customer", "--password-stdin", stdin="correct-horse-battery-9\n")
    assert User.objects.get(username="carol").check_password("correct-horse-battery-9")


def test_weak_password_is_refused_with_the_validators_messages() -> None:
    with pytest.raises(CommandError, match=r"password: This password is too short"):
        run("carol", "--role", "customer", "--password-stdin", stdin="abc\n")
    assert not User.objects.filter(username="carol").exists()


def test_empty_stdin_is_an_error() -> None:
    with pytest.raises(CommandError, match="standard input has no password"):
        run("carol", "--role", "customer", "--password-stdin", stdin="")


def test_unknown_role_lists_the_roles() -> None:
    with pytest.raises(CommandError, match=r"Unknown role 'boss'.*customer, agent, moderator"):
        run("someone", "--role", "boss")
    assert not User.objects.filter(username="someone").exists()


def test_role_is_required() -> None:
    with pytest.raises(CommandError, match="--role"):
        run("someone")


def test_taken_username_and_email_are_reported() -> None:
    run("dana", "--role", "admin", "--email", "dana@example.com")
    with pytest.raises(CommandError, match="username: The username 'Dana' is already taken"):
        run("Dana", "--role", "agent")
    with pytest.raises(CommandError, match="email: Another account already uses this email"):
        run("dana2", "--role", "agent", "--email", "DANA@example.com")
    assert User.objects.count() == 1


def test_invalid_email_is_reported() -> None:
    with pytest.raises(CommandError, match="email: 'not-an-email' is not a valid email"):
        run("erin", "--role", "editor", "--email", "not-an-email")
    assert not User.objects.filter(username="erin").exists()
