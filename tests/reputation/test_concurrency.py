"""Concurrent votes on PostgreSQL: the totals always equal the ledger, and the cap holds."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from types import ModuleType
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.actions import answers as answers_module
from crowdservice.community.actions import do_ask_question, do_post_answer, do_vote
from crowdservice.community.actions import questions as questions_module
from crowdservice.community.models import Answer, Question, Space
from crowdservice.core.models import Event
from crowdservice.reputation.limits import RateLimited
from crowdservice.reputation.models import ReputationEntry
from tests.conftest import make_user
from tests.reputation.conftest import assert_ledger_consistent, total

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite has none)"
    ),
]


def run_together(jobs: list[Callable[[], None]]) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


@override_settings(CROWDSERVICE_REPUTATION_DAILY_VOTE_CAP=200)
def test_concurrent_votes_keep_totals_equal_to_the_ledger(
    customer: User, other_customer: User, question: Question, answer: Answer
) -> None:
    """12 people vote at once on the same question and answer (their consumers run right after
    each commit, in the same threads), then change or withdraw their votes at once."""
    voters = [make_user(f"racer{i}") for i in range(12)]
    errors = run_together(
        [lambda v=v: (do_vote(user=v, target=question, value=1),
                      do_vote(user=v, target=answer, value=1)) for v in voters]  # type: ignore[misc]
    )  # fmt: skip
    assert not errors
    assert total(customer) == 12 * 10
    assert total(other_customer) == 12 * 10
    assert_ledger_consistent()

    rng = random.Random(6)
    choices = {v.pk: rng.choice([-1, 0]) for v in voters}
    errors = run_together(
        [lambda v=v: do_vote(user=v, target=answer, value=choices[v.pk]) for v in voters]  # type: ignore[misc]
    )
    assert not errors
    downs = sum(1 for value in choices.values() if value == -1)
    assert 0 < downs < 12
    assert total(other_customer) == -2 * downs  # every upvote withdrawn or turned down
    for voter in voters:
        assert total(voter) == (-1 if choices[voter.pk] == -1 else 0)
    assert_ledger_consistent()


@override_settings(CROWDSERVICE_REPUTATION_DAILY_VOTE_CAP=200)
def test_the_daily_cap_holds_under_concurrent_votes(
    customer: User, make_question: Callable[..., Question]
) -> None:
    questions = [make_question(customer) for _ in range(2)]
    voters = [make_user(f"crowd{i}") for i in range(15)]
    errors = run_together(
        [lambda v=v: [do_vote(user=v, target=q, value=1) for q in questions] for v in voters]  # type: ignore[misc]
    )
    assert not errors
    assert total(customer) == 200  # 30 upvotes are 300 points before the cap
    assert ReputationEntry.objects.filter(user=customer).count() == 20
    assert_ledger_consistent()


def age_posts(user: User) -> None:
    """Pretend the person's posts so far were written ten minutes ago (past the waiting times)."""
    then = timezone.now() - timedelta(minutes=10)
    Event.objects.filter(actor_id=user.pk).update(created_at=then)


def _slow_screening(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> None:
    """Widen the gap between the limit check and the write, so both posts are in flight at once:
    without the author's lock both would count the same free slot."""
    original = module.screen_post

    def slow(**kwargs: Any) -> Any:
        time.sleep(0.5)
        return original(**kwargs)

    monkeypatch.setattr(module, "screen_post", slow)


def test_one_free_question_slot_goes_to_one_of_two_simultaneous_questions(
    real_rules: dict[str, int], space: Space, monkeypatch: pytest.MonkeyPatch
) -> None:
    newcomer = make_user("nina_newcomer")
    for n in range(2):
        do_ask_question(
            author=newcomer, space_id=space.pk, title=f"Router question number {n} about Wi-Fi",
            body="The router drops the connection every few minutes.", tags=["wifi"],
        )  # fmt: skip
        age_posts(newcomer)
    _slow_screening(monkeypatch, questions_module)
    errors = run_together(
        [lambda n=n: do_ask_question(  # type: ignore[misc]
            author=newcomer, space_id=space.pk, title=f"Simultaneous router question {n}",
            body="The router drops the connection every few minutes.", tags=["wifi"],
        ) for n in range(2)]
    )  # fmt: skip
    assert [type(e) for e in errors] == [RateLimited]
    assert Question.objects.filter(author=newcomer).count() == 3


def test_one_free_answer_slot_goes_to_one_of_two_simultaneous_answers(
    real_rules: dict[str, int],
    make_question: Callable[..., Question],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Answers to two different threads: the question locks don't serialize them, the author's
    lock does."""
    helper = make_user("harry_helper")
    threads = [make_question(make_user(f"asker{n}")) for n in range(11)]
    for thread in threads[:9]:
        do_post_answer(author=helper, question=thread, body="Reboot the router, then retry.")
        age_posts(helper)
    _slow_screening(monkeypatch, answers_module)
    errors = run_together(
        [lambda t=t: do_post_answer(  # type: ignore[misc]
            author=helper, question=t, body="Reboot the router, then retry.",
        ) for t in threads[9:]]
    )  # fmt: skip
    assert [type(e) for e in errors] == [RateLimited]
    assert Answer.objects.filter(author=helper).count() == 10
