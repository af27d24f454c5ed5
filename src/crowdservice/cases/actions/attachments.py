"""Attachment limits: size and type, checked before anything is stored."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile

from crowdservice.cases.models import Attachment, CaseMessage
from crowdservice.core.errors import ValidationFailed

MAX_ATTACHMENTS = 10
# Documents, images, logs and archives support needs; nothing a browser would run.
ALLOWED_TYPES = frozenset(
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain",
        "text/csv", "application/json", "application/zip", "application/gzip",
        "application/x-gzip", "application/octet-stream",
    }
)  # fmt: skip
ALLOWED_EXTENSIONS = frozenset(
    {
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".txt", ".log", ".csv", ".json", ".zip",
        ".gz", ".cfg", ".conf",
    }
)  # fmt: skip


@dataclass(frozen=True)
class AttachmentIn:
    filename: str
    content_type: str
    data: bytes


def _clean_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
    return base[:200] or "attachment"


def attachment_problem(item: AttachmentIn) -> str | None:
    """Why this file is refused, as a sentence, or None when it is fine."""
    name = _clean_name(item.filename)
    limit = settings.CROWDSERVICE_CASE_ATTACHMENT_MAX_BYTES
    if len(item.data) > limit:
        return f"{name} is larger than {limit // (1024 * 1024) or 1} MB; attach a smaller file."
    if not item.data:
        return f"{name} is empty."
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = (item.content_type or "").split(";")[0].strip().lower()
    if extension not in ALLOWED_EXTENSIONS or content_type not in ALLOWED_TYPES:
        return (
            f"{name}: files of this type are not accepted. Attach images, PDFs, text, logs or "
            "zip archives."
        )
    return None


def check_attachments(items: list[AttachmentIn]) -> None:
    errors = [problem for item in items if (problem := attachment_problem(item))]
    if len(items) > MAX_ATTACHMENTS:
        errors.append(f"Attach at most {MAX_ATTACHMENTS} files at a time.")
    if errors:
        raise ValidationFailed({"attachments": errors})


def save_attachments(message: CaseMessage, items: list[AttachmentIn]) -> list[Attachment]:
    saved = []
    for item in items:
        name = _clean_name(item.filename)
        content_type = item.content_type.split(";")[0].strip().lower() or (
            mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        attachment = Attachment(
            message=message,
            case_id=message.case_id,
            filename=name,
            content_type=content_type,
            size=len(item.data),
        )
        attachment.file.save(name, ContentFile(item.data), save=False)
        attachment.save()
        saved.append(attachment)
    return saved
