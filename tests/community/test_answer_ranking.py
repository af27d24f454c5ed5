"""Answers' predicted helpfulness: computed after each change to the thread (a consumer, with the
real model), ordering fresh answers, and suggesting to the asker an answer to accept."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    do_accept_answer,
    do_delete_answer,
    do_edit_answer,
    do_edit_question,
    do_vote,
    ranking,
)
from crowdservice.community.actions.ranking import rank_thread_answers
from crowdservice.community.models import Answer, Question
from crowdservice.community.queries import SUGGEST_MIN_HELPFULNESS, thread
from crowdservice.search.engine.embedder import ModelUnavailable
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

DETAILED = (
    "This is usually DFS radar detection on the 5 GHz band. Open the wireless settings, set the "
    "5 GHz channel to 36 (a non-DFS channel), turn off DFS and save. Then reboot the router. "
    "Firmware 2.1.4 also fixes a bug where the 5 GHz radio restarts every evening."
)
CHATTER = "Thanks, me too! Same problem here, any news?"

Committing = Callable[[], AbstractContextManager[Any]]


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Committing:
    """`with committed():` runs the event consumers of the block's writes, as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def helpfulness(answer: Answer) -> float | None:
    answer.refresh_from_db(fields=["helpfulness"])
    return answer.helpfulness


def order(user: User, question: Question) -> list[int]:
    question.refresh_from_db()
    return [view.answer.pk for view in thread(user, question).answers]


def test_posting_an_answer_scores_every_answer_of_the_thread(
    question: Question, make_answer: Callable[..., Answer], committed: Committing
) -> None:
    with committed():
        chatter = make_answer(make_user("first_writer"), question, CHATTER)
    alone = helpfulness(chatter)
    assert alone is not None
    with committed():
        detailed = make_answer(make_user("second_writer"), question, DETAILED)
    # One call over the whole thread: the first answer is rescored alongside the second.
    assert helpfulness(detailed) is not None
    assert helpfulness(detailed) > helpfulness(chatter)  # type: ignore[operator]


def test_scoring_is_idempotent_and_bumps_the_version_only_on_change(
    question: Question, make_answer: Callable[..., Answer], committed: Committing
) -> None:
    with committed():
        answer = make_answer(make_user("writer"), question, DETAILED)
    question.refresh_from_db()
    version, score = question.version, helpfulness(answer)
    assert rank_thread_answers(question.pk) is False  # a retried job changes nothing
    question.refresh_from_db()
    assert (question.version, helpfulness(answer)) == (version, score)
    Answer.objects.filter(pk=answer.pk).update(helpfulness=None)
    assert rank_thread_answers(question.pk) is True
    question.refresh_from_db()
    assert question.version == version + 1  # cached pages show the new order
    assert helpfulness(answer) == score


def test_edits_and_deletions_rescore_the_thread(
    customer: User, question: Question, make_answer: Callable[..., Answer], committed: Committing
) -> None:
    writer, helper = make_user("writer"), make_user("helper")
    with committed():
        answer = make_answer(writer, question, CHATTER)
        other = make_answer(helper, question, DETAILED)
    before = helpfulness(answer)
    with committed():
        do_edit_answer(actor=writer, answer=answer, body=DETAILED + " Worked for me as well.")
    assert helpfulness(answer) != before
    edited = helpfulness(answer)
    with committed():
        do_delete_answer(actor=helper, answer=other)
    assert helpfulness(answer) != edited  # now alone in the thread
    alone = helpfulness(answer)
    with committed():
        do_edit_question(actor=customer, question=question, tags=["wifi"])  # no text change
    assert helpfulness(answer) == alone
    with committed():
        do_edit_question(actor=customer, question=question, body="Totally different body text.")
    assert helpfulness(answer) != alone


