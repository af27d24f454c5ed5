"""Notifications: created by a job after the write commits, private to their recipient."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crowdservice.accounts.models import User
from crowdservice.community.models import Question
from crowdservice.notifications.models import Notification
from tests.api.helpers import ApiClient, assert_error

Api = Callable[..., ApiClient]
ANSWER = {"body": "Switch the router to channel 36 and turn DFS off."}


def answer_via_api(
    api: Api, user: User, question: Question, capture: Any, body: dict[str, str] = ANSWER
) -> Any:
    with capture(execute=True) as callbacks:
        response = api(user).post(f"/questions/{question.pk}/answers", body)
    assert response.status_code == 201, response.content
    assert callbacks, "the notification job is queued on commit"
    return response


def test_notification_is_created_after_commit(
    api: Api,
    customer: User,
    other_customer: User,
    question: Question,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        api(other_customer).post(f"/questions/{question.pk}/answers", ANSWER)
    # Nothing yet: the job only runs once the transaction has committed.
    assert not Notification.objects.exists()
    assert len(callbacks) == 1

    callbacks[0]()

    notification = Notification.objects.get()
    assert (notification.recipient, notification.actor) == (customer, other_customer)
    assert notification.verb == "answer.created"


def test_list_my_notifications(
    api: Api,
    customer: User,
    other_customer: User,
    third: User,
    question: Question,
    django_capture_on_commit_callbacks: Any,
) -> None:
    answer = answer_via_api(api, other_customer, question, django_capture_on_commit_callbacks)
    answer_via_api(
        api,
        third,
        question,
        django_capture_on_commit_callbacks,
        {"body": "Also try moving it away from the microwave."},
    )

    body = api(customer).get("/notifications").json()

    assert (body["count"], body["unread_count"], body["pages"]) == (2, 2, 1)
    first, second = body["items"]
    assert first["title"] == f"tina_third answered “{question.title}”"
    assert first["actor"] == {
        "username": "tina_third",
        "display_name": "tina_third",
        "initials": "TT",
    }
    assert (first["verb"], first["is_read"], first["read_at"]) == ("answer.created", False, None)
    assert second["url"] == f"{question.get_absolute_url()}#answer-{answer.json()['id']}"
    # Others who follow the thread hear of the later answer; nobody hears of their own.
    other_items = api(other_customer).get("/notifications").json()["items"]
    assert [n["actor"]["username"] for n in other_items] == ["tina_third"]
    assert api(third).get("/notifications").json()["items"] == []


def test_mark_some_and_then_all_read(
    api: Api,
    customer: User,
    other_customer: User,
    third: User,
    question: Question,
    django_capture_on_commit_callbacks: Any,
) -> None:
    answer_via_api(api, other_customer, question, django_capture_on_commit_callbacks)
    answer_via_api(
        api,
        third,
        question,
        django_capture_on_commit_callbacks,
        {"body": "Also try moving it away from the microwave."},
    )
    newest, oldest = (n["id"] for n in api(customer).get("/notifications").json()["items"])
    client = api(customer)

    assert client.post("/notifications/read", {"ids": [oldest]}).json() == {"marked": 1}

    unread = client.get("/notifications", {"unread": "true"}).json()
    assert [n["id"] for n in unread["items"]] == [newest]
    assert unread["unread_count"] == 1
    assert Notification.objects.get(pk=oldest).read_at is not None
    assert client.post("/notifications/read", {"ids": [oldest]}).json() == {"marked": 0}

    assert client.post("/notifications/read", {}).json() == {"marked": 1}
    assert not Notification.objects.filter(recipient=customer, read_at__isnull=True).exists()
    # Other people's notifications are untouched.
    assert Notification.objects.filter(recipient=other_customer, read_at__isnull=True).count() == 1


def test_nobody_sees_or_marks_anothers_notifications(
    api: Api,
    customer: User,
    other_customer: User,
    moderator: User,
    question: Question,
    django_capture_on_commit_callbacks: Any,
) -> None:
    answer_via_api(api, other_customer, question, django_capture_on_commit_callbacks)
    mine = Notification.objects.get(recipient=customer)

    for intruder in (other_customer, moderator):
        listed = api(intruder).get("/notifications")
        assert mine.title.encode() not in listed.content
        marked = api(intruder).post("/notifications/read", {"ids": [mine.pk]})
        assert marked.json() == {"marked": 0}
        assert api(intruder).post("/notifications/read", {}).json() == {"marked": 0}
    mine.refresh_from_db()
    assert mine.read_at is None


def test_mark_read_rejects_bad_input(
    api: Api,
    customer: User,
    other_customer: User,
    question: Question,
    django_capture_on_commit_callbacks: Any,
) -> None:
    answer_via_api(api, other_customer, question, django_capture_on_commit_callbacks)
    client = api(customer)

    assert list(
        assert_error(client.post("/notifications/read", {"ids": "all"}), 422)["fields"]
    ) == ["ids"]
    assert_error(client.post("/notifications/read", {"ids": list(range(1, 502))}), 422)
    # A JSON value that is not an object must not be taken for "mark everything".
    for raw in ("null", "[1, 2]", '"all"', "7"):
        assert_error(client.post("/notifications/read", raw=raw), 400, "malformed_json")
    assert_error(client.post("/notifications/read", raw=""), 422, "validation_error")
    assert Notification.objects.get().read_at is None


def test_notifications_page_size_is_capped(api: Api, customer: User) -> None:
    body = assert_error(api(customer).get("/notifications", {"page_size": 1000}), 422)
    assert list(body["fields"]) == ["page_size"]
