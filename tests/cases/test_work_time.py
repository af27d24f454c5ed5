"""Agents' handle time: the case page's timer posts seconds with replies, property changes and a
leave beacon; the action bounds them; agents see the totals, customers never do."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.cases import actions
from crowdservice.cases.actions import check_work_seconds, do_record_work_time
from crowdservice.cases.models import (
    MAX_WORK_SECONDS,
    Case,
    CaseMessage,
    CaseWorkLog,
    Status,
    WorkSource,
)
from crowdservice.cases.queries import work_time
from crowdservice.core.errors import Forbidden, ValidationFailed
from crowdservice.core.models import Event
from tests.api.helpers import ApiClient, assert_error
from tests.cases.test_pages import count_queries, signed_in
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def logged(case: Case) -> list[tuple[int, str]]:
    return list(CaseWorkLog.objects.filter(case=case).values_list("seconds", "source"))


# The action: validation and caps


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [
        (0, 0),
        ("", 0),
        (None, 0),
        (" 90 ", 90),
        (90, 90),
        (90.0, 90),
        (MAX_WORK_SECONDS, MAX_WORK_SECONDS),
        (MAX_WORK_SECONDS + 1, MAX_WORK_SECONDS),  # capped, not refused
        ("9" * 40, MAX_WORK_SECONDS),
    ],
)
def test_work_seconds_are_whole_and_capped(raw: object, seconds: int) -> None:
    assert check_work_seconds(raw) == seconds


@pytest.mark.parametrize(
    "raw",
    [-1, "-5", "abc", "1.5", 1.5, "1e3", True, float("nan"), float("inf"), [], "\uff11\uff12"],
)
def test_negative_or_non_numeric_work_time_is_refused(raw: object) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_work_seconds(raw)
    assert refused.value.errors == {"work_seconds": [refused.value.message]}
    assert "whole number of seconds" in refused.value.message


def test_an_agent_records_work_time_with_an_event(case: Case, agent: User) -> None:
    log = do_record_work_time(actor=agent, case=case, seconds="125", source=WorkSource.PAGE)
    assert log is not None
    assert (log.case, log.agent, log.seconds, log.source) == (case, agent, 125, "page")
    event = Event.objects.get(verb="case.work_logged")
    assert (event.actor, event.object_id) == (agent, case.pk)
    assert event.payload == {"seconds": 125, "source": "page", "log_id": log.pk}
    # Capped at 4 hours: a tab left open overnight is not a night's work.
    capped = do_record_work_time(actor=agent, case=case, seconds=10 * 3600, source="page")
    assert capped is not None
    assert capped.seconds == MAX_WORK_SECONDS
    # Nothing to record: no row, no event.
    assert do_record_work_time(actor=agent, case=case, seconds=0, source="page") is None
    assert CaseWorkLog.objects.count() == 2
    assert Event.objects.filter(verb="case.work_logged").count() == 2


def test_only_agents_record_work_time_and_bad_input_writes_nothing(
    case: Case, agent: User, customer: User
) -> None:
    with pytest.raises(Forbidden):
        do_record_work_time(actor=customer, case=case, seconds=60, source="page")
    with pytest.raises(ValidationFailed):
        do_record_work_time(actor=agent, case=case, seconds=-60, source="page")
    with pytest.raises(ValidationFailed) as bad_source:
        do_record_work_time(actor=agent, case=case, seconds=60, source="telepathy")
    assert "source" in bad_source.value.errors
    assert not CaseWorkLog.objects.exists()
    assert not Event.objects.filter(verb="case.work_logged").exists()


# The case page's forms


def test_the_reply_form_records_the_work_time_with_the_reply(case: Case, agent: User) -> None:
    client = signed_in(agent)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    # The reply form and the properties form both carry the timer's hidden field.
    assert page.count('name="work_seconds"') == 2
    response = client.post(
        f"/cases/{case.pk}/reply/",
        {"body": "Restart the router, please.", "status": "pending", "work_seconds": "75"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert logged(case) == [(75, "reply")]
    # A refused reply (empty) records no time: it is validated before anything is written.
    refused = client.post(
        f"/cases/{case.pk}/reply/",
        {"body": " ", "work_seconds": "30"},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 422
    bad = client.post(
        f"/cases/{case.pk}/reply/",
        {"body": "Another reply", "work_seconds": "-30"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 422
    assert "whole number of seconds" in bad.content.decode()
    assert CaseMessage.objects.filter(case=case).count() == 2  # the description and one reply
    assert logged(case) == [(75, "reply")]


def test_the_reply_and_its_work_time_are_one_transaction(
    case: Case, agent: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("the work log table is unavailable")

    monkeypatch.setattr("crowdservice.cases.actions.cases.do_record_work_time", broken)
    with pytest.raises(RuntimeError):
        actions.do_reply(actor=agent, case=case, body="Lost with its time", work_seconds=40)
    assert not CaseMessage.objects.filter(body="Lost with its time").exists()
    assert not Event.objects.filter(verb="case.replied").exists()


def test_a_customers_reply_never_records_work_time(case: Case, customer: User) -> None:
    client = signed_in(customer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="work_seconds"' not in page
    response = client.post(f"/cases/{case.pk}/reply/", {"body": "Still broken", "work_seconds": 99})
    assert response.status_code == 302
    assert not CaseWorkLog.objects.exists()
    with pytest.raises(Forbidden):
        actions.do_reply(actor=customer, case=case, body="Hi", work_seconds=10)


def test_the_properties_form_records_the_work_time(case: Case, agent: User) -> None:
    client = signed_in(agent)
    response = client.post(
        f"/cases/{case.pk}/update/",
        {"status": "open", "priority": "high", "assignee": "", "work_seconds": "42"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.priority) == (Status.OPEN, "high")
    assert logged(case) == [(42, "properties")]
    bad = client.post(f"/cases/{case.pk}/update/", {"priority": "low", "work_seconds": "soon"})
    assert bad.status_code == 422
    case.refresh_from_db()
    assert case.priority == "high"


# The leave beacon


def beacon_client(user: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_from_page(client: Client, case: Case) -> str:
    page = client.get(f"/cases/{case.pk}/").content.decode()
    found = re.search(r'data-work-url="([^"]+)" data-csrf="([^"]+)"', page)
    assert found, "no work timer on the page"
    assert found.group(1) == f"/cases/{case.pk}/work-time/"
    return found.group(2)


def test_the_beacon_records_time_with_the_csrf_token_in_its_body(case: Case, agent: User) -> None:
    client = beacon_client(agent)
    url = f"/cases/{case.pk}/work-time/"
    assert client.post(url, {"seconds": "20"}).status_code == 403  # no token: refused
    assert not CaseWorkLog.objects.exists()
    token = csrf_from_page(client, case)
    # sendBeacon posts a FormData body: multipart, the token as a field.
    response = client.post(url, {"csrfmiddlewaretoken": token, "seconds": "20"})
    assert response.status_code == 204
    assert logged(case) == [(20, "page")]
    assert client.post(url, {"csrfmiddlewaretoken": token, "seconds": "0"}).status_code == 204
    for bad in ("-4", "ten", "1.5"):
        refused = client.post(url, {"csrfmiddlewaretoken": token, "seconds": bad})
        assert refused.status_code == 422
    assert client.get(url).status_code == 405
    assert logged(case) == [(20, "page")]


def test_the_beacon_refuses_customers_and_strangers(
    case: Case, customer: User, other_customer: User, make_case: Callable[..., Case]
) -> None:
    url = f"/cases/{case.pk}/work-time/"
    assert signed_in(customer).post(url, {"seconds": "20"}).status_code == 403  # their own case
    assert signed_in(other_customer).post(url, {"seconds": "20"}).status_code == 404
    anonymous = Client().post(url, {"seconds": "20"})
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert (
        signed_in(make_user("alex2", Role.AGENT))
        .post("/cases/999999/work-time/", {"seconds": "20"})
        .status_code
        == 404
    )
    assert not CaseWorkLog.objects.exists()


# Who sees it


def test_agents_see_the_time_worked_and_customers_never_do(
    case: Case, agent: User, customer: User
) -> None:
    second = make_user("bea_agent", Role.AGENT, display_name="Bea Agent")
    do_record_work_time(actor=agent, case=case, seconds=600, source="page")
    do_record_work_time(actor=agent, case=case, seconds=125, source="reply")
    do_record_work_time(actor=second, case=case, seconds=3 * 3600 + 300, source="page")
    assert work_time(case).seconds == 600 + 125 + 3 * 3600 + 300
    page = signed_in(agent).get(f"/cases/{case.pk}/").content.decode()
    assert "Time worked" in page
    assert "<strong data-work-total>3 h 17 min</strong>" in page
    assert "Bea Agent: 3 h 5 min" in page
    assert "Alex Agent: 12 min" in page
    # Work time is a total on the page, not a timeline entry per beacon.
    assert "recorded work time" not in page
    mine = signed_in(customer).get(f"/cases/{case.pk}/").content.decode()
    for hidden in ("Time worked", "data-work-timer", "work_seconds", "3 h 17 min", "cases.js"):
        assert hidden not in mine


def test_the_api_gives_agents_the_total_and_customers_nothing(
    api: Callable[..., ApiClient],
    case: Case,
    agent: User,
    customer: User,
    make_case: Callable[..., Case],
) -> None:
    other = make_case(customer)
    do_record_work_time(actor=agent, case=case, seconds=300, source="page")
    staff = api(agent)
    assert staff.get(f"/cases/{case.pk}").json()["work_seconds"] == 300
    listed = {c["id"]: c["work_seconds"] for c in staff.get("/cases").json()["items"]}
    assert listed == {case.pk: 300, other.pk: 0}
    me = api(customer)
    assert me.get(f"/cases/{case.pk}").json()["work_seconds"] is None
    assert all(c["work_seconds"] is None for c in me.get("/cases").json()["items"])
    raw = me.get(f"/cases/{case.pk}/messages").content.decode()
    assert "work" not in raw


def test_the_reply_endpoint_takes_work_seconds(
    api: Callable[..., ApiClient], case: Case, agent: User, customer: User
) -> None:
    staff = api(agent)
    sent = staff.post(f"/cases/{case.pk}/messages", {"body": "Try this.", "work_seconds": 240})
    assert sent.status_code == 201, sent.content
    assert (
        staff.post(f"/cases/{case.pk}/notes", {"body": "FYI", "work_seconds": 60}).status_code
        == 201
    )
    assert sorted(logged(case)) == [(60, "api"), (240, "api")]
    assert staff.get(f"/cases/{case.pk}").json()["work_seconds"] == 300
    for bad in (-1, "soon", 1.5):
        assert_error(
            staff.post(f"/cases/{case.pk}/messages", {"body": "x", "work_seconds": bad}), 422
        )
    me = api(customer)
    assert_error(me.post(f"/cases/{case.pk}/messages", {"body": "Hi", "work_seconds": 30}), 403)
    assert me.post(f"/cases/{case.pk}/messages", {"body": "Thanks"}).status_code == 201
    assert CaseMessage.objects.filter(case=case, body__in=["x", "Hi"]).count() == 0
    assert len(logged(case)) == 2


def test_the_case_page_query_count_does_not_grow_with_work_records(case: Case, agent: User) -> None:
    client = signed_in(agent)
    before = count_queries(client, f"/cases/{case.pk}/")
    for n in range(6):
        other = make_user(f"agent_{n}", Role.AGENT)
        do_record_work_time(actor=other, case=case, seconds=60 + n, source="page")
        do_record_work_time(actor=agent, case=case, seconds=30, source="reply")
    assert count_queries(client, f"/cases/{case.pk}/") == before <= 14
