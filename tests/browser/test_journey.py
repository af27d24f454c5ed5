"""One customer journey in a real browser (Debian's Chromium, headless, driven by Playwright).

A new customer signs up and verifies their email address, asks a question; a second person
answers it and upvotes the question; the asker upvotes and accepts the answer. Every step saves a
screenshot under var/test-artifacts/ so a failure can be looked at.
"""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, Question, Space
from tests.browser.conftest import ARTIFACTS
from tests.conftest import PASSWORD, make_user

STEP_TIMEOUT_MS = 10_000

NEW_PASSWORD = "plum-kettle-orbit-42"
TITLE = "Router drops the 5 GHz network every evening"
BODY = "Every evening around 8 pm the 5 GHz network disappears for a minute, then comes back."
ANSWER = "Set the 5 GHz channel to 36 and turn off DFS in the wireless settings, then reboot."

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Person:
    """One browser context (its own cookies) with a page that screenshots each step."""

    def __init__(self, browser: Browser, base_url: str, name: str) -> None:
        self.context = browser.new_context(
            base_url=base_url, viewport={"width": 1280, "height": 900}
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(STEP_TIMEOUT_MS)
        self.page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm and friends
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.name = name

    def shot(self, step: int, what: str) -> None:
        path = ARTIFACTS / f"journey-{step:02d}-{self.name}-{what}.png"
        # From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
        self.page.evaluate("window.scrollTo(0, 0)")
        self.page.screenshot(path=str(path), full_page=True)

    def sign_in(self, login: str, password: str) -> None:
        page = self.page
        page.goto("/accounts/login/")
        page.locator("input[name=login]").fill(login)
        page.locator("input[name=password]").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def confirmation_link(address: str) -> str:
    """The verification link from the last mail to `address` (locmem backend in the tests)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for message in reversed(mail.outbox):
            if address in message.to:
                match = re.search(r"https?://\S+/accounts/confirm-email/\S+", str(message.body))
                assert match, f"No confirmation link in:\n{message.body}"
                return match.group(0)
        time.sleep(0.1)
    raise AssertionError(f"No mail to {address}; outbox: {[m.subject for m in mail.outbox]}")


def question_score(page: Page) -> Locator:
    """The question's score: the one .score that is not inside an answer."""
    return page.locator(
        "xpath=//*[contains(concat(' ', normalize-space(@class), ' '), ' score ')]"
        "[not(ancestor::article[contains(concat(' ', normalize-space(@class), ' '), ' answer ')])]"
    )


def test_sign_up_ask_answer_vote_and_accept(
    live_server: LiveServer, space: Space, browser: Browser
) -> None:
    asker = Person(browser, live_server.url, "asker")
    page = asker.page

    # 1. Sign up as a new customer.
    page.goto("/accounts/signup/")
    page.locator("input[name=email]").fill("nina@example.com")
    page.locator("input[name=username]").fill("nina_newcomer")
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    asker.shot(1, "signup-form")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/"))
    asker.shot(2, "verification-sent")
    nina = User.objects.get(username="nina_newcomer")

    # 2. Verify the email address with the link from the mail, in the same browser.
    page.goto(confirmation_link("nina@example.com"))
    asker.shot(3, "confirm-email")
    page.get_by_role("button", name="Confirm").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/confirm-email/"))
    assert nina.emailaddress_set.get().verified
    asker.shot(4, "email-confirmed")

    # 3. Sign in (confirming does not sign in: ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION is off) and ask.
    asker.sign_in("nina_newcomer", NEW_PASSWORD)
    page.goto("/questions/ask/")
    expect(page).to_have_url(re.compile(r"/questions/ask/$"))
    page.get_by_label("Space", exact=True).select_option(label=space.name)
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Body", exact=True).fill(BODY)
    page.get_by_label("Tags", exact=True).fill("wifi, router")
    asker.shot(5, "ask-form")
    page.get_by_role("button", name="Post your question").click()
    expect(page).to_have_url(re.compile(r"/questions/\d+/"))
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    question = Question.objects.get(title=TITLE)
    assert (question.author_id, question.space_id) == (nina.pk, space.pk)
    assert sorted(question.tags.values_list("name", flat=True)) == ["router", "wifi"]
    question_url = page.url
    asker.shot(6, "question-asked")

    # 4. Someone else signs in, answers (htmx, in place) and upvotes the question.
    make_user("bob_answerer")
    answerer = Person(browser, live_server.url, "answerer")
    answerer.sign_in("bob_answerer", PASSWORD)
    bob_page = answerer.page
    bob_page.goto(question_url)
    bob_page.get_by_label("Your answer").fill(ANSWER)
    answerer.shot(7, "answer-form")
    bob_page.get_by_role("button", name="Post your answer").click()
    expect(bob_page.locator("article.answer")).to_have_count(1)
    answer = Answer.objects.get(question=question)
    answer_box = bob_page.locator(f"article#answer-{answer.pk}")
    expect(answer_box).to_contain_text("turn off DFS")
    answerer.shot(8, "answer-posted")

    bob_page.get_by_role("button", name="Upvote this question").click()
    expect(question_score(bob_page)).to_have_text("1")
    answerer.shot(9, "question-upvoted")

    # 5. The asker sees the answer, upvotes it and accepts it.
    page.goto(question_url)
    answer_box = page.locator(f"article#answer-{answer.pk}")
    expect(answer_box).to_contain_text("turn off DFS")
    expect(question_score(page)).to_have_text("1")
    answer_box.get_by_role("button", name="Upvote this answer").click()
    expect(answer_box.locator(".score")).to_have_text("1")
    asker.shot(10, "answer-upvoted")
    answer_box.get_by_role("button", name="Accept this answer").click()
    expect(answer_box.get_by_text("Accepted", exact=True)).to_be_visible()
    asker.shot(11, "answer-accepted")

    # 6. All of it was stored: a fresh page load shows the same.
    page.reload()
    answer_box = page.locator(f"article#answer-{answer.pk}")
    expect(answer_box.get_by_text("Accepted", exact=True)).to_be_visible()
    expect(answer_box.locator(".score")).to_have_text("1")
    expect(question_score(page)).to_have_text("1")
    asker.shot(12, "after-reload")
    question.refresh_from_db()
    answer.refresh_from_db()
    assert (question.accepted_answer_id, question.score, answer.score) == (answer.pk, 1, 1)
    assert asker.errors == [], asker.errors
    assert answerer.errors == [], answerer.errors
