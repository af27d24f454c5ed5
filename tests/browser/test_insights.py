"""The community dashboard in a real browser: the charts are drawn (Chart.js from our own
static files), and changing the date range swaps the dashboard in place."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.insights.actions import do_rebuild
from tests.browser.conftest import ARTIFACTS
from tests.insights.conftest import D1, D2, NOW, World, world

__all__ = ["world"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_reads_the_community_dashboard(
    live_server: LiveServer, browser: Browser, world: World
) -> None:
    do_rebuild(now=NOW)
    client = Client()
    client.force_login(world.agent)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    try:
        page.goto(f"{live_server.url}/insights/community/?from=2026-02-20&to={D2}")
        canvas = page.locator("#community-activity-chart")
        expect(canvas).to_have_attribute("data-chart-drawn", "1")
        # Chart.js sized the canvas and painted it: some pixel is not transparent.
        painted = page.evaluate(
            """() => {
              const c = document.getElementById('community-activity-chart');
              const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) return true; }
              return false;
            }"""
        )
        assert painted
        expect(page.locator(".stat-summary dd").first).to_have_text("3")

        # Only day 2: the form swaps the dashboard body with htmx and pushes the new URL.
        page.fill("#insights-from", str(D2))
        page.click(".insights-filters button[type=submit]")
        expect(page).to_have_url(f"{live_server.url}/insights/community/?from={D2}&to={D2}&space=")
        expect(page.locator(".stat-summary dd").first).to_have_text("0")
        expect(page.locator("#community-activity-chart")).to_have_attribute("data-chart-drawn", "1")
        page.fill("#insights-from", str(D1))
        page.click(".insights-filters button[type=submit]")
        expect(page.locator(".stat-summary dd").first).to_have_text("3")
        page.screenshot(path=str(ARTIFACTS / "insights-community.png"), full_page=True)
        for name in ("support", "deflection", "report", ""):
            page.goto(f"{live_server.url}/insights/{name}{'/' if name else ''}?from={D1}&to={D2}")
            page.wait_for_load_state("networkidle")
            page.screenshot(
                path=str(ARTIFACTS / f"insights-{name or 'overview'}.png"), full_page=True
            )
        assert outside == []  # nothing from a CDN
    finally:
        context.close()