def test_a_detailed_answer_outranks_thanks_me_too_among_fresh_answers(
    customer: User, question: Question, make_answer: Callable[..., Answer], committed: Committing
) -> None:
    with committed():
        chatter = make_answer(make_user("first_writer"), question, CHATTER)
        detailed = make_answer(make_user("second_writer"), question, DETAILED)
    # Both fresh (no votes): predicted helpfulness decides, not age.
    assert order(customer, question) == [detailed.pk, chatter.pk]


def test_votes_still_dominate_the_prediction(
    customer: User, question: Question, make_answer: Callable[..., Answer], committed: Committing
) -> None:
    with committed():
        chatter = make_answer(make_user("first_writer"), question, CHATTER)
        detailed = make_answer(make_user("second_writer"), question, DETAILED)
    do_vote(user=make_user("voter"), target=chatter, value=1)
    assert order(customer, question) == [chatter.pk, detailed.pk]
    do_accept_answer(actor=customer, answer=detailed)
    assert order(customer, question) == [detailed.pk, chatter.pk]  # accepted is pinned first


def test_unscored_answers_keep_the_old_order(
    customer: User, question: Question, make_answer: Callable[..., Answer]
) -> None:
    # Consumers did not run (no commit): no helpfulness, so oldest first as before.
    first = make_answer(make_user("first_writer"), question, DETAILED)
    second = make_answer(make_user("second_writer"), question, CHATTER)
    assert helpfulness(first) is None
    assert order(customer, question) == [first.pk, second.pk]


def test_the_model_being_unavailable_never_breaks_posting(
    monkeypatch: pytest.MonkeyPatch,
    customer: User,
    question: Question,
    make_answer: Callable[..., Answer],
    committed: Committing,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def unavailable(*args: object, **kwargs: object) -> None:
        raise ModelUnavailable("The model files are missing.")

    monkeypatch.setattr(ranking, "score_answers", unavailable)
    with committed():
        answer = make_answer(make_user("writer"), question, DETAILED)
    assert Answer.objects.filter(pk=answer.pk).exists()
    assert helpfulness(answer) is None
    assert "left unscored" in caplog.text
    assert order(customer, question) == [answer.pk]


# --- The suggested answer to accept ---------------------------------------------------------


def suggested(user: User, question: Question) -> list[int]:
    question.refresh_from_db()
    return [view.answer.pk for view in thread(user, question).answers if view.is_suggested]


def test_the_asker_is_told_which_answer_looks_likely_to_solve_it(
    customer: User,
    other_customer: User,
    question: Question,
    make_answer: Callable[..., Answer],
    committed: Committing,
) -> None:
    with committed():
        make_answer(make_user("first_writer"), question, CHATTER)
        detailed = make_answer(make_user("second_writer"), question, DETAILED)
    assert helpfulness(detailed) >= SUGGEST_MIN_HELPFULNESS  # type: ignore[operator]
    assert suggested(customer, question) == [detailed.pk]
    assert thread(customer, question).suggested_answer_id == detailed.pk
    assert suggested(other_customer, question) == []  # only the asker
    do_accept_answer(actor=customer, answer=detailed)
    assert suggested(customer, question) == []  # nothing to suggest once one is accepted


def test_no_suggestion_for_chatter_the_askers_own_answer_or_a_downvoted_one(
    customer: User, question: Question, make_answer: Callable[..., Answer], committed: Committing
) -> None:
    with committed():
        chatter = make_answer(make_user("first_writer"), question, CHATTER)
    assert helpfulness(chatter) < SUGGEST_MIN_HELPFULNESS  # type: ignore[operator]
    assert suggested(customer, question) == []
    with committed():
        own = make_answer(customer, question, DETAILED)
    assert helpfulness(own) is not None
    assert suggested(customer, question) == []  # never your own answer
    with committed():
        detailed = make_answer(make_user("second_writer"), question, DETAILED + " Good luck!")
    assert suggested(customer, question) == [detailed.pk]
    do_vote(user=make_user("voter"), target=detailed, value=-1)
    assert suggested(customer, question) == []
