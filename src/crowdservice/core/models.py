"""The event log: one append-only row for every write action, written in the same transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Event(models.Model):
    """Who did what to which object, and the details later consumers need.

    The log is the outbox: search indexing, notifications, reputation and analytics read it after
    commit, keyed by the event id so a retried consumer never double-counts.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["verb", "created_at"], name="event_verb_time"),
            models.Index(fields=["object_type", "object_id"], name="event_object"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.verb} {self.object_type}:{self.object_id}"
