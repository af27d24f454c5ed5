"""The ledger follows the community's events: points, reversals, the daily cap, idempotency."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import override_settings

from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    do_accept_answer,
    do_delete_answer,
    do_delete_question,
    do_endorse_answer,
    do_unaccept_answer,
    do_undelete_answer,
    do_undelete_question,
    do_unendorse_answer,
    do_vote,
)
from crowdservice.community.models import Answer, Question
from crowdservice.core.events import dispatch, record_event
from crowdservice.core.models import Event
from crowdservice.reputation.ledger import recompute
from crowdservice.reputation.models import Reason, ReputationEntry, UserReputation
from tests.conftest import make_user
from tests.reputation.conftest import Committed, assert_ledger_consistent, total

pytestmark = pytest.mark.django_db
MakeAnswer = Callable[..., Answer]


def test_votes_on_answers_and_questions_earn_and_cost_points(
    committed: Committed, customer: User, other_customer: User, question: Question, answer: Answer
) -> None:
    voter = make_user("vera_voter")
    with committed():
        do_vote(user=voter, target=answer, value=1)
    assert total(other_customer) == 10
    with committed():
        do_vote(user=voter, target=answer, value=-1)  # changed: the +10 goes, -2 comes
    assert (total(other_customer), total(voter)) == (-2, -1)
    with committed():
        do_vote(user=voter, target=answer, value=0)
    assert (total(other_customer), total(voter)) == (0, 0)
    with committed():
        do_vote(user=voter, target=question, value=1)
        do_vote(user=other_customer, target=question, value=-1)
    # Downvoting a question costs the voter nothing (as on Stack Overflow).
    assert (total(customer), total(other_customer)) == (10 - 2, 0)
    reasons = list(
        ReputationEntry.objects.filter(user=other_customer)
        .order_by("id")
        .values_list("reason", "points")
    )
    assert reasons == [
        (Reason.ANSWER_UPVOTED, 10), (Reason.VOTE_UNDONE, -10), (Reason.DOWNVOTED, -2),
        (Reason.VOTE_UNDONE, 2),
    ]  # fmt: skip
    costs = (
        ReputationEntry.objects.filter(user=voter).order_by("id").values_list("reason", "points")
    )
    assert list(costs) == [(Reason.DOWNVOTE_CAST, -1), (Reason.VOTE_UNDONE, 1)]
    assert_ledger_consistent()


def test_accepting_switching_and_unaccepting(
    committed: Committed, customer: User, other_customer: User, question: Question,
    make_answer: MakeAnswer,
) -> None:  # fmt: skip
    first = make_answer(other_customer, question)
    rival = make_user("rita_rival")
    second = make_answer(rival, question)
    with committed():
        do_accept_answer(actor=customer, answer=first)
    assert (total(other_customer), total(customer)) == (15, 2)
    with committed():
        do_accept_answer(actor=customer, answer=second)
    assert (total(other_customer), total(rival), total(customer)) == (0, 15, 2)
    with committed():
        do_unaccept_answer(actor=customer, answer=second)
    assert (total(other_customer), total(rival), total(customer)) == (0, 0, 0)
    own = make_answer(customer, question, "I found it myself: a firmware update fixed it.")
    with committed():
        do_accept_answer(actor=customer, answer=own)
    assert total(customer) == 0  # accepting your own answer earns nothing
    assert_ledger_consistent()


def test_endorsements_earn_and_are_withdrawn(
    committed: Committed, agent: User, other_customer: User, answer: Answer
) -> None:
    with committed():
        do_endorse_answer(actor=agent, answer=answer)
    assert total(other_customer) == 25
    with committed():
        do_unendorse_answer(actor=agent, answer=answer)
    assert total(other_customer) == 0
    assert_ledger_consistent()


def test_deleting_an_answer_reverses_its_points_and_undeleting_restores_votes(
    committed: Committed, customer: User, other_customer: User, moderator: User, answer: Answer
) -> None:
    voter, critic = make_user("vera_voter"), make_user("carl_critic")
    with committed():
        do_vote(user=voter, target=answer, value=1)
        do_vote(user=critic, target=answer, value=-1)
        do_accept_answer(actor=customer, answer=answer)
    assert (total(other_customer), total(critic), total(customer)) == (10 - 2 + 15, -1, 2)
    with committed():
        do_delete_answer(actor=moderator, answer=answer)
    assert (total(other_customer), total(critic), total(customer)) == (0, 0, 0)
    with committed():
        do_undelete_answer(actor=moderator, answer=answer)
    # Deleting un-accepted it in the community, so only the votes come back.
    assert (total(other_customer), total(critic), total(customer)) == (8, -1, 0)
    with committed():
        do_vote(user=voter, target=answer, value=0)
    assert total(other_customer) == -2
    assert_ledger_consistent()


def test_deleting_a_question_takes_its_answers_points(
    committed: Committed, customer: User, other_customer: User, moderator: User,
    question: Question, answer: Answer,
) -> None:  # fmt: skip
    voter = make_user("vera_voter")
    with committed():
        do_vote(user=voter, target=question, value=1)
        do_vote(user=voter, target=answer, value=1)
        do_accept_answer(actor=customer, answer=answer)
    assert (total(customer), total(other_customer)) == (12, 25)
    with committed():
        do_delete_question(actor=moderator, question=question)
    assert (total(customer), total(other_customer)) == (0, 0)
    with committed():
        do_undelete_question(actor=moderator, question=question)
    assert (total(customer), total(other_customer)) == (12, 25)
    assert_ledger_consistent()


@override_settings(CROWDSERVICE_REPUTATION_DAILY_VOTE_CAP=200)
def test_points_from_votes_are_capped_per_day(
    committed: Committed, customer: User, make_question: Callable[..., Question]
) -> None:
    questions = [make_question(customer) for _ in range(3)]
    voters = [make_user(f"fan_{n}") for n in range(8)]
    with committed():
        for q in questions:
            for voter in voters:
                do_vote(user=voter, target=q, value=1)  # 24 upvotes, 240 points uncapped
    assert total(customer) == 200
    with committed():
        do_vote(user=voters[0], target=questions[0], value=-1)
    # The changed vote gives back its +10 and costs 2; points refused earlier stay refused.
    assert total(customer) == 200 - 10 - 2
    with committed():
        do_vote(user=make_user("late_fan"), target=questions[1], value=1)
    assert total(customer) == 200 - 2  # room again under the cap: +10
    with committed():
        do_vote(user=make_user("later_fan"), target=questions[2], value=1)
    assert total(customer) == 200 - 2  # the cap counts upvotes only, the downvote doesn't help
    assert_ledger_consistent()


def test_consumers_are_idempotent_and_ignore_stale_events(
    committed: Committed, other_customer: User, answer: Answer
) -> None:
    voter = make_user("vera_voter")
    with committed():
        do_vote(user=voter, target=answer, value=1)
        do_vote(user=voter, target=answer, value=0)
    cast, withdrawn = Event.objects.filter(verb__startswith="vote.").order_by("id")
    before = ReputationEntry.objects.count()
    dispatch(cast)  # a retried job, or one that arrives after the newer withdrawal
    dispatch(withdrawn)
    assert ReputationEntry.objects.count() == before
    assert total(other_customer) == 0
    assert_ledger_consistent()


def test_knowledge_base_promotion_and_confirmed_spam(
    committed: Committed, moderator: User, other_customer: User, answer: Answer
) -> None:
    with committed():
        for _ in range(2):  # promoting twice counts once
            from django.db import transaction

            with transaction.atomic():
                record_event(
                    actor=moderator, verb="answer.promoted_to_kb", target=answer,
                    payload={"answer_author_id": other_customer.pk,
                             "question_id": answer.question_id},
                )  # fmt: skip
    assert total(other_customer) == 50
    with committed(), transaction.atomic():
        record_event(
            actor=moderator, verb="post.spam_confirmed", target=answer,
            payload={"author_id": other_customer.pk, "post_type": "answer",
                     "question_id": answer.question_id},
        )  # fmt: skip
    assert total(other_customer) == -50
    assert_ledger_consistent()


def test_recompute_repairs_totals_edited_by_hand(
    committed: Committed, other_customer: User, answer: Answer
) -> None:
    with committed():
        do_vote(user=make_user("vera_voter"), target=answer, value=1)
    UserReputation.objects.filter(pk=other_customer.pk).update(total=999)
    assert recompute() == 1
    assert total(other_customer) == 10
    assert_ledger_consistent()
