"""Inbound mail: store the raw message first, then turn it into a case or a reply.

`receive()` stores the mail in its own transaction (a Message-ID seen before is stored once) and
processes it; a failure leaves the raw mail with status "failed" and the error, for the retry job
and the admins' list. Processing refuses to answer machines (RFC 3834): auto-replies, bounces,
bulk mail, our own mail and floods from one sender are stored and ignored, never answered.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr

import nh3
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from email_reply_parser import EmailReplyParser

from crowdservice.accounts.actions import do_create_user
from crowdservice.accounts.models import User
from crowdservice.cases.access import is_agent
from crowdservice.cases.actions.attachments import AttachmentIn, attachment_problem
from crowdservice.cases.actions.cases import MAX_BODY, do_open_case, do_reply
from crowdservice.cases.mail.threading import (
    case_from_ids,
    case_from_subject,
    message_ids,
)
from crowdservice.cases.models import (
    Case,
    CaseMessage,
    Channel,
    InboundEmail,
    InboundStatus,
    Status,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# More mails than this from one address within an hour is a loop (two autoresponders talking).
FLOOD_PER_HOUR = 30
_PARSER = BytesParser(policy=policy.default)
_HEADER_PARSER = BytesParser(policy=policy.compat32)
BULK_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})
MACHINE_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|bounces?)(\+.*)?$", re.I)


def _header_only(raw: bytes) -> Message:
    return _HEADER_PARSER.parsebytes(raw, headersonly=True)


def _message_id(raw: bytes, headers: Message) -> str:
    found = message_ids(str(headers.get("Message-ID", "") or ""))
    if found:
        return found[0][:255]
    # No Message-ID: the same bytes delivered twice are still the same mail.
    return f"<sha256.{hashlib.sha256(raw).hexdigest()}@crowdservice.invalid>"


def _text(value: object, limit: int) -> str:
    return str(value or "").replace("\x00", "")[:limit]


def _decoded(value: object) -> str:
    """A header as text, with =?utf-8?...?= words decoded; never fails on broken encodings."""
    text = str(value or "")
    with contextlib.suppress(HeaderParseError, LookupError, UnicodeError, ValueError):
        text = str(make_header(decode_header(text)))
    return text.replace("\x00", "")


def _sender_of(headers: Message) -> str:
    return parseaddr(_decoded(headers.get("From")))[1].strip().lower()[:320]


def store(raw: bytes, *, mail_from: str = "") -> tuple[InboundEmail, bool]:
    """Keep the raw mail (its own committed transaction); False when it was already stored."""
    headers = _header_only(raw)
    message_id = _message_id(raw, headers)
    existing = InboundEmail.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            inbound = InboundEmail.objects.create(
                raw=raw,
                message_id=message_id,
                mail_from=_sender_of(headers) or _text(mail_from, 320).lower(),
                subject=_text(headers.get("Subject"), 300),
            )
    except IntegrityError:  # delivered twice at the same moment
        return InboundEmail.objects.get(message_id=message_id), False
    return inbound, True


def receive(raw: bytes, *, mail_from: str = "") -> InboundEmail:
    """Store then process one mail; the stored row says what became of it."""
    inbound, created = store(raw, mail_from=mail_from)
    return process(inbound) if created else inbound


@dataclass
class Parsed:
    sender: str
    name: str
    subject: str
    body: str
    message_id: str
    references: list[str]
    attachments: list[AttachmentIn] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _decode_part(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, UnicodeError, AssertionError, KeyError, ValueError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if isinstance(content, bytes):
        content = content.decode("utf-8", "replace")
    return str(content)


def _body_of(message: EmailMessage) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, ValueError, AttributeError):
        part = None
    if part is None:
        if message.is_multipart():
            return ""
        part = message
    text = _decode_part(part)
    if part.get_content_type() == "text/html":
        text = nh3.clean(re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text), tags=set())
    return text.replace("\r\n", "\n").replace("\x00", "")


def _attachments(message: EmailMessage) -> tuple[list[AttachmentIn], list[str]]:
    accepted: list[AttachmentIn] = []
    refused: list[str] = []
    try:
        parts = list(message.iter_attachments())
    except (KeyError, ValueError, AttributeError):
        parts = []
    for part in parts:
        filename = part.get_filename()
        if not filename:
            continue
        payload = part.get_payload(decode=True)
        item = AttachmentIn(
            filename=str(filename),
            content_type=part.get_content_type(),
            data=payload if isinstance(payload, bytes) else b"",
        )
        if problem := attachment_problem(item):
            refused.append(problem)
        else:
            accepted.append(item)
    return accepted, refused


def parse(inbound: InboundEmail, headers: Message) -> Parsed:
    # Headers come from the cheap compat32 parse; the modern parser only walks the MIME parts.
    message = _PARSER.parsebytes(bytes(inbound.raw))
    assert isinstance(message, EmailMessage)
    name, sender = parseaddr(_decoded(headers.get("From")))
    references = message_ids(str(headers.get("In-Reply-To", "") or ""))
    references += message_ids(str(headers.get("References", "") or ""))
    attachments, refused = _attachments(message)
    return Parsed(
        sender=sender.strip().lower(),
        name=name.strip(),
        subject=" ".join(_decoded(headers.get("Subject")).split())[:200],
        body=_body_of(message),
        message_id=inbound.message_id,
        references=references,
        attachments=attachments,
        refused=refused,
    )


def machine_reason(headers: Message, inbound: InboundEmail) -> str | None:
    """Why this mail must not be answered (RFC 3834 and common practice), or None."""
    auto = str(headers.get("Auto-Submitted", "") or "").strip().lower()
    if auto and auto != "no":
        return f"auto-submitted mail ({auto})"
    precedence = str(headers.get("Precedence", "") or "").strip().lower()
    if precedence in BULK_PRECEDENCE:
        return f"bulk mail (Precedence: {precedence})"
    if headers.get("X-Autoreply") or headers.get("X-Autorespond"):
        return "an auto-reply"
    content_type = str(headers.get("Content-Type", "") or "").lower()
    if "multipart/report" in content_type:
        return "a delivery report (bounce)"
    sender = _sender_of(headers)
    if not sender or "@" not in sender:
        return "no sender address"
    local = sender.split("@", 1)[0]
    if MACHINE_SENDERS.match(local):
        return f"a machine sender ({sender})"
    support = parseaddr(settings.CROWDSERVICE_CASE_EMAIL)[1].lower()
    if sender == support:
        return "our own mail (a loop)"
    since = timezone.now() - timedelta(hours=1)
    recent = InboundEmail.objects.filter(mail_from=sender, received_at__gte=since).exclude(
        pk=inbound.pk
    )
    if recent.count() >= FLOOD_PER_HOUR:
        return f"more than {FLOOD_PER_HOUR} mails from {sender} within an hour (a loop)"
    return None


def _username_for(address: str) -> str:
    base = re.sub(r"[^\w.+-]", "", address.split("@", 1)[0])[:30] or "customer"
    candidate = base
    while User.objects.filter(username__iexact=candidate).exists():
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate


def requester_for(address: str, name: str) -> User:
    """The account with this address, or a new customer account for it (no password: they
    sign in by resetting it, which proves they own the address)."""
    user = User.objects.filter(email__iexact=address).first()
    if user is None:
        known = EmailAddress.objects.filter(email__iexact=address).select_related("user").first()
        user = known.user if known else None
    if user is None:
        user = do_create_user(
            username=_username_for(address),
            email=address,
            display_name=name[:80],
            email_verified=False,
        )
    return user


def _thread_case(parsed: Parsed) -> Case | None:
    found = case_from_ids(parsed.references)
    if found is None and parsed.references:
        earlier = (
            CaseMessage.objects.filter(email_message_id__in=parsed.references)
            .order_by("-id")
            .values_list("case_id", flat=True)
            .first()
        )
        if earlier is not None:
            return Case.objects.filter(pk=earlier).first()
    if found is None:
        found = case_from_subject(parsed.subject)
    if found is None:
        return None
    case_id, token = found
    return Case.objects.filter(pk=case_id, token=token).first()


def _with_notes(body: str, refused: list[str]) -> str:
    if len(body) > MAX_BODY:
        body = body[: MAX_BODY - 200] + "\n\n[The rest of this mail was cut: it was too long.]"
    if not body.strip():
        body = "(This mail had no text.)"
    for problem in refused:
        body += f"\n\n_Attachment not accepted: {problem}_"
    return body


def _process(inbound: InboundEmail) -> tuple[str, str, Case | None]:
    """(status, outcome, case) for one stored mail; raises on unexpected failures."""
    headers = _header_only(bytes(inbound.raw))
    if reason := machine_reason(headers, inbound):
        return InboundStatus.IGNORED, f"Not answered: {reason}.", None
    parsed = parse(inbound, headers)
    sender = requester_for(parsed.sender, parsed.name)
    case = _thread_case(parsed)
    while case is not None and case.merged_into_id is not None:
        case = Case.objects.filter(pk=case.merged_into_id).first()
    follow_up_of = None
    if case is not None:
        allowed = case.requester_id == sender.pk or is_agent(sender)
        if not allowed:
            # Someone else's case: never added to it; their mail becomes a case of their own.
            case = None
        elif case.status == Status.CLOSED:
            follow_up_of, case = case, None
        else:
            body = EmailReplyParser.parse_reply(parsed.body) or parsed.body
            message = do_reply(
                actor=sender,
                case=case,
                body=_with_notes(body, parsed.refused),
                attachments=parsed.attachments,
                channel=Channel.EMAIL,
                email_message_id=parsed.message_id,
            )
            return InboundStatus.PROCESSED, f"Reply {message.pk} on case #{case.pk}.", case
    subject = parsed.subject if len(parsed.subject) >= 5 else "Email without a subject"
    description = _with_notes(parsed.body, parsed.refused)
    if follow_up_of is not None:
        description = f"Follow-up to closed case #{follow_up_of.pk}.\n\n{description}"
    new_case = do_open_case(
        requester=sender,
        subject=subject,
        description=description,
        channel=Channel.EMAIL,
        attachments=parsed.attachments,
        email_message_id=parsed.message_id,
        payload={"follow_up_of": follow_up_of.pk if follow_up_of else None},
    )
    outcome = f"New case #{new_case.pk}"
    if follow_up_of is not None:
        outcome += f" (follow-up to closed case #{follow_up_of.pk})"
    return InboundStatus.PROCESSED, outcome + ".", new_case


_OPEN = (InboundStatus.PENDING, InboundStatus.FAILED)


def process(inbound: InboundEmail) -> InboundEmail:
    """Process a stored mail once, in one transaction with its new status; on failure that
    rolls back and the mail stays, marked failed with the error, for a later retry."""
    try:
        with transaction.atomic():
            # The row lock makes a concurrent run (a retry job, a second listener) wait, and
            # then find the mail already processed.
            locked = InboundEmail.objects.select_for_update().filter(pk=inbound.pk).first()
            if locked is None or locked.status not in _OPEN:
                return locked or inbound
            status, outcome, case = _process(locked)
            locked.status, locked.outcome, locked.case = status, outcome[:300], case
            locked.attempts += 1
            locked.processed_at = timezone.now()
            locked.last_error = ""
            locked.save(
                update_fields=[
                    "status", "outcome", "case", "processed_at", "last_error", "attempts"
                ]
            )  # fmt: skip
            return locked
    except Exception as exc:
        logger.exception("Processing inbound mail %s failed", inbound.pk)
        InboundEmail.objects.filter(pk=inbound.pk).update(
            status=InboundStatus.FAILED,
            attempts=F("attempts") + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        inbound.refresh_from_db()
        return inbound


def retry_failed(limit: int = 100) -> int:
    """Process mails that failed (fewer than MAX_ATTEMPTS times) or were never processed."""
    stale = timezone.now() - timedelta(minutes=1)
    due = InboundEmail.objects.filter(
        status__in=[InboundStatus.FAILED, InboundStatus.PENDING],
        attempts__lt=MAX_ATTEMPTS,
        received_at__lte=stale,
    ).order_by("received_at")[:limit]
    done = 0
    for inbound in due:
        if process(inbound).status != InboundStatus.FAILED:
            done += 1
    return done
