"""The staff's Analytics menu in a real browser: opened and followed by keyboard without
JavaScript, closed with Escape when scripts run, free of WCAG violations while open, and kept on
the screen of a phone."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.roles import Role
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import WCAG
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENU = ".main-nav details.nav-menu"


def agent_session() -> str:
    client = Client()
    client.force_login(make_user("sam_support", Role.AGENT))
    return client.cookies["sessionid"].value


def open_page(browser: Browser, base: str, session: str, path: str, **options: object) -> Page:
    context = browser.new_context(**options)  # type: ignore[arg-type]
    context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + path)
    return page


def tab_to(page: Page, selector: str) -> None:
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_menu_works_by_keyboard_without_javascript(
    live_server: LiveServer, browser: Browser
) -> None:
    page = open_page(
        browser, live_server.url, agent_session(), "/questions/",
        viewport={"width": 1280, "height": 900}, java_script_enabled=False,
    )  # fmt: skip
    try:
        menu = page.locator(MENU)
        insights = page.locator(".nav-menu-panel").get_by_role("link", name="Insights")
        expect(insights).to_be_hidden()
        tab_to(page, f"{MENU} summary")
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("open", "")
        page.keyboard.press("Tab")
        expect(insights).to_be_focused()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/insights/$"))
        expect(page.locator(f"{MENU} summary")).to_have_attribute("aria-current", "true")
        expect(page.locator(MENU)).not_to_have_attribute("open", "")  # a new page: closed
    finally:
        page.context.close()


def test_the_open_menu_on_insights(live_server: LiveServer, browser: Browser) -> None:
    page = open_page(
        browser, live_server.url, agent_session(), "/insights/",
        viewport={"width": 1280, "height": 900},
    )  # fmt: skip
    try:
        summary = page.locator(f"{MENU} summary")
        panel = page.locator(".nav-menu-panel")
        summary.click()
        expect(panel).to_be_visible()
        current = panel.locator('[aria-current="page"]')
        expect(current).to_have_text("Insights")
        page.screenshot(path=str(ARTIFACTS / "nav-analytics-open.png"))
        results = Axe().run(page, options=WCAG).response
        assert [v["id"] for v in results["violations"]] == []

        # With scripts: Escape closes it and gives focus back; so does a click elsewhere.
        page.keyboard.press("Escape")
        expect(panel).to_be_hidden()
        expect(summary).to_be_focused()
        summary.click()
        expect(panel).to_be_visible()
        page.locator("main h1").first.click()
        expect(panel).to_be_hidden()
        # Opening the account menu closes this one.
        summary.click()
        page.locator("details.user-menu summary").click()
        expect(panel).to_be_hidden()
    finally:
        page.context.close()


def test_the_open_menu_stays_on_a_phone_screen(live_server: LiveServer, browser: Browser) -> None:
    page = open_page(
        browser, live_server.url, agent_session(), "/trending/",
        viewport={"width": 360, "height": 740}, is_mobile=True,
    )  # fmt: skip
    try:
        page.locator(f"{MENU} summary").click()
        panel = page.locator(".nav-menu-panel")
        expect(panel).to_be_visible()
        box = panel.bounding_box()
        assert box is not None
        assert box["x"] >= 0, box
        assert box["x"] + box["width"] <= 360, box
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for name in ("Insights", "Hot topics", "Deflection", "ROI"):
            expect(panel.get_by_role("link", name=name, exact=True)).to_be_in_viewport()
        page.screenshot(path=str(ARTIFACTS / "nav-analytics-phone.png"))
    finally:
        page.context.close()
