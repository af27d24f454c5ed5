"""Writing and reading a person's notifications."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import NotFound
from crowdservice.core.models import Event
from crowdservice.notifications.kinds import DEFAULT_KIND, audience_of, is_kind_for
from crowdservice.notifications.models import Notification, NotificationSettings


def do_notify(
    *,
    event: Event,
    recipient_ids: Iterable[int],
    title: str,
    url: str,
    kind: str = DEFAULT_KIND,
) -> int:
    """Notify each recipient once about `event` (idempotent); returns how many rows were new.

    People outside the kind's audience or who turned it off hear nothing; those who want email
    right away get it now (daily-digest people later, from `jobs.send_daily_digests`)."""
    ids = {rid for rid in recipient_ids if rid != event.actor_id}
    audience = audience_of(kind)
    if ids and audience is not None:
        # The caller chose the recipients; the kind's audience still has the last word.
        ids = {u.pk for u in User.objects.filter(pk__in=ids) if audience(u)}
    if ids:
        muted = {
            s.user_id
            for s in NotificationSettings.objects.filter(user_id__in=ids).only(
                "user_id", "muted_kinds"
            )
            if kind in (s.muted_kinds or [])
        }
        ids -= muted
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
                kind=kind,
                title=title[:300],
                url=url[:500],
            )
            for rid in sorted(ids - already)
        ]
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        from crowdservice.notifications.email import send_immediate

        send_immediate(event_id=event.pk, recipient_ids=[row.recipient_id for row in rows])
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


def settings_for(user: User) -> NotificationSettings:
    """The person's settings (the defaults until they change something)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


@transaction.atomic
def do_update_settings(
    *, user: User, email_mode: str, muted_kinds: Iterable[str], email_muted_kinds: Iterable[str]
) -> NotificationSettings:
    from crowdservice.core.errors import ValidationFailed
    from crowdservice.notifications.models import EmailMode

    errors: dict[str, list[str]] = {}
    if email_mode not in EmailMode.values:
        errors["email_mode"] = ["Choose immediate, daily or off."]
    # A kind meant for others (staff's hot topics, for a customer) is as unknown as a made-up one.
    unknown = [k for k in [*muted_kinds, *email_muted_kinds] if not is_kind_for(k, user)]
    if unknown:
        errors["kinds"] = [f"There is no kind of notification called {unknown[0]!r}."]
    if errors:
        raise ValidationFailed(errors)
    found, _ = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    found.email_mode = email_mode
    found.muted_kinds = sorted(set(muted_kinds))
    found.email_muted_kinds = sorted(set(email_muted_kinds))
    found.save(update_fields=["email_mode", "muted_kinds", "email_muted_kinds", "updated_at"])
    return found


@transaction.atomic
def do_unsubscribe(*, user: User, kind: str | None) -> NotificationSettings:
    """One-click unsubscribe: stop emails of one kind, or all email when `kind` is None."""
    from crowdservice.notifications.models import EmailMode

    found, _ = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    if kind is None:
        found.email_mode = EmailMode.OFF
    elif kind not in found.email_muted_kinds:
        found.email_muted_kinds = sorted({*found.email_muted_kinds, kind})
    found.save(update_fields=["email_mode", "email_muted_kinds", "updated_at"])
    return found
