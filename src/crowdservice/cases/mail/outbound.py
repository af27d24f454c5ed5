"""Outbound mail about cases, through Django's email backend, threaded with our Message-IDs.

Each mail carries its own Message-ID (with the case's token), In-Reply-To and References built
from the case's earlier mails, and the case token in the subject. Automatic mails are marked
`Auto-Submitted: auto-replied` or `auto-generated` (RFC 3834), so well-behaved systems don't
answer them, and we never answer mails marked so (see inbound.py).
"""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from crowdservice.cases.mail.threading import own_message_id, subject_for
from crowdservice.cases.models import Case, CaseMessage, OutboundEmail
from crowdservice.core.models import Event

MAX_REFERENCES = 20


def _thread_ids(case: Case) -> list[str]:
    """The case's earlier mails in order: what a reply refers to."""
    ids: list[tuple[int, str]] = []
    for created, mid in (
        CaseMessage.objects.filter(case=case)
        .exclude(email_message_id="")
        .values_list("created_at", "email_message_id")
    ):
        ids.append((int(created.timestamp() * 1e6), mid))
    for event_time, mid in OutboundEmail.objects.filter(
        case=case, sent_at__isnull=False
    ).values_list("sent_at", "message_id"):
        if event_time is not None:
            ids.append((int(event_time.timestamp() * 1e6), mid))
    return [mid for _, mid in sorted(ids)][-MAX_REFERENCES:]


def send_case_mail(
    *,
    event: Event,
    case: Case,
    recipient: str,
    template: str,
    context: dict[str, object],
    suffix: str,
    auto: str = "",
) -> bool:
    """Send one mail about `case` for `event` to `recipient`, once; True when sent now."""
    if not recipient:
        return False
    message_id = own_message_id(case, suffix)
    with transaction.atomic():
        record, _ = OutboundEmail.objects.select_for_update().get_or_create(
            event=event, recipient=recipient, defaults={"case": case, "message_id": message_id}
        )
        if record.sent_at is not None:
            return False
        references = _thread_ids(case)
        site = settings.SITE_NAME
        support_name, support_address = parseaddr(settings.CROWDSERVICE_CASE_EMAIL)
        sender = formataddr((support_name or f"{site} Support", support_address))
        base_url = f"{settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{Site.objects.get_current().domain}"
        body = render_to_string(
            template, {"case": case, "site_name": site, "base_url": base_url, **context}
        )
        headers = {"Message-ID": message_id, "Reply-To": sender}
        if references:
            headers["In-Reply-To"] = references[-1]
            headers["References"] = " ".join(references)
        if auto:
            headers["Auto-Submitted"] = auto
            headers["X-Auto-Response-Suppress"] = "All"
        mail = EmailMultiAlternatives(
            subject=subject_for(case),
            body=body,
            from_email=sender,
            to=[recipient],
            headers=headers,
        )
        mail.send()
        record.sent_at = timezone.now()
        record.save(update_fields=["sent_at"])
    return True
