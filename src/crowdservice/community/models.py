"""Community Q&A: spaces, questions, answers, comments, votes, follows and revisions.

Counters (score, answer_count, question_count) are denormalized and kept exact by the actions,
inside the same transaction as the change they count, so list pages never aggregate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify

RESERVED_SLUGS = frozenset(
    {
        "edit", "revisions", "vote", "follow", "answer", "comment", "delete", "undelete",
        "duplicate", "reopen", "close", "merge",
    }
)  # fmt: skip


class Space(models.Model):
    """A product area that questions are asked in."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(max_length=1000, blank=True)
    position = models.PositiveIntegerField(default=0)
    question_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:space", args=[self.slug])


class Tag(models.Model):
    name = models.CharField(max_length=35, unique=True)
    question_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:tag", args=[self.name])


class Visibility(models.TextChoices):
    """Moderation state of a post (decided by `crowdservice.moderation`): only visible posts are
    shown to everyone; pending and hidden ones to their author and moderators."""

    VISIBLE = "visible", "Visible"
    PENDING = "pending", "Waiting for approval"
    HIDDEN = "hidden", "Hidden pending review"


class Post(models.Model):
    """Fields every kind of post shares."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_pending(self) -> bool:
        return self.visibility == Visibility.PENDING

    @property
    def is_hidden(self) -> bool:
        return self.visibility == Visibility.HIDDEN

    @property
    def is_published(self) -> bool:
        """Live and shown to everyone: not deleted, pending or hidden."""
        return self.deleted_at is None and self.visibility == Visibility.VISIBLE


class Question(Post):
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="questions")
    title = models.CharField(max_length=200)
    # Plain text of the body's start, for lists and snippets without re-parsing markdown.
    excerpt = models.CharField(max_length=300, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    score = models.IntegerField(default=0)
    answer_count = models.PositiveIntegerField(default=0)
    accepted_answer = models.ForeignKey(
        "Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    has_endorsed_answer = models.BooleanField(default=False)
    # Bumped by every write to the thread; cached renderings of the thread are keyed by it.
    version = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(db_index=True)
    last_activity_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Closed as a duplicate: always the final original (never itself a duplicate), so a
    # duplicate's page links straight to the answers and chains cannot form cycles.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Live questions closed as duplicates of this one; the page lists them only when non-zero.
    duplicate_count = models.PositiveIntegerField(default=0)
    # The published knowledge-base article this thread's answer lives in (set by the knowledge
    # app through `do_link_knowledge_article`; community never imports it, so id, URL and title
    # are copied here and the thread renders its notice without another query).
    kb_article_id = models.BigIntegerField(null=True, blank=True)
    kb_article_url = models.CharField(max_length=300, blank=True)
    kb_article_title = models.CharField(max_length=200, blank=True)
    # Closed for another reason than a duplicate (moderators): "off_topic"; closed_by/_at say who.
    close_reason = models.CharField(max_length=20, blank=True)
    # Locked by a moderator: no answers, comments, edits or votes until unlocked.
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["deleted_at", "-created_at"], name="question_newest"),
            models.Index(fields=["deleted_at", "-last_activity_at"], name="question_active"),
            models.Index(fields=["deleted_at", "-score"], name="question_top"),
            models.Index(fields=["space", "deleted_at", "-created_at"], name="question_space"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("id")), name="question_not_own_duplicate"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:question", args=[self.pk, self.slug])

    @property
    def slug(self) -> str:
        slug = slugify(self.title)[:80]
        # A slug equal to a sub-path (…/<id>/edit/) would open that page instead of the question.
        return f"{slug}-question" if slug in RESERVED_SLUGS else slug or "question"

    @property
    def is_answered(self) -> bool:
        return self.accepted_answer_id is not None or self.has_endorsed_answer

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of_id is not None

    @property
    def is_closed(self) -> bool:
        """Closed as a duplicate or for another reason (off-topic): takes no new answers."""
        return self.duplicate_of_id is not None or bool(self.close_reason)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Answer(Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.IntegerField(default=0)
    is_endorsed = models.BooleanField(default=False)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    # The answer ranker's logit (how likely the answer helps, from its text, before votes),
    # computed over the whole thread in one call so values compare within it; null if unscored.
    helpfulness = models.FloatField(null=True, blank=True)
    # The published knowledge-base article this answer was promoted to: its trust tier is "kb".
    kb_article_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "deleted_at"], name="answer_thread")]

    def __str__(self) -> str:
        return f"Answer {self.pk} to question {self.question_id}"

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"


class Comment(Post):
    """A comment on a question, or on one of its answers when `answer` is set."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="comments")
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["question", "created_at"], name="comment_thread")]

    def __str__(self) -> str:
        return f"Comment {self.pk}"


class Revision(models.Model):
    """A snapshot of a post after each save: number 1 is the original."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="revisions")
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    tags = models.JSONField(default=list, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__isnull=True) | Q(comment__isnull=True),
                name="revision_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"Revision {self.number}"


class Vote(models.Model):
    """One vote per person per question or answer; value is +1 or -1."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(question__isnull=False) & Q(answer__isnull=True))
                | (Q(question__isnull=True) & Q(answer__isnull=False)),
                name="vote_one_target",
            ),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_value"),
            models.UniqueConstraint(fields=["user", "question"], name="vote_once_question"),
            models.UniqueConstraint(fields=["user", "answer"], name="vote_once_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d} by {self.user_id}"


class CloseVote(models.Model):
    """A vote to close (with a reason) or to reopen a question, from a member with the `close`
    privilege. One live vote per person, question and kind; a round ends when the question closes
    or reopens, and its votes stay as history (`active` false) so the next round starts fresh."""

    class Kind(models.TextChoices):
        CLOSE = "close", "Close"
        REOPEN = "reopen", "Reopen"

    class Reason(models.TextChoices):
        DUPLICATE = "duplicate", "Duplicate"
        OFF_TOPIC = "off_topic", "Off-topic"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="close_votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    original = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "voter", "kind"],
                condition=Q(active=True),
                name="close_vote_once_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} vote by {self.voter_id} on {self.question_id}"


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.question_id}"


class TagFollow(models.Model):
    """Someone who wants to hear about new questions with this tag."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "tag"], name="tag_follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows tag {self.tag_id}"


class SuggestedEdit(models.Model):
    """An edit of someone else's question or answer by a member without the `edit` privilege
    (reputation): it changes nothing until a member who may edit the post approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    # The answer edited; None when the suggestion is for the question itself.
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    tags = models.JSONField(default=list, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="suggested_edit_queue")]

    def __str__(self) -> str:
        return f"Suggested edit {self.pk} ({self.status})"

    @property
    def post(self) -> Question | Answer:
        return self.answer if self.answer is not None else self.question
