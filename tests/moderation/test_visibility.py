"""Pending and hidden posts disappear for everyone but their author and moderators: lists,
thread pages, the API and search; the author sees that they are pending; caches go stale."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, Question, Space, Tag
from crowdservice.moderation.actions import do_set_post_visibility
from crowdservice.moderation.models import ReviewItem, ReviewReason
from crowdservice.search.service import search
from tests.conftest import SearchIndex

MakeQuestion = Callable[..., Question]
TITLE = "Zebra mesh satellite blinks amber forever"


@pytest.fixture
def pending_question(premoderation: Any, newcomer: User, make_question: MakeQuestion) -> Question:
    return make_question(newcomer, title=TITLE, body="The zebra satellite never joins the mesh.")


def test_a_newcomers_first_question_waits_for_approval(
    pending_question: Question, newcomer: User, space: Space
) -> None:
    assert pending_question.visibility == "pending"
    item = ReviewItem.objects.get(kind="question", object_id=pending_question.pk)
    assert item.reason == ReviewReason.APPROVAL
    assert item.content_author == newcomer
    space.refresh_from_db()
    assert space.question_count == 0  # counters count published posts only
    assert Tag.objects.get(name="wifi").question_count == 0


def test_staff_and_people_with_approved_posts_are_not_premoderated(
    premoderation: Any, agent: User, customer: User, moderator: User, make_question: MakeQuestion
) -> None:
    assert make_question(agent).visibility == "visible"
    first = make_question(customer)
    do_set_post_visibility(
        moderator=moderator, kind="question", object_id=first.pk, visibility="visible"
    )
    assert make_question(customer).visibility == "visible"


@pytest.mark.parametrize("who", ["anonymous", "other_customer", "agent"])
def test_a_pending_question_is_invisible_to_others(
    who: str,
    pending_question: Question,
    as_user: Callable[[User | None], Client],
    request: pytest.FixtureRequest,
) -> None:
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = as_user(user)
    assert TITLE not in client.get("/questions/").content.decode()
    assert TITLE not in client.get("/tags/wifi/").content.decode()
    assert client.get(pending_question.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/questions/{pending_question.pk}").status_code == 404
    listed = client.get("/api/v1/questions").json()["items"]
    assert pending_question.pk not in [q["id"] for q in listed]


def test_the_author_sees_their_pending_question_and_that_it_waits(
    pending_question: Question, newcomer: User, as_user: Callable[[User | None], Client]
) -> None:
    client = as_user(newcomer)
    page = client.get(pending_question.get_absolute_url()).content.decode()
    assert "Waiting for a moderator's approval" in page
    assert TITLE in page
    listed = client.get("/questions/").content.decode()
    assert TITLE in listed
    assert "Waiting for approval" in listed
    data = client.get(f"/api/v1/questions/{pending_question.pk}").json()
    assert data["visibility"] == "pending"


def test_moderators_see_pending_posts_with_approve_button(
    pending_question: Question, moderator: User, as_user: Callable[[User | None], Client]
) -> None:
    page = as_user(moderator).get(pending_question.get_absolute_url()).content.decode()
    assert "Approve" in page
    assert TITLE in page


def test_hiding_bumps_the_version_so_the_anonymous_cache_goes_stale(
    question: Question, moderator: User, as_user: Callable[[User | None], Client]
) -> None:
    anonymous = as_user(None)
    assert anonymous.get(question.get_absolute_url()).status_code == 200  # now cached
    version = Question.objects.get(pk=question.pk).version
    do_set_post_visibility(
        moderator=moderator, kind="question", object_id=question.pk, visibility="hidden"
    )
    assert Question.objects.get(pk=question.pk).version > version
    assert anonymous.get(question.get_absolute_url()).status_code == 404


def test_a_hidden_answer_leaves_the_thread_and_its_count(
    question: Question,
    answer: Answer,
    moderator: User,
    other_customer: User,
    as_user: Callable[[User | None], Client],
) -> None:
    do_set_post_visibility(
        moderator=moderator, kind="answer", object_id=answer.pk, visibility="hidden"
    )
    assert Question.objects.get(pk=question.pk).answer_count == 0
    anonymous = as_user(None)
    assert answer.body not in anonymous.get(question.get_absolute_url()).content.decode()
    assert anonymous.get(f"/api/v1/answers/{answer.pk}").status_code == 404
    thread = anonymous.get(f"/api/v1/questions/{question.pk}").json()
    assert thread["answers"] == []
    # Its author still sees it, marked hidden.
    own = as_user(other_customer).get(f"/api/v1/answers/{answer.pk}").json()
    assert own["visibility"] == "hidden"
    assert (
        "Hidden after flags"
        in as_user(other_customer).get(question.get_absolute_url()).content.decode()
    )


def test_search_leaves_out_hidden_and_pending_posts(
    question: Question,  # asked before pre-moderation is switched on: published
    answer: Answer,
    pending_question: Question,
    moderator: User,
    other_customer: User,
    search_index: SearchIndex,
    django_capture_on_commit_callbacks: Any,
) -> None:
    search_index.rebuild()
    anonymous = AnonymousUser()
    assert not [h for h in search(anonymous, "zebra satellite mesh").hits if h.kind == "question"]
    assert [h.object_id for h in search(moderator, "zebra satellite mesh").hits][:1] == [
        pending_question.pk
    ]
    before = [h.object_id for h in search(anonymous, "5 GHz band dropping").hits]
    assert question.pk in before
    # Hidden without the indexing consumer: the re-check against the database (visible_ids)
    # keeps it out all the same.
    do_set_post_visibility(
        moderator=moderator, kind="question", object_id=question.pk, visibility="hidden"
    )
    for user in (anonymous, other_customer):
        found = search(user, "5 GHz band dropping").hits
        assert question.pk not in [h.object_id for h in found if h.kind == "question"]
        assert answer.pk not in [h.object_id for h in found if h.kind == "answer"]
    # And once the consumer has run, the index itself says moderators only.
    with django_capture_on_commit_callbacks(execute=True):
        do_set_post_visibility(
            moderator=moderator, kind="question", object_id=question.pk, visibility="visible"
        )
        do_set_post_visibility(
            moderator=moderator, kind="question", object_id=question.pk, visibility="hidden"
        )
    from crowdservice.search.models import Audience, SearchDocument

    row = SearchDocument.objects.get(kind="question", object_id=question.pk)
    assert row.audience == Audience.MODERATORS


def test_approval_publishes_notifies_the_author_and_then_the_followers(
    premoderation: Any,
    newcomer: User,
    moderator: User,
    agent: User,
    customer: User,
    make_question: MakeQuestion,
    as_user: Callable[[User | None], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from crowdservice.community.actions import do_post_answer
    from crowdservice.moderation.actions import do_resolve
    from crowdservice.notifications.models import Notification

    agent_question = make_question(agent)  # staff are never held
    with django_capture_on_commit_callbacks(execute=True):
        held = do_post_answer(
            author=newcomer, question=agent_question, body="Reset it with the pin on the back."
        )
    assert held.visibility == "pending"
    assert not Notification.objects.filter(recipient=agent).exists()  # nobody hears yet
    profile = as_user(customer).get(f"/users/{newcomer.username}/").content.decode()
    assert "Reset it with the pin" not in profile
    item = ReviewItem.objects.get(kind="answer", object_id=held.pk)
    with django_capture_on_commit_callbacks(execute=True):
        do_resolve(moderator=moderator, item=item, decision="approve")
    assert Answer.objects.get(pk=held.pk).visibility == "visible"
    note = Notification.objects.get(recipient=newcomer, kind="moderation")
    assert "is published" in note.title
    # The asker (a follower of their own question) hears of the answer only now.
    heard = Notification.objects.get(recipient=agent, kind="answer_to_my_question")
    assert "Nina Newcomer answered" in heard.title
