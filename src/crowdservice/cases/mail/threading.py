"""Message-IDs and subject tokens that tie a mail to its case.

Our own Message-IDs carry the case id and its secret token, so a reply threads by In-Reply-To or
References alone; the subject carries `[#<id>-<token>]` for mail clients that drop those headers.
"""

from __future__ import annotations

import re

from django.conf import settings

from crowdservice.cases.models import Case

SUBJECT_TOKEN = re.compile(r"\[#(\d{1,12})-([0-9a-f]{10})\]")
OWN_ID = re.compile(r"<cs\.case-(\d{1,12})\.([0-9a-f]{10})\.[\w.-]+@[^>]+>")
# Printable characters only: a NUL or control character could not even be stored (PostgreSQL).
MESSAGE_ID = re.compile(r"<[!-;=?-~]{1,250}>")


def mail_domain() -> str:
    address = settings.CROWDSERVICE_CASE_EMAIL
    return address.rsplit("@", 1)[-1].strip("> ") or "localhost"


def own_message_id(case: Case, suffix: str) -> str:
    return f"<cs.case-{case.pk}.{case.token}.{suffix}@{mail_domain()}>"


def subject_for(case: Case, prefix: str = "Re: ") -> str:
    return f"{prefix}{case.subject} [{case.reference}]"


def message_ids(header: str | None) -> list[str]:
    return MESSAGE_ID.findall(header or "")


def case_from_ids(ids: list[str]) -> tuple[int, str] | None:
    for mid in reversed(ids):
        if match := OWN_ID.fullmatch(mid):
            return int(match.group(1)), match.group(2)
    return None


def case_from_subject(subject: str) -> tuple[int, str] | None:
    match = SUBJECT_TOKEN.search(subject or "")
    return (int(match.group(1)), match.group(2)) if match else None
