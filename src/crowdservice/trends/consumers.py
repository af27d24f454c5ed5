"""Event consumers of the trends app: counting new posts, and telling agents about a hot topic.

Both are idempotent: a document is counted once (`counting.do_record_document`), and a
notification is stored once per person and event (`do_notify`).
"""

from __future__ import annotations

from django.urls import reverse

from crowdservice.accounts.models import User
from crowdservice.cases.access import AGENT_ROLES
from crowdservice.core.models import Event
from crowdservice.notifications.actions import do_notify
from crowdservice.trends.counting import count_event
from crowdservice.trends.models import TrendAlert

HOT_TOPICS = "hot_topics"
ALERT_VERBS = ("trend.alert_raised",)


def count_posts(event: Event) -> None:
    count_event(event)


def alert_title(alert: TrendAlert) -> str:
    what = "tag" if alert.kind == "tag" else "phrase"
    hours = "hour" if alert.window_hours == 1 else f"{alert.window_hours} hours"
    return (
        f"Hot topic: the {what} “{alert.label}” is in {alert.observed} posts in the last "
        f"{hours} (about {alert.expected:.1f} expected)"
    )


def notify_agents(event: Event) -> None:
    alert = TrendAlert.objects.filter(pk=event.object_id).first() if event.object_id else None
    if alert is None:
        return
    agents = User.objects.filter(is_active=True, role__in=AGENT_ROLES).values_list("pk", flat=True)
    do_notify(
        event=event,
        recipient_ids=list(agents),
        title=alert_title(alert),
        url=f"{reverse('trends:page')}#alert-{alert.pk}",
        kind=HOT_TOPICS,
    )
