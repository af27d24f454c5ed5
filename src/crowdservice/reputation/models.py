"""Reputation: the append-only points ledger and its totals, badges, champions, abuse findings.

The ledger is the truth: `UserReputation.total` is the sum of a user's entries, kept in the same
transaction as each entry (`ledger.append`), and `ledger.recompute` proves it. Entries are never
changed or deleted; an undone vote or a deleted post adds an entry with the opposite points.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Reason(models.TextChoices):
    QUESTION_UPVOTED = "question_upvoted", "Question upvoted"
    ANSWER_UPVOTED = "answer_upvoted", "Answer upvoted"
    DOWNVOTED = "downvoted", "Downvoted"
    DOWNVOTE_CAST = "downvote_cast", "Downvoted an answer"
    VOTE_UNDONE = "vote_undone", "Vote withdrawn or changed"
    ANSWER_ACCEPTED = "answer_accepted", "Answer accepted"
    ACCEPTER = "accepter", "Accepted an answer"
    ACCEPT_UNDONE = "accept_undone", "Acceptance withdrawn"
    ANSWER_ENDORSED = "answer_endorsed", "Answer endorsed by the company"
    ENDORSE_UNDONE = "endorse_undone", "Endorsement withdrawn"
    KB_PROMOTED = "kb_promoted", "Answer promoted to the knowledge base"
    KB_UNDONE = "kb_undone", "Knowledge-base article archived"
    SPAM_CONFIRMED = "spam_confirmed", "Post confirmed as spam"
    SPAM_UNDONE = "spam_undone", "Spam verdict reversed by a moderator"
    POST_DELETED = "post_deleted", "Post deleted"
    POST_RESTORED = "post_restored", "Post undeleted"
    FRAUD_REVERSED = "fraud_reversed", "Votes reversed by a moderator"
    EDIT_APPROVED = "edit_approved", "Suggested edit approved"
    GRANT = "grant", "Adjusted by an admin"


class Category(models.TextChoices):
    """What an entry is about; reversals (deletes, fraud) group the entries they undo by it."""

    VOTE = "vote", "Votes"
    ACCEPT = "accept", "Accepted answers"
    ENDORSE = "endorse", "Endorsements"
    KB = "kb", "Knowledge base"
    SPAM = "spam", "Spam"
    EDIT = "edit", "Suggested edits"
    GRANT = "grant", "Admin adjustments"


class ReputationEntry(models.Model):
    """One change of one person's reputation, and why. Append-only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    points = models.IntegerField()
    reason = models.CharField(max_length=24, choices=Reason.choices)
    category = models.CharField(max_length=12, choices=Category.choices)
    # Deterministic per event and consequence, so a retried consumer never adds an entry twice.
    key = models.CharField(max_length=160, unique=True)
    event_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # The other person: the voter, the accepter, the endorser, the admin.
    other_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post_type = models.CharField(max_length=12, blank=True)
    post_id = models.BigIntegerField(null=True, blank=True)
    question_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    space_id = models.BigIntegerField(null=True, blank=True)
    # The day a vote's points count against the daily cap (a reversal keeps its vote's day).
    day = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="rep_user_time"),
            models.Index(fields=["user", "post_type", "post_id"], name="rep_user_post"),
            models.Index(fields=["space_id", "created_at"], name="rep_space_time"),
            models.Index(fields=["user", "day", "category"], name="rep_user_day"),
            models.Index(fields=["other_user", "user", "category"], name="rep_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} {self.reason} for {self.user_id}"


class UserReputation(models.Model):
    """A person's total: always the sum of their ledger entries."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    total = models.IntegerField(default=0, db_index=True)
    # The spaces they are champion of (a copy of their `Champion` rows, kept by the actions that
    # grant and revoke), so one read per request answers both privilege questions.
    champion_spaces = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.total}"


class AppliedState(models.Model):
    """The newest event applied for one thing (a person's vote on a post, a question's accepted
    answer, an answer's endorsement, a post's deletion): older events arriving late are stale."""

    key = models.CharField(max_length=120, primary_key=True)
    last_event_id = models.BigIntegerField(default=0)
    value = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key} @ {self.last_event_id}"


class Tier(models.TextChoices):
    BRONZE = "bronze", "Bronze"
    SILVER = "silver", "Silver"
    GOLD = "gold", "Gold"


class Badge(models.Model):
    """A badge: awarded by a rule (`rule` names it in `badges.RULES`) or by admins."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80, unique=True)
    tier = models.CharField(max_length=8, choices=Tier.choices)
    description = models.CharField(max_length=300)
    rule = models.CharField(max_length=40, blank=True, help_text="Empty: awarded by admins")
    award_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["tier", "name"]

    def __str__(self) -> str:
        return self.name


class BadgeAward(models.Model):
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="awards")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    awarded_at = models.DateTimeField(db_index=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question_id = models.BigIntegerField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-awarded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["badge", "user"], name="badge_once")]

    def __str__(self) -> str:
        return f"{self.badge_id} for {self.user_id}"


class Champion(models.Model):
    """A community champion: a star an admin trusts with moderation in one space."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    space_id = models.BigIntegerField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField()

    class Meta:
        ordering = ["space_id", "granted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "space_id"], name="champion_once_per_space")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} champions space {self.space_id}"


class AddressSighting(models.Model):
    """A person wrote from an address: only a keyed hash of it (never the address itself), kept
    to spot one person voting for themselves through a second account."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    address_hash = models.CharField(max_length=32, db_index=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "address_hash"], name="sighting_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.address_hash[:8]}"


class FindingKind(models.TextChoices):
    VOTE_RING = "vote_ring", "Vote ring"
    SAME_ADDRESS = "same_address", "Votes from the author's own address"


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    DISMISSED = "dismissed", "Dismissed"
    CONFIRMED = "confirmed", "Confirmed; votes reversed"


class AbuseFinding(models.Model):
    """Voting that looks like fraud, for moderators to judge: one row per pair of accounts."""

    kind = models.CharField(max_length=16, choices=FindingKind.choices)
    # The pair, lower id first for vote rings; voter then author for same-address votes.
    first_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    second_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    evidence = models.CharField(max_length=300)
    vote_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=FindingStatus.choices, default="open")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "first_user", "second_user"],
                condition=Q(status="open"),
                name="finding_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.first_user_id} & {self.second_user_id}"
