"""The ROI model in a real browser: a support lead opens the calculator, raises the community
deflection rate and sees the ROI follow, saves two scenarios and compares them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.roles import Role
from crowdservice.cases.actions import do_open_case
from crowdservice.roi.models import Scenario
from tests.browser.conftest import ARTIFACTS
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_support_lead_models_the_roi_and_compares_scenarios(
    live_server: LiveServer, browser: Browser
) -> None:
    make_user("lee_lead", Role.ADMIN)
    customer = make_user("carl_customer")
    for n in range(12):
        do_open_case(requester=customer, subject=f"Router restarts ({n})", description="Hourly.")

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("lee_lead")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.locator(".main-nav summary", has_text="Analytics").click()  # the staff menu
    page.get_by_role("link", name="ROI", exact=True).click()
    expect(page.get_by_role("heading", name="ROI model")).to_be_visible()
    expect(page.get_by_text("52 cases a month", exact=False)).to_be_visible()  # 12 in a week
    expect(page.locator("#roi-cash-chart")).to_have_attribute("data-chart-drawn", "1")
    roi = page.locator("#roi-value")
    before = roi.inner_text()
    page.screenshot(path=str(ARTIFACTS / "roi-01-calculator.png"), full_page=True)

    deflection = page.get_by_label("Community deflection rate")
    deflection.fill("40")
    expect(roi).not_to_have_text(before)  # htmx recalculated as the person typed
    raised = roi.inner_text()
    assert float(raised.rstrip("%").replace("\u2212", "-").replace(",", "")) > float(
        before.rstrip("%").replace("\u2212", "-").replace(",", "")
    )
    expect(page.locator("#roi-tornado-chart")).to_have_attribute("data-chart-drawn", "1")

    page.get_by_label("Scenario name").fill("Community at 40%")
    page.get_by_role("button", name="Save as a new scenario").click()
    expect(page.get_by_text("Saved “Community at 40%”.")).to_be_visible()
    expect(roi).to_have_text(raised)
    assert Scenario.objects.get().inputs["deflection_percent"] == 40

    # A bad value: a message next to the field, and nothing to save until it is fixed.
    deflection.fill("140")
    expect(page.locator("#id_deflection_percent_errors")).to_contain_text("from 0 to 100")
    expect(page.get_by_text("Fix the inputs marked above to save them.")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "roi-02-bad-input.png"), full_page=True)
    deflection.fill("15")
    expect(page.locator("#id_deflection_percent_errors")).to_be_empty()
    page.get_by_label("Scenario name").fill("Cautious")
    page.get_by_role("button", name="Save as a new scenario").click()
    expect(page.get_by_text("Saved “Cautious”.")).to_be_visible()

    page.get_by_role("link", name="Saved scenarios").click()
    page.get_by_label("Compare Community at 40%").check()
    page.get_by_label("Compare Cautious").check()
    page.screenshot(path=str(ARTIFACTS / "roi-03-scenarios.png"), full_page=True)
    page.get_by_role("button", name="Compare the chosen scenarios").click()
    expect(page.get_by_role("heading", name="Compare scenarios")).to_be_visible()
    table = page.locator("table.roi-compare")
    expect(table.get_by_role("row", name=re.compile("^ROI"))).to_contain_text(raised)
    expect(table.locator("tr.is-different")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "roi-04-compare.png"), full_page=True)
    # On a phone the inputs come first, the results below them.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/roi/")
    expect(page.locator("#roi-value")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "roi-05-phone.png"))
    assert errors == []
    context.close()
