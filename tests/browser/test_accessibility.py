"""axe-core (WCAG 2.1 A and AA rules) finds no violation on the main pages, signed in or not."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.community.actions import (
    do_accept_answer,
    do_add_comment,
    do_ask_question,
    do_endorse_answer,
    do_post_answer,
    do_vote,
)
from crowdservice.community.models import Question, Space
from tests.browser.conftest import ARTIFACTS
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def community() -> tuple[User, Question]:
    space = Space.objects.create(slug="wifi", name="Wi-Fi & connectivity", description="Signal")
    asker, helper = make_user("asker"), make_user("helper")
    agent = make_user("agent", Role.AGENT)
    question = do_ask_question(
        author=asker, space_id=space.pk, title="Router drops the 5 GHz band every evening",
        body="Every evening the 5 GHz network disappears.\n\n```\nping 192.168.1.1\n```",
        tags=["wifi", "5ghz"],
    )  # fmt: skip
    answer = do_post_answer(
        author=helper, question=question, body="Set the channel to **36** and disable DFS."
    )
    do_post_answer(author=agent, question=question, body="Firmware 3.3.8 fixes this; update it.")
    do_add_comment(author=asker, question=question, answer=answer, body="That worked, thanks!")
    do_vote(user=asker, target=answer, value=1)
    do_accept_answer(actor=asker, answer=answer)
    do_endorse_answer(actor=agent, answer=answer)
    return asker, question


def violations(browser: Browser, base: str, path: str, session: str | None) -> list[str]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if session:
        context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    page = context.new_page()
    try:
        response = page.goto(base + path)
        assert response is not None, path
        assert response.status == 200, path
        results = Axe().run(page, options=WCAG).response
        found = [
            f"{path}: {v['id']} ({v['impact']}) {v['help']} at "
            f"{', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in results["violations"]
        ]
        if found:
            name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
            page.screenshot(path=str(ARTIFACTS / f"a11y-{name}.png"), full_page=True)
        return found
    finally:
        context.close()


def test_main_pages_have_no_wcag_violations(live_server: LiveServer, browser: Browser) -> None:
    asker, question = community()
    client = Client()
    client.force_login(asker)
    session = client.cookies["sessionid"].value
    thread = question.get_absolute_url()
    anonymous = [
        "/", "/questions/?sort=top", "/spaces/", "/tags/", thread, "/search/?q=router",
        "/accounts/login/", "/accounts/signup/", f"/users/{asker.username}/",
    ]  # fmt: skip
    signed_in = [thread, "/questions/ask/", "/notifications/", "/settings/profile/"]
    found = [v for path in anonymous for v in violations(browser, live_server.url, path, None)]
    found += [v for path in signed_in for v in violations(browser, live_server.url, path, session)]
    assert found == [], "\n".join(found)


def test_roi_pages_have_no_wcag_violations(live_server: LiveServer, browser: Browser) -> None:
    from crowdservice.roi.actions import do_save_scenario
    from crowdservice.roi.queries import prefill

    lead = make_user("roi_lead", Role.ADMIN)
    start = prefill().inputs.as_dict()
    first = do_save_scenario(owner=lead, name="Measured", inputs=start)
    second = do_save_scenario(owner=lead, name="Doubled", inputs={**start, "monthly_demand": 6000})
    client = Client()
    client.force_login(lead)
    session = client.cookies["sessionid"].value
    bad = "/roi/?" + "&".join(f"{k}={v}" for k, v in {**start, "deflection_percent": 140}.items())
    pages = [
        "/roi/", f"/roi/?scenario={first.pk}", "/roi/scenarios/",
        f"/roi/scenarios/compare/?ids={first.pk}&ids={second.pk}",
    ]  # fmt: skip
    found = [v for path in pages for v in violations(browser, live_server.url, path, session)]
    assert found == [], "\n".join(found)
    # The page with a field to fix answers 422, so check it without the 200 assertion.
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + bad)
    results = Axe().run(page, options=WCAG).response
    assert [v["id"] for v in results["violations"]] == []
    context.close()


def test_insights_pages_have_no_wcag_violations(live_server: LiveServer, browser: Browser) -> None:
    from crowdservice.insights.actions import do_rebuild

    community()
    do_rebuild()
    agent = User.objects.get(username="agent")
    client = Client()
    client.force_login(agent)
    session = client.cookies["sessionid"].value
    pages = [
        "/insights/", "/insights/community/", "/insights/support/", "/insights/deflection/",
        "/insights/report/", "/insights/community/?space=wifi",
    ]  # fmt: skip
    found = [v for path in pages for v in violations(browser, live_server.url, path, session)]
    assert found == [], "\n".join(found)


def test_trending_page_has_no_wcag_violations(live_server: LiveServer, browser: Browser) -> None:
    from tests.trends.conftest import make_alert

    agent = make_user("agent", Role.AGENT)
    make_alert()
    client = Client()
    client.force_login(agent)
    found = violations(browser, live_server.url, "/trending/", client.cookies["sessionid"].value)
    assert found == [], "\n".join(found)
