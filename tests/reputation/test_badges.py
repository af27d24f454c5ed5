"""Badges by rules (from the community's events) and by admins."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction

from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    do_accept_answer,
    do_endorse_answer,
    do_vote,
)
from crowdservice.community.models import Answer, Question
from crowdservice.core.errors import Conflict, Forbidden, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.reputation.actions import do_award_badge
from crowdservice.reputation.models import Badge, BadgeAward
from tests.conftest import make_user
from tests.reputation.conftest import Committed

pytestmark = pytest.mark.django_db


def badges_of(user: User) -> set[str]:
    return set(BadgeAward.objects.filter(user=user).values_list("badge__slug", flat=True))


def test_first_question_first_answer_accepted_and_endorsed(
    committed: Committed, customer: User, other_customer: User, agent: User,
    make_question: Callable[..., Question], make_answer: Callable[..., Answer],
) -> None:  # fmt: skip
    with committed():
        question = make_question(customer)
        answer = make_answer(other_customer, question)
        make_question(customer)  # a second question earns nothing more
    assert badges_of(customer) == {"first-question"}
    assert badges_of(other_customer) == {"first-answer"}
    with committed():
        do_accept_answer(actor=customer, answer=answer)
        do_endorse_answer(actor=agent, answer=answer)
    assert badges_of(other_customer) == {"first-answer", "first-accepted", "company-endorsed"}
    assert Badge.objects.get(slug="first-question").award_count == 1


def test_ten_accepted_answers(
    committed: Committed, other_customer: User, make_question: Callable[..., Question],
    make_answer: Callable[..., Answer],
) -> None:  # fmt: skip
    askers = [make_user(f"asker_{n}") for n in range(10)]
    with committed():
        for n, asker in enumerate(askers):
            answer = make_answer(other_customer, make_question(asker))
            do_accept_answer(actor=asker, answer=answer)
            if n == 8:
                assert "ten-accepted" not in badges_of(other_customer)
    assert "ten-accepted" in badges_of(other_customer)


def test_a_popular_question_and_a_nice_answer(
    committed: Committed, customer: User, other_customer: User, question: Question,
    answer: Answer,
) -> None:  # fmt: skip
    fans = [make_user(f"fan_{n}") for n in range(10)]
    with committed():
        for n, fan in enumerate(fans):
            do_vote(user=fan, target=question, value=1)
            if n < 5:
                do_vote(user=fan, target=answer, value=1)
    assert "popular-question" in badges_of(customer)
    assert "nice-answer" in badges_of(other_customer)
    assert "great-answer" not in badges_of(other_customer)


def test_an_answer_promoted_to_the_knowledge_base(
    committed: Committed, editor: User, other_customer: User, answer: Answer
) -> None:
    with committed(), transaction.atomic():
        record_event(
            actor=editor, verb="answer.promoted_to_kb", target=answer,
            payload={"answer_author_id": other_customer.pk, "question_id": answer.question_id},
        )  # fmt: skip
    assert "knowledge-author" in badges_of(other_customer)


def test_admins_award_badges_once_with_a_reason(
    admin_user: User, moderator: User, customer: User
) -> None:
    award = do_award_badge(
        actor=admin_user, user=customer, slug="company-endorsed", note="Ran the meetup"
    )
    assert award.note == "Ran the meetup"
    assert award.awarded_by_id == admin_user.pk
    with pytest.raises(Conflict, match="already has the Company endorsed badge"):
        do_award_badge(actor=admin_user, user=customer, slug="company-endorsed", note="Again")
    with pytest.raises(ValidationFailed, match="no badge"):
        do_award_badge(actor=admin_user, user=customer, slug="no-such-badge", note="Because")
    with pytest.raises(ValidationFailed, match="at least 5"):
        do_award_badge(actor=admin_user, user=customer, slug="first-answer", note="  ")
    with pytest.raises(Forbidden):
        do_award_badge(actor=moderator, user=customer, slug="first-answer", note="I want to")


def test_rule_badges_missing_from_the_table_are_recreated(
    committed: Committed, customer: User, make_question: Callable[..., Question]
) -> None:
    Badge.objects.all().delete()  # as after a transactional test's flush
    with committed():
        make_question(customer)
    assert badges_of(customer) == {"first-question"}
    assert Badge.objects.get(slug="first-question").tier == "bronze"
