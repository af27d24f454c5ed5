"""Knowledge-base articles, their revisions, translations, attachments, feedback and suggestions.

An article has a working copy (`title`, `body`: what editors edit) and a published revision
(`published_revision`: what readers see). Editing a published article therefore never changes
what readers see until an editor publishes again. Every save of the working copy is a revision;
a publish marks the revision it published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

RESERVED_SLUGS = frozenset(
    {
        "edit",
        "upload",
        "revisions",
        "diff",
        "feedback",
        "suggest",
        "schedule",
        "translations",
        "step",
    }
)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    SIGNED_IN = "signed_in", _("Signed-in customers")
    AGENTS = "agents", _("Agents only")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Category(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(max_length=1000, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:category", args=[self.slug])


class Section(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="sections")
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    description = models.TextField(max_length=1000, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:section", args=[self.slug])


class Label(models.Model):
    name = models.CharField(max_length=35, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    # The working copy.
    title = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    labels = models.ManyToManyField(Label, blank=True, related_name="articles")
    related = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    review_by = models.DateField(null=True, blank=True)
    # What readers see: null until the first publish.
    published_revision = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_title = models.CharField(max_length=200, blank=True)
    published_html = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    scheduled_publish_at = models.DateTimeField(null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic locking: every save of the working copy adds one; a save based on an older
    # version is refused (409) instead of overwriting someone else's edit.
    version = models.PositiveIntegerField(default=1)
    helpful_yes = models.PositiveIntegerField(default=0)
    helpful_no = models.PositiveIntegerField(default=0)
    # Where it came from: a community thread (and answer) or a case. Plain ids, since the
    # community thread may be deleted later and cases live in a later app.
    source_question_id = models.BigIntegerField(null=True, blank=True)
    source_answer_id = models.BigIntegerField(null=True, blank=True)
    source_url = models.CharField(max_length=300, blank=True)
    source_case_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["status", "section"], name="article_status_section"),
            models.Index(fields=["review_by"], name="article_review_by"),
            models.Index(fields=["scheduled_publish_at"], name="article_scheduled"),
        ]

    def __str__(self) -> str:
        return self.published_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article", args=[self.pk, self.slug])

    @property
    def slug(self) -> str:
        slug = slugify(self.published_title or self.title)[:80]
        # A slug equal to a sub-path (…/<id>/edit/) would open that page instead of the article.
        return f"{slug}-article" if slug in RESERVED_SLUGS else slug or "article"

    @property
    def is_live(self) -> bool:
        """Readers can see it: published once and not archived."""
        return self.published_revision_id is not None and self.status != Status.ARCHIVED

    @property
    def has_unpublished_changes(self) -> bool:
        return self.is_live and self.status != Status.PUBLISHED

    @property
    def helpful_percent(self) -> int | None:
        total = self.helpful_yes + self.helpful_no
        return round(100 * self.helpful_yes / total) if total else None


class ArticleRevision(models.Model):
    """A snapshot of the working copy after each save; number 1 is the first draft."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_revision_once")
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of article {self.article_id}"


class ArticleTranslation(models.Model):
    """The article in another language; readers of that language see it, others the original."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    body = models.TextField()
    body_html = models.TextField()
    # The article revision it was translated from, so editors see when it fell behind.
    source_revision_number = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="translation_once")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"knowledge/{instance.article_id}/{filename}"


class Attachment(models.Model):
    """An image or file of an article, stored with Django's storage API under MEDIA_ROOT."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_image = models.BooleanField(default=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:attachment", args=[self.pk, self.name])


class Feedback(models.Model):
    """ "Was this helpful?": one answer per person and article (they may change it)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField()
    comment = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="feedback_once")]

    def __str__(self) -> str:
        return f"{'yes' if self.helpful else 'no'} by {self.user_id}"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class EditSuggestion(models.Model):
    """ "Suggest an edit" from a reader; editors accept (and edit the article) or dismiss it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=5000)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Suggestion {self.pk} on article {self.article_id}"


class CaseLinkKind(models.TextChoices):
    USED = "used", _("Used to solve the case")
    CREATED = "created", _("Created from the case")


class CaseLink(models.Model):
    """Which articles solved which cases, and which cases created which articles.

    Cases live in a later app, so the case is a plain id; the cases app records links through
    `do_record_case_link`.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="case_links")
    case_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=CaseLinkKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "case_id", "kind"], name="case_link_once")
        ]

    def __str__(self) -> str:
        return f"Article {self.article_id} {self.kind} case {self.case_id}"
