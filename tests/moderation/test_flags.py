"""Flags, the review queue, automatic hiding and flag floods."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, Question
from crowdservice.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from crowdservice.moderation.actions import RateLimited, do_flag, do_resolve
from crowdservice.moderation.models import AuditEntry, Flag, FlagStatus, ReviewItem
from crowdservice.notifications.models import Notification
from tests.conftest import make_user
from tests.moderation.conftest import make_veteran


def flag_answer(user: User, answer: Answer, reason: str = "spam") -> Flag:
    return do_flag(flagger=user, kind="answer", object_id=answer.pk, reason=reason)


def test_three_trusted_flags_hide_a_post_until_review(
    answer: Answer, veterans: list[User], django_capture_on_commit_callbacks: Any
) -> None:
    flag_answer(veterans[0], answer)
    flag_answer(veterans[1], answer, "offensive")
    assert Answer.objects.get(pk=answer.pk).visibility == "visible"
    with django_capture_on_commit_callbacks(execute=True):
        flag_answer(veterans[2], answer)
    assert Answer.objects.get(pk=answer.pk).visibility == "hidden"
    item = ReviewItem.objects.get(kind="answer", object_id=answer.pk, status="pending")
    assert item.auto_hidden
    assert item.score == 3
    assert AuditEntry.objects.filter(action="post.auto_hidden", object_id=answer.pk).exists()
    # The author hears that it is hidden, never by whom.
    note = Notification.objects.get(recipient=answer.author, kind="moderation")
    assert "hidden" in note.title
    assert all(v.public_name not in note.title for v in veterans)


def test_new_accounts_flags_weigh_less(answer: Answer, customer: User) -> None:
    # Three new accounts do not hide a post on their own (a quarter each).
    for user in (customer, make_user("newbie_two"), make_user("newbie_three")):
        flag_answer(user, answer)
    assert Answer.objects.get(pk=answer.pk).visibility == "visible"
    assert ReviewItem.objects.get(kind="answer", object_id=answer.pk).score == 0.75


def test_many_new_accounts_on_one_post_is_a_recorded_flood(answer: Answer, settings: Any) -> None:
    settings.CROWDSERVICE_MODERATION_NEW_ACCOUNT_FLAGS_PER_POST = 2
    flags = [flag_answer(make_user(f"sock_puppet{n}"), answer) for n in range(4)]
    assert [f.weight for f in flags] == [0.25, 0.25, 0.0, 0.0]
    assert AuditEntry.objects.filter(action="flag.flood", object_id=answer.pk).count() == 2


def test_one_person_flagging_many_posts_fast_is_stopped_and_recorded(
    customer: User, other_customer: User, make_question: Any, settings: Any
) -> None:
    settings.CROWDSERVICE_MODERATION_FLAGS_PER_HOUR = 3
    settings.CROWDSERVICE_MODERATION_REPEATS_PER_DAY = 100
    questions = [make_question(other_customer) for _ in range(4)]
    for q in questions[:3]:
        do_flag(flagger=customer, kind="question", object_id=q.pk, reason="spam")
    with pytest.raises(RateLimited) as refused:
        do_flag(flagger=customer, kind="question", object_id=questions[3].pk, reason="spam")
    assert refused.value.status_code == 429
    assert Flag.objects.filter(flagger=customer).count() == 3
    entry = AuditEntry.objects.get(action="flag.rate_limited")
    assert entry.actor == customer
    assert entry.object_id == questions[3].pk


def test_bad_flags_are_refused_with_reasons(
    answer: Answer, other_customer: User, customer: User, moderator: User, question: Question
) -> None:
    with pytest.raises(Forbidden, match="your own post"):
        flag_answer(other_customer, answer)
    flag_answer(customer, answer)
    with pytest.raises(Conflict, match="already flagged"):
        flag_answer(customer, answer)
    with pytest.raises(ValidationFailed) as bad:
        do_flag(flagger=customer, kind="answer", object_id=answer.pk, reason="boring")
    assert "reason" in bad.value.errors
    with pytest.raises(NotFound):
        do_flag(flagger=customer, kind="answer", object_id=999_999, reason="spam")
    with pytest.raises(NotFound):
        do_flag(flagger=customer, kind="badge", object_id=answer.pk, reason="spam")
    with pytest.raises(ValidationFailed):
        do_flag(
            flagger=customer, kind="answer", object_id=answer.pk, reason="spam", message="x" * 501
        )


def test_nobody_can_flag_what_they_cannot_see(
    premoderation: Any, newcomer: User, customer: User, make_question: Any
) -> None:
    pending = make_question(newcomer)
    with pytest.raises(NotFound):
        do_flag(flagger=customer, kind="question", object_id=pending.pk, reason="spam")


@pytest.mark.parametrize(
    ("decision", "visibility", "deleted", "flag_status"),
    [
        ("agree_hide", "hidden", False, FlagStatus.AGREED),
        ("agree_delete", "hidden", True, FlagStatus.AGREED),
        ("disagree", "visible", False, FlagStatus.DISAGREED),
        ("ignore", "hidden", False, FlagStatus.IGNORED),
    ],
)
def test_moderator_decisions_on_flagged_posts(
    decision: str,
    visibility: str,
    deleted: bool,
    flag_status: str,
    answer: Answer,
    veterans: list[User],
    moderator: User,
) -> None:
    for user in veterans[:3]:
        flag_answer(user, answer)
    item = ReviewItem.objects.get(kind="answer", object_id=answer.pk)
    do_resolve(moderator=moderator, item=item, decision=decision)
    answer.refresh_from_db()
    assert (answer.visibility, answer.is_deleted) == (visibility, deleted)
    assert set(Flag.objects.filter(review_item=item).values_list("status", flat=True)) == {
        flag_status
    }
    assert AuditEntry.objects.filter(action=f"review.{decision}", actor=moderator).exists()
    with pytest.raises(Conflict):
        do_resolve(moderator=moderator, item=item, decision=decision)


def test_only_moderators_decide(
    answer: Answer, veterans: list[User], agent: User, moderator: User
) -> None:
    flag_answer(veterans[0], answer)
    item = ReviewItem.objects.get(kind="answer", object_id=answer.pk)
    with pytest.raises(Forbidden):
        do_resolve(moderator=agent, item=item, decision="agree_hide")
    with pytest.raises(Forbidden):
        do_resolve(moderator=make_veteran("vic_veteran"), item=item, decision="agree_hide")
    with pytest.raises(ValidationFailed):  # "approve" is for held posts, not flagged ones
        do_resolve(moderator=moderator, item=item, decision="approve")


def test_flagging_through_the_page(
    answer: Answer, customer: User, as_user: Any, question: Question
) -> None:
    client: Client = as_user(customer)
    page = client.get(f"/moderation/flag/answer/{answer.pk}/")
    assert page.status_code == 200
    assert "Flag this answer" in page.content.decode()
    refused = client.post(f"/moderation/flag/answer/{answer.pk}/", {"reason": "spam"})
    assert refused.status_code == 403  # no CSRF token
    client = Client()
    client.force_login(customer)
    done = client.post(f"/moderation/flag/answer/{answer.pk}/", {"reason": "spam"})
    assert done.status_code == 302
    assert Flag.objects.filter(flagger=customer, object_id=answer.pk).exists()
    again = client.post(f"/moderation/flag/answer/{answer.pk}/", {"reason": "spam"})
    assert again.status_code == 409
    assert "already flagged" in again.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite has none)"
)
def test_concurrent_flags_open_one_review_and_hide_once(answer: Answer) -> None:
    flaggers = [make_veteran(f"concurrent_flagger{i}") for i in range(6)]
    barrier = threading.Barrier(len(flaggers))
    errors: list[BaseException] = []

    def flag(user: User) -> None:
        try:
            barrier.wait()
            flag_answer(user, answer)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=flag, args=(user,)) for user in flaggers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    item = ReviewItem.objects.get(kind="answer", object_id=answer.pk)
    assert item.flags.count() == 6
    assert item.score == 6
    assert Answer.objects.get(pk=answer.pk).visibility == "hidden"
    assert AuditEntry.objects.filter(action="post.auto_hidden").count() == 1


def test_flaggers_hear_the_outcome_and_the_author_never_learns_who_flagged(
    answer: Answer, veterans: list[User], moderator: User, django_capture_on_commit_callbacks: Any
) -> None:
    for user in veterans[:2]:
        flag_answer(user, answer)
    item = ReviewItem.objects.get(kind="answer", object_id=answer.pk)
    with django_capture_on_commit_callbacks(execute=True):
        do_resolve(moderator=moderator, item=item, decision="agree_delete", note="Advertising")
    for user in veterans[:2]:
        note = Notification.objects.get(recipient=user, kind="moderation")
        assert "agreed with your flag" in note.title
    to_author = Notification.objects.get(recipient=answer.author, kind="moderation")
    assert "deleted: Advertising" in to_author.title
    assert all(v.public_name not in to_author.title for v in veterans)
