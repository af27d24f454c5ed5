"""Hot topics in a real browser: an agent finds the alert from the menu, reads its examples
(the case one too), acknowledges it and resolves it without leaving the page (htmx)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.roles import Role
from crowdservice.trends.models import AlertStatus, TrendAlert
from tests.browser.conftest import ARTIFACTS
from tests.conftest import PASSWORD, make_user
from tests.trends.conftest import make_alert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_handles_a_hot_topic(live_server: LiveServer, browser: Browser) -> None:
    make_user("sam_staff", Role.AGENT)
    alert = make_alert()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("sam_staff")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.locator(".main-nav summary", has_text="Analytics").click()  # the staff menu
    page.get_by_role("link", name="Hot topics").click()
    expect(page.get_by_role("heading", name="Hot topics", exact=True)).to_be_visible()
    card = page.locator(f"#alert-{alert.pk}")
    expect(card).to_contain_text(alert.label)
    expect(card.get_by_role("link", name=re.compile("Case: error Q-77"))).to_be_visible()
    expect(card.get_by_text("agents only")).to_be_visible()
    expect(page.locator(".trend-table svg.sparkline").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "trends-01-page.png"), full_page=True)

    card.get_by_role("button", name=re.compile("Acknowledge")).click()
    expect(page.locator(f"#alert-{alert.pk}")).to_contain_text("Taken by")
    page.locator(f"#alert-{alert.pk}").get_by_role("button", name=re.compile("Resolve")).click()
    expect(page.locator(f"#alert-{alert.pk}")).to_contain_text("Resolved by")
    page.screenshot(path=str(ARTIFACTS / "trends-02-resolved.png"), full_page=True)
    assert TrendAlert.objects.get(pk=alert.pk).status == AlertStatus.RESOLVED
    assert errors == [], errors
    context.close()
