"""The case pages for agents and customers: filing with suggestions, the workspace, queues,
bulk actions, macros, the case page's parts, and their query budgets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.cases import actions
from crowdservice.cases.models import Case, Macro, Queue, SlaState, Status
from crowdservice.community.models import Question, Space
from crowdservice.deflection.models import DeflectionSession, Outcome, Surface

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_filing_a_case_from_the_form_records_the_deflection_session(
    customer: User, space: Space
) -> None:
    client = signed_in(customer)
    form = client.get("/cases/new/")
    assert form.status_code == 200
    body = form.content.decode()
    assert 'hx-vals=\'{"surface": "case"}\'' in body
    assert 'name="title"' in body
    session = DeflectionSession.objects.get(user=customer)
    assert session.surface == Surface.CASE
    refused = client.post("/cases/new/", {"title": "Hi", "description": ""})
    assert refused.status_code == 422
    assert "at least 5 characters" in refused.content.decode()
    response = client.post(
        "/cases/new/",
        {
            "title": "Guest network does not work",
            "description": "Guests cannot connect.",
            "space": space.pk,
            "priority": "high",
            "deflection_session": session.token,
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert (case.space, case.priority, case.requester) == (space, "high", customer)
    session.refresh_from_db()
    assert session.outcome == Outcome.FILED


def test_agent_sees_everything_on_the_case_page(
    case: Case, agent: User, customer: User, make_question: Callable[..., Question]
) -> None:
    make_question(customer, title="My other public question about the mesh")
    actions.do_reply(actor=agent, case=case, body="Private thoughts", internal=True)
    page = signed_in(agent).get(f"/cases/{case.pk}/").content.decode()
    assert "Private thoughts" in page
    assert "Internal note" in page
    assert "My other public question about the mesh" in page
    assert "Publish the answer to the community" in page
    assert f'hx-get="/cases/{case.pk}/suggestions/"' in page


def test_agent_replies_with_a_macro_through_htmx(case: Case, agent: User) -> None:
    macro = Macro.objects.create(
        name="Firmware", body="Hi {{ requester.name }}, update the firmware.", set_status="pending"
    )
    client = signed_in(agent)
    fragment = client.get(
        f"/cases/{case.pk}/macro/?macro={macro.pk}", headers={"HX-Request": "true"}
    )
    text = fragment.content.decode()
    assert "Hi Carol Customer, update the firmware." in text
    assert '<option value="pending" selected>' in text
    assert client.get(f"/cases/{case.pk}/macro/?macro=999").status_code == 404
    response = client.post(
        f"/cases/{case.pk}/reply/",
        {"body": "Hi Carol Customer, update the firmware.", "status": "pending"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == Status.PENDING
    assert case.first_response_at is not None
    empty = client.post(f"/cases/{case.pk}/reply/", {"body": " "}, headers={"HX-Request": "true"})
    assert empty.status_code == 422
    assert "Write a message first." in empty.content.decode()


def test_queue_views_filters_and_bulk_actions(
    agent: User, customer: User, make_case: Callable[..., Case], queue: Queue
) -> None:
    mine = make_case(customer, subject="Assigned to the agent")
    actions.do_update_case(actor=agent, case=mine, assignee_id=agent.pk)
    loose = make_case(customer, subject="Nobody has this one", priority="urgent")
    late = make_case(customer, subject="This one is late")
    Case.objects.filter(pk=late.pk).update(sla_state=SlaState.BREACHED)
    client = signed_in(agent)

    def listed(query: str) -> str:
        return client.get(f"/agent/cases/?{query}").content.decode()

    assert "Assigned to the agent" in listed("view=mine")
    assert "Nobody has this one" not in listed("view=mine")
    assert "Assigned to the agent" not in listed("view=unassigned")
    assert "This one is late" in listed("view=breaching")
    assert "Nobody has this one" not in listed("view=breaching")
    assert "Nobody has this one" in listed("view=open&priority=urgent")
    assert "This one is late" not in listed("view=open&priority=urgent")
    assert "Nobody has this one" in listed(f"q=%23{loose.pk}")
    partial = client.get("/agent/cases/?view=open&sort=priority", headers={"HX-Request": "true"})
    rows = partial.content.decode()
    assert "<html" not in rows
    assert rows.index("Nobody has this one") < rows.index("This one is late")
    response = client.post(
        "/agent/cases/bulk/", {"cases": [loose.pk, late.pk], "assignee": "me", "status": "on_hold"}
    )
    assert response.status_code == 302
    assert set(Case.objects.filter(assignee=agent).values_list("pk", flat=True)) == {
        mine.pk, loose.pk, late.pk,
    }  # fmt: skip
    assert Case.objects.get(pk=late.pk).status == Status.ON_HOLD


def test_customer_closes_and_rates(case: Case, customer: User, agent: User) -> None:
    client = signed_in(customer)
    assert client.post(f"/cases/{case.pk}/close/").status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "How did we do?" in page
    assert "This case is closed" in page
    assert client.post(f"/cases/{case.pk}/rate/", {"score": "9"}).status_code == 422
    assert (
        client.post(f"/cases/{case.pk}/rate/", {"score": "5", "comment": "Great"}).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.csat_score == 5
    assert "You rated our help" in client.get(f"/cases/{case.pk}/").content.decode()


def count_queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_queue_and_case_pages_use_a_fixed_number_of_queries(
    agent: User, customer: User, make_case: Callable[..., Case]
) -> None:
    from tests.conftest import make_user

    client = signed_in(agent)
    first = make_case(customer)
    small_queue = count_queries(client, "/agent/cases/")
    small_case = count_queries(client, f"/cases/{first.pk}/")
    for n in range(8):
        person = make_user(f"requester_{n}")
        other = make_case(person)
        actions.do_update_case(actor=agent, case=other, assignee_id=agent.pk)
        actions.do_reply(actor=agent, case=first, body=f"Reply {n}")
        actions.do_reply(actor=agent, case=first, body=f"Note {n}", internal=True)
    assert count_queries(client, "/agent/cases/") == small_queue
    assert count_queries(client, f"/cases/{first.pk}/") == small_case
    assert small_queue <= 9
    assert small_case <= 14
    customer_client = signed_in(customer)
    assert count_queries(customer_client, f"/cases/{first.pk}/") <= 12


def test_cases_are_in_the_search_index_for_agents_only(
    case: Case, customer: User, agent: User, moderator: User, search_index: object
) -> None:
    from crowdservice.search.index import indexing
    from crowdservice.search.service import search

    indexing.rebuild(["case"])
    found = search(agent, "router reboots every hour").hits
    assert [h.object_id for h in found if h.kind == "case"] == [case.pk]
    for person in (customer, moderator):
        assert [
            h for h in search(person, "router reboots every hour").hits if h.kind == "case"
        ] == []
