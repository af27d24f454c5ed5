"""Writing articles and the editorial workflow: draft, in review, published, archived."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.actions import do_link_knowledge_article, do_unlink_knowledge_article
from crowdservice.community.models import Answer, Question
from crowdservice.core.errors import Conflict, Forbidden, ValidationFailed
from crowdservice.core.events import object_type_of, record_event
from crowdservice.core.models import Event
from crowdservice.knowledge.access import can_publish, require_publisher, require_writer
from crowdservice.knowledge.actions.validation import (
    check_body,
    check_labels,
    check_related,
    check_review_by,
    check_section,
    check_title,
    check_visibility,
    clean_labels,
)
from crowdservice.knowledge.content import render_article
from crowdservice.knowledge.models import Article, ArticleRevision, Label, Status, Visibility

UNSET: object = object()


def _labels_for(names: list[str]) -> list[Label]:
    existing = {label.name: label for label in Label.objects.filter(name__in=names)}
    missing = [Label(name=n) for n in names if n not in existing]
    if missing:
        Label.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {label.name: label for label in Label.objects.filter(name__in=names)}
    return [existing[n] for n in names]


def _add_revision(article: Article, author: User, summary: str, when: datetime) -> ArticleRevision:
    last = article.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleRevision.objects.create(
        article=article,
        number=last + 1,
        title=article.title,
        body=article.body,
        author=author,
        summary=summary[:300],
        created_at=when,
    )


def lock_article(article_id: int) -> Article:
    """Lock order: article, then its revisions; community threads are locked after."""
    return Article.objects.select_for_update().get(pk=article_id)


def _owner(owner_id: int | None, default: User, errors: dict[str, list[str]]) -> User:
    if owner_id is None:
        return default
    owner = User.objects.filter(pk=owner_id).first()
    if owner is None or not owner.is_staff_member:
        errors["owner"] = ["The owner must be a staff member (agent, editor or admin)."]
        return default
    return owner


@transaction.atomic
def do_create_article(
    *,
    author: User,
    section_id: int | None,
    title: str,
    body: str,
    visibility: str = Visibility.PUBLIC,
    labels: list[str] | str = "",
    related_ids: list[int] | None = None,
    owner_id: int | None = None,
    review_by: date | None = None,
    summary: str = "",
    source_question_id: int | None = None,
    source_answer_id: int | None = None,
    source_url: str = "",
    source_case_id: int | None = None,
) -> Article:
    """A new draft (revision 1). Staff only."""
    require_writer(author)
    errors: dict[str, list[str]] = {}
    title = check_title(title, errors)
    check_body(body, errors, article_id=None)
    section = check_section(section_id, errors)
    check_visibility(visibility, errors)
    names = clean_labels(labels)
    check_labels(names, errors)
    related = check_related(related_ids or [], errors, article_id=None)
    owner = _owner(owner_id, author, errors)
    check_review_by(review_by, errors)
    if errors:
        raise ValidationFailed(errors)
    assert section is not None
    now = timezone.now()
    article = Article.objects.create(
        section=section,
        title=title,
        body=body,
        visibility=visibility,
        owner=owner,
        created_by=author,
        review_by=review_by,
        source_question_id=source_question_id,
        source_answer_id=source_answer_id,
        source_url=source_url[:300],
        source_case_id=source_case_id,
        created_at=now,
        updated_at=now,
    )
    article.labels.set(_labels_for(names))
    article.related.set(related)
    _add_revision(article, author, summary or "First draft", now)
    record_event(
        actor=author,
        verb="article.created",
        target=article,
        payload={
            "title": title,
            "section_id": section.pk,
            "source_question_id": source_question_id,
        },
    )
    return article


@transaction.atomic
def do_save_article(
    *,
    actor: User,
    article: Article,
    base_version: int,
    title: str | None = None,
    body: str | None = None,
    section_id: int | None = None,
    visibility: str | None = None,
    labels: list[str] | str | None = None,
    related_ids: list[int] | None = None,
    owner_id: int | None = None,
    review_by: date | object | None = UNSET,
    summary: str = "",
) -> Article:
    """Save the working copy. `base_version` is the version the editor started from: if someone
    saved in between, nothing is written and the caller is told (409), never silently overwritten.

    Title and body changes add a revision and leave readers on the published one until the next
    publish; section, visibility, labels, related articles, owner and review date take effect at
    once (on a live article only editors and admins may change them).
    """
    require_writer(actor)
    article = lock_article(article.pk)
    if article.version != base_version:
        raise Conflict(
            "Someone else saved this article after you opened it, so your changes were not "
            "saved. Reload the article to see their version, then apply your changes again.",
            code="edit_conflict",
        )
    if article.status == Status.ARCHIVED:
        raise Conflict("This article is archived; publish it again before editing.")
    errors: dict[str, list[str]] = {}
    new_title = check_title(title, errors) if title is not None else article.title
    new_body = body if body is not None else article.body
    if body is not None:
        check_body(new_body, errors, article_id=article.pk)
    section = check_section(section_id, errors) if section_id is not None else article.section
    new_visibility = visibility if visibility is not None else article.visibility
    check_visibility(new_visibility, errors)
    old_labels = list(article.labels.values_list("name", flat=True))
    new_labels = clean_labels(labels) if labels is not None else old_labels
    check_labels(new_labels, errors)
    old_related = sorted(article.related.values_list("pk", flat=True))
    related = (
        check_related(related_ids, errors, article_id=article.pk)
        if related_ids is not None
        else None
    )
    owner = _owner(owner_id, article.owner, errors)
    new_review_by = article.review_by if review_by is UNSET else review_by
    assert new_review_by is None or isinstance(new_review_by, date)
    check_review_by(new_review_by, errors)
    if errors:
        raise ValidationFailed(errors)
    assert section is not None
    content_changed = [
        name
        for name, old, new in (
            ("title", article.title, new_title),
            ("body", article.body, new_body),
        )
        if old != new
    ]
    meta_changed = [
        name
        for name, old, new in (
            ("section", article.section_id, section.pk),
            ("visibility", article.visibility, new_visibility),
            ("labels", old_labels, new_labels),
            (
                "related",
                old_related,
                sorted(a.pk for a in related) if related is not None else old_related,
            ),
            ("owner", article.owner_id, owner.pk),
            ("review_by", article.review_by, new_review_by),
        )
        if old != new
    ]
    if not content_changed and not meta_changed:
        return article
    if meta_changed and article.is_live and not can_publish(actor):
        raise Forbidden(
            "Only editors and admins can change the section, visibility, labels, owner or "
            "review date of a published article."
        )
    now = timezone.now()
    article.title, article.body, article.section = new_title, new_body, section
    article.visibility, article.owner, article.review_by = new_visibility, owner, new_review_by
    article.version = F("version") + 1
    article.updated_at = now
    if content_changed and article.status == Status.PUBLISHED:
        article.status = Status.DRAFT  # readers keep the published revision until the next publish
    article.save(
        update_fields=[
            "title", "body", "section", "visibility", "owner", "review_by", "version",
            "updated_at", "status",
        ]
    )  # fmt: skip
    article.refresh_from_db(fields=["version"])
    if "labels" in meta_changed:
        article.labels.set(_labels_for(new_labels))
    if "related" in meta_changed and related is not None:
        article.related.set(related)
    if content_changed:
        _add_revision(article, actor, summary, now)
    record_event(
        actor=actor,
        verb="article.edited",
        target=article,
        payload={"changed": content_changed + meta_changed, "version": article.version},
    )
    return article


def _transition(actor: User, article: Article, verb: str, **payload: object) -> Article:
    article.version = F("version") + 1
    article.updated_at = timezone.now()
    article.save(update_fields=["status", "version", "updated_at"])
    article.refresh_from_db(fields=["version"])
    record_event(
        actor=actor, verb=verb, target=article, payload={"status": article.status, **payload}
    )
    return article


@transaction.atomic
def do_submit_for_review(*, actor: User, article: Article) -> Article:
    require_writer(actor)
    article = lock_article(article.pk)
    if article.status != Status.DRAFT:
        state = article.get_status_display().lower()
        raise Conflict(f"Only drafts can be sent for review; this article is {state}.")
    article.status = Status.IN_REVIEW
    return _transition(actor, article, "article.submitted")


@transaction.atomic
def do_return_to_draft(*, actor: User, article: Article, note: str = "") -> Article:
    """An editor sends an article in review back to its writers."""
    require_publisher(actor, "review articles")
    article = lock_article(article.pk)
    if article.status != Status.IN_REVIEW:
        raise Conflict("Only articles in review can be sent back to draft.")
    article.status = Status.DRAFT
    return _transition(actor, article, "article.returned", note=note[:500])


def _link_thread(actor: User, article: Article) -> None:
    """A published article promoted from a thread: the thread shows its KB answer."""
    if article.source_question_id is None:
        return
    if not Question.objects.filter(pk=article.source_question_id).exists():
        return
    do_link_knowledge_article(
        actor=actor,
        question_id=article.source_question_id,
        answer_id=article.source_answer_id,
        article_id=article.pk,
        url=article.get_absolute_url(),
        title=article.published_title,
    )
    _record_promotion(actor, article)


PROMOTED, UNPROMOTED = "answer.promoted_to_kb", "answer.unpromoted_from_kb"


def _promoted_answer(article: Article) -> Answer | None:
    """The answer this article was promoted from, if any (and still in its thread)."""
    if article.source_answer_id is None or article.source_question_id is None:
        return None
    return Answer.objects.filter(
        pk=article.source_answer_id, question_id=article.source_question_id
    ).first()


def _is_promoted(answer: Answer) -> bool:
    """The answer's newest promotion event says it is in the knowledge base (the event log is
    the record: reputation turns the same two verbs into points and back)."""
    latest = (
        Event.objects.filter(
            verb__in=[PROMOTED, UNPROMOTED], object_type=object_type_of(answer), object_id=answer.pk
        )
        .order_by("-pk")
        .values_list("verb", flat=True)
        .first()
    )
    return latest == PROMOTED


def _promotion_payload(answer: Answer, article: Article) -> dict[str, object]:
    return {
        "answer_author_id": answer.author_id,
        "question_id": answer.question_id,
        "article_id": article.pk,
    }


def _record_promotion(actor: User, article: Article) -> None:
    """Publishing an article promoted from an answer that is not in the knowledge base yet is
    `answer.promoted_to_kb`: reputation credits the answer's author and awards the badge. Once
    per answer while it stays promoted, however many articles or publications."""
    answer = _promoted_answer(article)
    if answer is None or answer.is_deleted or _is_promoted(answer):
        return
    record_event(
        actor=actor, verb=PROMOTED, target=answer, payload=_promotion_payload(answer, article)
    )


def _record_unpromotion(actor: User, article: Article) -> None:
    """Archiving the article takes the answer out of the knowledge base, unless another live
    article still carries it: `answer.unpromoted_from_kb`, and reputation takes the promotion's
    points back (the badge is kept, as every badge). Publishing again promotes it again."""
    answer = _promoted_answer(article)
    if answer is None or not _is_promoted(answer):
        return
    still_live = (
        Article.objects.filter(source_answer_id=answer.pk, published_revision__isnull=False)
        .exclude(status=Status.ARCHIVED)
        .exclude(pk=article.pk)
        .exists()
    )
    if still_live:
        return
    record_event(
        actor=actor, verb=UNPROMOTED, target=answer, payload=_promotion_payload(answer, article)
    )


@transaction.atomic
def do_publish(*, actor: User, article: Article) -> Article:
    """Publish the working copy's latest revision: readers (and search) see it from now on."""
    require_publisher(actor)
    article = lock_article(article.pk)
    if article.status == Status.PUBLISHED:
        raise Conflict("This article is already published with its latest changes.")
    errors: dict[str, list[str]] = {}
    check_body(article.body, errors, article_id=article.pk)
    if errors:
        raise ValidationFailed(errors)
    now = timezone.now()
    revision = article.revisions.order_by("-number").first()
    assert revision is not None
    revision.published_at, revision.published_by = now, actor
    revision.save(update_fields=["published_at", "published_by"])
    article.published_revision = revision
    article.published_title = revision.title
    article.published_html = render_article(revision.body)
    article.published_at = now
    article.status = Status.PUBLISHED
    article.scheduled_publish_at, article.scheduled_by = None, None
    article.version = F("version") + 1
    article.updated_at = now
    article.save(
        update_fields=[
            "published_revision", "published_title", "published_html", "published_at", "status",
            "scheduled_publish_at", "scheduled_by", "version", "updated_at",
        ]
    )  # fmt: skip
    article.refresh_from_db(fields=["version"])
    record_event(
        actor=actor,
        verb="article.published",
        target=article,
        payload={"revision": revision.number, "title": revision.title},
    )
    _link_thread(actor, article)
    return article


