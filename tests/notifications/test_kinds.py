"""Kinds with an audience: trends' hot topics are for agents and admins, so customers (and other
staff) neither see the kind among their settings, nor may set it, nor are notified of it."""

from __future__ import annotations

from django.db import transaction
from django.test import Client

from crowdservice.accounts.models import User
from crowdservice.core.events import record_event
from crowdservice.notifications.actions import do_notify, do_update_settings
from crowdservice.notifications.kinds import is_kind_for, kinds_for
from crowdservice.notifications.models import Notification, NotificationSettings
from crowdservice.trends.consumers import HOT_TOPICS

SETTINGS_PAGE = "/settings/notifications/"
SETTINGS_API = "/api/v1/me/notification-settings"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_hot_topics_are_a_kind_for_agents_and_admins_only(
    customer: User, agent: User, moderator: User, editor: User, admin_user: User
) -> None:
    # Only agents and admins are alerted (trends/consumers.py), so only they are offered it.
    for other in (customer, moderator, editor):
        assert HOT_TOPICS not in {k.key for k in kinds_for(other)}
        assert not is_kind_for(HOT_TOPICS, other)
    for staff in (agent, admin_user):
        assert HOT_TOPICS in {k.key for k in kinds_for(staff)}
    # Kinds without an audience are everyone's.
    assert {"activity", "mention"} <= {k.key for k in kinds_for(customer)}


def test_the_settings_page_offers_hot_topics_to_agents_only(customer: User, agent: User) -> None:
    page = signed_in(customer).get(SETTINGS_PAGE).content.decode()
    assert "Mentions" in page
    assert "Hot topics" not in page
    assert f"app_{HOT_TOPICS}" not in page
    staff_page = signed_in(agent).get(SETTINGS_PAGE).content.decode()
    assert "Hot topics" in staff_page
    assert f'name="email_{HOT_TOPICS}"' in staff_page


def test_the_settings_api_lists_hot_topics_for_agents_only(customer: User, agent: User) -> None:
    kinds = {k["kind"] for k in signed_in(customer).get(SETTINGS_API).json()["kinds"]}
    assert "mention" in kinds
    assert HOT_TOPICS not in kinds
    staff_kinds = {k["kind"] for k in signed_in(agent).get(SETTINGS_API).json()["kinds"]}
    assert HOT_TOPICS in staff_kinds


def test_a_customer_cannot_set_hot_topics_through_the_api(customer: User, agent: User) -> None:
    for field in ("muted_kinds", "email_muted_kinds"):
        refused = signed_in(customer).put(
            SETTINGS_API,
            {"email_mode": "immediate", field: [HOT_TOPICS]},
            content_type="application/json",
        )
        assert refused.status_code == 422, refused.content
        assert "hot_topics" in refused.json()["detail"]
    assert not NotificationSettings.objects.filter(user=customer).exists()
    allowed = signed_in(agent).put(
        SETTINGS_API,
        {"email_mode": "immediate", "email_muted_kinds": [HOT_TOPICS]},
        content_type="application/json",
    )
    assert allowed.status_code == 200
    assert NotificationSettings.objects.get(user=agent).email_muted_kinds == [HOT_TOPICS]


def test_a_crafted_form_post_for_hot_topics_is_ignored(customer: User, agent: User) -> None:
    done = signed_in(customer).post(
        SETTINGS_PAGE,
        {"email_mode": "immediate", "app_mention": "1", f"app_{HOT_TOPICS}": "1",
         f"email_{HOT_TOPICS}": "1"},
    )  # fmt: skip
    assert done.status_code == 302
    prefs = NotificationSettings.objects.get(user=customer)
    assert HOT_TOPICS not in prefs.muted_kinds + prefs.email_muted_kinds
    assert "activity" in prefs.muted_kinds  # the rest of the form was saved as sent
    # An agent's unticked boxes do mute it.
    signed_in(agent).post(SETTINGS_PAGE, {"email_mode": "immediate"})
    assert HOT_TOPICS in NotificationSettings.objects.get(user=agent).muted_kinds


def test_do_notify_never_tells_a_customer_about_a_hot_topic(
    customer: User, agent: User, admin_user: User
) -> None:
    # Even a customer who never muted anything, named as a recipient by mistake.
    do_update_settings(user=customer, email_mode="off", muted_kinds=[], email_muted_kinds=[])
    with transaction.atomic():
        event = record_event(actor=None, verb="test.hot_topic")
    made = do_notify(
        event=event, recipient_ids=[customer.pk, agent.pk, admin_user.pk], title="Hot", url="/",
        kind=HOT_TOPICS,
    )  # fmt: skip
    assert made == 2
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        agent.pk,
        admin_user.pk,
    }
    # Kinds for everyone still reach customers.
    with transaction.atomic():
        other = record_event(actor=None, verb="test.activity")
    assert do_notify(event=other, recipient_ids=[customer.pk], title="New", url="/") == 1
