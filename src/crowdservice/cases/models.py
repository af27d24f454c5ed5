"""Cases, their conversation, attachments, queues, SLA policies, macros, inbound mail and links
to community threads.

A case's timeline is the event log itself (`core.Event` rows whose target is the case); which of
those a customer sees is decided in `access.CUSTOMER_TIMELINE_VERBS`.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Status(models.TextChoices):
    NEW = "new", "New"
    OPEN = "open", "Open"
    PENDING = "pending", "Pending customer"
    ON_HOLD = "on_hold", "On hold"
    SOLVED = "solved", "Solved"
    CLOSED = "closed", "Closed"


# Statuses in which a case still needs work from the support team.
ACTIVE_STATUSES = (Status.NEW, Status.OPEN, Status.ON_HOLD)
UNRESOLVED_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


PRIORITY_ORDER = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT]


class Channel(models.TextChoices):
    WEB = "web", "Web form"
    API = "api", "API"
    EMAIL = "email", "Email"
    COMMUNITY = "community", "Community escalation"


class SlaState(models.TextChoices):
    NONE = "", "No target"
    OK = "ok", "On track"
    WARNING = "warning", "About to breach"
    BREACHED = "breached", "Breached"
    # Waiting on the customer (status pending): the resolution clock is stopped.
    PAUSED = "paused", "Paused (pending customer)"


class Queue(models.Model):
    """A group of cases handled by the same agents; round-robin assigns new cases in turn."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80, unique=True)
    position = models.PositiveIntegerField(default=0)
    round_robin = models.BooleanField(default=False)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    # The member who was assigned last; the next case goes to the member after them.
    last_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


def new_case_token() -> str:
    return secrets.token_hex(5)


class Case(models.Model):
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases"
    )
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=200)
    description = models.TextField()
    description_html = models.TextField()
    space = models.ForeignKey(
        "community.Space", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queue = models.ForeignKey(
        Queue, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    tags = models.JSONField(default=list, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    # A secret in the subject of every mail about the case ("[#12-3f9a0c1b2d]"), so a reply
    # threads even when the mail client dropped In-Reply-To; the id alone could be guessed.
    token = models.CharField(max_length=16, default=new_case_token)
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # SLA targets and state, kept by the actions and the periodic SLA job.
    first_response_due = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField(null=True, blank=True)
    sla_state = models.CharField(
        max_length=8, choices=SlaState.choices, default=SlaState.NONE, blank=True
    )
    # The resolution clock stops while the case is pending the customer: since when (None while
    # it runs), and the working seconds of earlier pauses, already added to `resolution_due`.
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    sla_paused_seconds = models.PositiveIntegerField(default=0)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_cases"
    )
    csat_score = models.PositiveSmallIntegerField(null=True, blank=True)
    csat_comment = models.TextField(blank=True)
    csat_at = models.DateTimeField(null=True, blank=True)
    message_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="case_status"),
            # The queue's default order (most recently updated first), scanned until a page fills.
            models.Index(fields=["-updated_at", "-id"], name="case_updated"),
            models.Index(fields=["assignee", "status", "-updated_at"], name="case_assignee"),
            models.Index(fields=["requester", "-updated_at"], name="case_requester"),
            models.Index(fields=["sla_state", "status"], name="case_sla"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(csat_score__isnull=True) | Q(csat_score__gte=1, csat_score__lte=5),
                name="case_csat_range",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case", args=[self.pk])

    @property
    def reference(self) -> str:
        """The token in mail subjects: `[#<id>-<token>]`."""
        return f"#{self.pk}-{self.token}"

    @property
    def is_open(self) -> bool:
        return self.status in UNRESOLVED_STATUSES


class MessageKind(models.TextChoices):
    PUBLIC = "public", "Public reply"
    INTERNAL = "internal", "Internal note"


class CaseMessage(models.Model):
    """One entry of a case's conversation: a public reply or an internal note (agents only)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=MessageKind.choices, default=MessageKind.PUBLIC)
    body = models.TextField()
    body_html = models.TextField()
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    created_at = models.DateTimeField()
    # The Message-ID of the mail this came from or was sent as, for threading replies.
    email_message_id = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "kind", "created_at"], name="case_message_thread")]

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"

    @property
    def is_internal(self) -> bool:
        return self.kind == MessageKind.INTERNAL


class Attachment(models.Model):
    message = models.ForeignKey(CaseMessage, on_delete=models.CASCADE, related_name="attachments")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="cases/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class LinkKind(models.TextChoices):
    ESCALATION = "escalation", "Escalated from the community"
    PUBLICATION = "publication", "Resolution published to the community"


class CommunityLink(models.Model):
    """A case linked to a community thread: it was escalated from it, or published to it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="community_links")
    question = models.ForeignKey("community.Question", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=LinkKind.choices)
    automatic = models.BooleanField(default=False)
    answer = models.ForeignKey(
        "community.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # A question is escalated at most once (by the asker, an agent or the job).
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(kind="escalation"),
                name="community_link_one_escalation",
            )
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} {self.kind} question {self.question_id}"


