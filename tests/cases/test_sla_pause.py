"""The resolution clock stops while a case is pending the customer: the due time moves out by the
working time it waited (calendar or business hours), a pending case never warns or breaches, and
whatever takes it out of pending (a customer's reply on the web or by mail, an agent) restarts it.
The clock also stands still while a case is solved, so a reopened case resumes where it stopped.
The first-response target never pauses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.cases import actions
from crowdservice.cases.jobs import check_slas
from crowdservice.cases.mail.inbound import receive
from crowdservice.cases.models import Case, InboundStatus, SlaPolicy, SlaState, Status
from crowdservice.cases.sla import business_seconds_between
from crowdservice.core.models import Event
from tests.api.helpers import ApiClient

pytestmark = pytest.mark.django_db

# A Monday; the site's time zone is UTC in the tests.
MONDAY_8AM = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.get_fixed_timezone(0))


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Everything inside happens at `moment` (the actions read timezone.now())."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _calendar_policy(**fields: object) -> SlaPolicy:
    values: dict[str, object] = {"first_response_minutes": 60, "resolution_minutes": 600}
    values.update(fields)
    return SlaPolicy.objects.create(priority="normal", **values)


def _sla_events(case: Case) -> int:
    return Event.objects.filter(
        object_id=case.pk, verb__in=["case.sla_warning", "case.sla_breached"]
    ).count()


def test_a_case_pending_for_hours_gets_its_resolution_due_moved_by_them(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    _calendar_policy()
    start = MONDAY_8AM
    with at(start):
        case = make_case(customer)
    assert case.resolution_due == start + timedelta(hours=10)
    with at(start + timedelta(minutes=30)):
        actions.do_reply(actor=agent, case=case, body="Please send the logs.", status="pending")
    case.refresh_from_db()
    assert case.sla_paused_at == start + timedelta(minutes=30)
    assert case.sla_state == SlaState.PAUSED
    with at(start + timedelta(hours=4, minutes=30)):
        actions.do_reply(actor=customer, case=case, body="Here they are.")
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.sla_paused_at is None
    assert case.sla_paused_seconds == 4 * 3600
    assert case.resolution_due == start + timedelta(hours=14)
    assert case.sla_state == SlaState.OK
    reopened = Event.objects.filter(object_id=case.pk, verb="case.status_changed").last()
    assert reopened is not None
    assert reopened.payload == {"from": "pending", "to": "open", "sla_paused_seconds": 4 * 3600}

    # A second wait adds up; the agent taking it out of pending restarts the clock too.
    with at(start + timedelta(hours=5)):
        actions.do_change_status(actor=agent, case=case, status=Status.PENDING)
    with at(start + timedelta(hours=6)):
        actions.do_change_status(actor=agent, case=case, status=Status.ON_HOLD)
    case.refresh_from_db()
    assert case.sla_paused_seconds == 5 * 3600
    assert case.resolution_due == start + timedelta(hours=15)


def test_business_hours_count_only_the_working_time_of_the_wait(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    SlaPolicy.objects.create(
        priority="normal", first_response_minutes=60, resolution_minutes=8 * 60,
        business_hours_only=True, business_start_hour=9, business_end_hour=17,
        business_days=[1, 2, 3, 4, 5],
    )  # fmt: skip
    friday_3pm = MONDAY_8AM + timedelta(days=4, hours=7)
    with at(friday_3pm):
        case = make_case(customer)
    monday = friday_3pm + timedelta(days=3)
    # Two working hours on Friday, six on Monday.
    assert case.resolution_due == monday
    with at(friday_3pm + timedelta(hours=1)):
        actions.do_reply(actor=agent, case=case, body="Which firmware?", status="pending")
    # Pending from Friday 4 pm to Monday 10 am: one working hour each day, not 66 hours.
    with at(monday.replace(hour=10)):
        actions.do_reply(actor=customer, case=case, body="1.2.3")
    case.refresh_from_db()
    assert case.sla_paused_seconds == 2 * 3600
    assert case.resolution_due == monday.replace(hour=17)


def test_working_time_between_two_moments() -> None:
    policy = SlaPolicy(
        priority="normal", first_response_minutes=0, resolution_minutes=0,
        business_hours_only=True, business_start_hour=9, business_end_hour=17,
        business_days=[1, 2, 3, 4, 5],
    )  # fmt: skip
    friday_4pm = MONDAY_8AM + timedelta(days=4, hours=8)
    monday_10am = friday_4pm + timedelta(days=2, hours=18)
    assert business_seconds_between(friday_4pm, monday_10am, policy) == 2 * 3600
    saturday = friday_4pm + timedelta(days=1)
    assert business_seconds_between(saturday, saturday + timedelta(hours=5), policy) == 0
    assert business_seconds_between(monday_10am, friday_4pm, policy) == 0
    policy.business_hours_only = False
    assert business_seconds_between(friday_4pm, monday_10am, policy) == 66 * 3600
    assert business_seconds_between(friday_4pm, monday_10am, None) == 66 * 3600


def test_a_pending_case_past_its_original_due_is_not_breached(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    _calendar_policy(first_response_minutes=10, resolution_minutes=60, warn_percent=50)
    start = MONDAY_8AM
    with at(start):
        case = make_case(customer)
    with at(start + timedelta(minutes=5)):
        actions.do_reply(actor=agent, case=case, body="Could you reboot it?", status="pending")
    for hours in (1, 3, 5):
        assert actions.do_check_slas(now=start + timedelta(hours=hours)) == {
            "warning": 0, "breached": 0,
        }  # fmt: skip
    with at(start + timedelta(hours=5)):
        assert check_slas.call_local() == {"warning": 0, "breached": 0}
    case.refresh_from_db()
    assert case.sla_state == SlaState.PAUSED
    assert _sla_events(case) == 0

    # The customer answers after five hours: 55 minutes of the target are left, and they run.
    with at(start + timedelta(hours=5)):
        actions.do_reply(actor=customer, case=case, body="Rebooted, still broken.")
    case.refresh_from_db()
    assert case.resolution_due == start + timedelta(hours=5, minutes=55)
    assert actions.do_check_slas(now=start + timedelta(hours=5, minutes=1))["breached"] == 0
    assert actions.do_check_slas(now=start + timedelta(hours=5, minutes=30))["warning"] == 1
    assert actions.do_check_slas(now=start + timedelta(hours=6))["breached"] == 1
    breach = Event.objects.get(object_id=case.pk, verb="case.sla_breached")
    assert breach.payload["target"] == "resolution"


def test_the_first_response_target_keeps_running_while_pending(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    _calendar_policy(first_response_minutes=10, resolution_minutes=600)
    start = MONDAY_8AM
    with at(start):
        waiting = make_case(customer)
        answered = make_case(customer)
    with at(start + timedelta(minutes=1)):
        actions.do_change_status(actor=agent, case=waiting, status=Status.PENDING)
        actions.do_change_status(actor=agent, case=answered, status=Status.PENDING)
    waiting.refresh_from_db()
    assert waiting.sla_state == SlaState.OK  # the first response is still due
    with at(start + timedelta(minutes=5)):
        actions.do_reply(actor=agent, case=answered, body="Try a reset.")
    answered.refresh_from_db()
    assert answered.status == Status.PENDING
    assert answered.sla_state == SlaState.PAUSED
    assert actions.do_check_slas(now=start + timedelta(minutes=20))["breached"] == 1
    waiting.refresh_from_db()
    assert waiting.sla_state == SlaState.BREACHED
    assert Event.objects.get(verb="case.sla_breached").payload["target"] == "first_response"
    assert _sla_events(answered) == 0


def test_a_customer_reply_by_mail_restarts_the_clock(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    _calendar_policy()
    start = MONDAY_8AM
    with at(start):
        case = make_case(customer)
    with at(start + timedelta(minutes=30)):
        actions.do_reply(actor=agent, case=case, body="Is the light red?", status="pending")
    reply = EmailMessage()
    reply["From"] = f"Carol <{customer.email}>"
    reply["To"] = "support@localhost"
    reply["Subject"] = f"Re: [{case.reference}] {case.subject}"
    reply["Message-ID"] = make_msgid(domain="example.com")
    reply.set_content("Yes, it is red.")
    with at(start + timedelta(hours=2, minutes=30)):
        inbound = receive(reply.as_bytes())
    assert inbound.status == InboundStatus.PROCESSED, inbound.last_error
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.sla_paused_at is None
    assert case.resolution_due == start + timedelta(hours=12)
    assert case.sla_state == SlaState.OK


def test_a_priority_change_while_pending_keeps_the_pause_and_earlier_waits(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    _calendar_policy()
    SlaPolicy.objects.create(priority="high", first_response_minutes=30, resolution_minutes=240)
    start = MONDAY_8AM
    with at(start):
        case = make_case(customer)
    with at(start + timedelta(minutes=10)):
        actions.do_reply(actor=agent, case=case, body="Which model?", status="pending")
    with at(start + timedelta(hours=2, minutes=10)):
        actions.do_reply(actor=customer, case=case, body="The AX3000.")
    with at(start + timedelta(hours=3)):
        actions.do_change_status(actor=agent, case=case, status=Status.PENDING)
        actions.do_update_case(actor=agent, case=case, priority="high")
    case.refresh_from_db()
    assert case.sla_state == SlaState.PAUSED
    assert case.resolution_due == start + timedelta(hours=4 + 2)
    with at(start + timedelta(hours=4)):
        actions.do_change_status(actor=agent, case=case, status=Status.SOLVED)
    case.refresh_from_db()
    # Solved: no target is shown; the clock stands still from now on (it resumes if the case is
    # reopened), and the wait is still accounted for.
    assert (case.sla_state, case.sla_paused_at) == (SlaState.NONE, start + timedelta(hours=4))
    assert case.sla_paused_seconds == 3 * 3600
    assert case.resolution_due == start + timedelta(hours=7)


def test_paused_is_shown_in_the_queue_the_case_page_and_the_api(
    customer: User,
    agent: User,
    make_case: Callable[..., Case],
    api: Callable[..., ApiClient],
) -> None:
    _calendar_policy()
    case = make_case(customer, subject="Waiting for the customer")
    actions.do_reply(actor=agent, case=case, body="Please send a photo.", status="pending")
    client = Client()
    client.force_login(agent)
    queue = client.get("/agent/cases/?view=all").content.decode()
    assert 'class="sla-paused"' in queue
    assert "Paused (pending customer)" in queue
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "The resolution clock stopped" in page
    sla = api(agent).get(f"/cases/{case.pk}").json()["sla"]
    assert sla["state"] == "paused"
    assert sla["paused_since"] is not None
    assert sla["paused_seconds"] == 0


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_pauses_the_cases_already_pending(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    _calendar_policy()
    answered, unanswered, open_case = make_case(customer), make_case(customer), make_case(customer)
    actions.do_reply(actor=agent, case=answered, body="Which model?", status="pending")
    actions.do_change_status(actor=agent, case=unanswered, status=Status.PENDING)
    before = [("cases", "0001_cases_messages_queues_sla_mail")]
    latest = [("cases", "0002_sla_pause_raw_mail_purge")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        # As they were before the upgrade: pending, on track, with no pause.
        old_case = executor.loader.project_state(before).apps.get_model("cases", "Case")
        old_case.objects.update(sla_state="ok")
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)
    states = dict(Case.objects.values_list("pk", "sla_state"))
    assert states == {
        answered.pk: SlaState.PAUSED, unanswered.pk: SlaState.OK, open_case.pk: SlaState.OK,
    }  # fmt: skip
    paused = set(Case.objects.filter(sla_paused_at__isnull=False).values_list("pk", flat=True))
    assert paused == {answered.pk, unanswered.pk}


def test_a_reopened_case_gets_its_targets_back_from_where_they_stopped(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    # Solved time is not the team's either: reopening resumes the clock (moved out by the time
    # it was solved) and puts the case back under the SLA job's watch.
    _calendar_policy()
    start = MONDAY_8AM
    with at(start):
        case = make_case(customer)
    with at(start + timedelta(minutes=20)):
        actions.do_reply(actor=agent, case=case, body="Fixed, try now.", status="solved")
    case.refresh_from_db()
    assert case.sla_state == SlaState.NONE
    assert case.sla_paused_at == start + timedelta(minutes=20)
    # Reopened by the customer a day later, long after the original 10-hour target.
    with at(start + timedelta(days=1, minutes=20)):
        actions.do_reply(actor=customer, case=case, body="Broken again.")
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.sla_paused_at is None
    assert case.sla_paused_seconds == 24 * 3600
    assert case.resolution_due == start + timedelta(days=1, hours=10)
    assert case.sla_state == SlaState.OK
    # The job watches it again: 9.5 hours after reopening it warns, after 10 it breaches.
    with at(start + timedelta(days=1, hours=9, minutes=50)):
        check_slas.call_local()
    case.refresh_from_db()
    assert case.sla_state == SlaState.WARNING
    with at(start + timedelta(days=1, hours=10, minutes=1)):
        check_slas.call_local()
    case.refresh_from_db()
    assert case.sla_state == SlaState.BREACHED


def test_a_case_solved_before_the_upgrade_resumes_from_its_solved_time(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    _calendar_policy()
    start = MONDAY_8AM
    with at(start):
        case = make_case(customer)
    with at(start + timedelta(minutes=50)):
        actions.do_reply(actor=agent, case=case, body="Done.", status="solved")
    # As a case solved before pauses were recorded looks.
    Case.objects.filter(pk=case.pk).update(sla_paused_at=None)
    case.refresh_from_db()
    with at(start + timedelta(hours=2, minutes=50)):
        actions.do_change_status(actor=agent, case=case, status=Status.OPEN)
    case.refresh_from_db()
    assert case.sla_paused_seconds == 2 * 3600
    assert case.resolution_due == start + timedelta(hours=12)
    assert case.sla_state == SlaState.OK


def test_a_breach_before_solving_stays_a_breach_after_reopening(
    customer: User, agent: User, make_case: Callable[..., Case]
) -> None:
    _calendar_policy()
    start = MONDAY_8AM
    with at(start):
        case = make_case(customer)
    with at(start + timedelta(hours=11)):
        check_slas.call_local()
        actions.do_change_status(actor=agent, case=case, status=Status.SOLVED)
    with at(start + timedelta(hours=12)):
        actions.do_change_status(actor=agent, case=case, status=Status.OPEN)
    case.refresh_from_db()
    assert case.sla_state == SlaState.BREACHED
