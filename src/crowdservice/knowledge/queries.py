"""Read models of the help center and the editors' pages, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.knowledge.access import (
    AnyUser,
    is_writer,
    live_articles,
    visible_articles,
)
from crowdservice.knowledge.content import TocEntry, table_of_contents
from crowdservice.knowledge.models import (
    Article,
    ArticleTranslation,
    Attachment,
    CaseLinkKind,
    Category,
    EditSuggestion,
    Feedback,
    Section,
    Status,
    SuggestionStatus,
)
from crowdservice.search import service

SECTION_PREVIEW = 6


@dataclass
class SectionView:
    section: Section
    articles: list[Article]
    count: int


@dataclass
class CategoryView:
    category: Category
    sections: list[SectionView]


def _live_by_section(user: AnyUser, section_ids: list[int]) -> dict[int, list[Article]]:
    found: dict[int, list[Article]] = defaultdict(list)
    rows = (
        live_articles(user)
        .filter(section_id__in=section_ids)
        .only("pk", "section_id", "published_title", "title", "published_at")
        .order_by("section_id", "published_title", "pk")
    )
    for article in rows:
        found[article.section_id].append(article)
    return found


def help_center(user: AnyUser, categories: QuerySet[Category] | None = None) -> list[CategoryView]:
    """Categories with their sections and a few live articles each: three queries."""
    cats = list((categories or Category.objects.all()).prefetch_related("sections"))
    sections = [s for c in cats for s in c.sections.all()]
    by_section = _live_by_section(user, [s.pk for s in sections])
    views = []
    for category in cats:
        section_views = [
            SectionView(s, by_section[s.pk][:SECTION_PREVIEW], len(by_section[s.pk]))
            for s in category.sections.all()
            if by_section[s.pk] or is_writer(user)
        ]
        views.append(CategoryView(category, section_views))
    return views


def section_articles(user: AnyUser, section: Section) -> list[Article]:
    return list(_live_by_section(user, [section.pk])[section.pk])


def label_articles(user: AnyUser, name: str) -> list[Article]:
    return list(
        live_articles(user)
        .filter(labels__name=name)
        .select_related("section")
        .order_by("published_title", "pk")
    )


@dataclass
class ArticlePage:
    article: Article
    title: str
    html: str
    toc: list[TocEntry]
    labels: list[str]
    related: list[Article]
    attachments: list[Attachment]
    language: str  # of the text shown
    translation_missing: bool  # the reader's language has no translation: fallback shown
    is_preview: bool  # staff looking at a working copy that readers can't see (yet)
    my_feedback: Feedback | None = None
    translations: list[str] = field(default_factory=list)
    cases_solved: int = 0  # staff only: cases this article was used to solve


def article_page(
    user: AnyUser, article: Article, *, language: str, default_language: str, preview: bool
) -> ArticlePage:
    """What the article page shows: the published text (or the working copy as a preview for
    staff), in the reader's language when translated."""
    from crowdservice.knowledge.content import render_article

    is_preview = preview or not article.is_live
    if is_preview:
        title, html = article.title, render_article(article.body)
    else:
        title, html = article.published_title, article.published_html
    translations = {t.language: t for t in ArticleTranslation.objects.filter(article=article)}
    shown_language, missing = default_language, False
    if language != default_language and not is_preview:
        translation = translations.get(language)
        if translation is not None:
            title, html, shown_language = translation.title, translation.body_html, language
        else:
            missing = True
    related = list(
        live_articles(user)
        .filter(pk__in=article.related.values("pk"))
        .only("pk", "published_title", "title")
        .order_by("published_title")
    )
    my_feedback = None
    if isinstance(user, User) and user.is_authenticated:
        my_feedback = Feedback.objects.filter(article=article, user=user).first()
    cases_solved = 0
    if is_writer(user):
        cases_solved = article.case_links.filter(kind=CaseLinkKind.USED).count()
    return ArticlePage(
        cases_solved=cases_solved,
        article=article,
        title=title,
        html=html,
        toc=table_of_contents(html),
        labels=[label.name for label in article.labels.all()],
        related=related,
        attachments=list(article.attachments.all()),
        language=shown_language,
        translation_missing=missing,
        is_preview=is_preview,
        my_feedback=my_feedback,
        translations=sorted(translations),
    )


