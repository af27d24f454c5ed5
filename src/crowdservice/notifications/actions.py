"""Writing and reading a person's notifications."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import NotFound
from crowdservice.core.models import Event
from crowdservice.notifications.models import Notification


def do_notify(*, event: Event, recipient_ids: Iterable[int], title: str, url: str) -> int:
    """Notify each recipient once about `event` (idempotent); returns how many rows were new."""
    ids = {rid for rid in recipient_ids if rid != event.actor_id}
    if not ids:
        return 0
    with transaction.atomic():
        already = set(
            Notification.objects.filter(event=event, recipient_id__in=ids).values_list(
                "recipient_id", flat=True
            )
        )
        rows = [
            Notification(
                recipient_id=rid,
                actor_id=event.actor_id,
                event=event,
                verb=event.verb,
                title=title[:300],
                url=url[:500],
            )
            for rid in sorted(ids - already)
        ]
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def notifications_for(user: User) -> QuerySet[Notification]:
    """A person's own notifications; nobody can list anyone else's."""
    return Notification.objects.filter(recipient=user).select_related("actor")


def access_notification(user: User, notification_id: int) -> Notification:
    """One of the user's own notifications; anyone else's is "not found"."""
    found = notifications_for(user).filter(pk=notification_id).first()
    if found is None:
        raise NotFound("No such notification.")
    return found


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def do_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the given notifications (or all) of `user` as read; others' ids are ignored."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
