"""The editorial workflow: draft, review, publish, archive; revisions, diffs, restore, conflicts,
scheduled publishing and the stale-content report, for every role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import Conflict, Forbidden, NotAuthenticated, ValidationFailed
from crowdservice.core.models import Event
from crowdservice.knowledge import actions
from crowdservice.knowledge.access import access_article, live_articles
from crowdservice.knowledge.content import diff_lines
from crowdservice.knowledge.jobs import publish_scheduled_articles
from crowdservice.knowledge.models import Article, Section, Status
from crowdservice.knowledge.queries import stale_articles

pytestmark = pytest.mark.django_db

ROLES = ["customer", "agent", "moderator", "editor", "admin_user"]
WRITERS = {"agent", "moderator", "editor", "admin_user"}
PUBLISHERS = {"editor", "admin_user"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_write_a_draft(
    role: str, request: pytest.FixtureRequest, kb_section: Section
) -> None:
    user: User = request.getfixturevalue(role)
    kwargs = {
        "author": user,
        "section_id": kb_section.pk,
        "title": "Update the firmware safely",
        "body": "Download the firmware from the support site, then upload it in the admin page.",
    }
    if role in WRITERS:
        article = actions.do_create_article(**kwargs)  # type: ignore[arg-type]
        assert article.status == Status.DRAFT
        assert article.revisions.count() == 1
        assert not article.is_live
    else:
        with pytest.raises(Forbidden):
            actions.do_create_article(**kwargs)  # type: ignore[arg-type]
        assert not Article.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_publish(
    role: str, request: pytest.FixtureRequest, agent: User, make_article: Callable[..., Article]
) -> None:
    user: User = request.getfixturevalue(role)
    draft = make_article(publish=False, author=agent)
    if role in PUBLISHERS:
        published = actions.do_publish(actor=user, article=draft)
        assert published.is_live
        assert published.status == Status.PUBLISHED
        assert published.published_revision is not None
        assert published.published_revision.published_by == user
        assert Event.objects.filter(verb="article.published", actor=user).exists()
    else:
        with pytest.raises(Forbidden, match="Only editors and admins can publish"):
            actions.do_publish(actor=user, article=draft)
        draft.refresh_from_db()
        assert not draft.is_live


@pytest.mark.parametrize("role", ROLES)
def test_who_may_archive_and_send_back(
    role: str, request: pytest.FixtureRequest, make_article: Callable[..., Article]
) -> None:
    user: User = request.getfixturevalue(role)
    live = make_article()
    if role in PUBLISHERS:
        assert actions.do_archive(actor=user, article=live).status == Status.ARCHIVED
    else:
        with pytest.raises(Forbidden):
            actions.do_archive(actor=user, article=live)
    in_review = make_article(publish=False)
    actions.do_submit_for_review(actor=User.objects.get(username="eddie_editor"), article=in_review)
    if role in PUBLISHERS:
        assert actions.do_return_to_draft(actor=user, article=in_review).status == Status.DRAFT
    else:
        with pytest.raises(Forbidden):
            actions.do_return_to_draft(actor=user, article=in_review)


def test_the_whole_workflow_keeps_readers_on_the_published_revision(
    agent: User, editor: User, customer: User, make_article: Callable[..., Article]
) -> None:
    draft = make_article(publish=False, author=agent)
    assert draft not in live_articles(customer)
    draft = actions.do_submit_for_review(actor=agent, article=draft)
    assert draft.status == Status.IN_REVIEW
    with pytest.raises(Conflict):
        actions.do_submit_for_review(actor=agent, article=draft)
    published = actions.do_publish(actor=editor, article=draft)
    first_html = published.published_html
    assert 'id="reset"' in first_html  # headings carry anchors for the table of contents

    edited = actions.do_save_article(
        actor=agent,
        article=published,
        base_version=published.version,
        body=published.body + "\n\nThen wait two minutes for the router to restart.",
        summary="Say how long the restart takes",
    )
    assert edited.status == Status.DRAFT
    assert edited.has_unpublished_changes
    seen = access_article(customer, edited.pk)
    assert seen.published_html == first_html  # readers still see revision 1
    assert "two minutes" not in seen.published_html

    republished = actions.do_publish(actor=editor, article=edited)
    assert "two minutes" in republished.published_html
    published_numbers = [r.number for r in republished.revisions.all() if r.published_at]
    assert published_numbers == [1, 2]  # every publish is a revision
    with pytest.raises(Conflict, match="already published"):
        actions.do_publish(actor=editor, article=republished)


def test_diff_and_restore(editor: User, make_article: Callable[..., Article]) -> None:
    article = make_article()
    original = article.body
    article = actions.do_save_article(
        actor=editor,
        article=article,
        base_version=article.version,
        body="Completely new text here.",
    )
    lines = diff_lines(original, article.body)
    assert ("added", "Completely new text here.") in [(d.kind, d.text) for d in lines]
    assert any(d.kind == "removed" and "reset button" in d.text for d in lines)

    restored = actions.do_restore_revision(actor=editor, article=article, number=1)
    assert restored.body == original
    assert restored.revisions.order_by("-number").first().summary == "Restored revision 1"  # type: ignore[union-attr]
    with pytest.raises(Conflict, match="already the current text"):
        actions.do_restore_revision(actor=editor, article=restored, number=1)
    with pytest.raises(ValidationFailed):
        actions.do_restore_revision(actor=editor, article=restored, number=99)


def test_a_concurrent_edit_is_refused_not_overwritten(
    agent: User, editor: User, make_article: Callable[..., Article]
) -> None:
    article = make_article(publish=False)
    opened_at = article.version  # both open the same draft
    actions.do_save_article(
        actor=agent, article=article, base_version=opened_at, body="Agent's version of the text."
    )
    with pytest.raises(Conflict) as refused:
        actions.do_save_article(
            actor=editor, article=article, base_version=opened_at, body="Editor's competing text."
        )
    assert refused.value.code == "edit_conflict"
    article.refresh_from_db()
    assert article.body == "Agent's version of the text."
    assert article.revisions.count() == 2


def test_links_to_archived_or_missing_articles_are_refused(
    editor: User, make_article: Callable[..., Article]
) -> None:
    target = make_article()
    linking = make_article(body=f"See [the reset guide](/help/articles/{target.pk}/reset/) first.")
    actions.do_archive(actor=editor, article=target)
    with pytest.raises(ValidationFailed, match="archived or deleted"):
        actions.do_save_article(
            actor=editor,
            article=linking,
            base_version=linking.version,
            body=f"Still see [it](/help/articles/{target.pk}/) and [this](/help/articles/999999/).",
        )
    with pytest.raises(ValidationFailed, match="does not exist or was archived"):
        make_article(related_ids=[target.pk])


def test_customers_never_see_drafts_or_archived_articles(
    customer: User, editor: User, make_article: Callable[..., Article]
) -> None:
    from crowdservice.core.errors import NotFound

    draft = make_article(publish=False)
    archived = actions.do_archive(actor=editor, article=make_article())
    for article in (draft, archived):
        with pytest.raises(NotFound):
            access_article(customer, article.pk)
    assert access_article(editor, draft.pk) == draft


def test_only_staff_may_change_who_may_read_a_live_article(
    agent: User, editor: User, make_article: Callable[..., Article]
) -> None:
    article = make_article()
    with pytest.raises(Forbidden):
        actions.do_save_article(
            actor=agent, article=article, base_version=article.version, visibility="agents"
        )
    changed = actions.do_save_article(
        actor=editor, article=article, base_version=article.version, visibility="agents"
    )
    assert changed.visibility == "agents"
    assert changed.status == Status.PUBLISHED


def test_anonymous_and_customers_cannot_write(
    customer: User, make_article: Callable[..., Article]
) -> None:
    from django.contrib.auth.models import AnonymousUser

    article = make_article()
    with pytest.raises(NotAuthenticated):
        actions.do_publish(actor=AnonymousUser(), article=article)  # type: ignore[arg-type]
    with pytest.raises(Forbidden):
        actions.do_save_article(
            actor=customer, article=article, base_version=article.version, body="x" * 40
        )


def test_scheduled_publish_runs_from_the_periodic_job(
    editor: User, make_article: Callable[..., Article]
) -> None:
    article = make_article(publish=False)
    with pytest.raises(ValidationFailed, match="future"):
        actions.do_schedule_publish(
            actor=editor, article=article, when=timezone.now() - timedelta(minutes=1)
        )
    when = timezone.now() + timedelta(hours=1)
    actions.do_schedule_publish(actor=editor, article=article, when=when)
    assert publish_scheduled_articles.call_local() == 0  # not yet due
    Article.objects.filter(pk=article.pk).update(scheduled_publish_at=timezone.now())
    assert publish_scheduled_articles.call_local() == 1
    article.refresh_from_db()
    assert article.is_live
    assert article.scheduled_publish_at is None
    assert article.published_revision.published_by == editor  # type: ignore[union-attr]


def test_a_schedule_by_someone_who_lost_the_right_is_dropped(
    editor: User, make_article: Callable[..., Article]
) -> None:
    from crowdservice.accounts.roles import Role

    article = make_article(publish=False)
    actions.do_schedule_publish(
        actor=editor, article=article, when=timezone.now() + timedelta(minutes=5)
    )
    User.objects.filter(pk=editor.pk).update(role=Role.CUSTOMER)
    assert actions.do_publish_due(timezone.now() + timedelta(minutes=6)) == 0
    article.refresh_from_db()
    assert not article.is_live
    assert article.scheduled_publish_at is None
    assert Event.objects.filter(verb="article.schedule_failed", object_id=article.pk).exists()


def test_the_stale_report_lists_overdue_live_articles(
    editor: User, make_article: Callable[..., Article]
) -> None:
    today = date(2026, 6, 1)
    overdue = make_article(review_by=today - timedelta(days=30))
    very_overdue = make_article(review_by=today - timedelta(days=90))
    make_article(review_by=today + timedelta(days=5))  # not yet due
    make_article(publish=False, review_by=today - timedelta(days=5))  # a draft: not stale
    archived = make_article(review_by=today - timedelta(days=5))
    actions.do_archive(actor=editor, article=archived)
    assert stale_articles(today) == [very_overdue, overdue]


def test_links_to_an_article_archived_later_show_in_the_report(
    editor: User, make_article: Callable[..., Article]
) -> None:
    from crowdservice.knowledge.queries import broken_links

    target = make_article()
    linking = make_article(body=f"First read [the guide](/help/articles/{target.pk}/guide/).")
    assert broken_links() == []
    actions.do_archive(actor=editor, article=target)
    [broken] = broken_links()
    assert broken.article == linking
    assert broken.missing_ids == [target.pk]
