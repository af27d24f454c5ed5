"""The knowledge-centered service loop in a real browser: an agent searches the help center from
a case, inserts an article's link into the reply at the cursor, sends it and solves the case (the
article is recorded as used), then sends the resolution to the knowledge base as a draft."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.roles import Role
from crowdservice.cases.actions import do_open_case
from crowdservice.knowledge.models import Article, CaseLink
from crowdservice.search.index.indexing import rebuild
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_case_journey import sign_in
from tests.conftest import make_user
from tests.knowledge.conftest import kb_section, make_article

__all__ = ["kb_section", "make_article"]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Reset the router to factory settings"


def test_agent_links_an_article_from_the_case_and_drafts_a_new_one(
    live_server: LiveServer, browser: Browser, make_article: Callable[..., Article]
) -> None:
    make_user("sam_support", Role.AGENT)
    customer = make_user("maria_g")
    article = make_article(title=TITLE)
    rebuild()
    case = do_open_case(
        requester=customer, subject="The router keeps rebooting",
        description="It restarts every hour; my number is +44 20 7946 0958.",
    )  # fmt: skip

    desk = sign_in(browser, live_server, "sam_support")
    desk.goto(case.get_absolute_url())
    reply = desk.get_by_label("Reply", exact=True)
    reply.fill("Hi Maria, this should help: ")
    desk.get_by_label("Link a help-center article").fill("factory reset")
    results = desk.locator("#kb-search-results")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    expect(results).to_contain_text("Approved in the knowledge base")
    results.get_by_role("button", name="Insert link").click()
    url = f"{live_server.url}{article.get_absolute_url()}"
    expect(reply).to_have_value(f"Hi Maria, this should help: [{TITLE}]({url})")
    expect(reply).to_be_focused()
    desk.screenshot(path=str(ARTIFACTS / "case-kb-01-insert-link.png"), full_page=True)
    desk.get_by_label("Then set status").select_option(label="Solved")
    desk.get_by_role("button", name="Send").click()
    expect(desk.locator(".case-message").last.get_by_role("link", name=TITLE)).to_be_visible()
    link = CaseLink.objects.get(kind="used")
    assert (link.article_id, link.case_id) == (article.pk, case.pk)

    desk.get_by_role("link", name="Send it to the knowledge base as a draft").click()
    expect(desk.get_by_label("Publish as")).to_have_value("kb")
    desk.get_by_label("Question title").fill("The router reboots every hour")
    desk.get_by_label("Answer", exact=True).fill(
        "Update the firmware to 2.4, then restart the router once."
    )
    desk.get_by_role("button", name="Review").click()
    preview = desk.locator(".publish-preview")
    expect(
        preview.get_by_role("heading", name="This goes into the knowledge-base draft")
    ).to_be_visible()
    expect(preview).not_to_contain_text("7946")
    desk.get_by_role("button", name="Send exactly this as a draft").click()
    expect(desk).to_have_url(re.compile(r"/help/articles/\d+/"))
    expect(desk.get_by_role("heading", name="The router reboots every hour")).to_be_visible()
    desk.screenshot(path=str(ARTIFACTS / "case-kb-02-draft.png"), full_page=True)
    draft = Article.objects.get(source_case_id=case.pk)
    assert draft.status == "draft"
    assert "7946" not in draft.body
    assert CaseLink.objects.filter(article=draft, case_id=case.pk, kind="created").exists()