def manage_lists(user: AnyUser) -> dict[str, list[Article]]:
    """The editors' dashboard: drafts, in review, scheduled, archived (staff only)."""
    base = visible_articles(user).select_related("section", "owner").order_by("-updated_at")
    return {
        "in_review": list(base.filter(status=Status.IN_REVIEW)[:100]),
        "drafts": list(base.filter(status=Status.DRAFT)[:100]),
        "scheduled": list(base.filter(scheduled_publish_at__isnull=False)[:100]),
        "archived": list(base.filter(status=Status.ARCHIVED)[:50]),
    }


def stale_articles(today: date | None = None) -> list[Article]:
    """Live articles whose review-by date has passed, most overdue first."""
    today = today or timezone.localdate()
    return list(
        Article.objects.filter(review_by__lt=today)
        .exclude(status=Status.ARCHIVED)
        .exclude(published_revision__isnull=True)
        .select_related("owner", "section")
        .order_by("review_by", "pk")
    )


@dataclass(frozen=True)
class BrokenLinks:
    article: Article
    missing_ids: list[int]


def broken_links() -> list[BrokenLinks]:
    """Live articles whose published text links to an article that was archived (or never
    existed): saving refuses such links, but an article can be archived after it was linked."""
    from crowdservice.knowledge.access import live_filter
    from crowdservice.knowledge.content import linked_article_ids

    live = list(
        Article.objects.filter(live_filter())
        .select_related("published_revision", "owner")
        .order_by("pk")
    )
    wanted = {
        a.pk: linked_article_ids(a.published_revision.body)
        for a in live
        if a.published_revision is not None
    }
    every = set().union(*wanted.values()) if wanted else set()
    alive = set(
        Article.objects.filter(pk__in=every)
        .exclude(status=Status.ARCHIVED)
        .values_list("pk", flat=True)
    )
    return [
        BrokenLinks(article=a, missing_ids=sorted(wanted[a.pk] - alive - {a.pk}))
        for a in live
        if wanted.get(a.pk, set()) - alive - {a.pk}
    ]


def feedback_queue() -> list[Feedback]:
    """Unresolved feedback that says something: comments, and "no" answers."""
    return list(
        Feedback.objects.filter(resolved_at__isnull=True)
        .filter(~Q(comment="") | Q(helpful=False))
        .select_related("article", "user")
        .order_by("-created_at")[:200]
    )


def suggestion_queue() -> list[EditSuggestion]:
    return list(
        EditSuggestion.objects.filter(status=SuggestionStatus.OPEN)
        .select_related("article", "author")
        .order_by("-created_at")[:200]
    )


def queue_counts() -> dict[str, int]:
    return {
        "feedback": Feedback.objects.filter(resolved_at__isnull=True)
        .filter(~Q(comment="") | Q(helpful=False))
        .count(),
        "suggestions": EditSuggestion.objects.filter(status=SuggestionStatus.OPEN).count(),
        "stale": len(stale_articles()),
    }


def articles_for_api(user: AnyUser) -> QuerySet[Article]:
    return (
        visible_articles(user)
        .select_related("section__category", "owner")
        .prefetch_related(Prefetch("labels"))
        .order_by("section_id", "published_title", "pk")
    )


@dataclass(frozen=True)
class ArticleLink:
    article_id: int
    title: str
    url: str
    snippet: str
    markdown: str  # what an agent inserts into a reply


def search_articles(user: AnyUser, text: str, *, limit: int = 10) -> list[ArticleLink]:
    """Articles for an agent working a case (or anyone): best first, each as a link to insert."""
    results = service.search(user, text, limit=200)
    links = []
    for hit in results.hits:
        if hit.kind != "article":
            continue
        links.append(
            ArticleLink(
                article_id=hit.object_id,
                title=hit.title,
                url=hit.url,
                snippet=hit.snippet,
                markdown=f"[{hit.title}]({hit.url})",
            )
        )
        if len(links) >= limit:
            break
    return links
