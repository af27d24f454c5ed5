"""The help center and the editor pages: who sees what, forms and their errors, conflicts,
CSRF, privacy of agents-only articles and their files, German chrome, and query budgets."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from crowdservice.accounts.models import User
from crowdservice.community.models import Answer, Question
from crowdservice.knowledge import actions
from crowdservice.knowledge.models import Article, Section, Status
from tests.web.helpers import Browser, text

pytestmark = pytest.mark.django_db

VISITORS = [None, "customer", "agent", "editor"]


def visitor(request: pytest.FixtureRequest, name: str | None) -> User | None:
    return request.getfixturevalue(name) if name else None


@pytest.mark.parametrize("who", VISITORS)
def test_help_center_pages_render_for_everyone(
    who: str | None,
    request: pytest.FixtureRequest,
    browse: Callable[[User | None], Browser],
    make_article: Callable[..., Article],
    kb_section: Section,
) -> None:
    article = make_article(labels="reset, factory")
    browser = browse(visitor(request, who))
    home = browser.get("/help/")
    assert home.status_code == 200
    assert article.published_title in text(home)
    assert browser.get(kb_section.category.get_absolute_url()).status_code == 200
    assert browser.get(kb_section.get_absolute_url()).status_code == 200
    assert article.published_title in text(browser.get("/help/labels/reset/"))
    page = browser.get(article.get_absolute_url())
    body = text(page)
    assert page.status_code == 200
    assert 'aria-label="Breadcrumbs"' in body
    assert kb_section.name in body
    assert 'href="#reset"' in body  # the table of contents
    assert "Approved in the knowledge base" in body
    assert ("Editorial tools" in body) is (who in {"agent", "editor"})
    short = browser.get(f"/help/articles/{article.pk}/")
    assert short.status_code in (301, 302)
    assert short["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    ("visibility", "allowed"),
    [
        ("public", {None, "customer", "agent", "editor"}),
        ("signed_in", {"customer", "agent", "editor"}),
        ("agents", {"agent", "editor"}),
    ],
)
def test_articles_and_their_files_are_shown_only_to_their_readers(
    visibility: str,
    allowed: set[str | None],
    request: pytest.FixtureRequest,
    browse: Callable[[User | None], Browser],
    make_article: Callable[..., Article],
    agent: User,
    settings: object,
    tmp_path: object,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    article = make_article(title="Internal escalation checklist", visibility=visibility)
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, format="PNG")
    image = actions.do_add_attachment(
        actor=agent,
        article=article,
        upload=SimpleUploadedFile("shot.png", buffer.getvalue(), content_type="image/png"),
    )
    for who in VISITORS:
        browser = browse(visitor(request, who))
        page = browser.get(article.get_absolute_url())
        listed = "Internal escalation checklist" in text(browser.get("/help/"))
        file = browser.get(image.get_absolute_url())
        if who in allowed:
            assert page.status_code == 200, who
            assert listed, who
            assert file.status_code == 200
            assert file["Content-Type"] == "image/png"
            assert file["X-Content-Type-Options"] == "nosniff"
        else:
            assert page.status_code == 404, who
            assert "Internal escalation checklist" not in text(page)
            assert not listed, who
            assert file.status_code == 404, who


def test_drafts_are_hidden_from_customers_and_previewed_by_staff(
    browse: Callable[[User | None], Browser],
    customer: User,
    agent: User,
    make_article: Callable[..., Article],
) -> None:
    draft = make_article(publish=False, title="Unreleased firmware notes for 3.0")
    assert browse(customer).get(draft.get_absolute_url()).status_code == 404
    assert browse(None).get(draft.get_absolute_url()).status_code == 404
    page = browse(agent).get(draft.get_absolute_url())
    assert page.status_code == 200
    assert "working copy" in text(page)


def test_an_editor_writes_reviews_and_publishes_through_the_pages(
    browse: Callable[[User | None], Browser],
    agent: User,
    editor: User,
    customer: User,
    kb_section: Section,
) -> None:
    writer = browse(agent)
    assert writer.get("/help/articles/new/").status_code == 200
    refused = writer.post(
        "/help/articles/new/", {"title": "Short", "body": "", "visibility": "public"}
    )
    assert refused.status_code == 422
    assert "at least 8 characters" in text(refused)
    assert "Choose the help-center section" in text(refused)
    created = writer.post(
        "/help/articles/new/",
        {
            "title": "Change the Wi-Fi password",
            "section": kb_section.pk,
            "body": "## Steps\n\nOpen the admin page, choose Wireless, and type the new password.",
            "visibility": "public",
            "labels": "wifi, password",
        },
    )
    assert created.status_code == 302
    article = Article.objects.get(title="Change the Wi-Fi password")
    assert writer.post(f"/help/articles/{article.pk}/step/publish/").status_code == 403
    assert writer.post(f"/help/articles/{article.pk}/step/submit/").status_code == 302
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert browse(editor).post(f"/help/articles/{article.pk}/step/publish/").status_code == 302
    article.refresh_from_db()
    assert article.is_live
    assert "type the new password" in text(browse(customer).get(article.get_absolute_url()))


def test_the_second_of_two_concurrent_saves_is_told_and_keeps_its_text(
    browse: Callable[[User | None], Browser],
    agent: User,
    editor: User,
    make_article: Callable[..., Article],
) -> None:
    article = make_article(publish=False)
    form = {
        "title": article.title,
        "section": article.section_id,
        "visibility": "public",
        "base_version": article.version,
    }
    first = browse(agent).post(
        f"/help/articles/{article.pk}/edit/", {**form, "body": "The agent's careful rewrite here."}
    )
    assert first.status_code == 302
    second = browse(editor).post(
        f"/help/articles/{article.pk}/edit/", {**form, "body": "The editor's competing rewrite."}
    )
    assert second.status_code == 409
    body = text(second)
    assert "Someone else saved this article" in body
    assert "The agent&#x27;s careful rewrite here." in body  # theirs, to compare
    assert "The editor&#x27;s competing rewrite." in body  # mine, not lost
    article.refresh_from_db()
    assert article.body == "The agent's careful rewrite here."


def test_revisions_diff_and_restore_pages(
    browse: Callable[[User | None], Browser],
    editor: User,
    customer: User,
    make_article: Callable[..., Article],
) -> None:
    article = make_article()
    actions.do_save_article(
        actor=editor, article=article, base_version=article.version, body="Brand new second text."
    )
    browser = browse(editor)
    assert browser.get(f"/help/articles/{article.pk}/revisions/").status_code == 200
    diff = browser.get(f"/help/articles/{article.pk}/diff/?from=1&to=2")
    assert diff.status_code == 200
    assert "Brand new second text." in text(diff)
    assert browser.get(f"/help/articles/{article.pk}/diff/?from=1&to=9").status_code == 404
    assert browser.get(f"/help/articles/{article.pk}/diff/?from=x&to=2").status_code == 422
    assert browser.post(f"/help/articles/{article.pk}/revisions/1/restore/").status_code == 302
    assert browse(customer).get(f"/help/articles/{article.pk}/revisions/").status_code == 403


def test_feedback_suggestions_and_the_queue(
    browse: Callable[[User | None], Browser],
    customer: User,
    editor: User,
    agent: User,
    make_article: Callable[..., Article],
) -> None:
    article = make_article()
    reader = browse(customer)
    sent = reader.post(
        f"/help/articles/{article.pk}/feedback/",
        {"helpful": "no", "comment": "It misses the app."},
        htmx=True,
    )
    assert sent.status_code == 200
    assert "Thank you for your feedback" in text(sent)
    bad = reader.post(f"/help/articles/{article.pk}/suggest/", {"text": "x"}, htmx=True)
    assert bad.status_code == 422
    assert "at least 10 characters" in text(bad)
    good = reader.post(
        f"/help/articles/{article.pk}/suggest/", {"text": "Mention the mobile app too."}, htmx=True
    )
    assert good.status_code == 200
    assert (
        reader.post(f"/help/articles/{article.pk}/feedback/", {"helpful": "x"}).status_code == 422
    )
    anonymous = browse(None).post(f"/help/articles/{article.pk}/feedback/", {"helpful": "yes"})
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert browse(agent).get("/help/manage/queue/").status_code == 403
    queue = browse(editor).get("/help/manage/queue/")
    assert "It misses the app." in text(queue)
    assert "Mention the mobile app too." in text(queue)
    assert browse(customer).get("/help/manage/").status_code == 403
    assert browse(agent).get("/help/manage/").status_code == 200
    assert browse(agent).get("/help/manage/stale/").status_code == 200


def test_writes_need_the_csrf_token(
    browse: Callable[[User | None], Browser], editor: User, make_article: Callable[..., Article]
) -> None:
    article = make_article(publish=False)
    response = browse(editor).post(f"/help/articles/{article.pk}/step/publish/", csrf=False)
    assert response.status_code == 403
    article.refresh_from_db()
    assert not article.is_live


def test_a_staff_member_promotes_an_answer_from_the_thread(
    browse: Callable[[User | None], Browser],
    agent: User,
    editor: User,
    customer: User,
    question: Question,
    answer: Answer,
    kb_section: Section,
) -> None:
    thread = browse(agent).get(question.get_absolute_url())
    assert f'id="promote-answer-{answer.pk}"' in text(thread)
    assert "promote-answer" not in text(browse(customer).get(question.get_absolute_url()))
    promoted = browse(agent).post("/help/promote/", {"answer_id": answer.pk})
    assert promoted.status_code == 302
    article = Article.objects.get(source_answer_id=answer.pk)
    actions.do_publish(actor=editor, article=article)
    for who in (None, customer):
        page = text(browse(who).get(question.get_absolute_url()))
        assert "The answer to this question lives in the knowledge base" in page
        assert article.get_absolute_url() in page
        assert "In the knowledge base" in page  # the answer's tier badge
    refused = browse(customer).post("/help/promote/", {"answer_id": answer.pk})
    assert refused.status_code == 403


def test_the_interface_speaks_german_and_articles_fall_back_to_english(
    browse: Callable[[User | None], Browser],
    editor: User,
    make_article: Callable[..., Article],
) -> None:
    article = make_article()
    browser = browse(None)
    english = text(browser.get("/help/"))
    assert "How can we help?" in english
    switched = browser.post("/i18n/setlang/", {"language": "de", "next": "/help/"})
    assert switched.status_code == 302
    german = text(browser.get("/help/"))
    assert "Wie können wir helfen?" in german
    assert ">Hilfe</a>" in german  # the navigation's entry (core's catalogue)
    page = text(browser.get(article.get_absolute_url()))
    assert "noch nicht in Ihre Sprache übersetzt" in page  # the fallback note
    assert article.published_title in page
    actions.do_save_translation(
        actor=editor,
        article=article,
        language="de",
        title="Router auf Werkseinstellungen zurücksetzen",
        body="## Zurücksetzen\n\nHalten Sie die Reset-Taste zehn Sekunden lang gedrückt.",
    )
    article.refresh_from_db()
    translated = text(browser.get(article.get_absolute_url()))
    assert "Router auf Werkseinstellungen zurücksetzen" in translated
    assert "noch nicht" not in translated
    english_reader = text(browse(None).get(article.get_absolute_url()))
    assert article.published_title in english_reader


ARTICLE_CEILING = 12


@pytest.mark.parametrize("who", VISITORS)
def test_the_article_and_home_pages_do_not_grow_with_content(
    who: str | None,
    request: pytest.FixtureRequest,
    browse: Callable[[User | None], Browser],
    editor: User,
    make_article: Callable[..., Article],
) -> None:
    browser = browse(visitor(request, who))
    article = make_article()

    def count(url: str) -> int:
        browser.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(url).status_code == 200
        return len(queries)

    small_home, small_article = count("/help/"), count(article.get_absolute_url())
    others = [make_article() for _ in range(6)]
    actions.do_save_article(
        actor=editor,
        article=article,
        base_version=article.version,
        related_ids=[o.pk for o in others],
        labels="a, b, c, d",
    )
    article.refresh_from_db()
    assert count("/help/") == small_home
    assert count(article.get_absolute_url()) <= max(small_article, 1) + 0
    assert small_article <= ARTICLE_CEILING


def test_editors_upload_and_delete_files_from_the_edit_page(
    browse: Callable[[User | None], Browser],
    agent: User,
    editor: User,
    make_article: Callable[..., Article],
    settings: object,
    tmp_path: object,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    article = make_article()
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3)).save(buffer, format="GIF")
    writer = browse(agent)
    writer.csrf_token()
    uploaded = writer.client.post(
        f"/help/articles/{article.pk}/upload/",
        {"file": SimpleUploadedFile("step.gif", buffer.getvalue(), content_type="image/gif")},
        HTTP_X_CSRFTOKEN=writer.csrf_token(),
    )
    assert uploaded.status_code == 302
    [attachment] = article.attachments.all()
    assert attachment.content_type == "image/gif"
    fake = writer.client.post(
        f"/help/articles/{article.pk}/upload/",
        {"file": SimpleUploadedFile("evil.png", b"GIF89a<script>", content_type="image/png")},
        HTTP_X_CSRFTOKEN=writer.csrf_token(),
    )
    assert fake.status_code == 422
    assert "not a valid image" in text(fake)
    stored = attachment.file.name
    assert writer.post(f"/help/files/{attachment.pk}/delete/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once committed
        deleted = browse(editor).post(f"/help/files/{attachment.pk}/delete/")
    assert deleted.status_code == 302
    assert not article.attachments.exists()
    assert not attachment.file.storage.exists(stored)


def test_staff_see_which_cases_an_article_solved_or_came_from(
    browse: Callable[[User | None], Browser],
    agent: User,
    customer: User,
    editor: User,
    kb_section: Section,
) -> None:
    draft = actions.do_create_draft_from_text(
        author=agent,
        title="Router forgets settings after a power cut",
        body="Update to firmware 3.4.2, which saves settings before every restart.",
        source_case_id=314,
    )
    article = actions.do_publish(actor=editor, article=draft)
    for case_id in (7, 8):
        actions.do_record_case_link(actor=agent, article=article, case_id=case_id, kind="used")
    staff_view = text(browse(agent).get(article.get_absolute_url()))
    assert "Created from case 314" in staff_view
    assert "Used to solve 2 cases" in staff_view
    reader_view = text(browse(customer).get(article.get_absolute_url()))
    assert "case" not in reader_view.lower().split("<main")[1]
