"""The community loop in a real browser: an agent promotes an answer to a knowledge-base draft,
edits it and sends it for review; an editor publishes it; a customer then finds it as an
"Approved in the knowledge base" result and sees the thread point to it. Screenshots go to
var/test-artifacts/knowledge-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.roles import Role
from crowdservice.community.actions import do_ask_question, do_post_answer
from crowdservice.community.models import Space
from crowdservice.knowledge.actions import do_create_category, do_create_section
from crowdservice.knowledge.models import Article
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_journey import Person
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Guest network password keeps resetting every week"


def shot(person: Person, step: int, what: str) -> None:
    person.page.evaluate("window.scrollTo(0, 0)")
    person.page.screenshot(
        path=str(ARTIFACTS / f"knowledge-{step:02d}-{person.name}-{what}.png"), full_page=True
    )


def test_an_answer_becomes_a_published_article_found_with_the_kb_tier(
    live_server: LiveServer, space: Space, browser: Browser
) -> None:
    asker, helper = make_user("maria_g"), make_user("tom_hughes")
    make_user("sam_support", Role.AGENT)
    editor = make_user("lena_editor", Role.EDITOR)
    category = do_create_category(actor=editor, name="Troubleshooting")
    do_create_section(actor=editor, category_id=category.pk, name="Wi-Fi and coverage")
    question = do_ask_question(
        author=asker, space_id=space.pk, title=TITLE,
        body="Every few days the guest Wi-Fi password goes back to the default one.",
        tags=["wifi", "guest"],
    )  # fmt: skip
    answer = do_post_answer(
        author=helper, question=question,
        body="Turn off *Rotate guest password weekly* under Guest network, then save.",
    )  # fmt: skip

    # 1. The agent promotes the answer from the thread, edits the draft, sends it for review.
    agent = Person(browser, live_server.url, "agent")
    agent.sign_in("sam_support", PASSWORD)
    page = agent.page
    page.goto(question.get_absolute_url())
    page.locator(f"#promote-answer-{answer.pk}").click()
    expect(page).to_have_url(re.compile(r"/help/articles/\d+/edit/"))
    body = page.get_by_label("Body", exact=True)
    expect(body).to_contain_text("Tom Hughes")  # the attribution
    body.fill(
        "## Stop the weekly reset\n\n"
        "Turn off *Rotate guest password weekly* under **Guest network**, then save.\n\n"
        + body.input_value().split("---", 1)[1].join(["---", ""])
    )
    page.get_by_label("Summary of your change").fill("Add a heading")
    shot(agent, 1, "edit-draft")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".help-toolbar")).to_contain_text("Draft")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".help-toolbar")).to_contain_text("In review")
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)  # agents don't publish
    article = Article.objects.get(source_answer_id=answer.pk)

    # 2. The editor reviews the changes and publishes.
    chief = Person(browser, live_server.url, "editor")
    chief.sign_in("lena_editor", PASSWORD)
    page = chief.page
    page.goto("/help/manage/")
    page.locator("#list-in-review").locator("..").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Revisions").click()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".diff-added").first).to_contain_text("Stop the weekly reset")
    shot(chief, 2, "diff")
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".help-toolbar")).to_contain_text("Published")
    expect(page.locator(".help-toc")).to_contain_text("Stop the weekly reset")
    shot(chief, 3, "published")

    # 3. A customer finds it as a KB-tier result, and the thread points to it.
    reader = Person(browser, live_server.url, "customer")
    reader.sign_in("maria_g", PASSWORD)
    page = reader.page
    page.goto("/search/?q=guest+password+resetting")
    hit = page.locator("li", has=page.get_by_role("link", name=TITLE)).filter(
        has_text="Approved in the knowledge base"
    )
    expect(hit.first).to_be_visible()
    shot(reader, 4, "search")
    page.goto(question.get_absolute_url())
    notice = page.locator(".kb-notice")
    expect(notice).to_contain_text("The answer to this question lives in the knowledge base")
    notice.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/help/articles/{article.pk}/"))
    expect(page.locator(".breadcrumbs")).to_contain_text("Wi-Fi and coverage")
    page.get_by_role("button", name="Yes").click()
    expect(page.locator("#kb-feedback")).to_contain_text("Thank you for your feedback")
    shot(reader, 5, "article")

    for person in (agent, chief, reader):
        assert person.errors == [], person.errors


def test_help_center_pages_have_no_wcag_violations(
    live_server: LiveServer, browser: Browser
) -> None:
    from django.test import Client

    from crowdservice.knowledge.actions import (
        do_create_article,
        do_give_feedback,
        do_publish,
        do_save_article,
    )
    from tests.browser.test_accessibility import violations

    editor = make_user("lena_editor", Role.EDITOR)
    reader = make_user("maria_g")
    category = do_create_category(actor=editor, name="Troubleshooting")
    section = do_create_section(actor=editor, category_id=category.pk, name="Wi-Fi and coverage")
    article = do_publish(
        actor=editor,
        article=do_create_article(
            author=editor,
            section_id=section.pk,
            title="Stop the guest password from resetting",
            body="## Why it happens\n\nA weekly rotation.\n\n## Fix\n\nTurn *Rotate* off.",
            labels="wifi, guest",
        ),
    )
    article = do_save_article(
        actor=editor, article=article, base_version=article.version, body="## Fix\n\nTurn it off."
    )
    do_give_feedback(user=reader, article=article, helpful=False, comment="Needs a picture.")
    sessions = {}
    for person in (editor, reader):
        client = Client()
        client.force_login(person)
        sessions[person.username] = client.cookies["sessionid"].value
    url = article.get_absolute_url()
    anonymous = ["/help/", category.get_absolute_url(), section.get_absolute_url(), url]
    as_reader = [url, "/help/labels/wifi/"]
    as_editor = [
        url, f"{url}?preview=draft", "/help/manage/", "/help/manage/queue/", "/help/manage/stale/",
        f"/help/articles/{article.pk}/edit/", f"/help/articles/{article.pk}/revisions/",
        f"/help/articles/{article.pk}/diff/?from=1&to=2", "/help/articles/new/",
        f"/help/articles/{article.pk}/translations/de/",
    ]  # fmt: skip
    base = live_server.url
    found = [v for path in anonymous for v in violations(browser, base, path, None)]
    found += [v for p in as_reader for v in violations(browser, base, p, sessions["maria_g"])]
    found += [v for p in as_editor for v in violations(browser, base, p, sessions["lena_editor"])]
    assert found == [], "\n".join(found)
