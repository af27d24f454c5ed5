"""Shared fixtures of the browser tests: Debian's Chromium, headless, driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(f"{reason} CI must run the browser tests.")
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # while it runs (make_user, lookups) would otherwise trip Django's async-safety check.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
            # ORM calls the test made while Playwright's event loop ran got their own connection
            # (asgiref keeps it per context); close it here, in that context, or PostgreSQL
            # refuses to drop the test database at the end.
            connections.close_all()
