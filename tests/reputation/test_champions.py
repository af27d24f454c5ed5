"""Community champions: admins grant them a space, where they moderate."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.community.actions import (
    do_add_comment,
    do_close_as_duplicate,
    do_delete_answer,
    do_delete_comment,
    do_delete_question,
    do_edit_answer,
    do_reopen_question,
)
from crowdservice.community.models import Answer, Question, Space
from crowdservice.core.errors import Conflict, Forbidden
from crowdservice.reputation.actions import do_grant_champion, do_revoke_champion
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
TEXT = "Update the firmware to 1.4.2, then reset the mesh from the app."


@pytest.fixture
def other_space(db: None) -> Space:
    return Space.objects.create(slug="mesh", name="Mesh networks", description="Mesh")


@pytest.fixture
def champion(admin_user: User, space: Space) -> User:
    star = make_user("stella_star")
    do_grant_champion(actor=admin_user, user=star, space_id=space.pk)
    return star


def test_champions_moderate_posts_in_their_space(
    champion: User, customer: User, other_customer: User, question: Question, answer: Answer,
    make_question: Callable[..., Question],
) -> None:  # fmt: skip
    comment = do_add_comment(author=customer, question=question, body="Which firmware?")
    assert do_edit_answer(actor=champion, answer=answer, body=TEXT).body == TEXT
    do_delete_comment(actor=champion, comment=comment)
    original = make_question(customer)
    closed = do_close_as_duplicate(actor=champion, question=question, original=original)
    assert do_reopen_question(actor=champion, question=closed).duplicate_of_id is None
    # A question others answered needs a moderator to delete: a champion is one here.
    assert do_delete_question(actor=champion, question=question).is_deleted
    assert do_delete_answer(actor=champion, answer=answer).is_deleted


def test_champions_have_no_rights_elsewhere_and_lose_them_when_revoked(
    admin_user: User, champion: User, customer: User, other_customer: User, space: Space,
    other_space: Space, make_question: Callable[..., Question],
    make_answer: Callable[..., Answer],
) -> None:  # fmt: skip
    elsewhere = make_answer(other_customer, make_question(customer, space_id=other_space.pk))
    with pytest.raises(Forbidden):
        do_edit_answer(actor=champion, answer=elsewhere, body=TEXT)
    here = make_answer(other_customer, make_question(customer))
    do_revoke_champion(actor=admin_user, user=champion, space_id=space.pk)
    with pytest.raises(Forbidden):
        do_delete_answer(actor=champion, answer=here)


def test_only_admins_appoint_and_staff_need_no_appointment(
    admin_user: User, moderator: User, agent: User, customer: User, space: Space
) -> None:
    with pytest.raises(Forbidden):
        do_grant_champion(actor=moderator, user=customer, space_id=space.pk)
    with pytest.raises(Conflict, match="is staff"):
        do_grant_champion(actor=admin_user, user=agent, space_id=space.pk)


def test_a_champions_thread_page_does_not_grow_with_answers(
    champion: User, customer: User, question: Question, make_answer: Callable[..., Answer]
) -> None:
    browser = Client()
    browser.force_login(champion)
    url = question.get_absolute_url()

    def count() -> int:
        browser.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(url).status_code == 200
        return len(queries)

    for n in range(2):
        make_answer(make_user(f"helper_{n}"), question)
    small = count()
    for n in range(2, 9):
        answer = make_answer(make_user(f"helper_{n}"), question)
        do_add_comment(author=customer, question=question, answer=answer, body="Thanks a lot!")
    assert count() == small
