"""Raising an alert: the event, the agents' notifications and email, and a spike that goes on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from crowdservice.accounts.models import User
from crowdservice.cases.models import Case
from crowdservice.core.errors import Conflict
from crowdservice.core.models import Event
from crowdservice.notifications.actions import do_update_settings
from crowdservice.notifications.models import Notification
from crowdservice.trends.actions import do_acknowledge, do_detect, do_resolve
from crowdservice.trends.models import AlertStatus, TrendAlert
from tests.trends.conftest import END, Asker, Mailbox, Traffic

pytestmark = pytest.mark.usefixtures("trend_settings")

SpikeMaker = Callable[..., None]


@pytest.fixture
def spike(
    baseline: Traffic,
    people: list[User],
    ask_at: Asker,
    open_case_at: Callable[..., Case],
    django_capture_on_commit_callbacks: Any,
) -> SpikeMaker:
    """Reports of "sign-in failed" in the hour before `end`: questions and two cases."""

    def make(end: Any = END, offset: int = 0) -> None:
        for i, person in enumerate(people[:5]):
            ask_at(
                person, end - timedelta(minutes=5 + 10 * i),
                f"App says sign-in failed ({offset + i})", f"Sign-in failed on try {offset + i}.",
                ["login"],
            )  # fmt: skip
        for i, person in enumerate(people[5:7]):
            open_case_at(
                person, end - timedelta(minutes=7 + 10 * i),
                f"Sign-in failed, case {offset + i}", "Sign-in failed again, please help me.",
            )  # fmt: skip

    return make


def test_an_alert_notifies_agents_in_the_app_and_by_email_with_examples(
    spike: SpikeMaker,
    agents: list[User],
    customer: User,
    moderator: User,
    smtp_mailbox: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    agent, admin = agents
    for person in (agent, admin):
        do_update_settings(
            user=person, email_mode="immediate", muted_kinds=[], email_muted_kinds=[]
        )
    spike()
    with django_capture_on_commit_callbacks(execute=True):
        summary = do_detect(at=END)
    assert len(summary.raised) == 1
    alert = summary.raised[0]
    assert alert.label in {"sign-in failed", "login", "sign-in", "failed"}
    assert alert.sources == ["cases", "community"]
    assert {e["audience"] for e in alert.examples} == {"public", "agents"}

    event = Event.objects.get(verb="trend.alert_raised")
    assert event.object_id == alert.pk
    assert alert.event_id == event.pk
    assert event.payload["observed"] == alert.observed

    notified = Notification.objects.filter(event=event)
    assert set(notified.values_list("recipient_id", flat=True)) == {agent.pk, admin.pk}
    assert set(notified.values_list("kind", flat=True)) == {"hot_topics"}
    assert not Notification.objects.filter(recipient__in=[customer, moderator], event=event)
    first = notified.first()
    assert first is not None
    assert first.url.startswith("/trending/#alert-")

    hot = [i for i, m in enumerate(smtp_mailbox.messages) if "Hot topic" in m["Subject"]]
    assert sorted(smtp_mailbox.messages[i]["To"] for i in hot) == [admin.email, agent.email]
    body = smtp_mailbox.body(hot[0])
    assert "Examples:" in body
    assert "App says sign-in failed" in body
    assert "(case, agents only)" in body
    assert "/trending/#alert-" in body


def test_a_second_hour_of_the_same_spike_updates_the_alert(
    spike: SpikeMaker, agents: list[User], django_capture_on_commit_callbacks: Any
) -> None:
    spike()
    with django_capture_on_commit_callbacks(execute=True):
        first = do_detect(at=END).raised[0]
    spike(END + timedelta(hours=1), offset=10)
    with django_capture_on_commit_callbacks(execute=True):
        summary = do_detect(at=END + timedelta(hours=1))
    assert summary.raised == []
    assert [a.pk for a in summary.updated] == [first.pk]
    alert = TrendAlert.objects.get()
    assert alert.updates == 1
    assert alert.window_end == END + timedelta(hours=1)
    assert alert.peak_observed >= first.observed
    assert Event.objects.filter(verb="trend.alert_raised").count() == 1
    assert Notification.objects.filter(kind="hot_topics").count() == 2  # one per agent, once


def test_acknowledge_and_resolve(spike: SpikeMaker, agent: User) -> None:
    spike()
    alert = do_detect(at=END).raised[0]
    alert = do_acknowledge(actor=agent, alert=alert)
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.acknowledged_by == agent
    assert do_acknowledge(actor=agent, alert=alert).status == AlertStatus.ACKNOWLEDGED
    alert = do_resolve(actor=agent, alert=alert)
    assert alert.status == AlertStatus.RESOLVED
    with pytest.raises(Conflict, match="already resolved"):
        do_acknowledge(actor=agent, alert=alert)
    with pytest.raises(Conflict, match="already resolved"):
        do_resolve(actor=agent, alert=alert)
    verbs = list(Event.objects.filter(verb__startswith="trend.").values_list("verb", flat=True))
    assert verbs == ["trend.alert_raised", "trend.alert_acknowledged", "trend.alert_resolved"]
    # Just resolved: the same spike in the next run is not raised again (the cool-down).
    assert do_detect(at=END).raised == []


def test_detect_trends_command(spike: SpikeMaker, capsys: pytest.CaptureFixture[str]) -> None:
    spike()
    call_command("detect_trends", "--at", END.isoformat())
    out = capsys.readouterr().out
    assert "1 alerts raised" in out
    assert "new:" in out


@pytest.mark.parametrize(
    ("at", "message"),
    [("2999-01-01T00:00Z", "in the future"), ("yesterday-ish", "Give a date and time")],
)
def test_detect_trends_refuses_bad_times(db: None, at: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("detect_trends", "--at", at)


def test_a_space_with_no_data_raises_nothing(db: None) -> None:
    summary = do_detect(at=END)
    assert summary.raised == []
    assert summary.documents == 0
