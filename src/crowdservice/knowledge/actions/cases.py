"""What the cases app (issue: cases, being built in parallel) calls into the knowledge base.

- `do_create_draft_from_text`: the case "publish back" step sends a resolution to the KB as a
  draft (private details must already be removed by the caller); it records that the case
  created the article.
- `do_record_case_link`: an agent used an article to solve a case (or a case created one).
- `queries.search_articles` finds articles for an agent inside a case, each with a markdown link
  to insert in a reply.

Cases do not exist on this branch, so cases are plain ids here.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.knowledge.access import require_writer
from crowdservice.knowledge.actions.articles import do_create_article
from crowdservice.knowledge.models import Article, CaseLink, CaseLinkKind, Section, Visibility


def default_section_id() -> int | None:
    return (
        Section.objects.order_by("category__position", "position", "pk")
        .values_list("pk", flat=True)
        .first()
    )


@transaction.atomic
def do_create_draft_from_text(
    *,
    author: User,
    title: str,
    body: str,
    section_id: int | None = None,
    source_case_id: int | None = None,
    visibility: str = Visibility.PUBLIC,
) -> Article:
    """A KB draft from text written elsewhere (a case resolution); editors review and publish it.

    `section_id` defaults to the first section of the help center.
    """
    article = do_create_article(
        author=author,
        section_id=section_id if section_id is not None else default_section_id(),
        title=title,
        body=body,
        visibility=visibility,
        summary=f"Drafted from case {source_case_id}" if source_case_id else "Drafted from text",
        source_case_id=source_case_id,
    )
    if source_case_id is not None:
        do_record_case_link(
            actor=author, article=article, case_id=source_case_id, kind=CaseLinkKind.CREATED
        )
    return article


@transaction.atomic
def do_record_case_link(*, actor: User, article: Article, case_id: int, kind: str) -> CaseLink:
    """Record that `article` solved (`used`) or came from (`created`) case `case_id`; idempotent."""
    require_writer(actor)
    if kind not in CaseLinkKind.values:
        raise ValidationFailed(
            {"kind": ["Say whether the article was used or created: used, created."]}
        )
    if case_id <= 0:
        raise ValidationFailed({"case_id": ["Give the case's number."]})
    link, created = CaseLink.objects.get_or_create(
        article=article,
        case_id=case_id,
        kind=kind,
        defaults={"created_by": actor, "created_at": timezone.now()},
    )
    if created:
        record_event(
            actor=actor,
            verb="article.case_linked",
            target=article,
            payload={"case_id": case_id, "kind": kind},
        )
    return link
