"""The moderation pages: who may open them, what they show, CSRF, and fixed query budgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_vote
from crowdservice.community.models import Answer, Question
from crowdservice.moderation.actions import do_flag, do_sanction
from crowdservice.moderation.models import AuditEntry, ReviewItem, WatchedWord
from crowdservice.moderation.queries import queue_findings
from crowdservice.reputation.abuse import record_sighting
from crowdservice.reputation.models import AbuseFinding, FindingStatus, UserReputation
from tests.conftest import make_user
from tests.moderation.conftest import make_veteran
from tests.web.helpers import Browser

MOD_PAGES = ["/moderation/", "/moderation/?status=resolved", "/moderation/audit/",
             "/moderation/watched-words/"]  # fmt: skip
QUEUE_CEILING = 12


def signed_in(user: User | None) -> Browser:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return Browser(client)


@pytest.mark.parametrize("url", MOD_PAGES)
def test_only_moderators_open_the_moderation_pages(
    url: str, customer: User, agent: User, moderator: User, admin_user: User
) -> None:
    assert signed_in(None).get(url).status_code == 302
    for user in (customer, agent):
        assert signed_in(user).get(url).status_code == 403
    for user in (moderator, admin_user):
        assert signed_in(user).get(url).status_code == 200


def test_person_pages_and_records_are_private(
    customer: User, other_customer: User, moderator: User
) -> None:
    do_sanction(moderator=moderator, user=customer, kind="warning", reason="Mind your tone")
    url = f"/moderation/users/{customer.username}/"
    assert signed_in(other_customer).get(url).status_code == 403
    assert "Mind your tone" in signed_in(moderator).get(url).content.decode()
    # Your own standing is yours alone: another person's page shows their (empty) record.
    assert "Mind your tone" in signed_in(customer).get("/account/standing/").content.decode()
    assert (
        "Mind your tone" not in signed_in(other_customer).get("/account/standing/").content.decode()
    )
    api = Client()
    api.force_login(other_customer)
    assert api.get(f"/api/v1/moderation/users/{customer.username}/sanctions").status_code == 403
    assert api.get("/api/v1/me/standing").json()["sanctions"] == []


def test_the_queue_shows_flags_and_decides(
    answer: Answer, veterans: list[User], moderator: User
) -> None:
    do_flag(flagger=veterans[0], kind="answer", object_id=answer.pk, reason="spam", message="Ad!")
    browser = signed_in(moderator)
    page = browser.get("/moderation/").content.decode()
    assert "Ad!" in page
    assert "Agree, keep the post hidden" in page
    item = ReviewItem.objects.get(kind="answer", object_id=answer.pk)
    refused = browser.post(f"/moderation/review/{item.pk}/", {"decision": "agree_hide"}, csrf=False)
    assert refused.status_code == 403
    done = browser.post(f"/moderation/review/{item.pk}/", {"decision": "agree_hide"})
    assert done.status_code == 302
    assert Answer.objects.get(pk=answer.pk).visibility == "hidden"
    bad = browser.post(f"/moderation/review/{item.pk}/", {"decision": "agree_hide"})
    assert bad.status_code == 409


def test_moderators_hide_lock_and_close_from_the_question_page(
    question: Question, moderator: User, customer: User, make_answer: Any, other_customer: User
) -> None:
    browser = signed_in(moderator)
    page = browser.get(question.get_absolute_url()).content.decode()
    for label in ("Hide", "Lock", "Close as off-topic", "Merge…"):
        assert label in page
    assert browser.post(f"/moderation/posts/question/{question.pk}/lock/").status_code == 302
    assert Question.objects.get(pk=question.pk).is_locked
    page = signed_in(other_customer).get(question.get_absolute_url()).content.decode()
    assert "Locked by a moderator" in page
    assert "takes no new answers" in page
    assert browser.post(f"/moderation/posts/question/{question.pk}/explode/").status_code == 422
    assert browser.post(f"/moderation/posts/question/{question.pk}/lock/").status_code == 409
    assert (
        signed_in(customer).post(f"/moderation/posts/question/{question.pk}/unlock/").status_code
        == 403
    )
    assert AuditEntry.objects.filter(action="post.locked", actor=moderator).exists()


def test_watched_words_page(moderator: User) -> None:
    browser = signed_in(moderator)
    empty = browser.post("/moderation/watched-words/", {"word": "  ", "action": "block"})
    assert empty.status_code == 422
    assert "Enter a word" in empty.content.decode()
    assert (
        browser.post(
            "/moderation/watched-words/", {"word": "casino*", "action": "flag"}
        ).status_code
        == 302
    )
    word = WatchedWord.objects.get()
    assert "casino*" in browser.get("/moderation/watched-words/").content.decode()
    assert browser.post(f"/moderation/watched-words/{word.pk}/delete/").status_code == 302
    assert not WatchedWord.objects.exists()


def test_the_audit_log_lists_and_filters(customer: User, moderator: User) -> None:
    do_sanction(moderator=moderator, user=customer, kind="warning", reason="First warning")
    browser = signed_in(moderator)
    page = browser.get("/moderation/audit/?action=user.").content.decode()
    assert "user.warning" in page
    assert "First warning" in page
    assert "First warning" not in browser.get("/moderation/audit/?action=flag").content.decode()
    data = Client()
    data.force_login(moderator)
    items = data.get("/api/v1/moderation/audit", {"user": customer.username}).json()["items"]
    assert [i["action"] for i in items] == ["user.warning"]


def count_queries(browser: Browser, url: str) -> int:
    browser.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/moderation/", "/api/v1/moderation/queue", "/moderation/audit/"])
def test_the_queue_and_the_log_do_not_grow_with_items(
    url: str, moderator: User, make_question: Callable[..., Question], make_answer: Any
) -> None:
    browser = signed_in(moderator)
    flaggers = [make_veteran(f"flagger_{n}") for n in range(3)]

    def add_items(start: int, count: int) -> None:
        for n in range(start, start + count):
            author = make_user(f"author_{n}")
            question = make_question(author)
            answer = make_answer(author, question, f"Answer {n} with enough text in it to pass.")
            for flagger in flaggers[:2]:
                do_flag(flagger=flagger, kind="question", object_id=question.pk, reason="spam")
                do_flag(flagger=flagger, kind="answer", object_id=answer.pk, reason="offensive")

    add_items(0, 1)
    small = count_queries(browser, url)
    add_items(1, 6)
    large = count_queries(browser, url)
    assert small == large
    assert large <= QUEUE_CEILING


def test_comments_can_be_flagged_and_hidden_from_the_page(
    question: Question, other_customer: User, moderator: User, customer: User
) -> None:
    from crowdservice.community.actions import do_add_comment

    comment = do_add_comment(author=other_customer, question=question, body="Buy cheap stuff!")
    page = signed_in(customer).get(question.get_absolute_url()).content.decode()
    assert f"/moderation/flag/comment/{comment.pk}/" in page
    browser = signed_in(moderator)
    assert browser.post(f"/moderation/posts/comment/{comment.pk}/hide/").status_code == 302
    assert (
        "Buy cheap stuff!"
        not in signed_in(customer).get(question.get_absolute_url()).content.decode()
    )
    assert "Buy cheap stuff!" in browser.get(question.get_absolute_url()).content.decode()


def test_following_a_tag_from_its_page(question: Question, other_customer: User) -> None:
    browser = signed_in(other_customer)
    assert "Follow tag" in browser.get("/tags/wifi/").content.decode()
    assert browser.post("/tags/wifi/follow/").status_code == 302
    assert "Unfollow tag" in browser.get("/tags/wifi/").content.decode()
    assert browser.post("/tags/wifi/follow/", {"undo": "1"}).status_code == 302
    assert "Follow tag" in browser.get("/tags/wifi/").content.decode()
    assert browser.post("/tags/wifi/follow/", {"undo": "1"}).status_code == 409
    assert "Follow tag" not in signed_in(None).get("/tags/wifi/").content.decode()


# --- Voting findings (reputation) as items of the queue ------------------------------------------


def same_address_finding(
    n: int, make_question: Callable[..., Question], capture: Any
) -> AbuseFinding:
    """An upvote between two accounts seen at one address opens a finding, as in production."""
    author, sock = make_user(f"finding_author_{n}"), make_user(f"finding_sock_{n}")
    question = make_question(author)
    for user in (author, sock):
        record_sighting(user.pk, f"192.0.2.{n + 1}")
    with capture(execute=True):
        do_vote(user=sock, target=question, value=1)
    return AbuseFinding.objects.get(first_user=sock, second_user=author)


def test_open_voting_findings_are_items_of_the_queue(
    moderator: User, customer: User, make_question: Callable[..., Question],
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    finding = same_address_finding(0, make_question, django_capture_on_commit_callbacks)
    author = finding.second_user
    assert UserReputation.objects.get(user=author).total == 10
    browser = signed_in(moderator)
    page = browser.get("/moderation/").content.decode()
    assert f'id="finding-{finding.pk}"' in page
    assert "Votes from the author&#x27;s own address" in page
    assert f"/moderation/users/{author.username}/" in page
    assert f'action="/moderation/findings/{finding.pk}/"' in page
    assert "Confirm and reverse the votes" in page
    assert "Nothing here" not in page
    # Only what waits, and only on the first page.
    assert (
        f'id="finding-{finding.pk}"'
        not in browser.get("/moderation/?status=resolved").content.decode()
    )

    url = f"/moderation/findings/{finding.pk}/"
    assert browser.post(url, {"decision": "confirm"}, csrf=False).status_code == 403
    assert browser.post(url, {"decision": "maybe"}).status_code == 422
    # Findings name suspected accounts: for anyone else there is no such finding.
    assert signed_in(customer).post(url, {"decision": "dismiss"}).status_code == 404
    done = browser.post(url, {"decision": "confirm"})
    assert done.status_code == 302
    assert done["Location"] == "/moderation/"
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CONFIRMED
    assert UserReputation.objects.get(user=author).total == 0  # the existing action reversed it
    assert browser.post(url, {"decision": "dismiss"}).status_code == 409
    page = browser.get("/moderation/").content.decode()
    assert f'id="finding-{finding.pk}"' not in page
    assert "Nothing here" in page


def test_dismissing_a_finding_from_the_queue_keeps_the_votes(
    moderator: User, make_question: Callable[..., Question],
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    finding = same_address_finding(0, make_question, django_capture_on_commit_callbacks)
    done = signed_in(moderator).post(f"/moderation/findings/{finding.pk}/", {"decision": "dismiss"})
    assert done.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DISMISSED
    assert UserReputation.objects.get(user=finding.second_user).total == 10


def test_the_queue_with_findings_does_not_grow_with_them(
    moderator: User, make_question: Callable[..., Question], make_answer: Any,
    django_capture_on_commit_callbacks: Any, django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    browser = signed_in(moderator)
    flagger = make_veteran("flagger_0")
    question = make_question(make_user("flagged_author"))
    do_flag(flagger=flagger, kind="question", object_id=question.pk, reason="spam")
    same_address_finding(0, make_question, django_capture_on_commit_callbacks)
    small = count_queries(browser, "/moderation/")
    for n in range(1, 8):
        same_address_finding(n, make_question, django_capture_on_commit_callbacks)
    large = count_queries(browser, "/moderation/")
    assert small == large
    with django_assert_max_num_queries(QUEUE_CEILING):
        page = browser.get("/moderation/").content.decode()
    assert page.count('class="card review-item review-finding"') == 8


def test_the_queue_shows_the_newest_findings_and_links_the_rest(
    moderator: User, agent: User, make_question: Callable[..., Question],
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    findings = [
        same_address_finding(n, make_question, django_capture_on_commit_callbacks) for n in range(3)
    ]
    shown, more = queue_findings(moderator, limit=2)
    assert (shown, more) == (findings[:0:-1], True)  # newest activity first
    assert queue_findings(moderator, limit=3) == (findings[::-1], False)
    assert queue_findings(agent) == ([], False)