class SlaPolicy(models.Model):
    """Targets for one priority, counted in business hours when `business_hours_only`."""

    class Action(models.TextChoices):
        NOTIFY = "notify", "Notify the assignee and the queue"
        RAISE_PRIORITY = "raise_priority", "Raise the priority"
        REASSIGN = "reassign", "Reassign to the next agent of the queue"

    priority = models.CharField(max_length=8, choices=Priority.choices, unique=True)
    first_response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()
    # The share of a target after which a case is "about to breach".
    warn_percent = models.PositiveSmallIntegerField(default=75)
    business_hours_only = models.BooleanField(default=False)
    business_start_hour = models.PositiveSmallIntegerField(default=9)
    business_end_hour = models.PositiveSmallIntegerField(default=17)
    # Working days as ISO weekday numbers (1 = Monday).
    business_days = models.JSONField(default=list, blank=True)
    breach_action = models.CharField(max_length=16, choices=Action.choices, default=Action.NOTIFY)

    class Meta:
        verbose_name_plural = "SLA policies"

    def __str__(self) -> str:
        return f"SLA for {self.priority}"


class Macro(models.Model):
    """A canned reply with variables ({{ requester.name }}, {{ case.reference }}, ...)."""

    name = models.CharField(max_length=80, unique=True)
    body = models.TextField()
    set_status = models.CharField(max_length=8, choices=Status.choices, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InboundStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be processed"
    PROCESSED = "processed", "Processed"
    IGNORED = "ignored", "Ignored (auto-reply, bounce or loop)"
    FAILED = "failed", "Failed (will be retried)"


class InboundEmail(models.Model):
    """A received mail, stored raw before it is processed so that nothing is lost on failure."""

    raw = models.BinaryField()
    message_id = models.CharField(max_length=255, blank=True)
    mail_from = models.CharField(max_length=320, blank=True, help_text="The sender's address")
    subject = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=InboundStatus.choices, default=InboundStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    outcome = models.CharField(max_length=300, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # When `raw` was emptied by the retention purge (the row stays: Message-ID deduplication).
    raw_purged_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_emails"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # The same Message-ID is stored once, however often it is delivered.
            models.UniqueConstraint(
                fields=["message_id"], condition=~Q(message_id=""), name="inbound_message_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="inbound_status"),
            # The loop check: how many mails this sender sent within the last hour.
            models.Index(fields=["mail_from", "received_at"], name="inbound_sender"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id or 'mail'} ({self.status})"


class OutboundEmail(models.Model):
    """A notification mail about a case, sent once per event and recipient (consumers retry)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outbound_emails")
    event = models.ForeignKey("core.Event", on_delete=models.CASCADE, related_name="+")
    recipient = models.EmailField()
    message_id = models.CharField(max_length=255)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["event", "recipient"], name="outbound_once")]

    def __str__(self) -> str:
        return self.message_id


class WorkSource(models.TextChoices):
    """How a piece of an agent's work time reached the server."""

    REPLY = "reply", "With a reply or note"
    PROPERTIES = "properties", "With a change of the case's properties"
    PAGE = "page", "On leaving the case page"
    API = "api", "Through the API"


# One record never counts more than this: a tab left open overnight is not work.
MAX_WORK_SECONDS = 4 * 60 * 60


class CaseWorkLog(models.Model):
    """Time an agent spent working on a case (handle time), timed on the case page while it is
    visible and in use, and saved with the agent's next write or when they leave the page."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="work_logs")
    # The time stays with the case if the agent's account is deleted.
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    seconds = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=WorkSource.choices)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "agent"], name="case_work_case_agent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(seconds__gte=1, seconds__lte=MAX_WORK_SECONDS),
                name="case_work_seconds_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seconds}s on case {self.case_id}"
