"""New members' posting limits (Discourse's defaults): first-day caps and waiting times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.community.actions import do_add_comment, do_ask_question, do_post_answer
from crowdservice.community.models import Question, Space
from crowdservice.core.models import Event
from crowdservice.reputation.limits import RateLimited, check_posting_rate
from tests.api.helpers import session_client
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
Grant = Callable[[User, int], User]


def ask(author: User, space: Space, n: int) -> Question:
    return do_ask_question(
        author=author, space_id=space.pk, title=f"Router question number {n} about Wi-Fi",
        body="The router drops the connection every few minutes.", tags=["wifi"],
    )  # fmt: skip


def age_posts(user: User, seconds: int) -> None:
    """Pretend the person's posts so far were written `seconds` ago (waiting is not testing)."""
    then = timezone.now() - timedelta(seconds=seconds)
    Event.objects.filter(actor_id=user.pk).update(created_at=then)


def join_days_ago(user: User, days: int) -> User:
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    user.refresh_from_db()
    return user


def test_three_questions_on_the_first_day(real_rules: dict[str, int], space: Space) -> None:
    newcomer = make_user("nina_newcomer")
    for n in range(3):
        ask(newcomer, space, n)
        age_posts(newcomer, 600)
    with pytest.raises(RateLimited, match="New members can post 3 questions on their first day"):
        ask(newcomer, space, 4)
    join_days_ago(newcomer, 2)
    ask(newcomer, space, 5)  # the cap is for the first day only


def test_ten_answers_on_the_first_day(real_rules: dict[str, int], question: Question) -> None:
    newcomer = make_user("nina_newcomer")
    for n in range(10):
        do_post_answer(author=newcomer, question=question, body=f"Answer {n}: reboot the router.")
        age_posts(newcomer, 60)
    with pytest.raises(RateLimited, match="10 answers on their first day"):
        do_post_answer(author=newcomer, question=question, body="Eleventh: reboot the router.")


def test_waiting_times_for_new_members_and_for_everyone(
    real_rules: dict[str, int], grant: Grant, space: Space, question: Question
) -> None:
    member = grant(join_days_ago(make_user("mia_member"), 30), real_rules["comment"])
    ask(member, space, 1)
    with pytest.raises(RateLimited, match="New members wait 120 seconds between questions") as info:
        ask(member, space, 2)
    assert 100 < info.value.retry_after <= 120
    do_add_comment(author=member, question=question, body="Same problem here since Monday.")
    with pytest.raises(RateLimited, match="30 seconds between comments"):
        do_add_comment(author=member, question=question, body="And on Tuesday as well.")
    grant(member, real_rules["new_user_lifted"] - real_rules["comment"])
    age_posts(member, 20)
    ask(member, space, 3)  # 15 seconds for established members
    with pytest.raises(RateLimited, match="Please wait 15 seconds between questions"):
        ask(member, space, 4)


def test_staff_are_never_limited(real_rules: dict[str, int], space: Space) -> None:
    agent = make_user("new_agent", Role.AGENT)
    for n in range(5):
        ask(agent, space, n)


def test_the_api_answers_429_and_the_page_says_when_to_retry(
    real_rules: dict[str, int], space: Space
) -> None:
    newcomer = make_user("nina_newcomer")
    api = session_client(newcomer)
    body = {
        "space": space.slug, "title": "Router keeps dropping the 5 GHz band",
        "body": "Every evening the 5 GHz network disappears.", "tags": ["wifi"],
    }  # fmt: skip
    assert api.send("POST", "/questions", body).status_code == 201
    response = api.send("POST", "/questions", {**body, "title": "Another question right away"})
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert "try again in" in response.json()["detail"]
    assert 100 < int(response["Retry-After"]) <= 120

    browser = Client()
    browser.force_login(newcomer)
    page = browser.post(
        reverse("community:ask"),
        {"space": space.pk, "title": "A third question in a hurry", "body": body["body"],
         "tags": "wifi"},
    )  # fmt: skip
    assert page.status_code == 429
    assert "New members wait 120 seconds between questions" in page.content.decode()
    assert Question.objects.filter(author=newcomer).count() == 1


def test_the_last_free_slot_goes_to_one_post_at_a_time(
    real_rules: dict[str, int], space: Space, make_question: Callable[..., Question]
) -> None:
    """Sequentially, as the concurrent test in test_concurrency.py does at once: with one slot
    left the next post takes it and the one after is refused, for questions and for answers to
    different threads."""
    newcomer = make_user("nina_newcomer")
    for n in range(2):
        ask(newcomer, space, n)
        age_posts(newcomer, 600)
    ask(newcomer, space, 3)
    age_posts(newcomer, 600)
    with pytest.raises(RateLimited, match="3 questions on their first day"):
        ask(newcomer, space, 4)
    assert Question.objects.filter(author=newcomer).count() == 3

    helper = make_user("harry_helper")
    threads = [make_question(make_user(f"asker{n}")) for n in range(10)]
    for thread in threads[:9]:
        do_post_answer(author=helper, question=thread, body="Reboot the router, then retry.")
        age_posts(helper, 600)
    do_post_answer(author=helper, question=threads[9], body="Reboot the router, then retry.")
    age_posts(helper, 600)
    with pytest.raises(RateLimited, match="10 answers on their first day"):
        do_post_answer(author=helper, question=threads[0], body="Once more: reboot it.")


@pytest.mark.django_db(transaction=True)  # a plain test already runs inside a transaction
def test_the_check_refuses_to_run_outside_the_posts_transaction(
    real_rules: dict[str, int],
) -> None:
    """Without the post's transaction the author's lock would end before the post is written."""
    newcomer = make_user("nina_newcomer")
    with pytest.raises(RuntimeError, match=r"transaction\.atomic"):
        check_posting_rate(newcomer, "question")
    with transaction.atomic():
        check_posting_rate(newcomer, "question")
