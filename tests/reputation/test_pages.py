"""Reputation pages and API: what each visitor sees, bad input, privacy and query budgets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_accept_answer, do_delete_question, do_vote
from crowdservice.community.models import Answer, Question, Space
from crowdservice.reputation.actions import do_grant_champion
from crowdservice.reputation.models import Champion, ReputationEntry
from tests.api.helpers import session_client
from tests.conftest import make_user
from tests.reputation.conftest import Committed, total

pytestmark = pytest.mark.django_db


def browser(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def earned(
    committed: Committed, customer: User, other_customer: User, question: Question, answer: Answer
) -> Answer:
    """The other customer earned 10 (an upvote) + 15 (accepted); the customer 2 (accepting)."""
    with committed():
        do_vote(user=make_user("vera_voter"), target=answer, value=1)
        do_accept_answer(actor=customer, answer=answer)
    return answer


def test_the_profile_shows_reputation_badges_and_top_tags(
    earned: Answer, other_customer: User
) -> None:
    page = browser().get(reverse("accounts:profile", args=[other_customer.username])).content
    text = page.decode()
    assert "<strong>25</strong>" in text
    assert "Solver" in text  # a first accepted answer (the answer itself predates `committed`)
    assert ">wifi</a>" in text
    assert ">5ghz</a>" in text


def test_the_history_page_lists_changes_and_hides_deleted_posts(
    committed: Committed, earned: Answer, other_customer: User, moderator: User
) -> None:
    url = reverse("reputation:user", args=[other_customer.username])
    text = browser().get(url).content.decode()
    assert "Answer accepted" in text
    assert "Answer upvoted" in text
    assert earned.question.title in text
    with committed():
        do_delete_question(actor=moderator, question=earned.question)
    text = browser(make_user("curious_carl")).get(url).content.decode()
    assert earned.question.title not in text
    assert "a deleted post" in text
    assert "Post deleted" in text
    api = session_client(None).get(f"/users/{other_customer.username}/reputation/history")
    assert api.status_code == 200
    items = api.json()["items"]
    assert all(item["question_title"] is None for item in items)
    assert items[0]["reason"] == "post_deleted"


def test_leaderboards_by_period_and_space(
    earned: Answer, other_customer: User, customer: User, space: Space
) -> None:
    ReputationEntry.objects.filter(user=customer).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    week = browser().get(reverse("reputation:leaderboard")).content.decode()
    assert "Oscar Other" in week
    assert "Carol Customer" not in week
    month = browser().get(reverse("reputation:leaderboard") + "?period=month").content.decode()
    assert "Carol Customer" in month
    other = Space.objects.create(slug="mesh", name="Mesh", description="Mesh")
    empty = browser().get(reverse("reputation:leaderboard") + "?space=mesh&period=all")
    assert "Nobody has earned reputation here" in empty.content.decode()
    assert other.pk
    api = session_client(None)
    body = api.get("/leaderboard", {"period": "all", "space": space.slug}).json()
    assert [(i["user"]["username"], i["points"]) for i in body["items"]] == [
        (other_customer.username, 25), (customer.username, 2),
    ]  # fmt: skip
    assert api.get("/leaderboard", {"period": "year"}).status_code == 422
    assert api.get("/leaderboard", {"space": "nowhere"}).status_code == 404
    assert browser().get(reverse("reputation:leaderboard") + "?space=nowhere").status_code == 404


def test_badges_and_privileges_pages(earned: Answer, customer: User) -> None:
    text = browser().get(reverse("reputation:badges")).content.decode()
    assert "Guru" in text
    assert "Popular question" in text
    assert browser().get(reverse("reputation:badge", args=["first-answer"])).status_code == 200
    assert browser().get(reverse("reputation:badge", args=["nope"])).status_code == 404
    ladder = browser(customer).get(reverse("reputation:privileges")).content.decode()
    assert "You have 2 reputation" in ladder
    assert session_client(None).get("/privileges").json()["reputation"] == 0


def test_admins_adjust_reputation_on_the_page_and_others_cannot(
    admin_user: User, moderator: User, customer: User
) -> None:
    url = reverse("reputation:adjust", args=[customer.username])
    refused = browser(moderator).post(url, {"points": 50, "note": "Wrote a guide"})
    assert refused.status_code == 403
    bad = browser(admin_user).post(url, {"points": 0, "note": "Wrote a guide"})
    assert bad.status_code == 422
    assert "not 0" in bad.content.decode()
    ok = browser(admin_user).post(url, {"points": 50, "note": "Wrote the mesh guide"})
    assert ok.status_code == 302
    assert total(customer) == 50
    history = browser().get(reverse("reputation:user", args=[customer.username])).content
    assert "Wrote the mesh guide" in history.decode()
    assert "Adjust reputation" not in history.decode()  # the form is for admins only


def test_champions_are_granted_per_space_by_admins(
    admin_user: User, customer: User, agent: User, space: Space
) -> None:
    url = reverse("reputation:champion", args=[customer.username])
    assert browser(agent).post(url, {"space": space.pk}).status_code == 403
    assert browser(admin_user).post(url, {"space": 999999}).status_code == 422
    assert browser(admin_user).post(url, {"space": space.pk}).status_code == 302
    assert Champion.objects.filter(user=customer, space_id=space.pk).exists()
    profile = browser().get(reverse("accounts:profile", args=[customer.username])).content
    assert "Community champion" in profile.decode()
    with pytest.raises(Exception, match="already a champion"):
        do_grant_champion(actor=admin_user, user=customer, space_id=space.pk)
    api = session_client(admin_user)
    gone = api.send("DELETE", f"/users/{customer.username}/champion/{space.slug}", None)
    assert gone.status_code == 200
    assert gone.json()["champion_of"] == []


# Measured; they include the session, the user and the base layout's own queries. The history
# page: the person, their summary (total, badges, top tags and their questions, spaces,
# champions), a page of entries and their questions.
BUDGETS = {
    "leaderboard": 6, "profile": 13, "history": 16, "badges": 4, "api_history": 7,
    "api_leaderboard": 4,
}  # fmt: skip


def count_queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name", ["leaderboard", "profile", "history", "badges", "api_history", "api_leaderboard"]
)
def test_pages_keep_their_query_budget(
    url_name: str, committed: Committed, customer: User, make_question: Callable[..., Question],
) -> None:  # fmt: skip
    viewer = browser(make_user("viewer_val"))
    urls = {
        "leaderboard": reverse("reputation:leaderboard") + "?period=all&space=wifi",
        "profile": reverse("accounts:profile", args=[customer.username]),
        "history": reverse("reputation:user", args=[customer.username]),
        "badges": reverse("reputation:badges"),
        "api_history": f"/api/v1/users/{customer.username}/reputation/history",
        "api_leaderboard": "/api/v1/leaderboard?period=week",
    }

    def grow(n: int) -> None:
        with committed():
            for i in range(n):
                fan = make_user(f"fan_{url_name}_{n}_{i}")
                do_vote(user=fan, target=make_question(customer), value=1)
                do_vote(user=customer, target=make_question(fan), value=1)

    grow(2)
    small = count_queries(viewer, urls[url_name])
    grow(6)
    large = count_queries(viewer, urls[url_name])
    assert small == large
    assert large <= BUDGETS[url_name]
