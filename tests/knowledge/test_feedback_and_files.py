"""Helpfulness, suggested edits and the editors' queue; attachments checked for what they are."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from crowdservice.accounts.models import User
from crowdservice.core.errors import Conflict, Forbidden, ValidationFailed
from crowdservice.knowledge import actions
from crowdservice.knowledge.models import Article
from crowdservice.knowledge.queries import feedback_queue, suggestion_queue

pytestmark = pytest.mark.django_db


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_helpfulness_counts_one_answer_per_person(
    customer: User, other_customer: User, make_article: Callable[..., Article]
) -> None:
    article = make_article()
    actions.do_give_feedback(user=customer, article=article, helpful=False, comment="Too short.")
    actions.do_give_feedback(user=other_customer, article=article, helpful=True)
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no, article.helpful_percent) == (1, 1, 50)
    actions.do_give_feedback(user=customer, article=article, helpful=True)  # changed their mind
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (2, 0)


def test_feedback_and_suggestions_go_to_the_editors_queue(
    customer: User, editor: User, agent: User, make_article: Callable[..., Article]
) -> None:
    article = make_article()
    feedback = actions.do_give_feedback(
        user=customer, article=article, helpful=False, comment="Step 2 shows the old menu."
    )
    suggestion = actions.do_suggest_edit(
        user=customer, article=article, text="The reset button is on the back, not the side."
    )
    assert feedback_queue() == [feedback]
    assert suggestion_queue() == [suggestion]
    for refused in (customer, agent):
        with pytest.raises(Forbidden):
            actions.do_resolve_feedback(actor=refused, feedback=feedback)
        with pytest.raises(Forbidden):
            actions.do_resolve_suggestion(actor=refused, suggestion=suggestion, accept=True)
    actions.do_resolve_feedback(actor=editor, feedback=feedback)
    actions.do_resolve_suggestion(actor=editor, suggestion=suggestion, accept=True)
    assert feedback_queue() == []
    assert suggestion_queue() == []
    with pytest.raises(Conflict):
        actions.do_resolve_feedback(actor=editor, feedback=feedback)


def test_feedback_needs_a_published_article_and_sensible_text(
    customer: User, make_article: Callable[..., Article]
) -> None:
    with pytest.raises(Conflict):
        actions.do_give_feedback(user=customer, article=make_article(publish=False), helpful=True)
    article = make_article()
    with pytest.raises(ValidationFailed):
        actions.do_suggest_edit(user=customer, article=article, text="fix")
    with pytest.raises(ValidationFailed):
        actions.do_give_feedback(user=customer, article=article, helpful=True, comment="x" * 2001)


@pytest.fixture
def media(tmp_path: object, settings: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def test_a_real_image_is_stored_with_its_size(
    media: None, agent: User, make_article: Callable[..., Article]
) -> None:
    article = make_article()
    upload = SimpleUploadedFile("diagram.png", png_bytes((40, 30)), content_type="image/png")
    attachment = actions.do_add_attachment(actor=agent, article=article, upload=upload)
    assert attachment.is_image
    assert (attachment.width, attachment.height) == (40, 30)
    assert attachment.content_type == "image/png"
    assert attachment.file.storage.exists(attachment.file.name)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("photo.png", b"<script>alert(1)</script>", "image/png", "not a valid image"),
        ("photo.jpg", png_bytes()[:30], "image/jpeg", "not a valid image"),  # truncated
        ("logo.svg", b"<svg onload='alert(1)'/>", "image/svg+xml", "not a valid image"),
        ("tool.exe", b"MZ\x90\x00", "application/octet-stream", "Attach images or files"),
        ("empty.pdf", b"", "application/pdf", "empty"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(
    media: None,
    agent: User,
    make_article: Callable[..., Article],
    name: str,
    content: bytes,
    content_type: str,
    message: str,
) -> None:
    article = make_article()
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    with pytest.raises(ValidationFailed, match=message):
        actions.do_add_attachment(actor=agent, article=article, upload=upload)
    assert not article.attachments.exists()


def test_large_files_and_customers_are_refused(
    media: None, agent: User, customer: User, make_article: Callable[..., Article]
) -> None:
    article = make_article()
    with override_settings(CROWDSERVICE_KB_MAX_UPLOAD_BYTES=1024 * 1024):
        big = SimpleUploadedFile("big.txt", b"x" * (1024 * 1024 + 1), content_type="text/plain")
        with pytest.raises(ValidationFailed, match="larger than 1 MB"):
            actions.do_add_attachment(actor=agent, article=article, upload=big)
    small = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    with pytest.raises(Forbidden):
        actions.do_add_attachment(actor=customer, article=article, upload=small)
