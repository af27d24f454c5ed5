"""Who may read and change the knowledge base. Views, the API and actions all ask these.

Roles (decided for issue 5): readers see live articles by visibility (public: everyone; signed-in
customers: anyone signed in; agents only: staff). Staff (agents, moderators, editors, admins)
write drafts, edit working copies, promote community answers and submit for review. Editors and
admins review, publish, schedule, archive, restore, manage categories and work the feedback queue.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from crowdservice.accounts.access import require_user
from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.core.errors import Forbidden, NotFound
from crowdservice.knowledge.models import Article, Category, Section, Status, Visibility

AnyUser = User | AnonymousUser
PUBLISHER_ROLES = frozenset({Role.EDITOR, Role.ADMIN})


def signed_in(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_active


def is_writer(user: AnyUser) -> bool:
    """Staff write drafts and edit working copies."""
    return signed_in(user) and isinstance(user, User) and user.is_staff_member


def can_publish(user: AnyUser) -> bool:
    return signed_in(user) and isinstance(user, User) and user.role in PUBLISHER_ROLES


def readable_visibilities(user: AnyUser) -> tuple[str, ...]:
    if is_writer(user):
        return (Visibility.PUBLIC, Visibility.SIGNED_IN, Visibility.AGENTS)
    if signed_in(user):
        return (Visibility.PUBLIC, Visibility.SIGNED_IN)
    return (Visibility.PUBLIC,)


def live_filter() -> Q:
    return Q(published_revision__isnull=False) & ~Q(status=Status.ARCHIVED)


def live_articles(user: AnyUser) -> QuerySet[Article]:
    """Published, not archived articles the user may read (what readers and search see)."""
    return Article.objects.filter(live_filter(), visibility__in=readable_visibilities(user))


def visible_articles(user: AnyUser) -> QuerySet[Article]:
    """Everything the user may open: staff also see drafts, reviews and archived articles."""
    if is_writer(user):
        return Article.objects.all()
    return live_articles(user)


def live_article_ids(user: AnyUser, ids: Sequence[int]) -> set[int]:
    return set(live_articles(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def access_article(user: AnyUser, article_id: int) -> Article:
    found = (
        visible_articles(user)
        .select_related("section__category", "owner", "published_revision")
        .filter(pk=article_id)
        .first()
    )
    if found is None:
        raise NotFound(
            f"Article {article_id} does not exist, was archived, or is not shared with you."
        )
    return found


def access_article_for_edit(user: AnyUser, article_id: int) -> Article:
    require_user(user)
    article = access_article(user, article_id)
    if not is_writer(user):
        raise Forbidden("Only agents, editors and admins can edit knowledge-base articles.")
    return article


def access_category(slug: str) -> Category:
    found = Category.objects.filter(slug=slug).first()
    if found is None:
        raise NotFound(f"There is no help-center category called {slug!r}.")
    return found


def access_section(slug: str) -> Section:
    found = Section.objects.select_related("category").filter(slug=slug).first()
    if found is None:
        raise NotFound(f"There is no help-center section called {slug!r}.")
    return found


def require_writer(user: AnyUser) -> User:
    person = require_user(user)
    if not is_writer(person):
        raise Forbidden("Only agents, editors and admins can write knowledge-base articles.")
    return person


def require_publisher(user: AnyUser, what: str = "publish articles") -> User:
    person = require_user(user)
    if not can_publish(person):
        raise Forbidden(f"Only editors and admins can {what}.")
    return person
