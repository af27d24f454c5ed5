"""Votes to close and reopen (the `close` privilege): the threshold, the reasons, who may vote."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    do_close_as_duplicate,
    do_close_question,
    do_delete_question,
    do_retract_close_vote,
    do_vote_to_close,
    do_vote_to_reopen,
)
from crowdservice.community.models import CloseVote, Question
from crowdservice.config import Env, close_votes
from crowdservice.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from crowdservice.core.models import Event
from tests.api.helpers import session_client
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
Grant = Callable[[User, int], User]


def fresh(question: Question) -> Question:
    return Question.objects.get(pk=question.pk)


@pytest.fixture
def voters(real_ladder: dict[str, int], grant: Grant) -> list[User]:
    """Four members at the `close` step of the real ladder."""
    return [grant(make_user(f"closer_{n}"), real_ladder["close"]) for n in range(4)]


@pytest.fixture
def original(other_customer: User, make_question: Callable[..., Question]) -> Question:
    return make_question(other_customer, title="Why does the 5 GHz band drop every night?")


def test_below_the_threshold_nothing_closes_and_the_third_vote_closes(
    voters: list[User], question: Question
) -> None:
    version = fresh(question).version
    do_vote_to_close(actor=voters[0], question=question, reason="off_topic")
    do_vote_to_close(actor=voters[1], question=question, reason="off_topic")
    assert not fresh(question).is_closed
    assert fresh(question).version > version  # the count is on the page: cached pages go stale
    closed = do_vote_to_close(actor=voters[2], question=question, reason="off_topic")
    assert closed.close_reason == "off_topic"
    event = Event.objects.get(verb="question.closed")
    assert event.payload["voter_ids"] == [v.pk for v in voters[:3]]
    # The round is over: its votes are history, a new round starts from zero.
    assert not CloseVote.objects.filter(question=question, active=True).exists()
    assert CloseVote.objects.filter(question=question, active=False).count() == 3


def test_the_majority_reason_wins(
    voters: list[User], question: Question, original: Question
) -> None:
    do_vote_to_close(
        actor=voters[0], question=question, reason="duplicate", original_id=original.pk
    )
    do_vote_to_close(actor=voters[1], question=question, reason="off_topic")
    do_vote_to_close(actor=voters[2], question=question, reason="off_topic")
    closed = fresh(question)
    assert (closed.close_reason, closed.duplicate_of_id) == ("off_topic", None)


def test_a_duplicate_round_closes_as_a_duplicate_of_the_voted_original(
    voters: list[User], question: Question, original: Question,
    make_question: Callable[..., Question], customer: User,
) -> None:  # fmt: skip
    other = make_question(customer, title="Another router question about channels")
    do_vote_to_close(actor=voters[0], question=question, reason="duplicate", original_id=other.pk)
    do_vote_to_close(
        actor=voters[1], question=question, reason="duplicate", original_id=original.pk
    )
    do_vote_to_close(
        actor=voters[2], question=question, reason="duplicate", original_id=original.pk
    )
    closed = fresh(question)
    assert closed.duplicate_of_id == original.pk
    assert not closed.close_reason
    event = Event.objects.get(verb="question.closed_as_duplicate")
    assert event.payload["voter_ids"] == [v.pk for v in voters[:3]]


def test_one_vote_per_person_and_retracting(voters: list[User], question: Question) -> None:
    do_vote_to_close(actor=voters[0], question=question, reason="off_topic")
    with pytest.raises(Conflict, match="already voted"):
        do_vote_to_close(actor=voters[0], question=question, reason="off_topic")
    do_retract_close_vote(actor=voters[0], question=question)
    with pytest.raises(NotFound):
        do_retract_close_vote(actor=voters[0], question=question)
    # Retracted, the vote no longer counts: two more votes do not close.
    do_vote_to_close(actor=voters[1], question=question, reason="off_topic")
    do_vote_to_close(actor=voters[2], question=question, reason="off_topic")
    assert not fresh(question).is_closed


def test_the_api_refuses_a_second_vote_with_409(voters: list[User], question: Question) -> None:
    client = session_client(voters[0])
    path = f"/questions/{question.pk}/close-votes"
    assert client.send("POST", path, {"reason": "off_topic"}).status_code == 200
    assert client.send("POST", path, {"reason": "off_topic"}).status_code == 409
    assert client.send("DELETE", path).status_code == 200
    assert client.send("DELETE", path).status_code == 404
    assert client.send("POST", path, {"reason": "sideways"}).status_code == 422


def test_without_the_privilege_it_is_a_403_with_a_sentence(
    real_ladder: dict[str, int], grant: Grant, question: Question
) -> None:
    person = grant(make_user("almost_closer"), real_ladder["close"] - 1)
    with pytest.raises(Forbidden, match="You need 1500 reputation to vote to close"):
        do_vote_to_close(actor=person, question=question, reason="off_topic")
    response = session_client(person).send(
        "POST", f"/questions/{question.pk}/close-votes", {"reason": "off_topic"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "privilege_required"
    assert not CloseVote.objects.exists()


def test_a_moderator_closes_at_once(
    real_ladder: dict[str, int], moderator: User, question: Question
) -> None:
    closed = do_vote_to_close(actor=moderator, question=question, reason="off_topic")
    assert closed.close_reason == "off_topic"
    assert closed.closed_by == moderator


def test_reopen_votes_reopen_at_the_threshold(
    voters: list[User], moderator: User, question: Question
) -> None:
    do_close_question(actor=moderator, question=question, reason="off_topic")
    with pytest.raises(Conflict, match="already closed"):
        do_vote_to_close(actor=voters[0], question=question, reason="off_topic")
    do_vote_to_reopen(actor=voters[0], question=question)
    with pytest.raises(Conflict, match="already voted"):
        do_vote_to_reopen(actor=voters[0], question=question)
    do_vote_to_reopen(actor=voters[1], question=question)
    assert fresh(question).is_closed
    reopened = do_vote_to_reopen(actor=voters[2], question=question)
    assert not reopened.is_closed
    assert Event.objects.get(verb="question.reopened").payload["voter_ids"] == [
        v.pk for v in voters[:3]
    ]
    with pytest.raises(Conflict, match="open"):
        do_vote_to_reopen(actor=voters[3], question=question)
    # A new close round starts from zero: the earlier reopen voters may vote to close again.
    do_vote_to_close(actor=voters[0], question=question, reason="off_topic")
    assert not fresh(question).is_closed


def test_the_question_page_shows_the_count_to_voters_only(
    voters: list[User], question: Question, other_customer: User
) -> None:
    do_vote_to_close(actor=voters[0], question=question, reason="off_topic")
    url = question.get_absolute_url()
    page = _client(voters[1]).get(url).content.decode()
    assert "1 of 3 votes" in page
    assert "Off-topic: 1" in page
    assert "Vote to close" in page
    mine = _client(voters[0]).get(url).content.decode()
    assert "Retract vote" in mine
    # Members without the privilege, and anonymous readers, see no vote box.
    assert "of 3 votes" not in _client(other_customer).get(url).content.decode()
    assert "of 3 votes" not in Client().get(url).content.decode()


def test_the_page_controls_vote_retract_and_reopen(voters: list[User], question: Question) -> None:
    client = _client(voters[0])
    response = client.post(f"/questions/{question.pk}/close-votes/", {"reason": "off_topic"})
    assert response.status_code == 302
    assert CloseVote.objects.filter(voter=voters[0], active=True).exists()
    fragment = client.post(
        f"/questions/{question.pk}/close-votes/", {"reason": "off_topic"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 409
    assert "already voted" in fragment.content.decode()
    retracted = client.post(
        f"/questions/{question.pk}/close-votes/retract/", HTTP_HX_REQUEST="true"
    )
    assert retracted.status_code == 200
    assert "0 of 3 votes" in retracted.content.decode()
    bad = client.post(
        f"/questions/{question.pk}/close-votes/", {"reason": "duplicate", "original_id": "abc"}
    )
    assert bad.status_code == 422
    for voter in voters[1:]:
        _client(voter).post(f"/questions/{question.pk}/close-votes/", {"reason": "off_topic"})
    assert fresh(question).is_closed
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Vote to reopen" in page
    assert "0 of 3 votes" in page


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_threshold_setting_is_checked_at_start_up() -> None:
    assert close_votes(Env({})) == 3
    assert close_votes(Env({"CROWDSERVICE_CLOSE_VOTES": "5"})) == 5
    with pytest.raises(ImproperlyConfigured, match="at least 1, got 0"):
        close_votes(Env({"CROWDSERVICE_CLOSE_VOTES": "0"}))
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        close_votes(Env({"CROWDSERVICE_CLOSE_VOTES": "three"}))


@override_settings(CROWDSERVICE_CLOSE_VOTES=2)
def test_the_threshold_comes_from_the_setting(voters: list[User], question: Question) -> None:
    do_vote_to_close(actor=voters[0], question=question, reason="off_topic")
    assert do_vote_to_close(actor=voters[1], question=question, reason="off_topic").is_closed


def test_a_question_you_cannot_see_takes_no_votes_and_shows_nothing(
    voters: list[User], question: Question, customer: User
) -> None:
    do_vote_to_close(actor=voters[1], question=question, reason="off_topic")
    do_delete_question(actor=customer, question=question)
    api = session_client(voters[0])
    for method, path in [
        ("POST", f"/questions/{question.pk}/close-votes"),
        ("DELETE", f"/questions/{question.pk}/close-votes"),
        ("POST", f"/questions/{question.pk}/reopen-votes"),
    ]:
        assert api.send(method, path, {"reason": "off_topic"}).status_code == 404
    page = _client(voters[0])
    for path in ["close-votes/", "close-votes/retract/", "reopen-votes/"]:
        response = page.post(f"/questions/{question.pk}/{path}", {"reason": "off_topic"})
        assert response.status_code == 404
        assert "of 3 votes" not in response.content.decode()
    assert CloseVote.objects.filter(question=question).count() == 1


# --- Originals deleted during the round ----------------------------------------------------------


def test_votes_naming_a_deleted_original_still_count_and_the_close_goes_to_a_live_one(
    voters: list[User], question: Question, original: Question, other_customer: User,
    make_question: Callable[..., Question], customer: User,
) -> None:  # fmt: skip
    """The deciding vote used to be refused (422) and recorded nothing."""
    live = make_question(customer, title="Another router question about channels")
    for voter in voters[:2]:
        do_vote_to_close(
            actor=voter, question=question, reason="duplicate", original_id=original.pk
        )
    do_delete_question(actor=other_customer, question=original)
    closed = do_vote_to_close(
        actor=voters[2], question=question, reason="duplicate", original_id=live.pk
    )
    assert closed.duplicate_of_id == live.pk
    event = Event.objects.get(verb="question.closed_as_duplicate")
    assert event.payload["voter_ids"] == [v.pk for v in voters[:3]]


def test_a_duplicate_majority_naming_only_deleted_originals_waits_for_a_live_one(
    voters: list[User], question: Question, original: Question, other_customer: User,
    make_question: Callable[..., Question], customer: User,
) -> None:  # fmt: skip
    live = make_question(customer, title="Another router question about channels")
    for voter in voters[:2]:
        do_vote_to_close(
            actor=voter, question=question, reason="duplicate", original_id=original.pk
        )
    do_delete_question(actor=other_customer, question=original)
    # Naming the deleted original now is refused with a way out.
    with pytest.raises(ValidationFailed, match="no question"):
        do_vote_to_close(
            actor=voters[2], question=question, reason="duplicate", original_id=original.pk
        )
    # An off-topic vote is recorded, but two of three say duplicate: no close as off-topic, and
    # no original to close in favour of, so the round waits.
    after = do_vote_to_close(actor=voters[2], question=question, reason="off_topic")
    assert not after.is_closed
    assert CloseVote.objects.filter(question=question, active=True).count() == 3
    assert Event.objects.filter(verb="question.close_voted").count() == 3
    box = _client(voters[2]).get(question.get_absolute_url()).content.decode()
    assert "3 of 3 votes" in box
    assert "Duplicate of a deleted question: 2" in box
    assert "the question they name was deleted" in box
    assert f"#{original.pk}" not in box
    # The next vote naming a live original closes it, crediting all four.
    closed = do_vote_to_close(
        actor=voters[3], question=question, reason="duplicate", original_id=live.pk
    )
    assert closed.duplicate_of_id == live.pk
    event = Event.objects.get(verb="question.closed_as_duplicate")
    assert event.payload["voter_ids"] == [v.pk for v in voters]


def test_an_original_closed_as_a_duplicate_since_stands_for_its_own_original(
    voters: list[User], question: Question, original: Question, moderator: User,
    make_question: Callable[..., Question], customer: User,
) -> None:  # fmt: skip
    final = make_question(customer, title="The canonical question about 5 GHz dropouts")
    for voter in voters[:2]:
        do_vote_to_close(
            actor=voter, question=question, reason="duplicate", original_id=original.pk
        )
    do_close_as_duplicate(actor=moderator, question=original, original=final)
    page = _client(voters[2]).get(question.get_absolute_url()).content.decode()
    assert f"Duplicate of #{final.pk}: 2" in page
    closed = do_vote_to_close(actor=voters[2], question=question, reason="off_topic")
    assert closed.duplicate_of_id == final.pk


def test_an_original_now_leading_back_to_the_question_names_none(
    voters: list[User], question: Question, original: Question, moderator: User
) -> None:
    """The original was closed as a duplicate of this very question in the meantime."""
    for voter in voters[:2]:
        do_vote_to_close(
            actor=voter, question=question, reason="duplicate", original_id=original.pk
        )
    do_close_as_duplicate(actor=moderator, question=original, original=question)
    after = do_vote_to_close(actor=voters[2], question=question, reason="off_topic")
    assert not after.is_closed
    assert fresh(question).duplicate_of_id is None
