"""Nobody sees another person's notifications, tokens or email; every write needs the CSRF token."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crowdservice.accounts.actions import do_create_api_token
from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, Comment, Question, Space, Vote
from crowdservice.core.models import Event
from crowdservice.notifications.actions import do_notify
from crowdservice.notifications.models import Notification
from tests.web.helpers import Browser, text

pytestmark = pytest.mark.django_db


def notify(recipient: User, actor: User, title: str, url: str = "/questions/1/x/") -> None:
    event = Event.objects.create(actor=actor, verb="answer.created")
    do_notify(event=event, recipient_ids=[recipient.pk], title=title, url=url)


def test_people_see_only_their_own_notifications(
    browse: Callable[[User | None], Browser], customer: User, other_customer: User
) -> None:
    notify(customer, other_customer, "Oscar answered your router question")
    notify(other_customer, customer, "Carol commented on your mesh question")
    mine = text(browse(customer).get("/notifications/"))
    assert "Oscar answered your router question" in mine
    assert "Carol commented on your mesh question" not in mine
    assert f'href="/notifications/{Notification.objects.get(recipient=customer).pk}/"' in mine
    assert 'aria-label="Notifications, 1 unread"' in mine
    assert ">1</span>" in mine  # the bell's count


def test_mark_all_read_touches_only_my_notifications(
    browse: Callable[[User | None], Browser], customer: User, other_customer: User
) -> None:
    notify(customer, other_customer, "For Carol")
    notify(other_customer, customer, "For Oscar")
    response = browse(customer).post("/notifications/read/")
    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    assert Notification.objects.get(recipient=customer).read_at is not None
    assert Notification.objects.get(recipient=other_customer).read_at is None
    assert 'aria-label="Notifications"' in text(browse(customer).get("/"))


def test_opening_a_notification_marks_it_read_and_follows_it(
    browse: Callable[[User | None], Browser], customer: User, other_customer: User
) -> None:
    notify(customer, other_customer, "For Carol", url="/questions/7/router/#answer-3")
    notify(other_customer, customer, "For Oscar")
    mine = Notification.objects.get(recipient=customer)
    theirs = Notification.objects.get(recipient=other_customer)
    response = browse(customer).get(f"/notifications/{mine.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/questions/7/router/#answer-3")
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert browse(customer).get(f"/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert browse(None).get(f"/notifications/{mine.pk}/").status_code == 302  # to sign in


def test_notification_links_stay_on_this_site(
    browse: Callable[[User | None], Browser], customer: User, other_customer: User
) -> None:
    notify(customer, other_customer, "An odd one", url="https://evil.example/phish")
    body = text(browse(customer).get("/notifications/"))
    assert "An odd one" in body
    assert "evil.example" not in body
    odd = Notification.objects.get(recipient=customer)
    response = browse(customer).get(f"/notifications/{odd.pk}/")
    assert response["Location"] == "/notifications/"


def test_tokens_are_private(
    browse: Callable[[User | None], Browser], customer: User, other_customer: User
) -> None:
    theirs = do_create_api_token(user=other_customer, name="Oscar's script").token
    body = text(browse(customer).get("/settings/tokens/"))
    assert "Oscar&#x27;s script" not in body
    assert theirs.prefix not in body
    response = browse(customer).post(f"/settings/tokens/{theirs.pk}/revoke/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_email_addresses_are_shown_only_to_their_owner(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    moderator: User,
    answer: Answer,
) -> None:
    profile = f"/users/{customer.username}/"
    assert customer.email in text(browse(customer).get(profile))
    for who in (None, other_customer, moderator):
        assert customer.email not in text(browse(who).get(profile))
        assert customer.email not in text(browse(who).get(answer.question.get_absolute_url()))
        assert other_customer.email not in text(browse(who).get("/questions/"))


def test_a_profile_lists_the_persons_visible_questions(
    browse: Callable[[User | None], Browser],
    customer: User,
    moderator: User,
    make_question: Callable[..., Question],
) -> None:
    visible = make_question(customer, title="A visible question by Carol about mesh")
    hidden = make_question(customer, title="A deleted question by Carol about spam")
    browse(customer).post(f"/questions/{hidden.pk}/delete/")
    body = text(browse(None).get(f"/users/{customer.username}/"))
    assert visible.title in body
    assert hidden.title not in body
    assert hidden.title in text(browse(moderator).get(f"/users/{customer.username}/"))


def test_staff_get_a_role_badge_on_their_profile(
    browse: Callable[[User | None], Browser], agent: User, customer: User
) -> None:
    assert '<span class="badge badge-staff">Agent</span>' in text(
        browse(None).get(f"/users/{agent.username}/")
    )
    assert "badge-staff" not in text(browse(None).get(f"/users/{customer.username}/"))


@pytest.mark.parametrize("htmx", [False, True])
def test_writes_without_the_csrf_token_are_refused(
    htmx: bool,
    browse: Callable[[User | None], Browser],
    other_customer: User,
    answer: Answer,
    space: Space,
) -> None:
    browser = browse(other_customer)
    question = answer.question
    posts: list[tuple[str, dict[str, str]]] = [
        (f"/questions/{question.pk}/vote/", {"value": "1"}),
        (f"/questions/{question.pk}/comment/", {"body": "A comment without a token."}),
        (f"/questions/{question.pk}/answer/", {"body": "An answer without any CSRF token."}),
        (f"/questions/{question.pk}/follow/", {"follow": "0"}),
        ("/questions/ask/", {"space": str(space.pk), "title": "A" * 20, "body": "B" * 30}),
        ("/settings/profile/", {"display_name": "Hacked", "bio": ""}),
        ("/settings/tokens/", {"name": "sneaky"}),
        ("/notifications/read/", {}),
    ]
    for url, data in posts:
        assert browser.post(url, data, htmx=htmx, csrf=False).status_code == 403, url
    assert not Vote.objects.exists()
    assert not Comment.objects.exists()
    assert Answer.objects.count() == 1
    assert Question.objects.count() == 1
    other_customer.refresh_from_db()
    assert other_customer.display_name != "Hacked"
    assert not other_customer.api_tokens.exists()
    # The same request with the token goes through.
    assert browser.post(posts[0][0], posts[0][1], htmx=htmx).status_code in (200, 302)


def test_a_csrf_failure_gets_a_friendly_page(
    browse: Callable[[User | None], Browser], customer: User, question: Question
) -> None:
    response = browse(customer).post(f"/questions/{question.pk}/follow/", csrf=False)
    assert response.status_code == 403
    assert "Please try again" in text(response)
    assert "Skip to main content" in text(response)
