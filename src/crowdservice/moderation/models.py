"""Flags, review items, sanctions, watched words and the audit log.

Content is referred to by its registered kind ("question", "answer", "comment") and id, never
by a foreign key, so moderation works for any content type that registers itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class FlagReason(models.TextChoices):
    SPAM = "spam", "Spam"
    OFFENSIVE = "offensive", "Rude or offensive"
    OFF_TOPIC = "off_topic", "Off-topic"
    NEEDS_IMPROVEMENT = "needs_improvement", "Needs improvement"


class FlagStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    AGREED = "agreed", "Agreed by a moderator"
    DISAGREED = "disagreed", "Declined by a moderator"
    IGNORED = "ignored", "Closed without action"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    RESOLVED = "resolved", "Resolved"


class ReviewReason(models.TextChoices):
    FLAGGED = "flagged", "Flagged by members"
    APPROVAL = "approval", "Waiting for approval"
    AUTOMATIC = "automatic", "Flagged automatically"


class ReviewItem(models.Model):
    """One post waiting for a moderator (Discourse's "reviewable"): at most one open per post."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    content_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=12, choices=ReviewReason.choices)
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    # Sum of the open flags' weights; the post hides automatically at the configured threshold.
    score = models.FloatField(default=0)
    # What the post looked like when it reached the queue (title and text), for the reviewer.
    title = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    auto_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=Q(status="pending"),
                name="review_item_one_open",
            )
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="review_queue")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.reason}, {self.status})"


class Flag(models.Model):
    """A member's (or the spam rules') report that a post needs a moderator's attention."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    review_item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    message = models.CharField(max_length=500, blank=True)
    # Set for flags raised by the system (watched words, spam heuristics): what triggered them.
    system_note = models.CharField(max_length=300, blank=True)
    weight = models.FloatField(default=1.0)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One open flag per person per post: flagging twice does not count twice.
            models.UniqueConstraint(
                fields=["flagger", "kind", "object_id"],
                condition=Q(status="pending", flagger__isnull=False),
                name="flag_once_per_person",
            )
        ]
        indexes = [models.Index(fields=["flagger", "created_at"], name="flag_by_person")]

    def __str__(self) -> str:
        return f"{self.reason} flag on {self.kind} {self.object_id}"


class SanctionKind(models.TextChoices):
    WARNING = "warning", "Warning"
    SILENCE = "silence", "Silenced"
    SUSPENSION = "suspension", "Suspended"
    BAN = "ban", "Banned"


class Sanction(models.Model):
    """A warning, silence, suspension or ban of a person, with its reason and duration.

    Silenced people can read but not post; suspended and banned people cannot sign in. A
    sanction ends by itself at `ends_at` (none for bans and warnings) or when lifted early.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=12, choices=SanctionKind.choices)
    reason = models.TextField(max_length=2000)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["user", "kind", "lifted_at"], name="sanction_active")]

    def __str__(self) -> str:
        return f"{self.kind} of {self.user_id}"


class WatchedAction(models.TextChoices):
    BLOCK = "block", "Block the post"
    REQUIRE_APPROVAL = "approve", "Require approval"
    FLAG = "flag", "Flag for review"


class WatchedWord(models.Model):
    """A word or phrase moderators watch for; `*` matches any letters (e.g. `casino*`)."""

    word = models.CharField(max_length=100, unique=True)
    action = models.CharField(max_length=10, choices=WatchedAction.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]

    def __str__(self) -> str:
        return f"{self.word} ({self.action})"


class AuditEntry(models.Model):
    """One moderation action: who did what to which post or person, and why. Append-only."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_user", "-created_at"], name="audit_by_user")]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id}"
