"""The knowledge-centered service loop, seen from cases: which help-center articles agents
linked in their public replies, recorded in the knowledge base as having been used to solve the
case (`knowledge.actions.do_record_case_link`, idempotent).

Recorded when an agent's public reply is sent and again when the case is solved or closed (a
consumer of those events, after commit, so a reply never fails because of analytics).
"""

from __future__ import annotations

from crowdservice.accounts.models import User
from crowdservice.cases.access import AGENT_ROLES
from crowdservice.cases.models import Case, CaseMessage, MessageKind
from crowdservice.knowledge.actions import do_record_case_link
from crowdservice.knowledge.content import linked_article_ids
from crowdservice.knowledge.models import Article, CaseLinkKind


def do_record_used_articles(*, case: Case, message: CaseMessage | None = None) -> int:
    """Record every published article linked in `message` (or in all of the case's public
    agent replies) as used to solve `case`, by the agent who linked it; returns how many links
    were seen. Internal notes don't count: the customer never got those links."""
    # Agents who still are (the knowledge base records a link in a current writer's name).
    replies = CaseMessage.objects.filter(
        case=case, kind=MessageKind.PUBLIC, author__role__in=AGENT_ROLES, author__is_active=True
    ).exclude(author_id=case.requester_id)
    if message is not None:
        replies = replies.filter(pk=message.pk)
    linked: dict[int, int] = {}  # article id -> the agent who linked it first
    for author_id, body in replies.order_by("created_at", "pk").values_list("author_id", "body"):
        for article_id in sorted(linked_article_ids(body)):
            linked.setdefault(article_id, author_id)
    if not linked:
        return 0
    # Only articles readers have seen: a draft or unknown number in a link solved nothing.
    articles = Article.objects.filter(pk__in=linked, published_revision__isnull=False)
    agents = User.objects.in_bulk(set(linked.values()))
    for article in articles:
        do_record_case_link(
            actor=agents[linked[article.pk]],
            article=article,
            case_id=case.pk,
            kind=CaseLinkKind.USED,
        )
    return len(linked)
