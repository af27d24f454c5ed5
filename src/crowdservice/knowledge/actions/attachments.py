"""Images and files of articles: checked for what they really are, stored with Django's storage.

An image is accepted only if Pillow can read it as PNG, JPEG, GIF or WebP (its name and the
browser's content type are not trusted); SVG is refused (it can carry scripts). Files are served
through the article's access check (`views.attachment`), never straight from MEDIA_URL, so an
agents-only article's files stay private.
"""

from __future__ import annotations

import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from PIL import Image, UnidentifiedImageError

from crowdservice.accounts.models import User
from crowdservice.core.errors import Conflict, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.knowledge.access import require_publisher, require_writer
from crowdservice.knowledge.models import Article, Attachment

IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
FILE_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".log": "text/plain",
    ".zip": "application/zip",
}
MAX_PIXELS = 40_000_000  # larger images are refused before decoding (decompression bombs)
MAX_ATTACHMENTS = 50


def max_upload_bytes() -> int:
    return int(getattr(settings, "CROWDSERVICE_KB_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))


def _image_facts(upload: UploadedFile) -> tuple[str, int, int]:
    """(content type, width, height) of a real image, or a ValidationFailed."""
    not_image = ValidationFailed(
        {"file": ["This file is not a valid image. Upload a PNG, JPEG, GIF or WebP picture."]}
    )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it; treat that as an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ValidationFailed({"file": ["This image is too large in pixels."]})
                fmt = image.format or ""
                image.verify()  # reads the whole file: a truncated or forged image fails here
    except ValidationFailed:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise not_image from None
    finally:
        upload.seek(0)
    if fmt not in IMAGE_FORMATS:
        raise not_image
    return IMAGE_FORMATS[fmt], width, height


@transaction.atomic
def do_add_attachment(*, actor: User, article: Article, upload: UploadedFile) -> Attachment:
    require_writer(actor)
    article = Article.objects.select_for_update().get(pk=article.pk)
    name = get_valid_filename(PurePath(upload.name or "file").name)[:150] or "file"
    extension = PurePath(name).suffix.lower()
    size = upload.size or 0
    limit = max_upload_bytes()
    if size == 0:
        raise ValidationFailed({"file": ["The file is empty."]})
    if size > limit:
        raise ValidationFailed(
            {"file": [f"The file is larger than {limit // (1024 * 1024)} MB; make it smaller."]}
        )
    if article.attachments.count() >= MAX_ATTACHMENTS:
        raise Conflict(f"An article can have at most {MAX_ATTACHMENTS} attachments.")
    width = height = None
    if extension in IMAGE_EXTENSIONS or (upload.content_type or "").startswith("image/"):
        content_type, width, height = _image_facts(upload)
        is_image = True
    elif extension in FILE_TYPES:
        content_type, is_image = FILE_TYPES[extension], False
    else:
        allowed = ", ".join(sorted(IMAGE_EXTENSIONS | set(FILE_TYPES)))
        raise ValidationFailed({"file": [f"Attach images or files of these types: {allowed}."]})
    attachment = Attachment(
        article=article,
        name=name,
        content_type=content_type,
        size=size,
        is_image=is_image,
        width=width,
        height=height,
        uploaded_by=actor,
        created_at=timezone.now(),
    )
    attachment.file.save(name, upload, save=False)
    try:
        attachment.save()
        record_event(
            actor=actor,
            verb="article.attachment_added",
            target=article,
            payload={"attachment_id": attachment.pk, "name": name, "is_image": is_image},
        )
    except Exception:
        attachment.file.delete(save=False)  # no orphan file when the row is not written
        raise
    return attachment


@transaction.atomic
def do_delete_attachment(*, actor: User, attachment: Attachment) -> None:
    require_publisher(actor, "delete attachments")
    article = attachment.article
    name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    record_event(
        actor=actor,
        verb="article.attachment_deleted",
        target=article,
        payload={"name": attachment.name},
    )
    if name:
        transaction.on_commit(lambda: storage.delete(name))
