"""Every write appends an event in the same transaction; consumers run after commit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_ask_question, do_post_answer, do_vote
from crowdservice.community.models import Question, Space
from crowdservice.core.errors import ValidationFailed
from crowdservice.core.events import dispatch, record_event, register_consumer
from crowdservice.core.models import Event
from crowdservice.notifications.models import Notification

pytestmark = pytest.mark.django_db


def verbs() -> list[str]:
    return list(Event.objects.order_by("id").values_list("verb", flat=True))


@pytest.mark.django_db(transaction=True)
def test_record_event_outside_a_transaction_is_refused(customer: User) -> None:
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
        record_event(actor=customer, verb="test.outside")


def test_events_roll_back_with_their_write(customer: User, space: Space) -> None:
    before = Event.objects.count()

    def ask_then_fail() -> None:
        with transaction.atomic():
            do_ask_question(
                author=customer, space_id=space.pk, title="A question that will roll back",
                body="This transaction is rolled back after the action.",
            )  # fmt: skip
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        ask_then_fail()
    assert Event.objects.count() == before
    assert not Question.objects.exists()


def test_a_rejected_write_leaves_nothing(customer: User, space: Space) -> None:
    before = Event.objects.count()
    with pytest.raises(ValidationFailed):
        do_ask_question(author=customer, space_id=space.pk, title="Too short", body="tiny")
    assert Event.objects.count() == before
    assert not Question.objects.exists()


def test_actions_record_actor_object_and_payload(
    customer: User, other_customer: User, make_question: Callable[..., Question]
) -> None:
    question = make_question(customer)
    answer = do_post_answer(
        author=other_customer, question=question, body="Reset it with the pin for 10 seconds."
    )
    do_vote(user=customer, target=answer, value=1)
    event = Event.objects.get(verb="vote.cast")
    assert event.actor == customer
    assert (event.object_type, event.object_id) == ("community.answer", answer.pk)
    assert event.payload == {
        "kind": "answer", "value": 1, "old": 0, "post_author_id": other_customer.pk,
        "question_id": question.pk,
    }  # fmt: skip
    assert verbs()[-3:] == ["question.created", "answer.created", "vote.cast"]


def test_consumers_run_after_commit_only(
    customer: User,
    other_customer: User,
    make_question: Callable[..., Question],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    question = make_question(customer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[attr-defined]
        do_post_answer(author=other_customer, question=question, body="Try channel 36 instead.")
    # Nothing is delivered before the transaction commits...
    assert not Notification.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    # ...and the asker, who follows their own question, hears of the answer once.
    note = Notification.objects.get()
    assert note.recipient == customer
    assert note.verb == "answer.created"
    dispatch(Event.objects.get(verb="answer.created"))  # a retried job adds nothing
    assert Notification.objects.count() == 1


def test_one_failing_consumer_does_not_stop_the_others(customer: User) -> None:
    seen: list[str] = []

    def broken(event: Event) -> None:
        raise ValueError("consumer bug")

    def healthy(event: Event) -> None:
        seen.append(event.verb)

    register_consumer(["test.fanout"], broken)
    register_consumer(["test.fanout"], healthy)
    with transaction.atomic():
        event = record_event(actor=customer, verb="test.fanout")
    with pytest.raises(ValueError, match="consumer bug"):
        dispatch(event)
    assert seen == ["test.fanout"]
