"""Community rules that hold whichever transport calls the actions."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.urls import resolve

from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    do_accept_answer,
    do_ask_question,
    do_delete_answer,
    do_delete_question,
    do_edit_question,
    do_endorse_answer,
    do_undelete_question,
    do_vote,
)
from crowdservice.community.models import Answer, Question, Revision, Space, Tag
from crowdservice.community.queries import Sort, question_list, thread
from crowdservice.community.trust import TrustTier
from crowdservice.core.errors import Conflict, Forbidden, ValidationFailed
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def counts(question: Question) -> tuple[int, int, dict[str, int]]:
    question.refresh_from_db()
    space = Space.objects.get(pk=question.space_id)
    tags = dict(Tag.objects.values_list("name", "question_count"))
    return question.answer_count, space.question_count, tags


def test_counters_follow_edits_deletes_and_undeletes(
    customer: User, other_customer: User, moderator: User, question: Question,
    make_answer: Callable[..., Answer],
) -> None:  # fmt: skip
    assert counts(question) == (0, 1, {"wifi": 1, "5ghz": 1})
    do_edit_question(actor=customer, question=question, tags=["wifi", "mesh"], summary="retag")
    assert counts(question)[2] == {"wifi": 1, "5ghz": 0, "mesh": 1}
    answer = make_answer(other_customer, question)
    assert counts(question)[0] == 1
    do_delete_answer(actor=moderator, answer=answer)
    assert counts(question)[0] == 0
    do_delete_question(actor=moderator, question=question)
    assert counts(question)[1:] == (0, {"wifi": 0, "5ghz": 0, "mesh": 0})
    do_undelete_question(actor=moderator, question=question)
    assert counts(question)[1:] == (1, {"wifi": 1, "5ghz": 0, "mesh": 1})


def test_every_edit_keeps_a_revision(customer: User, moderator: User, question: Question) -> None:
    do_edit_question(actor=customer, question=question, title="Router drops 5 GHz every night")
    do_edit_question(actor=moderator, question=question, body="Edited by a moderator for clarity.")
    do_edit_question(actor=customer, question=question, title="Router drops 5 GHz every night")
    revisions = list(Revision.objects.filter(question=question, answer=None, comment=None))
    assert [r.number for r in revisions] == [1, 2, 3]  # the no-op edit added nothing
    assert revisions[0].title.startswith("Router keeps dropping")
    assert revisions[1].title == "Router drops 5 GHz every night"
    assert revisions[2].author == moderator
    assert revisions[2].body.startswith("Edited")


def test_others_cannot_edit_and_answered_questions_need_a_moderator_to_delete(
    customer: User, other_customer: User, question: Question, make_answer: Callable[..., Answer]
) -> None:
    with pytest.raises(Forbidden):
        do_edit_question(actor=other_customer, question=question, title="Hijacked title here")
    make_answer(other_customer, question)
    with pytest.raises(Forbidden, match="ask a moderator"):
        do_delete_question(actor=customer, question=question)


def test_answer_order_and_trust_tiers(
    customer: User, agent: User, question: Question, make_answer: Callable[..., Answer]
) -> None:
    voters = [make_user(f"voter{i}") for i in range(4)]
    writers = [make_user(f"writer{i}") for i in range(4)]
    old_low, popular, endorsed, accepted = (
        make_answer(writer, question, f"Answer number {i} with enough text to count.")
        for i, writer in enumerate(writers)
    )
    for voter in voters[:3]:
        do_vote(user=voter, target=popular, value=1)
    do_vote(user=voters[3], target=accepted, value=-1)
    do_endorse_answer(actor=agent, answer=endorsed)
    do_accept_answer(actor=customer, answer=accepted)
    question.refresh_from_db()
    view = thread(customer, question)
    order = [(v.answer.pk, v.tier, v.is_accepted) for v in view.answers]
    assert order == [
        (endorsed.pk, TrustTier.ENDORSED, False),  # endorsed and accepted are pinned first,
        (accepted.pk, TrustTier.COMMUNITY, True),  # then by score
        (popular.pk, TrustTier.COMMUNITY, False),  # three upvotes: a community pick
        (old_low.pk, None, False),
    ]


def test_unanswered_means_no_accepted_or_endorsed_answer(
    customer: User, other_customer: User, agent: User,
    make_question: Callable[..., Question], make_answer: Callable[..., Answer],
) -> None:  # fmt: skip
    open_q, accepted_q, endorsed_q = (make_question(customer) for _ in range(3))
    make_answer(other_customer, open_q)
    do_accept_answer(actor=customer, answer=make_answer(other_customer, accepted_q))
    do_endorse_answer(actor=agent, answer=make_answer(other_customer, endorsed_q))
    unanswered = list(question_list(customer, sort=Sort.UNANSWERED))
    assert unanswered == [open_q]


def test_a_vote_can_change_but_not_repeat(customer: User, answer: Answer) -> None:
    assert do_vote(user=customer, target=answer, value=1) == 1
    with pytest.raises(Conflict, match="already upvoted"):
        do_vote(user=customer, target=answer, value=1)
    assert do_vote(user=customer, target=answer, value=-1) == -1
    assert do_vote(user=customer, target=answer, value=0) == 0
    with pytest.raises(Conflict, match="not voted"):
        do_vote(user=customer, target=answer, value=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite has none)"
)
def test_concurrent_votes_keep_the_score_exact(answer: Answer) -> None:
    voters = [make_user(f"concurrent{i}") for i in range(12)]
    barrier = threading.Barrier(len(voters))
    errors: list[BaseException] = []

    def vote(user: User) -> None:
        try:
            barrier.wait()
            do_vote(user=user, target=answer, value=1)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(user,)) for user in voters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    answer.refresh_from_db()
    assert answer.score == len(voters) == answer.votes.count()


@pytest.mark.parametrize("field", ["title", "body", "tags"])
def test_nul_characters_are_refused_before_the_database(
    field: str, customer: User, space: Space
) -> None:
    fields = {
        "title": "Router reboots at night",
        "body": "It restarts at 3am every day, logs show nothing.",
        "tags": ["wifi"],
    }
    fields[field] = ["wi\x00fi"] if field == "tags" else str(fields[field]) + "\x00"
    with pytest.raises(ValidationFailed) as info:
        do_ask_question(author=customer, space_id=space.pk, **fields)  # type: ignore[arg-type]
    assert "NUL character" in info.value.errors[field][0]
    assert not Question.objects.exists()


def test_question_urls_never_collide_with_their_sub_pages(customer: User, space: Space) -> None:
    question = do_ask_question(
        author=customer, space_id=space.pk, title="Delete?!?!?!?!?!?!?!?!",
        body="A title that slugifies to the name of a sub-page.",
    )  # fmt: skip
    assert question.slug == "delete-question"
    assert resolve(question.get_absolute_url()).url_name == "question"
    assert resolve(f"/questions/{question.pk}/delete/").url_name == "delete_question"
    assert resolve(f"/questions/{question.pk}/edit/").url_name == "edit_question"
