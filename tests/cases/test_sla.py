"""SLA policies: business-hours arithmetic, and the periodic job's warnings, breaches and
escalation actions (each recorded once)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.cases import actions
from crowdservice.cases.jobs import check_slas
from crowdservice.cases.models import Case, Queue, SlaPolicy, SlaState
from crowdservice.cases.sla import add_business_minutes
from crowdservice.core.models import Event
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def test_business_minutes_skip_nights_and_weekends() -> None:
    policy = SlaPolicy(
        priority="normal", first_response_minutes=0, resolution_minutes=0,
        business_hours_only=True, business_start_hour=9, business_end_hour=17,
        business_days=[1, 2, 3, 4, 5],
    )  # fmt: skip
    friday_4pm = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    assert add_business_minutes(friday_4pm, 120, policy) == datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    saturday = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    assert add_business_minutes(saturday, 30, policy) == datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    policy.business_hours_only = False
    assert add_business_minutes(saturday, 30, policy) == saturday + timedelta(minutes=30)


def test_warnings_then_breaches_once_each(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    SlaPolicy.objects.create(
        priority="normal", first_response_minutes=60, resolution_minutes=600, warn_percent=50
    )
    case = make_case(customer)
    assert case.sla_state == SlaState.OK
    start = case.created_at
    assert actions.do_check_slas(now=start + timedelta(minutes=10)) == {"warning": 0, "breached": 0}
    assert actions.do_check_slas(now=start + timedelta(minutes=35))["warning"] == 1
    assert actions.do_check_slas(now=start + timedelta(minutes=40))["warning"] == 0
    assert actions.do_check_slas(now=start + timedelta(minutes=61))["breached"] == 1
    assert actions.do_check_slas(now=start + timedelta(minutes=90))["breached"] == 0
    case.refresh_from_db()
    assert case.sla_state == SlaState.BREACHED
    breach = Event.objects.get(verb="case.sla_breached")
    assert breach.payload["target"] == "first_response"
    assert Event.objects.filter(verb="case.sla_warning").count() == 1
    assert check_slas.call_local() == {"warning": 0, "breached": 0}


def test_breach_actions_raise_priority_or_reassign(
    customer: User, make_case: Callable[..., Case]
) -> None:
    SlaPolicy.objects.create(
        priority="normal", first_response_minutes=10, resolution_minutes=100,
        breach_action=SlaPolicy.Action.RAISE_PRIORITY,
    )  # fmt: skip
    SlaPolicy.objects.create(
        priority="low", first_response_minutes=10, resolution_minutes=100,
        breach_action=SlaPolicy.Action.REASSIGN,
    )  # fmt: skip
    first, second = make_user("sla_agent_1", "agent"), make_user("sla_agent_2", "agent")  # type: ignore[arg-type]
    queue = Queue.objects.create(slug="sla", name="SLA queue")
    queue.members.add(first, second)
    normal = make_case(customer)
    low = make_case(customer, priority="low", queue=queue)
    actions.do_update_case(actor=first, case=low, assignee_id=first.pk)
    Queue.objects.filter(pk=queue.pk).update(last_assignee=first)
    actions.do_check_slas(now=timezone.now() + timedelta(minutes=20))
    normal.refresh_from_db()
    low.refresh_from_db()
    assert normal.priority == "high"
    assert low.assignee == second


def test_a_first_response_stops_the_first_response_clock(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    SlaPolicy.objects.create(priority="normal", first_response_minutes=10, resolution_minutes=600)
    case = make_case(customer)
    actions.do_reply(actor=agent, case=case, body="On it.")
    assert actions.do_check_slas(now=timezone.now() + timedelta(minutes=20))["breached"] == 0


def test_a_breach_notifies_the_assignee_or_the_queue(
    customer: User,
    agent: User,
    queue: Queue,
    make_case: Callable[..., Case],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    from crowdservice.notifications.models import Notification

    SlaPolicy.objects.create(priority="normal", first_response_minutes=10, resolution_minutes=100)
    unassigned = make_case(customer, queue=queue)
    other = make_user("sla_owner", "agent")  # type: ignore[arg-type]
    owned = make_case(customer, queue=queue)
    actions.do_update_case(actor=other, case=owned, assignee_id=other.pk)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_check_slas(now=timezone.now() + timedelta(minutes=30))
    titles = dict(Notification.objects.values_list("recipient__username", "title"))
    assert titles == {
        agent.username: f"Case #{unassigned.pk} breached its SLA: {unassigned.subject}",
        other.username: f"Case #{owned.pk} breached its SLA: {owned.subject}",
    }
