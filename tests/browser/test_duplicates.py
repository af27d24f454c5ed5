"""A moderator closes a question as a duplicate from its page, in a real browser; both threads
then show the link. Screenshots go to var/test-artifacts/duplicates-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.roles import Role
from crowdservice.community.actions import do_ask_question, do_post_answer
from crowdservice.community.models import Question, Space
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_journey import Person
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(person: Person, step: int, what: str) -> None:
    person.page.evaluate("window.scrollTo(0, 0)")  # a scrolled full-page shot misdraws the header
    path = ARTIFACTS / f"duplicates-{step:02d}-{person.name}-{what}.png"
    person.page.screenshot(path=str(path), full_page=True)


def test_a_moderator_closes_a_question_as_a_duplicate(
    live_server: LiveServer, space: Space, browser: Browser
) -> None:
    asker, helper = make_user("maria_g"), make_user("tom_hughes")
    make_user("priya_mod", Role.MODERATOR)
    original = do_ask_question(
        author=helper, space_id=space.pk, title="Guest network password keeps resetting",
        body="Every few days the guest Wi-Fi password goes back to the default one.",
        tags=["wifi", "guest"],
    )  # fmt: skip
    do_post_answer(
        author=asker, question=original,
        body="Turn off *Rotate guest password weekly* under Guest network, then save.",
    )  # fmt: skip
    duplicate = do_ask_question(
        author=asker, space_id=space.pk, title="Why does my guest Wi-Fi password change by itself?",
        body="I set a guest password last week and today my visitors can't connect with it.",
        tags=["wifi"],
    )  # fmt: skip
    do_post_answer(
        author=helper, question=duplicate,
        body="Rotate the router's guest password setting off; it changes it every week.",
    )  # fmt: skip

    mod = Person(browser, live_server.url, "moderator")
    mod.sign_in("priya_mod", PASSWORD)
    page = mod.page
    page.goto(duplicate.get_absolute_url())
    page.get_by_text("Close as duplicate…").click()
    field = page.get_by_label("Original question: its number or its link")
    expect(field).to_be_visible()
    # Opening the box loads the likely duplicates as one-click choices (htmx).
    choices = page.locator(".close-duplicate .similar-list")
    expect(choices.get_by_role("link", name=original.title)).to_be_visible()
    expect(choices.get_by_role("button", name="Close as duplicate of this")).to_be_visible()
    field.fill(f"{live_server.url}{original.get_absolute_url()}")
    shot(mod, 1, "close-form")
    page.get_by_role("button", name="Close as duplicate", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/questions/{duplicate.pk}/"))
    notice = page.locator(".duplicate-notice")
    expect(notice).to_contain_text("Closed as a duplicate of:")
    expect(notice.get_by_role("link", name=original.title)).to_be_visible()
    expect(notice).to_contain_text("by Priya Mod.")
    expect(page.locator("article.answer")).to_contain_text("Rotate the router")  # answers stay
    expect(page.get_by_role("button", name="Post your answer")).to_have_count(0)
    shot(mod, 2, "duplicate-page")

    notice.get_by_role("link", name=original.title).click()
    expect(page).to_have_url(re.compile(rf"/questions/{original.pk}/"))
    duplicates = page.locator(".duplicates-card")
    expect(duplicates).to_contain_text("Duplicates of this question")
    expect(duplicates.get_by_role("link", name=duplicate.title)).to_be_visible()
    shot(mod, 3, "original-page")

    # An anonymous reader gets the same links (from the cached thread).
    reader = Person(browser, live_server.url, "reader")
    reader.page.goto(original.get_absolute_url())
    expect(reader.page.get_by_role("link", name=duplicate.title)).to_be_visible()
    reader.page.goto(duplicate.get_absolute_url())
    expect(reader.page.locator(".duplicate-notice")).to_contain_text(original.title)

    assert Question.objects.get(pk=duplicate.pk).duplicate_of_id == original.pk
    assert mod.errors == [], mod.errors
    assert reader.errors == [], reader.errors
