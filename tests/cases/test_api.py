"""API v1 of cases: the whole life of a case, SLA state, CSAT, queues and escalation."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crowdservice.accounts.models import User
from crowdservice.cases.models import Case, Queue, SlaPolicy
from crowdservice.community.models import Question
from crowdservice.core.models import Event
from tests.api.helpers import ApiClient, assert_error

pytestmark = pytest.mark.django_db


def test_a_case_through_the_api(
    api: Callable[..., ApiClient], customer: User, agent: User, space: object, queue: Queue
) -> None:
    SlaPolicy.objects.create(priority="high", first_response_minutes=60, resolution_minutes=480)
    me = api(customer, token=True)
    created = me.post(
        "/cases",
        {"subject": "Mesh node offline", "description": "Node 2 is **red**.", "space": "wifi",
         "priority": "high", "tags": ["mesh"]},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["channel"] == "api"
    assert case["space"] == "wifi"
    assert "<strong>red</strong>" in case["description_html"]
    staff = api(agent)
    seen = staff.get(f"/cases/{case['id']}").json()
    assert seen["sla"]["state"] == "ok"
    assert seen["sla"]["first_response_due"] is not None
    assert seen["queue"] == "general"
    assert seen["tags"] == ["mesh"]
    assert staff.post(f"/cases/{case['id']}/notes", {"body": "Known issue."}).status_code == 201
    reply = staff.post(
        f"/cases/{case['id']}/messages", {"body": "Reboot node 2.", "status": "solved"}
    )
    assert reply.status_code == 201
    patched = staff.patch(
        f"/cases/{case['id']}", {"assignee": agent.username, "priority": "urgent"}
    )
    assert patched.json()["assignee"]["username"] == agent.username
    assert_error(staff.patch(f"/cases/{case['id']}", {"assignee": customer.username}), 422)
    rated = me.post(f"/cases/{case['id']}/csat", {"score": 5, "comment": "Fast"})
    assert rated.status_code == 200
    assert rated.json()["csat_score"] == 5
    assert_error(me.post(f"/cases/{case['id']}/csat", {"score": 4}), 409)
    assert [m["kind"] for m in me.get(f"/cases/{case['id']}/messages").json()] == [
        "public",
        "public",
    ]
    verbs = set(Event.objects.filter(object_type="cases.case").values_list("verb", flat=True))
    assert {"case.created", "case.first_response", "case.solved", "case.csat_rated"} <= verbs
    queues = staff.get("/queues").json()
    assert queues == [{"slug": "general", "name": "General", "round_robin": False, "open_cases": 0}]


def test_bad_input_is_a_clear_4xx(api: Callable[..., ApiClient], customer: User) -> None:
    me = api(customer)
    assert_error(me.post("/cases", {"subject": "Hi", "description": "x"}), 422)
    assert_error(
        me.post("/cases", {"subject": "Hello there", "description": "x", "space": "nope"}), 422
    )
    assert_error(me.post("/cases", {"subject": "Hello\x00there", "description": "x"}), 422)
    assert_error(me.get("/cases/999999"), 404)
    assert_error(me.get("/cases", {"view": "everything"}), 422)


def test_escalating_through_the_api_is_idempotent(
    api: Callable[..., ApiClient], question: Question, customer: User
) -> None:
    me = api(customer)
    first = me.post(f"/questions/{question.pk}/escalate")
    again = me.post(f"/questions/{question.pk}/escalate")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Case.objects.count() == 1
    assert first.json()["linked_questions"] == [question.pk]


def test_agent_queue_views_in_the_api(
    api: Callable[..., ApiClient], customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    a, b = make_case(customer), make_case(customer)
    staff = api(agent)
    staff.patch(f"/cases/{a.pk}", {"assignee": agent.username})
    mine = staff.get("/cases", {"view": "mine"}).json()
    assert [c["id"] for c in mine["items"]] == [a.pk]
    unassigned = staff.get("/cases", {"view": "unassigned"}).json()
    assert [c["id"] for c in unassigned["items"]] == [b.pk]
    merged = staff.post(f"/cases/{b.pk}/merge", {"target": a.pk})
    assert merged.json()["id"] == a.pk
    assert staff.get(f"/cases/{b.pk}").json()["merged_into"] == a.pk


def test_case_lists_and_conversations_cost_a_fixed_number_of_queries(
    api: Callable[..., ApiClient], customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from crowdservice.cases import actions

    staff = api(agent, token=True)
    first = make_case(customer)

    def cost(path: str) -> int:
        staff.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(path).status_code == 200
        return len(queries)

    small = (cost("/cases"), cost(f"/cases/{first.pk}/messages"))
    for n in range(6):
        make_case(customer, subject=f"Another case number {n}")
        actions.do_reply(actor=agent, case=first, body=f"Reply {n}")
    assert (cost("/cases"), cost(f"/cases/{first.pk}/messages")) == small
