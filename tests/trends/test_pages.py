"""The trending page and the alerts API: staff only, case examples for agents only, bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from crowdservice.accounts.models import User
from crowdservice.community.models import Space
from crowdservice.core.models import Event
from crowdservice.trends.models import AlertStatus, TrendAlert
from tests.trends.conftest import make_alert

CASE_EXAMPLE = "Case: error Q-77 on login again"
PUBLIC_EXAMPLE = "Error Q-77 on login"
AsUser = Callable[[User | None], Client]


@pytest.fixture
def alert(db: None) -> TrendAlert:
    return make_alert()


def test_anonymous_visitors_are_sent_to_sign_in(as_user: AsUser, alert: TrendAlert) -> None:
    response = as_user(None).get("/trending/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_customers_may_not_see_hot_topics(
    as_user: AsUser, customer: User, alert: TrendAlert
) -> None:
    response = as_user(customer).get("/trending/")
    assert response.status_code == 403
    assert b"for the support team" in response.content
    assert PUBLIC_EXAMPLE.encode() not in response.content
    assert CASE_EXAMPLE.encode() not in response.content
    assert b"Hot topics</a>" not in as_user(customer).get("/questions/").content


def test_agents_see_alerts_with_case_examples(
    as_user: AsUser, agent: User, alert: TrendAlert
) -> None:
    response = as_user(agent).get("/trending/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="alert-{alert.pk}"' in html
    assert PUBLIC_EXAMPLE in html
    assert CASE_EXAMPLE in html
    assert "Rising now" in html
    assert "<polyline" in html  # the sparkline


@pytest.mark.parametrize("role", ["moderator", "editor"])
def test_other_staff_see_alerts_but_never_case_examples(
    as_user: AsUser, alert: TrendAlert, role: str, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(role)
    html = as_user(person).get("/trending/").content.decode()
    assert f'id="alert-{alert.pk}"' in html
    assert PUBLIC_EXAMPLE in html
    assert CASE_EXAMPLE not in html
    data = as_user(person).get("/api/v1/trends/alerts").json()
    assert data["count"] == 1
    assert {e["audience"] for e in data["items"][0]["examples"]} == {"public"}


def test_the_api_gives_agents_the_case_examples(
    as_user: AsUser, admin_user: User, alert: TrendAlert
) -> None:
    data = as_user(admin_user).get("/api/v1/trends/alerts").json()
    item = data["items"][0]
    assert item["id"] == alert.pk
    assert item["observed"] >= 5
    assert item["q_value"] <= 0.01
    assert CASE_EXAMPLE in {e["title"] for e in item["examples"]}


@pytest.mark.parametrize("role", ["customer", None])
def test_customers_and_anonymous_get_no_alerts_from_the_api(
    as_user: AsUser, alert: TrendAlert, role: str | None, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(role) if role else None
    response = as_user(person).get("/api/v1/trends/alerts")
    assert response.status_code == (403 if person else 401)
    assert CASE_EXAMPLE.encode() not in response.content
    response = as_user(person).post(f"/api/v1/trends/alerts/{alert.pk}/acknowledge")
    assert response.status_code in (401, 403)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_acknowledge_and_resolve_with_htmx(as_user: AsUser, agent: User, alert: TrendAlert) -> None:
    client = as_user(agent)
    client.get("/trending/")
    token = client.cookies["csrftoken"].value
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    response = client.post(f"/trending/alerts/{alert.pk}/acknowledge/", headers=headers)
    assert response.status_code == 200
    assert b"Acknowledged" in response.content
    assert b"Taken by" in response.content
    response = client.post(f"/trending/alerts/{alert.pk}/resolve/", headers=headers)
    assert b"Resolved by" in response.content
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED
    assert f'id="alert-{alert.pk}"' not in client.get("/trending/").content.decode()
    response = client.post(f"/trending/alerts/{alert.pk}/acknowledge/", headers=headers)
    assert response.status_code == 409
    assert b"already resolved" in response.content


def test_without_javascript_the_forms_come_back_to_the_page(
    as_user: AsUser, agent: User, alert: TrendAlert
) -> None:
    client = as_user(agent)
    client.get("/trending/")
    response = client.post(
        f"/trending/alerts/{alert.pk}/acknowledge/",
        {"csrfmiddlewaretoken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/trending/#alert-{alert.pk}"


def test_csrf_is_enforced(as_user: AsUser, agent: User, alert: TrendAlert) -> None:
    assert as_user(agent).post(f"/trending/alerts/{alert.pk}/resolve/").status_code == 403
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_an_unknown_alert_is_not_found(as_user: AsUser, agent: User, db: None) -> None:
    client = as_user(agent)
    client.get("/trending/")
    response = client.post(
        "/trending/alerts/999999/resolve/",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 404
    assert b"no such hot-topic alert" in response.content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("at=2999-01-01T00:00Z", "in the future"),
        ("at=not-a-date", "Give a date and time"),
        ("at=2026-13-45", "Give a date and time"),
        ("at=0001-01-01T00:00Z", "after the year 2000"),
        ("at=" + "9" * 5000, "Give a date and time"),
        ("space=nowhere", "There is no space"),
        ("space=%00%27", "There is no space"),
    ],
)
def test_bad_filters_get_a_clear_message(
    as_user: AsUser, agent: User, query: str, message: str, db: None
) -> None:
    response = as_user(agent).get(f"/trending/?{query}")
    assert response.status_code == 422
    assert message in response.content.decode()


def test_a_space_with_no_data_says_so(as_user: AsUser, agent: User, space: Space) -> None:
    response = as_user(agent).get(f"/trending/?space={space.slug}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"There are no posts in {escape(space.name)}" in html
    assert "nothing to compare with yet" in html


def test_an_empty_range_long_ago_says_so(as_user: AsUser, agent: User, db: None) -> None:
    response = as_user(agent).get("/trending/?at=2001-01-01T00:00Z")
    assert response.status_code == 200
    assert "There are no posts anywhere" in response.content.decode()


def test_the_api_refuses_an_unknown_status(as_user: AsUser, agent: User, db: None) -> None:
    response = as_user(agent).get("/api/v1/trends/alerts?status=burning")
    assert response.status_code == 422
    assert "Choose one of" in response.json()["fields"]["status"][0]


def test_the_api_acknowledges(
    as_user: AsUser, agent: User, alert: TrendAlert, token_for: Any
) -> None:
    client = Client()
    response = client.post(
        f"/api/v1/trends/alerts/{alert.pk}/acknowledge", headers=token_for(agent)
    )
    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"
    response = client.get("/api/v1/trends/alerts?status=resolved", headers=token_for(agent))
    assert response.json()["count"] == 0


def test_the_api_resolves(agent: User, moderator: User, alert: TrendAlert, token_for: Any) -> None:
    client = Client()
    url = f"/api/v1/trends/alerts/{alert.pk}/resolve"
    assert client.post(
        f"/api/v1/trends/alerts/{alert.pk}/acknowledge", headers=token_for(agent)
    ).json()["status"] == "acknowledged"  # fmt: skip
    response = client.post(url, headers=token_for(moderator))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "resolved"
    assert response.json()["resolved_at"] is not None
    alert.refresh_from_db()
    assert (alert.status, alert.resolved_by) == (AlertStatus.RESOLVED, moderator)
    event = Event.objects.get(verb="trend.alert_resolved")
    assert (event.actor, event.object_id) == (moderator, alert.pk)
    listed = client.get("/api/v1/trends/alerts?status=resolved", headers=token_for(agent)).json()
    assert [a["id"] for a in listed["items"]] == [alert.pk]

    again = client.post(url, headers=token_for(agent))
    assert again.status_code == 409
    assert again.json()["detail"] == "This alert is already resolved."
    assert Event.objects.filter(verb="trend.alert_resolved").count() == 1
    missing = client.post("/api/v1/trends/alerts/999999/resolve", headers=token_for(agent))
    assert missing.status_code == 404
    assert missing.json()["detail"] == "There is no such hot-topic alert."


def test_resolving_twice_on_the_page_says_so(
    as_user: AsUser, agent: User, alert: TrendAlert
) -> None:
    client = as_user(agent)
    client.get("/trending/")
    headers = {"HX-Request": "true", "X-CSRFToken": client.cookies["csrftoken"].value}
    assert client.post(f"/trending/alerts/{alert.pk}/resolve/", headers=headers).status_code == 200
    response = client.post(f"/trending/alerts/{alert.pk}/resolve/", headers=headers)
    assert response.status_code == 409
    assert b"already resolved" in response.content


def test_the_page_has_a_query_budget(
    as_user: AsUser, agent: User, alert: TrendAlert, django_assert_max_num_queries: Any
) -> None:
    for i in range(3):  # more alerts and rising terms must not mean more queries
        make_alert_again = TrendAlert.objects.get(pk=alert.pk)
        make_alert_again.pk = None
        make_alert_again.label = f"copy {i}"
        make_alert_again.save()
    client = as_user(agent)
    client.get("/trending/")
    with django_assert_max_num_queries(14):
        response = client.get("/trending/")
    assert response.content.decode().count('class="card trend-alert') == 4


def test_the_alerts_api_has_a_query_budget(
    as_user: AsUser, agent: User, alert: TrendAlert, django_assert_max_num_queries: Any
) -> None:
    for i in range(5):
        copy = TrendAlert.objects.get(pk=alert.pk)
        copy.pk = None
        copy.label = f"copy {i}"
        copy.save()
    client = as_user(agent)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/trends/alerts")
    assert response.json()["count"] == 6
