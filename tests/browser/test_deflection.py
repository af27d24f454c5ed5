"""Deflection in a real browser: suggestions appear under the title as a customer types, with
their trust tier, and "this answered my question" thanks them and records the outcome."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.roles import Role
from crowdservice.community.actions import do_ask_question, do_endorse_answer, do_post_answer
from crowdservice.community.models import Space
from crowdservice.core.models import Event
from crowdservice.deflection import actions
from crowdservice.deflection.models import DeflectionSession, Outcome
from crowdservice.search.types import SearchHit
from tests.browser.conftest import ARTIFACTS
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXISTING = "Router drops the 5 GHz band every evening"


def test_a_customer_is_deflected_by_a_suggestion(
    live_server: LiveServer, space: Space, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    author = make_user("olga_owner")
    agent = make_user("sam_staff", Role.AGENT)
    customer = make_user("maria_asks")
    existing = do_ask_question(
        author=author,
        space_id=space.pk,
        title=EXISTING,
        body="Every evening at 8 pm the 5 GHz network disappears for a minute.",
        tags=["wifi"],
    )
    answer = do_post_answer(
        author=agent, question=existing, body="Set the channel to 36 and turn off DFS."
    )
    do_endorse_answer(actor=agent, answer=answer)
    # The trust tier comes from the search backend; pin it here whatever the backend knows yet.
    real = actions.suggest

    def with_tier(user: Any, text: str, **kwargs: Any) -> list[SearchHit]:
        hits = real(user, text, **kwargs)
        pinned = {existing.pk: "endorsed"}
        return [dataclasses.replace(h, tier=h.tier or pinned.get(h.object_id, "")) for h in hits]

    monkeypatch.setattr(actions, "suggest", with_tier)

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("maria_asks")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto("/questions/ask/")
    page.get_by_label("Space", exact=True).select_option(label=space.name)
    title = page.get_by_label("Title", exact=True)
    title.press_sequentially("5 GHz drops", delay=20)  # 11 characters: suggestions start
    region = page.locator("#deflection-suggestions")
    expect(region.get_by_role("link", name=re.compile(EXISTING))).to_be_visible()
    expect(region.get_by_text("Endorsed by the CrowdService team")).to_be_visible()
    expect(page.locator("#deflection-status")).to_contain_text("may help")
    page.screenshot(path=str(ARTIFACTS / "deflection-01-suggestions.png"), full_page=True)

    region.get_by_role("button", name=re.compile("This answered my question")).first.click()
    expect(region.get_by_role("heading", name="Glad that helped!")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "deflection-02-thanks.png"), full_page=True)

    session = DeflectionSession.objects.get(user=customer)
    assert session.outcome == Outcome.SELF_SOLVED
    assert session.outcome_object_id == existing.pk
    assert Event.objects.filter(verb="deflection.self_solved").count() == 1
    assert errors == [], errors
    context.close()

    # The agent's report counts the deflection and credits the endorsed question.
    staff = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    report = staff.new_page()
    report.set_default_timeout(10_000)
    report.goto("/accounts/login/")
    report.locator("input[name=login]").fill("sam_staff")
    report.locator("input[name=password]").fill(PASSWORD)
    report.get_by_role("button", name="Sign in").click()
    report.locator(".main-nav summary", has_text="Analytics").click()  # the staff menu
    report.get_by_role("link", name="Deflection").click()
    expect(report.get_by_role("heading", name="Deflection", exact=True)).to_be_visible()
    expect(report.locator("#top-content + *, .deflect-section").nth(2)).to_contain_text(EXISTING)
    report.screenshot(path=str(ARTIFACTS / "deflection-03-report.png"), full_page=True)
    staff.close()
