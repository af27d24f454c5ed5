"""Every step of the real ladder: refused one point below it, allowed at it; staff bypass."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.community.actions import (
    do_add_comment,
    do_close_as_duplicate,
    do_edit_answer,
    do_edit_comment,
    do_edit_question,
    do_reopen_question,
    do_vote,
    do_vote_to_close,
    do_vote_to_reopen,
)
from crowdservice.community.models import Answer, CloseVote, Question
from crowdservice.core.errors import Forbidden
from crowdservice.reputation.privileges import has_privilege, reputation_of
from tests.api.helpers import session_client
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
Grant = Callable[[User, int], User]
TEXT = "Turn off band steering, then reconnect the laptop to the 5 GHz network."


def at_step(grant: Grant, ladder: dict[str, int], name: str, *, below: bool) -> User:
    person = make_user(f"member_{name}_{'below' if below else 'at'}")
    return grant(person, ladder[name] - (1 if below else 0))


@pytest.mark.parametrize("below", [True, False], ids=["below", "at"])
def test_upvote_and_downvote(
    real_ladder: dict[str, int], grant: Grant, below: bool, answer: Answer
) -> None:
    for name, value in (("upvote", 1), ("downvote", -1)):
        voter = at_step(grant, real_ladder, name, below=below)
        if below:
            with pytest.raises(Forbidden, match=f"You need {real_ladder[name]} reputation to"):
                do_vote(user=voter, target=answer, value=value)  # type: ignore[arg-type]
        else:
            do_vote(user=voter, target=answer, value=value)  # type: ignore[arg-type]


def test_withdrawing_a_vote_needs_no_privilege(
    real_ladder: dict[str, int], grant: Grant, answer: Answer
) -> None:
    voter = grant(make_user("vera_voter"), real_ladder["downvote"])
    do_vote(user=voter, target=answer, value=-1)
    grant(voter, -real_ladder["downvote"])  # lost it since
    assert do_vote(user=voter, target=answer, value=0) == 0


@pytest.mark.parametrize("below", [True, False], ids=["below", "at"])
def test_commenting_on_others_posts(
    real_ladder: dict[str, int], grant: Grant, below: bool, question: Question, answer: Answer
) -> None:
    person = at_step(grant, real_ladder, "comment", below=below)
    if below:
        with pytest.raises(Forbidden, match="to comment on other people's posts"):
            do_add_comment(author=person, question=question, body="Which firmware is that?")
    else:
        do_add_comment(author=person, question=question, body="Which firmware is that?")


def test_own_posts_and_answers_to_your_question_take_comments_from_the_start(
    real_ladder: dict[str, int], customer: User, other_customer: User, question: Question,
    answer: Answer,
) -> None:  # fmt: skip
    assert reputation_of(customer) == reputation_of(other_customer) == 0
    do_add_comment(author=customer, question=question, body="More detail: it's the AX3000.")
    do_add_comment(author=customer, question=question, answer=answer, body="That worked, thanks!")
    do_add_comment(author=other_customer, question=question, answer=answer, body="Glad it did.")


@pytest.mark.parametrize("below", [True, False], ids=["below", "at"])
def test_editing_others_questions_and_answers(
    real_ladder: dict[str, int], grant: Grant, below: bool, question: Question, answer: Answer
) -> None:
    editor = at_step(grant, real_ladder, "edit", below=below)
    if below:
        with pytest.raises(Forbidden):
            do_edit_answer(actor=editor, answer=answer, body=TEXT)
        with pytest.raises(Forbidden):
            do_edit_question(actor=editor, question=question, body=TEXT)
    else:
        assert do_edit_answer(actor=editor, answer=answer, body=TEXT).body == TEXT
        assert do_edit_question(actor=editor, question=question, body=TEXT).body == TEXT


def test_nobody_edits_others_comments_by_reputation(
    real_ladder: dict[str, int], grant: Grant, customer: User, question: Question
) -> None:
    comment = do_add_comment(author=customer, question=question, body="Which firmware is that?")
    star = grant(make_user("stella_star"), 10_000)
    with pytest.raises(Forbidden):
        do_edit_comment(actor=star, comment=comment, body="Rewritten by someone else")


@pytest.mark.parametrize("below", [True, False], ids=["below", "at"])
def test_retagging_others_questions(
    real_ladder: dict[str, int], grant: Grant, below: bool, question: Question
) -> None:
    person = at_step(grant, real_ladder, "retag", below=below)
    if below:
        with pytest.raises(Forbidden):
            do_edit_question(actor=person, question=question, tags=["wifi", "firmware"])
        return
    edited = do_edit_question(actor=person, question=question, tags=["wifi", "firmware"])
    assert sorted(edited.tags.values_list("name", flat=True)) == ["firmware", "wifi"]
    # Retagging is not editing: the title and the text stay the author's.
    with pytest.raises(Forbidden, match="change the tags of others' questions"):
        do_edit_question(actor=person, question=question, title="A better title for this one")


@pytest.mark.parametrize("below", [True, False], ids=["below", "at"])
def test_voting_to_close_and_reopen(
    real_ladder: dict[str, int], grant: Grant, below: bool, customer: User,
    make_question: Callable[..., Question],
) -> None:  # fmt: skip
    original, duplicate = make_question(customer), make_question(customer)
    person = at_step(grant, real_ladder, "close", below=below)
    if below:
        with pytest.raises(Forbidden):
            do_vote_to_close(
                actor=person, question=duplicate, reason="duplicate", original_id=original.pk
            )
        return
    do_vote_to_close(actor=person, question=duplicate, reason="duplicate", original_id=original.pk)
    assert CloseVote.objects.filter(voter=person, active=True).count() == 1
    # The step is a vote, no longer a close on one's own (moderators and the asker still close).
    assert Question.objects.get(pk=duplicate.pk).duplicate_of_id is None
    with pytest.raises(Forbidden):
        do_close_as_duplicate(actor=person, question=duplicate, original=original)
    closed = do_close_as_duplicate(actor=customer, question=duplicate, original=original)
    with pytest.raises(Forbidden):
        do_reopen_question(actor=person, question=closed)
    do_vote_to_reopen(actor=person, question=closed)
    assert Question.objects.get(pk=duplicate.pk).duplicate_of_id == original.pk


@pytest.mark.parametrize("name", ["flag", "review", "new_user_lifted"])
def test_steps_other_apps_ask_about(real_ladder: dict[str, int], grant: Grant, name: str) -> None:
    below = at_step(grant, real_ladder, name, below=True)
    at = at_step(grant, real_ladder, name, below=False)
    assert not has_privilege(below, name)  # type: ignore[arg-type]
    assert has_privilege(at, name)  # type: ignore[arg-type]


@pytest.mark.parametrize("role", [Role.AGENT, Role.EDITOR])
def test_staff_take_part_without_reputation_but_earn_moderation_steps(
    real_ladder: dict[str, int], role: Role, answer: Answer, question: Question
) -> None:
    staff = make_user(f"staff_{role}", role)
    do_vote(user=staff, target=answer, value=-1)
    do_add_comment(author=staff, question=question, body="Which firmware is that?")
    assert has_privilege(staff, "retag")
    assert not has_privilege(staff, "edit")
    assert not has_privilege(staff, "close")


def test_moderators_have_every_step(real_ladder: dict[str, int], moderator: User) -> None:
    assert all(has_privilege(moderator, name) for name in real_ladder)  # type: ignore[arg-type]


def test_the_api_answers_403_with_what_is_needed(
    real_ladder: dict[str, int], answer: Answer
) -> None:
    client = session_client(make_user("nina_newcomer"))
    response = client.send("POST", f"/answers/{answer.pk}/vote", {"value": -1})
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "privilege_required"
    assert body["detail"].startswith("You need 125 reputation to downvote; you have 0.")
