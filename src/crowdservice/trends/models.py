"""Counts of terms per hour, the documents behind them, and the alerts raised on spikes.

`TrendDocument` is the consumer's idempotence marker: a document is counted the first time it is
stored (unique per source and key), in the same transaction as its hourly counts. Hours are UTC
hour starts. A space-less document is stored with `space_id = 0`, so that the unique keys hold on
PostgreSQL too (NULLs never collide).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from crowdservice.trends.sources import AGENTS_ONLY, PUBLIC

NO_SPACE = 0


class Term(models.Model):
    KIND_CHOICES = [("tag", "Tag"), ("phrase", "Phrase")]

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    label = models.CharField(max_length=120)

    def __str__(self) -> str:
        return self.key


class TrendDocument(models.Model):
    AUDIENCE_CHOICES = [(PUBLIC, "Everyone"), (AGENTS_ONLY, "Support agents")]

    source = models.CharField(max_length=30)
    key = models.CharField(max_length=60)
    at = models.DateTimeField()
    hour = models.DateTimeField()
    author_id = models.BigIntegerField(null=True, blank=True)
    space_id = models.BigIntegerField(default=NO_SPACE)
    audience = models.CharField(max_length=10, choices=AUDIENCE_CHOICES, default=PUBLIC)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    terms = models.ManyToManyField(Term, through="DocumentTerm", related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="trend_document_once"),
        ]
        indexes = [models.Index(fields=["hour"], name="trend_document_hour")]

    def __str__(self) -> str:
        return f"{self.source}:{self.key}"


class DocumentTerm(models.Model):
    """Which terms a document was counted under (examples and distinct authors come from here)."""

    document = models.ForeignKey(TrendDocument, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()  # the document's, copied: the window query needs no join

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "term"], name="trend_document_term_once"),
        ]
        indexes = [models.Index(fields=["term", "hour"], name="trend_docterm_term_hour")]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.term_id}"


class TermHour(models.Model):
    """How many documents of a source and space mentioned the term in that hour."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=30)
    space_id = models.BigIntegerField(default=NO_SPACE)
    hour = models.DateTimeField()
    # The hour's hour of the day (UTC), so the seasonal baseline is a plain integer filter.
    hour_of_day = models.PositiveSmallIntegerField()
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "source", "space_id", "hour"], name="trend_term_hour_once"
            ),
        ]
        indexes = [models.Index(fields=["hour", "term"], name="trend_term_hour_hour")]

    def __str__(self) -> str:
        return f"{self.term_id} {self.source} {self.hour:%Y-%m-%d %H}h: {self.documents}"


class SourceHour(models.Model):
    """How many documents a source brought in that hour, in that space (the volume baseline)."""

    source = models.CharField(max_length=30)
    space_id = models.BigIntegerField(default=NO_SPACE)
    hour = models.DateTimeField()
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "space_id", "hour"], name="trend_source_hour_once"
            ),
        ]
        indexes = [models.Index(fields=["hour"], name="trend_source_hour_hour")]

    def __str__(self) -> str:
        return f"{self.source} {self.hour:%Y-%m-%d %H}h: {self.documents}"


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class TrendAlert(models.Model):
    """A hot topic: one row per spike of a term, updated while the spike goes on."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=10)
    label = models.CharField(max_length=120)
    status = models.CharField(max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    # The latest detection that saw the spike: its window, counts and test.
    window_hours = models.PositiveSmallIntegerField()
    window_end = models.DateTimeField()
    observed = models.PositiveIntegerField()
    expected = models.FloatField()
    window_documents = models.PositiveIntegerField()
    authors = models.PositiveIntegerField()
    p_value = models.FloatField()
    q_value = models.FloatField()
    peak_observed = models.PositiveIntegerField()
    # [{"key", "label"}]: other terms of the same burst (see detection.group_bursts).
    related = models.JSONField(default=list)
    sources = models.JSONField(default=list)  # names of the sources that contributed
    space_ids = models.JSONField(default=list)
    # [{"title", "url", "source", "audience"}]; agents-only ones are filtered for everyone else.
    examples = models.JSONField(default=list)
    raised_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    updates = models.PositiveIntegerField(default=0)
    event_id = models.BigIntegerField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-last_seen_at"], name="trend_alert_status"),
            models.Index(fields=["term", "-last_seen_at"], name="trend_alert_term"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.status})"

    @property
    def related_labels(self) -> list[str]:
        """The burst's other terms as people read them, each once (a tag and a word alike)."""
        labels = dict.fromkeys(r.get("label", "") for r in self.related)
        return [label for label in labels if label and label != self.label]

    @property
    def lift(self) -> float:
        return self.observed / self.expected if self.expected > 0 else float("inf")
