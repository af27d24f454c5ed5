"""Deflection sessions (one attempt to file a question or case) and what happened in them.

A session starts when a person opens a form to file (or an embedding site first asks for
suggestions); its events say which existing content was shown and opened, and its outcome says
whether that content deflected the filing. Content is referred to by kind and id only: this app
sits below the content apps and never imports them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Surface(models.TextChoices):
    ASK = "ask", "Ask-a-question form"
    CASE = "case", "Case form"
    API = "api", "API (embedding site)"


class Outcome(models.TextChoices):
    UNDECIDED = "", "Undecided"
    SELF_SOLVED = "self_solved", "Self-solved"
    ABANDONED = "abandoned", "Abandoned after opening a suggestion"
    FILED_ANYWAY = "filed_anyway", "Filed anyway"
    # Filed without having been shown any suggestion: not a failed deflection, a content gap.
    FILED = "filed", "Filed (nothing was suggested)"


class EventKind(models.TextChoices):
    SHOWN = "suggestion_shown", "Suggestion shown"
    OPENED = "suggestion_opened", "Suggestion opened"
    SELF_SOLVED = "self_solved", "Self-solved"
    FILED_ANYWAY = "filed_anyway", "Filed anyway"
    ABANDONED = "abandoned", "Abandoned"


DEFLECTED = (Outcome.SELF_SOLVED, Outcome.ABANDONED)
FILED_OUTCOMES = (Outcome.FILED_ANYWAY, Outcome.FILED)
MAX_QUERY_LENGTH = 200


class DeflectionSession(models.Model):
    # The token is the session's only public handle: random, and checked against the owner.
    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    surface = models.CharField(max_length=8, choices=Surface.choices)
    space_id = models.BigIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(db_index=True)
    last_activity_at = models.DateTimeField()
    # The latest text searched (or the title filed), as typed, and its normalized words for
    # grouping content gaps.
    last_query = models.CharField(max_length=MAX_QUERY_LENGTH, blank=True)
    query_key = models.CharField(max_length=MAX_QUERY_LENGTH, blank=True)
    searches = models.PositiveIntegerField(default=0)
    searches_with_results = models.PositiveIntegerField(default=0)
    opened_count = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    # The content that answered (self-solved) or the object filed (a question, later a case).
    outcome_object_kind = models.CharField(max_length=20, blank=True)
    outcome_object_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            # The abandonment job's scan: undecided sessions by last activity.
            models.Index(fields=["outcome", "last_activity_at"], name="deflection_open_sessions"),
        ]

    def __str__(self) -> str:
        return f"deflection session #{self.pk} ({self.surface}, {self.outcome or 'undecided'})"

    @property
    def was_shown_suggestions(self) -> bool:
        return self.searches_with_results > 0


class DeflectionEvent(models.Model):
    session = models.ForeignKey(DeflectionSession, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    query = models.CharField(max_length=MAX_QUERY_LENGTH, blank=True)
    object_kind = models.CharField(max_length=20, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    # Where the suggestion was in the list (1 = top) and what the search backend scored it.
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    # The hit as it was shown: the report and the open link need no content app to resolve it.
    title = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # A suggestion counts once per session however often it is shown or opened while the
            # person types, so retyping a title does not inflate impressions.
            models.UniqueConstraint(
                fields=["session", "kind", "object_kind", "object_id"],
                condition=Q(kind__in=["suggestion_shown", "suggestion_opened"]),
                name="deflection_event_once_per_session",
            ),
        ]
        indexes = [
            models.Index(fields=["object_kind", "object_id"], name="deflection_event_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_kind}:{self.object_id} in session {self.session_id}"
