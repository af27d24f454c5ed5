"""Notification email: one message right away, or a daily digest, each with a one-click
unsubscribe link (RFC 8058: `List-Unsubscribe` and `List-Unsubscribe-Post` headers) carrying a
signed token, so unsubscribing needs no sign-in and nobody can unsubscribe someone else."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.sites.models import Site
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.notifications.kinds import email_template_of, kind_label
from crowdservice.notifications.models import EmailMode, Notification, NotificationSettings

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "crowdservice.notifications.unsubscribe"
ALL_KINDS = "*"
DIGEST_MAX = 50
DIGEST_WINDOW = timedelta(days=7)
# Kinds that go out at once even to digest readers: a suspended person can't sign in to read them.
URGENT_KINDS = frozenset({"moderation"})


def unsubscribe_token(user: User, kind: str | None) -> str:
    return signing.dumps({"u": user.pk, "k": kind or ALL_KINDS}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str | None]:
    """The user id and kind (None: all email) a token stands for; raises BadSignature."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("Malformed unsubscribe token.")
    kind = data.get("k")
    return data["u"], None if kind in (None, ALL_KINDS) else str(kind)


def absolute(path: str) -> str:
    scheme = getattr(settings, "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


def _path(template: str) -> str:
    return template if "/" in template else f"notifications/email/{template}"


def _send(user: User, *, subject: str, template: str, context: dict[str, object],
          kind: str | None) -> None:  # fmt: skip
    unsubscribe = absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)])
    )
    context = {
        **context,
        "user": user,
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": unsubscribe,
        "unsubscribe_what": f"“{kind_label(kind)}” emails" if kind else "all email notifications",
        "settings_url": absolute(reverse("notifications:settings")),
    }
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string(f"{_path(template)}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"{_path(template)}.html", context), "text/html")
    message.send()


def _settings_by_user(ids: Iterable[int]) -> dict[int, NotificationSettings]:
    return {s.user_id: s for s in NotificationSettings.objects.filter(user_id__in=list(ids))}


def wants_now(prefs: NotificationSettings | None, kind: str) -> bool:
    mode = prefs.email_mode if prefs else EmailMode.DAILY
    if mode == EmailMode.OFF or (prefs and kind in (prefs.email_muted_kinds or [])):
        return False
    return mode == EmailMode.IMMEDIATE or kind in URGENT_KINDS


def send_immediate(*, event_id: int, recipient_ids: list[int]) -> int:
    """Email this event's new notifications to those who want email right away."""
    rows = list(
        Notification.objects.filter(
            event_id=event_id, recipient_id__in=recipient_ids, emailed_at__isnull=True
        ).select_related("recipient", "event")
    )
    prefs = _settings_by_user(n.recipient_id for n in rows)
    sent = 0
    for n in rows:
        person = n.recipient
        if not person.email or not person.is_active or not wants_now(prefs.get(person.pk), n.kind):
            continue
        _send(
            person,
            subject=n.title,
            template=email_template_of(n.kind) or "notification",
            context={"notification": n, "event": n.event, "link": absolute(n.url)},
            kind=n.kind,
        )
        Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def send_digest(user: User) -> int:
    """One email with the person's notifications not yet emailed (last week, at most 50)."""
    prefs = NotificationSettings.objects.filter(user=user).first()
    if (prefs and prefs.email_mode != EmailMode.DAILY) or not user.email or not user.is_active:
        return 0
    muted = set(prefs.email_muted_kinds or []) if prefs else set()
    now = timezone.now()
    rows = [
        n
        for n in Notification.objects.filter(
            recipient=user, emailed_at__isnull=True, created_at__gte=now - DIGEST_WINDOW
        ).order_by("-created_at")[:DIGEST_MAX]
        if n.kind not in muted
    ]
    if rows:
        items = [(n, absolute(n.url)) for n in rows]
        count = len(rows)
        subject = f"Your daily digest: {count} notification{'s' if count != 1 else ''}"
        _send(user, subject=subject, template="digest", context={"items": items}, kind=None)
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=now)
    NotificationSettings.objects.update_or_create(user=user, defaults={"last_digest_at": now})
    return len(rows)


def send_daily_digests() -> int:
    """Every digest reader with something new gets one email; returns how many were sent."""
    since = timezone.now() - DIGEST_WINDOW
    waiting = set(
        Notification.objects.filter(emailed_at__isnull=True, created_at__gte=since)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    not_daily = set(
        NotificationSettings.objects.filter(user_id__in=waiting)
        .exclude(email_mode=EmailMode.DAILY)
        .values_list("user_id", flat=True)
    )
    sent = 0
    for user in User.objects.filter(pk__in=waiting - not_daily, is_active=True):
        try:
            sent += 1 if send_digest(user) else 0
        except Exception:
            # One bad address must not stop everyone else's digest.
            logger.exception("Daily digest for user %s failed", user.pk)
    return sent
