"""Closing a question as a duplicate and reopening it: who may, what is refused, what follows."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    check_original,
    do_close_as_duplicate,
    do_delete_question,
    do_follow,
    do_reopen_question,
    do_undelete_question,
)
from crowdservice.community.models import Answer, Question
from crowdservice.community.queries import likely_duplicates, thread
from crowdservice.core.errors import ActionError, Conflict, Forbidden, ValidationFailed
from crowdservice.core.models import Event
from crowdservice.notifications.models import Notification
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

Ask = Callable[..., Question]


def close(actor: User, question: Question, original: Question | int) -> Question:
    """Close through the same two steps the views and the API take."""
    original_id = original if isinstance(original, int) else original.pk
    found = check_original(actor=actor, question=question, original_id=original_id)
    return do_close_as_duplicate(actor=actor, question=question, original=found)


def fresh(question: Question) -> Question:
    return Question.objects.get(pk=question.pk)


@pytest.fixture
def original(other_customer: User, make_question: Ask) -> Question:
    return make_question(other_customer, title="How do I stop the 5 GHz band dropping at night?")


def test_a_moderator_closes_a_question_as_a_duplicate(
    moderator: User, customer: User, question: Question, original: Question,
    make_answer: Callable[..., Answer],
) -> None:  # fmt: skip
    answer = make_answer(make_user("helper"), question)
    versions = fresh(question).version, fresh(original).version
    closed = close(moderator, question, original)
    assert (closed.duplicate_of, closed.closed_by) == (original, moderator)
    assert closed.closed_at is not None
    # Both threads show the link, so both cached renderings go stale.
    assert fresh(question).version > versions[0]
    assert fresh(original).version > versions[1]
    assert fresh(original).duplicate_count == 1
    assert thread(customer, fresh(original)).duplicates == [question]
    event = Event.objects.get(verb="question.closed_as_duplicate")
    assert (event.actor, event.object_id) == (moderator, question.pk)
    assert event.payload["original_id"] == original.pk
    # Existing answers stay; new ones are refused with a sentence that says where to go.
    assert [v.answer for v in thread(customer, fresh(question)).answers] == [answer]
    with pytest.raises(Conflict, match="answer the original question instead"):
        make_answer(make_user("latecomer"), fresh(question))


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("customer", True),  # the asker, for their own question
        ("other_customer", False),
        ("agent", False),
        ("editor", False),
        ("moderator", True),
        ("admin_user", True),
    ],
)
def test_who_may_close_as_duplicate(
    role: str, allowed: bool, request: pytest.FixtureRequest, question: Question, make_question: Ask
) -> None:
    actor: User = request.getfixturevalue(role)
    target = make_question(make_user("someone_else"))
    if allowed:
        assert close(actor, question, target).duplicate_of == target
    else:
        with pytest.raises(Forbidden, match="Only moderators, and the person who asked it"):
            close(actor, question, target)
        assert fresh(question).duplicate_of is None
        # Refused before looking at the original: no hint whether question 999999 exists.
        with pytest.raises(Forbidden):
            close(actor, question, 999_999)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("customer", False),  # not even the asker: only moderators undo a closing
        ("other_customer", False),
        ("agent", False),
        ("editor", False),
        ("moderator", True),
        ("admin_user", True),
    ],
)
def test_who_may_reopen(
    role: str, allowed: bool, request: pytest.FixtureRequest, moderator: User,
    question: Question, original: Question,
) -> None:  # fmt: skip
    close(moderator, question, original)
    actor: User = request.getfixturevalue(role)
    if allowed:
        reopened = do_reopen_question(actor=actor, question=question)
        assert (reopened.duplicate_of, reopened.closed_by, reopened.closed_at) == (None, None, None)
        assert fresh(original).duplicate_count == 0
        assert Event.objects.filter(verb="question.reopened", actor=actor).exists()
    else:
        with pytest.raises(Forbidden, match="Only moderators can reopen"):
            do_reopen_question(actor=actor, question=question)
        assert fresh(question).duplicate_of == original


def test_reopening_an_open_question_is_a_conflict(moderator: User, question: Question) -> None:
    with pytest.raises(Conflict, match="not closed as a duplicate"):
        do_reopen_question(actor=moderator, question=question)


def test_a_reopened_question_takes_answers_again(
    moderator: User, question: Question, original: Question, make_answer: Callable[..., Answer]
) -> None:
    close(moderator, question, original)
    do_reopen_question(actor=moderator, question=question)
    assert make_answer(make_user("latecomer"), fresh(question)).pk


def message(exc: pytest.ExceptionInfo[ActionError]) -> str:
    assert isinstance(exc.value, ValidationFailed)
    return exc.value.errors["original_id"][0]


def test_bad_originals_are_refused_with_a_sentence(
    moderator: User, customer: User, question: Question, original: Question, make_question: Ask
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        close(moderator, question, question)
    assert "can't be a duplicate of itself" in message(exc)
    with pytest.raises(ValidationFailed) as exc:
        close(moderator, question, 999_999)
    assert "There is no question 999999" in message(exc)
    with pytest.raises(ValidationFailed) as exc:
        check_original(actor=moderator, question=question, original_id=None)
    assert "Enter the number or the link" in message(exc)
    gone = do_delete_question(actor=moderator, question=make_question(customer))
    with pytest.raises(ValidationFailed) as exc:
        close(moderator, question, gone)
    assert "is deleted" in message(exc)  # moderators see deleted questions, so they are told
    with pytest.raises(ValidationFailed) as exc:
        close(customer, question, gone)
    # Everyone else gets the words for a question that does not exist.
    assert message(exc) == f"There is no question {gone.pk}; check the number or the link."
    assert fresh(question).duplicate_of is None


def test_closing_twice_or_closing_a_deleted_question_is_a_conflict(
    moderator: User, customer: User, question: Question, original: Question, make_question: Ask
) -> None:
    close(moderator, question, original)
    with pytest.raises(Conflict, match="already closed as a duplicate; reopen it first"):
        close(moderator, fresh(question), make_question(customer))
    deleted = do_delete_question(actor=moderator, question=make_question(customer))
    with pytest.raises(Conflict, match="deleted"):
        close(moderator, deleted, original)


def test_no_cycles_duplicates_always_point_at_the_final_original(
    moderator: User, customer: User, question: Question, original: Question, make_question: Ask
) -> None:
    close(moderator, question, original)
    # Closing the original as a duplicate of its own duplicate would loop: refused.
    with pytest.raises(ValidationFailed) as exc:
        close(moderator, original, question)
    assert "already closed as a duplicate of this one" in message(exc)
    # Naming a duplicate as the original means its final original.
    third = make_question(customer)
    assert close(moderator, third, question).duplicate_of == original
    # Closing the original itself moves its duplicates along to the new final original.
    final = make_question(customer)
    close(moderator, original, final)
    assert fresh(question).duplicate_of == final
    assert fresh(third).duplicate_of == final
    assert (fresh(original).duplicate_count, fresh(final).duplicate_count) == (0, 3)
    assert Question.objects.filter(duplicate_of__duplicate_of__isnull=False).count() == 0


def test_deleting_a_duplicate_updates_its_originals_list(
    moderator: User, customer: User, question: Question, original: Question
) -> None:
    close(moderator, question, original)
    version = fresh(original).version
    do_delete_question(actor=moderator, question=fresh(question))
    assert fresh(original).duplicate_count == 0
    assert fresh(original).version > version
    assert thread(customer, fresh(original)).duplicates == []
    do_undelete_question(actor=moderator, question=fresh(question))
    assert fresh(original).duplicate_count == 1


def test_the_asker_and_followers_are_notified_after_commit(
    moderator: User, customer: User, other_customer: User, question: Question, original: Question,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    follower = make_user("fiona_follower")
    do_follow(user=follower, question=question)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        close(moderator, question, original)
    assert not Notification.objects.filter(verb="question.closed_as_duplicate").exists()
    for callback in callbacks:
        callback()
    notes = Notification.objects.filter(verb="question.closed_as_duplicate")
    assert {n.recipient for n in notes} == {customer, follower}
    assert all(original.title in n.title and n.url == question.get_absolute_url() for n in notes)
    for callback in callbacks:
        callback()  # a retried job notifies nobody twice
    assert notes.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        do_reopen_question(actor=moderator, question=fresh(question))
    reopened = Notification.objects.filter(verb="question.reopened")
    assert {n.recipient for n in reopened} == {customer, follower}


# --- Likely duplicates --------------------------------------------------------------------------


def test_a_question_sharing_title_words_is_listed_as_a_likely_duplicate(
    customer: User, other_customer: User, moderator: User, make_question: Ask,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):  # search indexes committed posts
        earlier = make_question(other_customer, title="Guest network password keeps resetting")
        make_question(other_customer, title="Parental controls schedule for weekdays")
        mine = make_question(customer, title="Why does my guest network password keep resetting?")
    for viewer in (customer, moderator):
        hits = likely_duplicates(viewer, mine)
        assert earlier.pk in [h.object_id for h in hits]
        assert mine.pk not in [h.object_id for h in hits]
        assert len(hits) <= 5


def test_deleted_and_already_closed_questions_are_never_offered(
    customer: User, other_customer: User, moderator: User, make_question: Ask,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        deleted = make_question(other_customer, title="Guest network password keeps resetting")
        live = make_question(other_customer, title="Guest network password forgotten")
        mine = make_question(customer, title="Guest network password resets every day")
        closed_into_mine = make_question(other_customer, title="Guest network password lost again")
    assert deleted.pk in [h.object_id for h in likely_duplicates(customer, mine)]
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_question(actor=other_customer, question=deleted)
        close(moderator, closed_into_mine, mine)
    for viewer in (customer, moderator):  # moderators see deleted questions, but can't pick them
        ids = [h.object_id for h in likely_duplicates(viewer, fresh(mine))]
        assert deleted.pk not in ids
        assert closed_into_mine.pk not in ids
        assert live.pk in ids


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite has none)"
)
@pytest.mark.django_db(transaction=True)
def test_opposite_closings_at_once_never_make_a_cycle(
    moderator: User, admin_user: User, question: Question, original: Question
) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(actor: User, a: Question, b: Question) -> None:
        try:
            barrier.wait()
            close(actor, a, b)
            outcomes.append("closed")
        except ActionError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    workers = [
        threading.Thread(target=attempt, args=(moderator, question, original)),
        threading.Thread(target=attempt, args=(admin_user, original, question)),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(outcomes)[0] == "Conflict" or outcomes.count("closed") == 1
    assert outcomes.count("closed") == 1
    assert Question.objects.filter(duplicate_of__isnull=False).count() == 1
