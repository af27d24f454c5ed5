"""The issue's acceptance journey, in a real browser: a new member's first post waits in
pre-moderation, a moderator approves it, another member flags it as spam, the post hides, the
moderator confirms and suspends the spammer, who can then no longer sign in.
Screenshots go to var/test-artifacts/moderation-*.png."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.fixtures import Settings as SettingsWrapper
from pytest_django.live_server_helper import LiveServer

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.community.models import Question, Space
from crowdservice.moderation.models import AuditEntry, Sanction
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_journey import Person
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Cheap Nimbus routers and free accessories today"
BODY = "Huge discounts on every router model this week only, grab yours before they run out!"


def shot(person: Person, step: int, what: str) -> None:
    person.page.evaluate("window.scrollTo(0, 0)")
    path = ARTIFACTS / f"moderation-{step:02d}-{person.name}-{what}.png"
    person.page.screenshot(path=str(path), full_page=True)


def test_premoderation_flag_hide_and_suspension(
    live_server: LiveServer, space: Space, browser: Browser, settings: SettingsWrapper
) -> None:
    settings.CROWDSERVICE_MODERATION_APPROVE_FIRST_POSTS = 1
    settings.CROWDSERVICE_MODERATION_AUTO_HIDE_WEIGHT = 1  # one trusted flag hides a post
    spammer = make_user("sly_spammer")
    make_user("priya_mod", Role.MODERATOR)
    flagger = make_user("maria_g")
    User.objects.filter(pk=flagger.pk).update(date_joined=timezone.now() - timedelta(days=400))

    # 1. The newcomer's first question waits for approval; they can see it, others can't.
    sly = Person(browser, live_server.url, "spammer")
    sly.sign_in("sly_spammer", PASSWORD)
    page = sly.page
    page.goto("/questions/ask/")
    page.get_by_label("Space", exact=True).select_option(label=space.name)
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Body", exact=True).fill(BODY)
    page.get_by_label("Tags", exact=True).fill("router")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_text("checked by a moderator")).to_be_visible()
    expect(page.locator(".moderation-note")).to_contain_text("Waiting for a moderator's approval")
    question = Question.objects.get(title=TITLE)
    assert question.visibility == "pending"
    shot(sly, 1, "pending")
    maria = Person(browser, live_server.url, "member")
    maria.sign_in("maria_g", PASSWORD)
    assert maria.page.goto(question.get_absolute_url()).status == 404  # type: ignore[union-attr]

    # 2. The moderator approves it from the review queue.
    mod = Person(browser, live_server.url, "moderator")
    mod.sign_in("priya_mod", PASSWORD)
    mod.page.goto("/moderation/")
    item = mod.page.locator("article.review-item", has_text=TITLE)
    expect(item).to_contain_text("Waiting for approval")
    shot(mod, 2, "queue-approval")
    item.get_by_role("button", name="Approve the post").click()
    expect(mod.page.get_by_text("Done: approve the post")).to_be_visible()

    # 3. Another member sees it and flags it as spam; one trusted flag hides it here.
    maria.page.goto(question.get_absolute_url())
    expect(maria.page.get_by_role("heading", name=TITLE)).to_be_visible()
    maria.page.locator("#question").get_by_role("link", name="Flag").click()
    maria.page.get_by_label("Spam").check()
    maria.page.get_by_label("Anything moderators should know (optional)").fill("An advert.")
    shot(maria, 3, "flag-form")
    maria.page.get_by_role("button", name="Flag", exact=True).click()
    expect(maria.page.get_by_text("the post is now hidden")).to_be_visible()
    assert Question.objects.get(pk=question.pk).visibility == "hidden"
    anonymous = Person(browser, live_server.url, "anonymous")
    assert anonymous.page.goto(question.get_absolute_url()).status == 404  # type: ignore[union-attr]
    anonymous.page.goto("/questions/")
    expect(anonymous.page.get_by_text(TITLE)).to_have_count(0)

    # 4. The moderator confirms (deletes the spam) and suspends the spammer for a week.
    mod.page.goto("/moderation/")
    item = mod.page.locator("article.review-item", has_text=TITLE)
    expect(item).to_contain_text("An advert.")
    expect(item).to_contain_text("hidden automatically")
    shot(mod, 4, "queue-flagged")
    item.get_by_role("button", name="Agree, delete the post").click()
    expect(mod.page.get_by_text("Done: agree, delete the post")).to_be_visible()
    mod.page.goto("/moderation/users/sly_spammer/")
    mod.page.get_by_label("Action").select_option("suspension")
    mod.page.get_by_label("For how many days").fill("7")
    mod.page.get_by_label("Reason (the person reads this)").fill("Posting advertisements.")
    mod.page.get_by_role("button", name="Apply").click()
    expect(mod.page.locator(".sanction.is-active")).to_contain_text("Posting advertisements.")
    shot(mod, 5, "suspended")
    assert Sanction.objects.get(user=spammer).kind == "suspension"
    assert Question.objects.get(pk=question.pk).is_deleted

    # 5. The spammer's session is over, and signing in again says why and until when.
    sly.page.goto("/settings/profile/")
    expect(sly.page).to_have_url(re.compile(r"/accounts/login/"))
    sly.page.locator("input[name=login]").fill("sly_spammer")
    sly.page.locator("input[name=password]").fill(PASSWORD)
    sly.page.get_by_role("button", name="Sign in").click()
    expect(sly.page.locator("#login-refused-message")).to_contain_text("suspended until")
    expect(sly.page.locator("#login-refused-message")).to_contain_text("Posting advertisements.")
    shot(sly, 6, "sign-in-refused")

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"post.held_for_approval", "review.approve", "flag.raised", "post.auto_hidden",
            "review.agree_delete", "user.suspension"} <= actions  # fmt: skip
    for person in (sly, maria, mod, anonymous):
        assert person.errors == []


def test_moderation_pages_have_no_wcag_violations(
    live_server: LiveServer, browser: Browser
) -> None:
    from django.test import Client

    from crowdservice.community.actions import do_ask_question, do_post_answer
    from crowdservice.moderation.actions import do_add_watched_word, do_flag, do_sanction
    from tests.browser.test_accessibility import violations

    space = Space.objects.create(slug="wifi", name="Wi-Fi & connectivity", description="Signal")
    asker, helper = make_user("asker"), make_user("helper")
    moderator = make_user("priya_mod", Role.MODERATOR)
    question = do_ask_question(
        author=asker, space_id=space.pk, title="Router drops the 5 GHz band every evening",
        body="Every evening the 5 GHz network disappears.", tags=["wifi"],
    )  # fmt: skip
    answer = do_post_answer(author=helper, question=question, body="Buy cheap routers elsewhere!")
    do_flag(flagger=asker, kind="answer", object_id=answer.pk, reason="spam", message="An ad")
    do_sanction(moderator=moderator, user=helper, kind="warning", reason="No adverts, please.")
    do_add_watched_word(moderator=moderator, word="casino*", action="flag")
    sessions = {}
    for user in (moderator, helper):
        client = Client()
        client.force_login(user)
        sessions[user.username] = client.cookies["sessionid"].value
    pages = {
        "priya_mod": [
            "/moderation/", "/moderation/?status=resolved", "/moderation/audit/",
            "/moderation/watched-words/", f"/moderation/users/{helper.username}/",
            question.get_absolute_url(),
        ],
        "helper": [
            "/account/standing/", "/settings/notifications/",
            f"/moderation/flag/question/{question.pk}/",
        ],
    }  # fmt: skip
    found = [
        v
        for username, paths in pages.items()
        for path in paths
        for v in violations(browser, live_server.url, path, sessions[username])
    ]
    assert found == [], "\n".join(found)
