"""allauth's pages (sign in, sign up, password reset, email) render in our layout."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from pytest_django.asserts import assertTemplateUsed

from crowdservice.accounts.models import User
from tests.conftest import PASSWORD
from tests.web.helpers import Browser, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_entrance_pages_use_our_layout(url: str, browse: Callable[[User | None], Browser]) -> None:
    response = browse(None).get(url)
    assert response.status_code == 200
    assertTemplateUsed(response, "core/base.html")
    body = text(response)
    assert "Skip to main content" in body
    assert '<div class="card auth-card">' in body
    assert "Menu:" not in body  # allauth's own bare layout is not used


def test_the_sign_in_page(browse: Callable[[User | None], Browser]) -> None:
    body = text(browse(None).get("/accounts/login/?next=/questions/ask/"))
    assert 'name="login"' in body
    assert 'name="password"' in body
    assert '<button type="submit" class="btn btn-primary btn-block">Sign in</button>' in body
    assert 'name="next" value="/questions/ask/"' in body
    assert "<title>Sign in · CrowdService</title>" in body


def test_the_sign_up_page_keeps_allauths_fields(browse: Callable[[User | None], Browser]) -> None:
    body = text(browse(None).get("/accounts/signup/"))
    for name in ["email", "username", "password1", "password2"]:
        assert f'name="{name}"' in body
    assert '<button type="submit" class="btn btn-primary btn-block">Sign up</button>' in body


def test_signing_up_and_in_through_our_pages(browse: Callable[[User | None], Browser]) -> None:
    browser = browse(None)
    password = "plum-kettle-orbit-42"
    response = browser.post(
        "/accounts/signup/",
        {
            "email": "nina@example.com",
            "username": "nina",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-email/")
    sent = text(browser.get(response["Location"]))
    assert "Skip to main content" in sent
    assert mail.outbox


def test_sign_in_errors_are_shown_in_the_form(
    browse: Callable[[User | None], Browser], customer: User
) -> None:
    response = browse(None).post(
        "/accounts/login/", {"login": customer.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert 'class="alert alert-error" role="alert"' in text(response)
    ok = browse(None).post("/accounts/login/", {"login": customer.username, "password": PASSWORD})
    assert ok.status_code == 302


def test_account_management_pages_use_the_settings_layout(
    browse: Callable[[User | None], Browser], customer: User
) -> None:
    browser = browse(customer)
    for url in ["/accounts/email/", "/accounts/password/change/"]:
        response = browser.get(url)
        assert response.status_code == 200, url
        body = text(response)
        assert '<nav class="settings-nav" aria-label="Settings">' in body
        assert f'href="{url}" aria-current="page"' in body