@transaction.atomic
def do_archive(*, actor: User, article: Article) -> Article:
    """Take an article off the help center (and out of search); publishing again restores it."""
    require_publisher(actor, "archive articles")
    article = lock_article(article.pk)
    if article.status == Status.ARCHIVED:
        raise Conflict("This article is already archived.")
    article.status = Status.ARCHIVED
    article.scheduled_publish_at, article.scheduled_by = None, None
    article.save(update_fields=["scheduled_publish_at", "scheduled_by"])
    _transition(actor, article, "article.archived")
    if (
        article.source_question_id is not None
        and Question.objects.filter(pk=article.source_question_id).exists()
    ):
        do_unlink_knowledge_article(
            actor=actor, question_id=article.source_question_id, article_id=article.pk
        )
    _record_unpromotion(actor, article)
    return article


@transaction.atomic
def do_restore_revision(
    *, actor: User, article: Article, number: int, base_version: int | None = None
) -> Article:
    """Make an old revision the working copy again (as a new revision); publish to show it."""
    require_writer(actor)
    current = lock_article(article.pk)
    if base_version is not None and current.version != base_version:
        raise Conflict(
            "Someone else saved this article after you opened it; reload before restoring.",
            code="edit_conflict",
        )
    if current.status == Status.ARCHIVED:
        raise Conflict("This article is archived; publish it again before restoring a revision.")
    old = current.revisions.filter(number=number).first()
    if old is None:
        raise ValidationFailed({"number": [f"Article {current.pk} has no revision {number}."]})
    if (old.title, old.body) == (current.title, current.body):
        raise Conflict(f"Revision {number} is already the current text.")
    now = timezone.now()
    current.title, current.body = old.title, old.body
    if current.status == Status.PUBLISHED:
        current.status = Status.DRAFT
    current.version = F("version") + 1
    current.updated_at = now
    current.save(update_fields=["title", "body", "status", "version", "updated_at"])
    current.refresh_from_db(fields=["version"])
    revision = _add_revision(current, actor, f"Restored revision {number}", now)
    record_event(
        actor=actor,
        verb="article.restored",
        target=current,
        payload={"restored": number, "revision": revision.number},
    )
    return current


