"""Raw inbound mail is emptied after CROWDSERVICE_RAW_MAIL_RETENTION_DAYS once it was processed;
the row stays (Message-ID deduplication, the mail log), and mail that failed or waits keeps its
raw message for the retry."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from crowdservice.accounts.models import User
from crowdservice.cases import actions
from crowdservice.cases.jobs import purge_raw_mail
from crowdservice.cases.mail.inbound import receive
from crowdservice.cases.models import Case, InboundEmail, InboundStatus
from crowdservice.core.models import Event

pytestmark = pytest.mark.django_db


def _mail(customer: User, message_id: str) -> bytes:
    message = EmailMessage()
    message["From"] = f"Carol <{customer.email}>"
    message["To"] = "support@localhost"
    message["Subject"] = "My router reboots every night"
    message["Message-ID"] = message_id
    message.set_content("Every night at 2 am the router restarts.")
    message.add_attachment(b"log line\n" * 100, maintype="text", subtype="plain", filename="a.log")
    return message.as_bytes()


def _stored(status: str, days_ago: float, name: str) -> InboundEmail:
    mail = InboundEmail.objects.create(
        raw=b"From: someone@example.com\r\n\r\nhello " + name.encode(),
        message_id=f"<{name}@example.com>",
        mail_from="someone@example.com",
        subject=name,
        status=status,
    )
    InboundEmail.objects.filter(pk=mail.pk).update(
        received_at=timezone.now() - timedelta(days=days_ago)
    )
    return mail


def _raw(mail: InboundEmail) -> bytes:
    return bytes(InboundEmail.objects.get(pk=mail.pk).raw)


@pytest.fixture
def mails() -> dict[str, InboundEmail]:
    return {
        "old_processed": _stored(InboundStatus.PROCESSED, 31, "old_processed"),
        "old_ignored": _stored(InboundStatus.IGNORED, 40, "old_ignored"),
        "recent_processed": _stored(InboundStatus.PROCESSED, 29, "recent_processed"),
        "old_failed": _stored(InboundStatus.FAILED, 60, "old_failed"),
        "old_pending": _stored(InboundStatus.PENDING, 60, "old_pending"),
    }


def test_old_processed_mail_loses_its_raw_message_and_nothing_else(
    mails: dict[str, InboundEmail],
) -> None:
    assert actions.do_purge_raw_mail() == 2
    for name in ("old_processed", "old_ignored"):
        purged = InboundEmail.objects.get(pk=mails[name].pk)
        assert bytes(purged.raw) == b""
        assert purged.raw_purged_at is not None
        assert (purged.message_id, purged.subject) == (f"<{name}@example.com>", name)
    for name in ("recent_processed", "old_failed", "old_pending"):
        assert _raw(mails[name]).endswith(name.encode()), name
        assert InboundEmail.objects.get(pk=mails[name].pk).raw_purged_at is None
    assert Event.objects.get(verb="inbound_mail.raw_purged").payload == {
        "count": 2, "retention_days": 30,
    }  # fmt: skip
    # Idempotent: a second run finds nothing and records nothing.
    assert actions.do_purge_raw_mail() == 0
    assert Event.objects.filter(verb="inbound_mail.raw_purged").count() == 1


def test_the_retention_is_a_setting_and_0_keeps_mail_forever(
    mails: dict[str, InboundEmail], settings: SettingsWrapper
) -> None:
    settings.CROWDSERVICE_RAW_MAIL_RETENTION_DAYS = 0
    assert actions.do_purge_raw_mail(now=timezone.now() + timedelta(days=3650)) == 0
    assert purge_raw_mail.call_local() == 0
    assert not InboundEmail.objects.filter(raw_purged_at__isnull=False).exists()
    settings.CROWDSERVICE_RAW_MAIL_RETENTION_DAYS = 7
    assert actions.do_purge_raw_mail() == 3  # the 29-day-old one too


def test_the_daily_job_purges(mails: dict[str, InboundEmail]) -> None:
    assert purge_raw_mail.call_local() == 2
    assert _raw(mails["old_processed"]) == b""


def test_a_purged_mail_delivered_again_is_still_recognised(customer: User) -> None:
    raw = _mail(customer, "<router-1@example.com>")
    first = receive(raw)
    assert first.status == InboundStatus.PROCESSED
    assert Case.objects.get().attachments.count() == 1
    InboundEmail.objects.filter(pk=first.pk).update(received_at=timezone.now() - timedelta(days=45))
    assert actions.do_purge_raw_mail() == 1
    again = receive(raw)
    assert again.pk == first.pk
    assert Case.objects.count() == 1
    # The case keeps its attachment: it never lived in the raw mail's row.
    assert Case.objects.get().attachments.count() == 1


def test_the_command_dry_run_counts_and_changes_nothing(mails: dict[str, InboundEmail]) -> None:
    out = StringIO()
    call_command("purge_raw_mail", "--dry-run", stdout=out)
    assert "Would empty the raw message of 2 inbound mails older than 30 days." in out.getvalue()
    assert _raw(mails["old_processed"]).endswith(b"old_processed")
    assert not Event.objects.filter(verb="inbound_mail.raw_purged").exists()
    out = StringIO()
    call_command("purge_raw_mail", stdout=out)
    assert "Emptied the raw message of 2 inbound mails" in out.getvalue()
    assert _raw(mails["old_processed"]) == b""


def test_the_command_says_when_mail_is_kept_forever(
    mails: dict[str, InboundEmail], settings: SettingsWrapper
) -> None:
    settings.CROWDSERVICE_RAW_MAIL_RETENTION_DAYS = 0
    out = StringIO()
    call_command("purge_raw_mail", stdout=out)
    assert "kept forever" in out.getvalue()
    assert _raw(mails["old_processed"]).endswith(b"old_processed")
