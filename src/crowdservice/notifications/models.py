"""In-app notifications. Domain apps decide who hears of an event; this app stores and lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from crowdservice.core.models import Event


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=64)
    # Which setting governs it (notifications.kinds): "activity", "mention", "moderation", …
    kind = models.CharField(max_length=40, default="activity")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When it went out by email (on its own or in a digest); null: not (yet) emailed.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One notification per person per event: a retried consumer adds nothing.
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"to {self.recipient_id}: {self.title}"


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", "Right away"
    DAILY = "daily", "Once a day, in a digest"
    OFF = "off", "Never"


class NotificationSettings(models.Model):
    """A person's choices: email right away, daily or never, and which kinds they want."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_mode = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.DAILY)
    # Kinds the person turned off, in the app and by email separately.
    muted_kinds = models.JSONField(default=list, blank=True)
    email_muted_kinds = models.JSONField(default=list, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"settings of {self.user_id}"