@transaction.atomic
def do_schedule_publish(*, actor: User, article: Article, when: datetime | None) -> Article:
    """Publish at `when` (a background job checks every minute); None cancels the schedule."""
    require_publisher(actor, "schedule publishing")
    article = lock_article(article.pk)
    if when is not None:
        if timezone.is_naive(when):
            raise ValidationFailed({"publish_at": ["Give the time with its time zone."]})
        if when <= timezone.now():
            raise ValidationFailed({"publish_at": ["Choose a time in the future."]})
        if article.status == Status.PUBLISHED:
            raise Conflict("This article is already published with its latest changes.")
    elif article.scheduled_publish_at is None:
        raise Conflict("This article has no scheduled publish to cancel.")
    article.scheduled_publish_at = when
    article.scheduled_by = actor if when is not None else None
    article.save(update_fields=["scheduled_publish_at", "scheduled_by"])
    record_event(
        actor=actor,
        verb="article.scheduled" if when is not None else "article.unscheduled",
        target=article,
        payload={"publish_at": when.isoformat() if when else None},
    )
    return article


def do_publish_due(now: datetime | None = None) -> int:
    """Publish every article whose scheduled time has come, as the editor who scheduled it.

    Each publish is its own transaction; an article whose scheduler may no longer publish, or
    that fails validation now, loses its schedule (an event records why) instead of blocking.
    """
    now = now or timezone.now()
    published = 0
    due = Article.objects.filter(scheduled_publish_at__lte=now).select_related("scheduled_by")
    for article in list(due.order_by("scheduled_publish_at", "pk")):
        scheduler = article.scheduled_by
        try:
            if scheduler is None or not can_publish(scheduler):
                raise Forbidden("The editor who scheduled this article can no longer publish.")
            do_publish(actor=scheduler, article=article)
            published += 1
        except (Forbidden, Conflict, ValidationFailed) as exc:
            with transaction.atomic():
                Article.objects.filter(pk=article.pk).update(
                    scheduled_publish_at=None, scheduled_by=None
                )
                record_event(
                    actor=scheduler,
                    verb="article.schedule_failed",
                    target=article,
                    payload={"reason": exc.message},
                )
    return published
