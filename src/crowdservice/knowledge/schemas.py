"""Input and output schemas of the knowledge-base API (they end up in the OpenAPI document)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from crowdservice.core.schemas import ObjectId, PageIn, PageOut, Text
from crowdservice.knowledge.models import (
    Article,
    ArticleRevision,
    Category,
    EditSuggestion,
    Feedback,
    Section,
)

VisibilityName = Literal["public", "signed_in", "agents"]
StatusName = Literal["draft", "in_review", "published", "archived"]


class KbSectionOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    category_id: int
    url: str

    @staticmethod
    def of(section: Section) -> KbSectionOut:
        return KbSectionOut(
            id=section.pk,
            slug=section.slug,
            name=section.name,
            description=section.description,
            category_id=section.category_id,
            url=section.get_absolute_url(),
        )


class KbCategoryOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    url: str
    sections: list[KbSectionOut]

    @staticmethod
    def of(category: Category) -> KbCategoryOut:
        return KbCategoryOut(
            id=category.pk,
            slug=category.slug,
            name=category.name,
            description=category.description,
            url=category.get_absolute_url(),
            sections=[KbSectionOut.of(s) for s in category.sections.all()],
        )


class KbCategoryIn(Schema):
    name: Text = Field(max_length=200)
    description: Text = Field(default="", max_length=1000)
    position: int = Field(default=0, ge=0, le=10_000)


class KbSectionIn(KbCategoryIn):
    category_id: ObjectId


class KbPersonRef(Schema):
    username: str
    name: str


class KbArticleOut(Schema):
    """An article. Readers get the published text; staff also the working copy and workflow."""

    id: int
    url: str
    section_id: int
    category_id: int
    title: str = Field(description="The published title (the working copy's for a draft).")
    body_html: str = Field(description="The published text as sanitized HTML.")
    visibility: VisibilityName
    labels: list[str]
    published_at: datetime | None
    helpful_yes: int
    helpful_no: int
    tier: str = Field(
        default="kb", description="The trust tier of a published article: always `kb`."
    )
    status: StatusName | None = Field(default=None, description="Staff only: the workflow state.")
    version: int | None = Field(
        default=None, description="Staff only: send it back as `base_version` when you save."
    )
    draft_title: str | None = Field(
        default=None, description="Staff only: the working copy's title."
    )
    draft_body: str | None = Field(
        default=None, description="Staff only: the working copy (markdown)."
    )
    owner: KbPersonRef | None = None
    review_by: date | None = None
    scheduled_publish_at: datetime | None = None
    source_url: str | None = Field(default=None, description="Staff only: the thread it came from.")
    related_ids: list[int] = Field(default_factory=list)

    @staticmethod
    def of(article: Article, *, staff: bool, related_ids: list[int] | None = None) -> KbArticleOut:
        live = article.is_live
        out = KbArticleOut(
            id=article.pk,
            url=article.get_absolute_url(),
            section_id=article.section_id,
            category_id=article.section.category_id,
            title=article.published_title if live else article.title,
            body_html=article.published_html if live else "",
            visibility=article.visibility,  # type: ignore[arg-type]
            labels=[label.name for label in article.labels.all()],
            published_at=article.published_at,
            helpful_yes=article.helpful_yes,
            helpful_no=article.helpful_no,
            related_ids=related_ids or [],
        )
        if staff:
            out.status = article.status  # type: ignore[assignment]
            out.version = article.version
            out.draft_title, out.draft_body = article.title, article.body
            out.owner = KbPersonRef(username=article.owner.username, name=article.owner.public_name)
            out.review_by = article.review_by
            out.scheduled_publish_at = article.scheduled_publish_at
            out.source_url = article.source_url
        return out


class KbArticlePage(PageOut):
    items: list[KbArticleOut]


class KbArticleFilters(PageIn):
    section: ObjectId | None = Field(default=None, description="Only this section's articles.")
    label: Text | None = Field(
        default=None, max_length=35, description="Only articles with this label."
    )
    status: StatusName | None = Field(
        default=None, description="Staff: only articles in this state."
    )
    stale: bool = Field(
        default=False, description="Staff: only live articles past their review date."
    )


class KbArticleIn(Schema):
    section_id: ObjectId
    title: Text = Field(max_length=500)
    body: Text = Field(max_length=200_000, description="Markdown.")
    visibility: VisibilityName = "public"
    labels: list[Text] = Field(default_factory=list, max_length=20)
    related_ids: list[ObjectId] = Field(default_factory=list, max_length=20)
    owner_id: ObjectId | None = Field(default=None, description="A staff member; you by default.")
    review_by: date | None = None
    summary: Text = Field(default="", max_length=300)


class KbArticlePatch(Schema):
    """Fields left out keep their value. `base_version` is the `version` you started from."""

    base_version: int = Field(ge=1, description="The article's `version` when you loaded it.")
    section_id: ObjectId | None = None
    title: Text | None = Field(default=None, max_length=500)
    body: Text | None = Field(default=None, max_length=200_000)
    visibility: VisibilityName | None = None
    labels: list[Text] | None = Field(default=None, max_length=20)
    related_ids: list[ObjectId] | None = Field(default=None, max_length=20)
    owner_id: ObjectId | None = None
    review_by: date | None = None
    summary: Text = Field(default="", max_length=300)


class KbScheduleIn(Schema):
    publish_at: datetime | None = Field(
        description="When to publish (with time zone); null cancels."
    )


class KbRevisionOut(Schema):
    number: int
    title: str
    body: str
    author: KbPersonRef
    summary: str
    created_at: datetime
    published_at: datetime | None
    is_live: bool

    @staticmethod
    def of(revision: ArticleRevision, live_id: int | None) -> KbRevisionOut:
        return KbRevisionOut(
            number=revision.number,
            title=revision.title,
            body=revision.body,
            author=KbPersonRef(username=revision.author.username, name=revision.author.public_name),
            summary=revision.summary,
            created_at=revision.created_at,
            published_at=revision.published_at,
            is_live=revision.pk == live_id,
        )


class KbDiffFilters(Schema):
    from_revision: int = Field(alias="from", ge=1)
    to_revision: int = Field(alias="to", ge=1)


class KbDiffOut(Schema):
    from_revision: int
    to_revision: int
    title_changed: bool
    unified_diff: str = Field(description="The body's changes as a unified diff (difflib).")


class KbFeedbackIn(Schema):
    helpful: bool
    comment: Text = Field(default="", max_length=2000)


class KbFeedbackOut(Schema):
    id: int
    article_id: int
    helpful: bool
    comment: str
    created_at: datetime
    resolved: bool
    user: KbPersonRef

    @staticmethod
    def of(feedback: Feedback) -> KbFeedbackOut:
        return KbFeedbackOut(
            id=feedback.pk,
            article_id=feedback.article_id,
            helpful=feedback.helpful,
            comment=feedback.comment,
            created_at=feedback.created_at,
            resolved=feedback.resolved_at is not None,
            user=KbPersonRef(username=feedback.user.username, name=feedback.user.public_name),
        )


class KbSuggestionIn(Schema):
    text: Text = Field(max_length=10_000)


class KbSuggestionOut(Schema):
    id: int
    article_id: int
    text: str
    status: Literal["open", "accepted", "dismissed"]
    created_at: datetime
    author: KbPersonRef

    @staticmethod
    def of(suggestion: EditSuggestion) -> KbSuggestionOut:
        return KbSuggestionOut(
            id=suggestion.pk,
            article_id=suggestion.article_id,
            text=suggestion.text,
            status=suggestion.status,  # type: ignore[arg-type]
            created_at=suggestion.created_at,
            author=KbPersonRef(
                username=suggestion.author.username, name=suggestion.author.public_name
            ),
        )


class KbResolveIn(Schema):
    accept: bool = Field(description="True: an editor took it on; false: dismissed.")


class KbPromoteIn(Schema):
    answer_id: ObjectId | None = Field(default=None, description="Promote this answer…")
    question_id: ObjectId | None = Field(default=None, description="…or this whole thread.")
    section_id: ObjectId | None = Field(default=None, description="The first section by default.")


class KbCaseLinkIn(Schema):
    case_id: ObjectId
    kind: Literal["used", "created"]


class KbCaseLinkOut(Schema):
    article_id: int
    case_id: int
    kind: str
