"""Bad input around reputation: edits that blank a post, nonsense in the API and the pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_edit_answer, do_edit_question
from crowdservice.community.models import Answer, Question
from crowdservice.core.errors import ValidationFailed
from tests.api.helpers import session_client

pytestmark = pytest.mark.django_db

BLANKS = [
    "                         ",
    "------------------------------",  # a horizontal rule
    "* * * * * * * * * * * * * *\n\n######",  # a rule and an empty heading
    ">\n>\n>\n>\n>\n>\n>\n>\n>\n>\n>",  # an empty quote
    "&nbsp;" * 10,
    "\u200b" * 30,  # zero-width spaces
]


@pytest.mark.parametrize("body", BLANKS)
def test_edits_that_remove_all_content_are_refused(
    body: str, other_customer: User, moderator: User, question: Question, answer: Answer
) -> None:
    before = answer.body
    for actor in (other_customer, moderator):
        with pytest.raises(ValidationFailed) as info:
            do_edit_answer(actor=actor, answer=answer, body=body)
        assert info.value.errors["body"]
    with pytest.raises(ValidationFailed):
        do_edit_question(actor=moderator, question=question, body=body)
    answer.refresh_from_db()
    assert answer.body == before
    assert answer.revisions.count() == 1


def test_the_api_and_the_page_say_why(
    other_customer: User, question: Question, answer: Answer
) -> None:
    api = session_client(other_customer)
    response = api.send("PATCH", f"/answers/{answer.pk}", {"body": BLANKS[1]})
    assert response.status_code == 422
    assert "no visible text" in response.json()["fields"]["body"][0]
    browser = Client()
    browser.force_login(other_customer)
    page = browser.post(
        reverse("community:edit_answer", args=[answer.pk]), {"body": BLANKS[2], "summary": ""}
    )
    assert page.status_code == 422
    assert "no visible text" in page.content.decode()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/users/nobody_here/reputation", 404),
        ("/users/nobody_here/reputation/history", 404),
        ("/users/carol_customer/reputation/history?page=0", 422),
        ("/users/carol_customer/reputation/history?page_size=1000", 422),
        ("/leaderboard?period=forever", 422),
        ("/leaderboard?space=no%00pe", 422),
    ],
)
def test_bad_reads_are_clear_4xx(customer: User, path: str, status: int) -> None:
    response = session_client(None).get(path)
    assert response.status_code == status
    assert response.json()["detail"]


def test_bad_admin_input_is_422(admin_user: User, customer: User) -> None:
    api = session_client(admin_user)
    url = f"/users/{customer.username}/reputation/adjustments"
    assert api.send("POST", url, {"points": 99_999, "note": "Too much"}).status_code == 422
    assert api.send("POST", url, {"points": 5, "note": "x"}).status_code == 422
    assert api.send("POST", url, {"points": 5, "note": "Bad\x00note"}).status_code == 422
    bad_badge = api.send(
        "POST", f"/users/{customer.username}/badges", {"badge": "nope", "note": "Because"}
    )
    assert bad_badge.status_code == 422
    champion = api.send("POST", f"/users/{customer.username}/champion", {"space": "nowhere"})
    assert champion.status_code == 422
    assert (
        session_client(admin_user)
        .send("POST", "/reputation/findings/999999/confirm", None)
        .status_code
        == 404
    )
