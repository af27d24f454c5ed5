"""Published articles as the search index sees them (an `IndexSource` of kind "article").

Only live articles are indexed (a draft or an archived article is left out, so the index drops
it); each carries the "kb" trust tier and an audience from its visibility: agents-only articles
are found by staff only, signed-in ones by anyone signed in. `visible_ids` re-checks every hit
against the database before it is shown.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from crowdservice.core.models import Event
from crowdservice.knowledge.access import live_article_ids, live_filter
from crowdservice.knowledge.content import plain_text
from crowdservice.knowledge.models import Article, Visibility
from crowdservice.search.index.documents import IndexDocument
from crowdservice.search.models import Audience
from crowdservice.search.types import AnyUser

AUDIENCES = {
    Visibility.PUBLIC: Audience.PUBLIC,
    Visibility.SIGNED_IN: Audience.MEMBERS,
    Visibility.AGENTS: Audience.STAFF,
}
# Events after which what readers see of an article may have changed.
ARTICLE_VERBS = (
    "article.published", "article.archived", "article.edited", "article.feedback",
)  # fmt: skip


class ArticleIndexSource:
    kinds: tuple[str, ...] = ("article",)
    index_verbs: tuple[str, ...] = ARTICLE_VERBS

    def affected(self, event: Event) -> list[tuple[str, int]]:
        if event.object_id is None or event.object_type != "knowledge.article":
            return []
        return [("article", event.object_id)]

    def documents(self, kind: str, ids: Sequence[int]) -> list[IndexDocument]:
        if kind != "article":
            raise LookupError(kind)
        articles = (
            Article.objects.filter(live_filter(), pk__in=list(ids))
            .select_related("published_revision", "section")
            .prefetch_related("labels")
        )
        docs = []
        for article in articles:
            revision = article.published_revision
            assert revision is not None
            labels = tuple(label.name for label in article.labels.all())
            docs.append(
                IndexDocument(
                    kind="article",
                    object_id=article.pk,
                    title=revision.title,
                    body=plain_text(revision.body + ("\n\n" + " ".join(labels) if labels else "")),
                    url=article.get_absolute_url(),
                    audience=AUDIENCES[Visibility(article.visibility)],
                    created_at=article.created_at,
                    updated_at=article.published_at or article.updated_at,
                    votes=article.helpful_yes - article.helpful_no,
                    endorsed=True,
                    tier="kb",
                    badges=("kb",),
                )
            )
        return docs

    def all_ids(self, kind: str) -> Iterator[int]:
        return Article.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000)

    def visible_ids(self, user: AnyUser, kind: str, ids: Sequence[int]) -> set[int]:
        return live_article_ids(user, ids)
