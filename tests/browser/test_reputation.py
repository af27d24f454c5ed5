"""Reputation in a real browser: an upvote and an accept show on the helper's profile and the
leaderboard; a newcomer suggests an edit that the asker approves from the review queue.
Screenshots go to var/test-artifacts/reputation-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.community.actions import do_ask_question, do_post_answer
from crowdservice.community.models import Space
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_journey import Person
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(person: Person, step: int, what: str) -> None:
    person.page.evaluate("window.scrollTo(0, 0)")
    path = ARTIFACTS / f"reputation-{step:02d}-{person.name}-{what}.png"
    person.page.screenshot(path=str(path), full_page=True)


def test_reputation_badges_leaderboard_and_a_suggested_edit(
    live_server: LiveServer, space: Space, browser: Browser
) -> None:
    asker, helper = make_user("maria_g"), make_user("tom_hughes")
    make_user("nina_new")
    question = do_ask_question(
        author=asker, space_id=space.pk, title="Guest network password keeps resetting",
        body="Every few days the guest Wi-Fi password goes back to the default one.",
        tags=["wifi", "guest"],
    )  # fmt: skip
    answer = do_post_answer(
        author=helper, question=question,
        body="Turn off *Rotate guest password weekly* under Guest network, then save.",
    )  # fmt: skip

    maria = Person(browser, live_server.url, "asker")
    maria.sign_in("maria_g", PASSWORD)
    page = maria.page
    page.goto(question.get_absolute_url())
    page.locator(f"#vote-up-answer-{answer.pk}").click()
    expect(page.locator(f"#vote-answer-{answer.pk} .score")).to_have_text("1")
    page.locator(f"#answer-{answer.pk}").get_by_role("button", name=re.compile("Accept")).click()
    expect(page.locator(f"#answer-{answer.pk}")).to_contain_text("Accepted")

    page.goto(f"/users/{helper.username}/")
    panel = page.locator(".rep-panel")
    expect(panel.locator(".rep-total strong")).to_have_text("25")
    expect(panel.get_by_role("link", name=re.compile("Solver"))).to_be_visible()
    expect(panel).to_contain_text("guest")
    shot(maria, 1, "helper-profile")
    page.goto("/leaderboard/")
    expect(page.locator(".rep-leaders li").first).to_contain_text("Tom Hughes")
    shot(maria, 2, "leaderboard")

    nina = Person(browser, live_server.url, "newcomer")
    nina.sign_in("nina_new", PASSWORD)
    npage = nina.page
    npage.goto(question.get_absolute_url())
    npage.locator(f"#answer-{answer.pk}").get_by_role("link", name="Suggest edit").click()
    expect(npage.get_by_role("heading", name="Suggest an edit to the answer")).to_be_visible()
    npage.get_by_role("textbox", name="Answer").fill(
        "Turn off *Rotate guest password weekly* under Guest network, then press Save."
    )
    npage.get_by_role("button", name="Suggest edit").click()
    expect(npage.locator("body")).to_contain_text("Your edit is suggested")
    shot(nina, 3, "suggested")

    # The answer's author reviews edits to it.
    tom = Person(browser, live_server.url, "helper")
    tom.sign_in("tom_hughes", PASSWORD)
    tpage = tom.page
    tpage.goto("/review/edits/")
    expect(tpage.locator(".rep-findings li")).to_contain_text("suggested by Nina New")
    shot(tom, 4, "review-queue")
    tpage.get_by_role("button", name="Approve").click()
    expect(tpage.locator("body")).to_contain_text("No suggested edits are waiting for you.")
    tpage.goto(question.get_absolute_url())
    expect(tpage.locator(f"#answer-{answer.pk}")).to_contain_text("then press Save.")
    for person in (maria, nina, tom):
        assert not person.errors, person.errors
