"""Agents' handle time in a real browser: the case page times the agent's work, saves it with
the reply, and sends what is left by a beacon when the agent leaves the page."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.roles import Role
from crowdservice.cases.actions import do_open_case
from crowdservice.cases.models import CaseWorkLog
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_case_journey import sign_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_case_page_times_the_agents_work(live_server: LiveServer, browser: Browser) -> None:
    make_user("sam_support", Role.AGENT)
    case = do_open_case(
        requester=make_user("maria_g"),
        subject="The guest network asks for a password",
        description="It never did before.",
    )
    desk = sign_in(browser, live_server, "sam_support")
    desk.goto(case.get_absolute_url())
    desk.wait_for_load_state("load")
    expect(desk.locator("[data-work-total]")).to_have_text("0 s")
    # Work on the case for a couple of seconds (moving the pointer keeps the timer going).
    for x in range(4):
        desk.mouse.move(200 + x * 40, 300)
        desk.wait_for_timeout(600)
    expect(desk.locator("[data-work-session]")).not_to_have_text("0 s")
    desk.get_by_label("Reply").fill("Turn off the guest password in Settings > Guest network.")
    desk.get_by_role("button", name="Send").click()
    # The reply reloads the page; the total now includes the time just worked.
    expect(desk.locator(".case-message").last).to_contain_text("Turn off the guest password")
    expect(desk.locator("[data-work-total]")).to_have_text(re.compile(r"^[1-9]\d* s$"))
    desk.screenshot(path=str(ARTIFACTS / "case-work-time.png"), full_page=True)
    reply = CaseWorkLog.objects.get(case=case, source="reply")
    assert 2 <= reply.seconds <= 30
    # (The seconds between sending and the reload went by beacon as the page unloaded.)
    before = sum(
        CaseWorkLog.objects.filter(case=case, source="page").values_list("seconds", flat=True)
    )

    # Time spent without sending anything is not lost: the beacon carries it on leaving.
    for x in range(4):
        desk.mouse.move(300, 200 + x * 40)
        desk.wait_for_timeout(600)
    desk.goto("/agent/cases/")
    deadline = time.monotonic() + 10
    while True:
        pages = CaseWorkLog.objects.filter(case=case, source="page")
        after = sum(pages.values_list("seconds", flat=True))
        if after - before >= 2:
            break
        assert time.monotonic() < deadline, "no beacon arrived"
        time.sleep(0.2)
    assert after - before <= 30
