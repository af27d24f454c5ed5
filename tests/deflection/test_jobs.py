"""The abandonment job: opened a suggestion, then nothing for the timeout, means abandoned."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.models import Event
from crowdservice.deflection import actions, jobs
from crowdservice.deflection.models import DeflectionEvent, DeflectionSession, EventKind, Outcome
from crowdservice.search.types import SearchHit

pytestmark = pytest.mark.django_db
Start = Callable[..., DeflectionSession]


def hit(object_id: int) -> SearchHit:
    return SearchHit(
        kind="question",
        object_id=object_id,
        title=f"Question {object_id}",
        snippet="",
        url=f"/questions/{object_id}/q/",
        score=1.0,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


@pytest.fixture
def opened(customer: User, start_session: Start, fixed_hits: list[SearchHit]) -> DeflectionSession:
    """A session in which the customer opened suggestion 2 after suggestion 1."""
    fixed_hits.extend([hit(1), hit(2)])
    session = start_session(customer)
    actions.do_suggest(session=session, user=customer, text="router drops 5 GHz")
    for object_id in (1, 2):
        actions.do_record_open(
            session=session, user=customer, object_kind="question", object_id=object_id
        )
    return session


def idle_for(session: DeflectionSession, minutes: int) -> None:
    """Move the session's last activity into the past (a fake clock for the job)."""
    then = timezone.now() - timedelta(minutes=minutes)
    DeflectionSession.objects.filter(pk=session.pk).update(last_activity_at=then)
    DeflectionEvent.objects.filter(session=session).update(created_at=then)


def run_job() -> int:
    result: int = jobs.decide_abandoned_sessions.call_local()
    return result


def test_an_idle_session_with_an_opened_suggestion_is_abandoned(
    opened: DeflectionSession, customer: User
) -> None:
    idle_for(opened, 31)

    assert run_job() == 1

    opened.refresh_from_db()
    assert opened.outcome == Outcome.ABANDONED
    assert (opened.outcome_object_kind, opened.outcome_object_id) == ("question", 2)
    abandoned = DeflectionEvent.objects.get(session=opened, kind=EventKind.ABANDONED)
    assert abandoned.object_id == 2  # credited to the suggestion opened last
    logged = Event.objects.get(verb="deflection.abandoned")
    assert logged.actor_id == customer.pk
    assert logged.payload["object_id"] == 2


def test_the_job_is_idempotent(opened: DeflectionSession) -> None:
    idle_for(opened, 31)

    assert run_job() == 1
    assert run_job() == 0
    assert actions.do_mark_abandoned() == 0

    assert DeflectionEvent.objects.filter(kind=EventKind.ABANDONED).count() == 1
    assert Event.objects.filter(verb="deflection.abandoned").count() == 1


def test_a_session_still_within_the_timeout_is_left_alone(opened: DeflectionSession) -> None:
    idle_for(opened, 29)

    assert run_job() == 0
    opened.refresh_from_db()
    assert opened.outcome == Outcome.UNDECIDED


def test_the_timeout_is_a_setting(opened: DeflectionSession) -> None:
    idle_for(opened, 11)
    with override_settings(CROWDSERVICE_DEFLECTION_ABANDON_MINUTES=10):
        assert run_job() == 1


def test_the_job_takes_its_clock_from_the_caller(opened: DeflectionSession) -> None:
    assert actions.do_mark_abandoned(now=timezone.now() + timedelta(minutes=5)) == 0
    assert actions.do_mark_abandoned(now=timezone.now() + timedelta(minutes=45)) == 1


def test_sessions_without_an_open_or_already_decided_are_not_abandoned(
    customer: User, start_session: Start, fixed_hits: list[SearchHit], opened: DeflectionSession
) -> None:
    only_shown = start_session(customer)
    actions.do_suggest(session=only_shown, user=customer, text="router drops 5 GHz")
    actions.do_record_filed(opened.token, customer, "question", 50)
    idle_for(only_shown, 120)
    idle_for(opened, 120)

    assert run_job() == 0
    only_shown.refresh_from_db()
    opened.refresh_from_db()
    assert only_shown.outcome == Outcome.UNDECIDED
    assert opened.outcome == Outcome.FILED_ANYWAY


def test_coming_back_later_replaces_the_guess(opened: DeflectionSession, customer: User) -> None:
    idle_for(opened, 31)
    run_job()

    solved = actions.do_record_self_solved(
        session=opened, user=customer, object_kind="question", object_id=1
    )

    assert solved.recorded
    assert solved.session.outcome == Outcome.SELF_SOLVED
    assert not DeflectionEvent.objects.filter(kind=EventKind.ABANDONED).exists()
    assert Event.objects.get(verb="deflection.self_solved").payload["replaces"] == "abandoned"


def test_sessions_that_never_searched_are_purged_after_a_day(
    customer: User, start_session: Start, opened: DeflectionSession
) -> None:
    empty = start_session(customer)
    fresh_empty = start_session(customer)
    DeflectionSession.objects.filter(pk__in=[empty.pk, opened.pk]).update(
        started_at=timezone.now() - timedelta(days=2)
    )

    run_job()

    remaining = set(DeflectionSession.objects.values_list("pk", flat=True))
    assert remaining == {opened.pk, fresh_empty.pk}
