"""Warnings, silences, suspensions and bans: who may, what they stop, and that they end."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_ask_question, do_post_answer
from crowdservice.community.models import Question, Space
from crowdservice.core.errors import Forbidden, ValidationFailed
from crowdservice.moderation.actions import do_lift_sanction, do_sanction
from crowdservice.moderation.models import AuditEntry, Sanction
from crowdservice.notifications.models import Notification
from tests.conftest import PASSWORD

BODY = "Set the channel to 36 and disable DFS in the wireless settings."


def ask(user: User, space: Space) -> Question:
    return do_ask_question(
        author=user, space_id=space.pk, title="Router reboots every night at 3", body=BODY
    )


def test_a_suspended_person_cannot_post_and_is_told_why_and_until_when(
    customer: User, moderator: User, space: Space, question: Question
) -> None:
    do_sanction(moderator=moderator, user=customer, kind="suspension", reason="Spam", days=7)
    with pytest.raises(Forbidden, match=r"suspended until .* Reason: Spam"):
        ask(customer, space)
    with pytest.raises(Forbidden, match="suspended"):
        do_post_answer(author=customer, question=question, body=BODY)


def test_a_suspended_persons_session_ends_and_sign_in_is_refused(
    customer: User, moderator: User, as_user: Any
) -> None:
    client: Client = as_user(customer)
    assert client.get("/settings/profile/").status_code == 200
    do_sanction(moderator=moderator, user=customer, kind="suspension", reason="Spam links", days=3)
    # The next request has no signed-in user any more.
    assert client.get("/settings/profile/").status_code == 302
    fresh = Client()
    response = fresh.post("/accounts/login/", {"login": customer.username, "password": PASSWORD})
    assert response.status_code == 403
    page = response.content.decode()
    assert "suspended until" in page
    assert "Spam links" in page
    assert "_auth_user_id" not in fresh.session


def test_a_suspension_ends_by_itself(customer: User, moderator: User, space: Space) -> None:
    sanction = do_sanction(
        moderator=moderator, user=customer, kind="suspension", reason="Cool off", days=1
    )
    Sanction.objects.filter(pk=sanction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert ask(customer, space).pk
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"login": customer.username, "password": PASSWORD}
        ).status_code
        == 302
    )


def test_a_silenced_person_reads_but_does_not_post(
    customer: User, moderator: User, space: Space, as_user: Any, question: Question
) -> None:
    do_sanction(moderator=moderator, user=customer, kind="silence", reason="Rude", days=2)
    with pytest.raises(Forbidden, match="silenced"):
        ask(customer, space)
    client: Client = as_user(customer)
    assert client.get(question.get_absolute_url()).status_code == 200
    standing = client.get("/account/standing/").content.decode()
    assert "Silenced" in standing
    assert "Rude" in standing


def test_a_ban_is_permanent_until_lifted(
    customer: User, moderator: User, space: Space, token_for: Any, client: Client
) -> None:
    ban = do_sanction(moderator=moderator, user=customer, kind="ban", reason="Fraud")
    assert ban.ends_at is None
    headers = token_for(customer)
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert "banned" in response.json()["detail"]
    do_lift_sanction(moderator=moderator, sanction=ban)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert AuditEntry.objects.filter(action="user.ban_lifted").exists()


def test_a_warning_is_a_private_message_on_the_record(
    customer: User, moderator: User, space: Space, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        do_sanction(moderator=moderator, user=customer, kind="warning", reason="Be kind please")
    note = Notification.objects.get(recipient=customer, kind="moderation")
    assert "warned you: Be kind please" in note.title
    assert ask(customer, space).pk  # a warning does not stop posting
    entry = AuditEntry.objects.get(action="user.warning")
    assert (entry.actor, entry.target_user, entry.reason) == (moderator, customer, "Be kind please")


def test_bad_sanctions_are_refused(
    customer: User, moderator: User, agent: User, admin_user: User
) -> None:
    with pytest.raises(ValidationFailed) as missing:
        do_sanction(moderator=moderator, user=customer, kind="suspension", reason="", days=None)
    assert set(missing.value.errors) == {"reason", "days"}
    with pytest.raises(ValidationFailed):
        do_sanction(moderator=moderator, user=customer, kind="exile", reason="Because")
    with pytest.raises(ValidationFailed):
        do_sanction(moderator=moderator, user=customer, kind="silence", reason="Spam!", days=0)
    with pytest.raises(Forbidden):
        do_sanction(moderator=agent, user=customer, kind="warning", reason="Not a moderator")
    with pytest.raises(Forbidden):
        do_sanction(moderator=moderator, user=moderator, kind="ban", reason="Myself")
    with pytest.raises(Forbidden, match="admin"):
        do_sanction(moderator=moderator, user=agent, kind="suspension", reason="Staff", days=1)
    assert do_sanction(
        moderator=admin_user, user=agent, kind="suspension", reason="Staff", days=1
    ).pk
    assert not Sanction.objects.filter(user=customer).exists()


def test_the_person_page_applies_a_suspension(
    customer: User, moderator: User, as_user: Any
) -> None:
    client = Client()
    client.force_login(moderator)
    url = f"/moderation/users/{customer.username}/"
    assert "Warn, silence, suspend or ban" in client.get(url).content.decode()
    bad = client.post(url, {"kind": "suspension", "reason": "Spam"})
    assert bad.status_code == 422
    assert "duration" in bad.content.decode()
    done = client.post(url, {"kind": "suspension", "days": "3", "reason": "Posting spam links"})
    assert done.status_code == 302
    assert Sanction.objects.get(user=customer).kind == "suspension"
    assert as_user(customer).get(url).status_code == 302  # suspended: signed out
    assert as_user(None).get(url).status_code == 302
    other = Client()
    other.force_login(User.objects.create_user("someone", "s@example.com", "x"))
    assert other.get(url).status_code == 403
