"""Notification email through a real SMTP server: right away or in a daily digest, per-kind
settings, and one-click unsubscribe (RFC 8058) with a signed token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_add_comment, do_ask_question, do_post_answer
from crowdservice.community.actions.follows import do_follow_tag
from crowdservice.community.models import Question, Tag
from crowdservice.moderation.actions import do_sanction
from crowdservice.notifications.actions import do_update_settings
from crowdservice.notifications.email import send_daily_digests, unsubscribe_token
from crowdservice.notifications.models import Notification, NotificationSettings
from tests.notifications.conftest import Mailbox

BODY = "Set the channel to 36 and disable DFS in the wireless settings."


def immediate(user: User, **kwargs: Any) -> None:
    do_update_settings(
        user=user,
        email_mode=kwargs.get("mode", "immediate"),
        muted_kinds=kwargs.get("muted", []),
        email_muted_kinds=kwargs.get("email_muted", []),
    )


def test_an_answer_to_my_question_is_emailed_right_away_with_unsubscribe_headers(
    question: Question,
    customer: User,
    other_customer: User,
    smtp_mailbox: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    immediate(customer)
    with django_capture_on_commit_callbacks(execute=True):
        answer = do_post_answer(author=other_customer, question=question, body=BODY)
    note = Notification.objects.get(recipient=customer)
    assert note.kind == "answer_to_my_question"
    assert note.emailed_at is not None
    [message] = smtp_mailbox.messages
    assert message["To"] == customer.email
    assert "answered" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<(\S+)>", "".join(str(message["List-Unsubscribe"]).split()))
    assert link is not None
    body = smtp_mailbox.body()
    assert f"#answer-{answer.pk}" in body
    assert link.group(1) in body

    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", no session, no CSRF token.
    path = link.group(1).split("example.com", 1)[1]
    client = Client(enforce_csrf_checks=True)
    assert "Stop" in client.get(path).content.decode()  # GET only asks
    assert (
        "answer_to_my_question"
        not in NotificationSettings.objects.get(user=customer).email_muted_kinds
    )
    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "unsubscribed" in done.content.decode()
    assert NotificationSettings.objects.get(user=customer).email_muted_kinds == [
        "answer_to_my_question"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        do_post_answer(author=other_customer, question=question, body=BODY + " Again.")
    assert len(smtp_mailbox.messages) == 1  # unsubscribed from that kind


def test_a_forged_or_tampered_unsubscribe_token_is_refused(customer: User) -> None:
    client = Client()
    assert client.post("/notifications/unsubscribe/not-a-token/").status_code == 404
    token = unsubscribe_token(customer, None)
    assert client.post(f"/notifications/unsubscribe/{token[:-2]}xx/").status_code == 404
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 200
    assert NotificationSettings.objects.get(user=customer).email_mode == "off"


def test_digest_readers_get_one_email_a_day(
    question: Question,
    customer: User,
    other_customer: User,
    smtp_mailbox: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The default is the daily digest: nothing is sent at once.
    with django_capture_on_commit_callbacks(execute=True):
        do_post_answer(author=other_customer, question=question, body=BODY)
        do_add_comment(author=other_customer, question=question, body="Does this help at all?")
    assert smtp_mailbox.messages == []
    assert send_daily_digests() == 1
    [message] = smtp_mailbox.messages
    assert "2 notifications" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = smtp_mailbox.body()
    assert "answered" in body
    assert "commented" in body
    assert send_daily_digests() == 0  # each notification goes out once
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_people_who_turned_email_off_get_none(
    question: Question,
    customer: User,
    other_customer: User,
    smtp_mailbox: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    immediate(customer, mode="off")
    with django_capture_on_commit_callbacks(execute=True):
        do_post_answer(author=other_customer, question=question, body=BODY)
    assert send_daily_digests() == 0
    assert smtp_mailbox.messages == []
    assert Notification.objects.filter(recipient=customer).count() == 1  # still in the app


def test_a_kind_turned_off_in_the_app_is_not_stored(
    question: Question, customer: User, other_customer: User,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    immediate(customer, muted=["answer_to_my_question"])
    with django_capture_on_commit_callbacks(execute=True):
        do_post_answer(author=other_customer, question=question, body=BODY)
    assert not Notification.objects.filter(recipient=customer).exists()


def test_a_suspension_is_emailed_at_once_even_to_digest_readers(
    customer: User, moderator: User, smtp_mailbox: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_sanction(
            moderator=moderator, user=customer, kind="suspension", reason="Spam links", days=3
        )
    [message] = smtp_mailbox.messages
    assert "suspended until" in message["Subject"]
    assert "Spam links" in message["Subject"]


def test_mentions_notify_people_who_can_see_the_post(
    question: Question,
    customer: User,
    other_customer: User,
    agent: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_post_answer(
            author=customer,
            question=question,
            body=f"@{other_customer.username} and @{agent.username}: please try channel 36.",
        )
    mentioned = set(
        Notification.objects.filter(kind="mention").values_list("recipient_id", flat=True)
    )
    assert mentioned == {other_customer.pk, agent.pk}


def test_followers_of_a_tag_hear_of_new_questions(
    customer: User, other_customer: User, space: Any, django_capture_on_commit_callbacks: Any
) -> None:
    tag = Tag.objects.create(name="mesh")
    do_follow_tag(user=other_customer, tag=tag)
    with django_capture_on_commit_callbacks(execute=True):
        do_ask_question(
            author=customer, space_id=space.pk, title="Mesh satellite will not pair at all",
            body="The satellite blinks amber forever.", tags=["mesh"],
        )  # fmt: skip
    note = Notification.objects.get(recipient=other_customer)
    assert note.kind == "followed_tag"
    assert "Mesh satellite" in note.title


def test_the_settings_page(customer: User) -> None:
    client = Client()
    client.force_login(customer)
    page = client.get("/settings/notifications/").content.decode()
    for label in ("Followed questions", "Mentions", "Moderation outcomes", "Followed tags"):
        assert label in page
    assert client.post("/settings/notifications/", {"email_mode": "weekly"}).status_code == 422
    done = client.post(
        "/settings/notifications/",
        {"email_mode": "immediate", "app_mention": "1", "email_mention": "1"},
    )
    assert done.status_code == 302
    prefs = NotificationSettings.objects.get(user=customer)
    assert prefs.email_mode == "immediate"
    assert "mention" not in prefs.muted_kinds
    assert "activity" in prefs.muted_kinds
    assert Client().get("/settings/notifications/").status_code == 302


@pytest.mark.parametrize("mode", ["immediate", "daily", "off"])
def test_the_settings_api(customer: User, mode: str) -> None:
    client = Client()
    client.force_login(customer)
    response = client.put(
        "/api/v1/me/notification-settings",
        {"email_mode": mode, "email_muted_kinds": ["mention"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = client.get("/api/v1/me/notification-settings").json()
    assert data["email_mode"] == mode
    assert {k["kind"]: k["email"] for k in data["kinds"]}["mention"] is False
    bad = client.put(
        "/api/v1/me/notification-settings",
        {"email_mode": mode, "muted_kinds": ["nonsense"]},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_the_digest_is_a_periodic_job(
    question: Question, customer: User, other_customer: User, smtp_mailbox: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from crowdservice.notifications.jobs import daily_digest

    with django_capture_on_commit_callbacks(execute=True):
        do_post_answer(author=other_customer, question=question, body=BODY)
    assert daily_digest.call_local() == 1
    assert len(smtp_mailbox.messages) == 1
