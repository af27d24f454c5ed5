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


class SectionOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    category_id: int
    url: str

    @staticmethod
    def of(section: Section) -> SectionOut:
        return SectionOut(
            id=section.pk,
            slug=section.slug,
            name=section.name,
            description=section.description,
            category_id=section.category_id,
            url=section.get_absolute_url(),
        )


class CategoryOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    url: str
    sections: list[SectionOut]

    @staticmethod
    def of(category: Category) -> CategoryOut:
        return CategoryOut(
            id=category.pk,
            slug=category.slug,
            name=category.name,
            description=category.description,
            url=category.get_absolute_url(),
            sections=[SectionOut.of(s) for s in category.sections.all()],
        )


class CategoryIn(Schema):
    name: Text = Field(max_length=200)
    description: Text = Field(default="", max_length=1000)
    position: int = Field(default=0, ge=0, le=10_000)


class SectionIn(CategoryIn):
    category_id: ObjectId


class PersonRef(Schema):
    username: str
    name: str


class ArticleOut(Schema):
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
    owner: PersonRef | None = None
    review_by: date | None = None
    scheduled_publish_at: datetime | None = None
    source_url: str | None = Field(default=None, description="Staff only: the thread it came from.")
    related_ids: list[int] = Field(default_factory=list)

    @staticmethod
    def of(article: Article, *, staff: bool, related_ids: list[int] | None = None) -> ArticleOut:
        live = article.is_live
        out = ArticleOut(
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
            out.owner = PersonRef(username=article.owner.username, name=article.owner.public_name)
            out.review_by = article.review_by
            out.scheduled_publish_at = article.scheduled_publish_at
            out.source_url = article.source_url
        return out


class ArticlePage(PageOut):
    items: list[ArticleOut]


class ArticleFilters(PageIn):
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


class ArticleIn(Schema):
    section_id: ObjectId
    title: Text = Field(max_length=500)
    body: Text = Field(max_length=200_000, description="Markdown.")
    visibility: VisibilityName = "public"
    labels: list[Text] = Field(default_factory=list, max_length=20)
    related_ids: list[ObjectId] = Field(default_factory=list, max_length=20)
    owner_id: ObjectId | None = Field(default=None, description="A staff member; you by default.")
    review_by: date | None = None
    summary: Text = Field(default="", max_length=300)


class ArticlePatch(Schema):
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


class ScheduleIn(Schema):
    publish_at: datetime | None = Field(
        description="When to publish (with time zone); null cancels."
    )


class RevisionOut(Schema):
    number: int
    title: str
    body: str
    author: PersonRef
    summary: str
    created_at: datetime
    published_at: datetime | None
    is_live: bool

    @staticmethod
    def of(revision: ArticleRevision, live_id: int | None) -> RevisionOut:
        return RevisionOut(
            number=revision.number,
            title=revision.title,
            body=revision.body,
            author=PersonRef(username=revision.author.username, name=revision.author.public_name),
            summary=revision.summary,
            created_at=revision.created_at,
            published_at=revision.published_at,
            is_live=revision.pk == live_id,
        )


class DiffFilters(Schema):
    from_revision: int = Field(alias="from", ge=1)
    to_revision: int = Field(alias="to", ge=1)


class DiffOut(Schema):
    from_revision: int
    to_revision: int
    title_changed: bool
    unified_diff: str = Field(description="The body's changes as a unified diff (difflib).")


class FeedbackIn(Schema):
    helpful: bool
    comment: Text = Field(default="", max_length=2000)


class FeedbackOut(Schema):
    id: int
    article_id: int
    helpful: bool
    comment: str
    created_at: datetime
    resolved: bool
    user: PersonRef

    @staticmethod
    def of(feedback: Feedback) -> FeedbackOut:
        return FeedbackOut(
            id=feedback.pk,
            article_id=feedback.article_id,
            helpful=feedback.helpful,
            comment=feedback.comment,
            created_at=feedback.created_at,
            resolved=feedback.resolved_at is not None,
            user=PersonRef(username=feedback.user.username, name=feedback.user.public_name),
        )


class SuggestionIn(Schema):
    text: Text = Field(max_length=10_000)


class SuggestionOut(Schema):
    id: int
    article_id: int
    text: str
    status: Literal["open", "accepted", "dismissed"]
    created_at: datetime
    author: PersonRef

    @staticmethod
    def of(suggestion: EditSuggestion) -> SuggestionOut:
        return SuggestionOut(
            id=suggestion.pk,
            article_id=suggestion.article_id,
            text=suggestion.text,
            status=suggestion.status,  # type: ignore[arg-type]
            created_at=suggestion.created_at,
            author=PersonRef(
                username=suggestion.author.username, name=suggestion.author.public_name
            ),
        )


class ResolveIn(Schema):
    accept: bool = Field(description="True: an editor took it on; false: dismissed.")


class PromoteIn(Schema):
    answer_id: ObjectId | None = Field(default=None, description="Promote this answer…")
    question_id: ObjectId | None = Field(default=None, description="…or this whole thread.")
    section_id: ObjectId | None = Field(default=None, description="The first section by default.")


class CaseLinkIn(Schema):
    case_id: ObjectId
    kind: Literal["used", "created"]


class CaseLinkOut(Schema):
    article_id: int
    case_id: int
    kind: str
