"""The case journey in a real browser, with real mail: a customer files a case and sees
suggestions; an agent replies with a macro; the customer replies by email; the agent solves the
case and publishes the answer to the community; the customer rates the help."""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.roles import Role
from crowdservice.cases.models import Case, Macro, Status
from crowdservice.community.actions import do_ask_question, do_endorse_answer, do_post_answer
from crowdservice.community.models import Answer, Space
from tests.accounts.conftest import Mailbox, smtp_mailbox
from tests.browser.conftest import ARTIFACTS
from tests.cases.conftest import Listener, listener
from tests.conftest import PASSWORD, make_user

__all__ = ["listener", "smtp_mailbox"]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXISTING = "Router drops the 5 GHz band every evening"


def sign_in(browser: Browser, live_server: LiveServer, username: str) -> Page:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


def test_case_journey(
    live_server: LiveServer,
    space: Space,
    browser: Browser,
    listener: Listener,
    smtp_mailbox: Mailbox,
) -> None:
    agent = make_user("sam_support", Role.AGENT)
    customer = make_user("maria_g")
    existing = do_ask_question(
        author=make_user("olga_owner"), space_id=space.pk, title=EXISTING,
        body="Every evening at 8 pm the 5 GHz network disappears for a minute.", tags=["wifi"],
    )  # fmt: skip
    do_endorse_answer(
        actor=agent,
        answer=do_post_answer(
            author=agent, question=existing, body="Set the channel to 36 and turn off DFS."
        ),
    )
    Macro.objects.create(
        name="Firmware update",
        body="Hi {{ requester.name }}, please update the firmware to 2.4 and restart the router.",
        set_status="pending",
    )

    # 1. The customer files a case and sees suggestions while typing the subject.
    page = sign_in(browser, live_server, "maria_g")
    page.goto("/cases/new/")
    page.get_by_label("Product area").select_option(label=space.name)
    page.get_by_label("Subject").press_sequentially("5 GHz drops at night", delay=20)
    region = page.locator("#deflection-suggestions")
    expect(region.get_by_role("link", name=re.compile(EXISTING))).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "case-01-suggestions.png"), full_page=True)
    page.get_by_label("Description").fill("The 5 GHz network vanishes every night at 2 am.")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("heading", name="5 GHz drops at night")).to_be_visible()
    case = Case.objects.get()
    assert case.requester == customer

    # 2. The agent answers with a macro.
    desk = sign_in(browser, live_server, "sam_support")
    desk.goto("/agent/cases/")
    desk.get_by_role("link", name="5 GHz drops at night").click()
    # htmx wires the macro picker when the page has loaded; choosing earlier sends nothing.
    desk.wait_for_url(re.compile(r"/cases/\d+/$"))
    desk.wait_for_load_state("load")
    desk.get_by_label("Insert a macro").select_option(label="Firmware update")
    reply_box = desk.get_by_label("Reply")
    expect(reply_box).to_have_value(re.compile("Hi Maria G, please update the firmware"))
    desk.get_by_role("button", name="Send").click()
    expect(desk.locator(".case-message").last).to_contain_text("please update the firmware to 2.4")
    case.refresh_from_db()
    assert case.status == Status.PENDING
    desk.screenshot(path=str(ARTIFACTS / "case-02-macro-reply.png"), full_page=True)

    # 3. The customer answers the agent's mail by email.
    sent = next(m for m in smtp_mailbox.messages if "firmware to 2.4" in str(m.get_body()))
    reply = EmailMessage()
    reply["From"] = customer.email
    reply["To"] = "support@localhost"
    reply["Subject"] = f"Re: {sent['Subject']}"
    reply["Message-ID"] = make_msgid(domain="example.com")
    reply["In-Reply-To"] = sent["Message-ID"]
    reply["References"] = sent["Message-ID"]
    reply.set_content("Updated to 2.4 and it works now, thanks!\n\nOn Monday you wrote:\n> Hi")
    listener.send(reply.as_bytes(), sender=customer.email)
    desk.reload()
    expect(desk.locator(".case-message").last).to_contain_text("Updated to 2.4 and it works now")
    expect(desk.locator(".case-message").last).not_to_contain_text("On Monday you wrote")

    # 4. The agent solves it and publishes the answer to the community, after the review.
    desk.get_by_label("Status", exact=True).select_option(label="Solved")
    desk.get_by_role("button", name="Save").click()
    desk.get_by_role("link", name="Publish the answer to the community").click()
    desk.get_by_label("Publish as").select_option("question")
    desk.get_by_label("Answer", exact=True).fill(
        "Update the firmware to 2.4 and restart the router."
    )
    desk.get_by_role("button", name="Review").click()
    expect(desk.get_by_role("heading", name="This becomes public")).to_be_visible()
    desk.screenshot(path=str(ARTIFACTS / "case-03-publish-review.png"), full_page=True)
    desk.get_by_role("button", name="Publish exactly this").click()
    expect(desk.locator(".prose").last).to_contain_text("Update the firmware to 2.4")
    published = Answer.objects.get(body="Update the firmware to 2.4 and restart the router.")
    assert published.is_endorsed
    assert published.question.title == "5 GHz drops at night"

    # 5. The customer rates the help.
    page.goto(case.get_absolute_url())
    page.get_by_label("5", exact=True).check()
    page.get_by_label("Comment (optional)").fill("Quick and clear.")
    page.get_by_role("button", name="Send rating").click()
    expect(page.get_by_text("You rated our help")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "case-04-rated.png"), full_page=True)
    case.refresh_from_db()
    assert (case.status, case.csat_score) == (Status.SOLVED, 5)
