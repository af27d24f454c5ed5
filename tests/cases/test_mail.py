"""Email for real: mail sent over SMTP to the real listener becomes cases and replies, threaded,
deduplicated and protected against loops; notifications go out over SMTP with threading headers."""

from __future__ import annotations

import mailbox
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.cases import actions
from crowdservice.cases.mail import inbound as inbound_module
from crowdservice.cases.mail.inbound import receive, retry_failed
from crowdservice.cases.mail.smtp import start_listener
from crowdservice.cases.models import Case, Channel, InboundEmail, InboundStatus, Status
from tests.cases.conftest import Listener, Mailbox, free_port

pytestmark = pytest.mark.django_db(transaction=True)


def mail(
    sender: str = "carol_customer@example.com",
    subject: str = "My router reboots every night",
    body: str = "Every night at 2 am the router restarts.",
    **headers: str,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Carol <{sender}>"
    message["To"] = "support@localhost"
    message["Subject"] = subject
    message["Message-ID"] = headers.pop("message_id", make_msgid(domain="example.com"))
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def test_a_new_mail_opens_a_case_and_the_reply_threads_into_it(
    listener: Listener, smtp_mailbox: Mailbox, customer: User
) -> None:
    first = mail()
    listener.send(first.as_bytes())
    case = Case.objects.get()
    assert (case.requester, case.channel, case.subject) == (
        customer,
        Channel.EMAIL,
        first["Subject"],
    )
    assert InboundEmail.objects.get().status == InboundStatus.PROCESSED
    # The acknowledgement: threaded on the customer's mail, marked automatic (RFC 3834).
    ack = smtp_mailbox.messages[-1]
    assert ack["To"] == customer.email
    assert ack["In-Reply-To"] == first["Message-ID"]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert f"[{case.reference}]" in ack["Subject"]

    reply = mail(
        subject=f"Re: {ack['Subject']}",
        body="It happened again tonight.\n\nOn Mon, Support wrote:\n> we have received it",
        In_Reply_To=ack["Message-ID"],
        References=f"{first['Message-ID']} {ack['Message-ID']}",
    )
    listener.send(reply.as_bytes())
    message = case.messages.order_by("-id").first()
    assert message is not None
    assert message.body == "It happened again tonight."
    assert message.email_message_id == reply["Message-ID"]
    assert Case.objects.count() == 1

    # The agent answers on the web: the mail refers to the whole thread.
    actions.do_reply(
        actor=User.objects.create(username="agent_x", role="agent"),
        case=case,
        body="Try channel 36.",
    )
    sent = smtp_mailbox.messages[-1]
    assert "Try channel 36." in smtp_mailbox.body()
    assert sent["In-Reply-To"] == reply["Message-ID"]
    assert first["Message-ID"] in sent["References"]
    assert ack["Message-ID"] in sent["References"]
    assert sent["Message-ID"].startswith(f"<cs.case-{case.pk}.")


def test_a_reply_threads_by_the_subject_token_alone(listener: Listener, case: Case) -> None:
    listener.send(mail(subject=f"Re: anything [{case.reference}]", body="More details.").as_bytes())
    assert Case.objects.count() == 1
    assert case.messages.last().body == "More details."  # type: ignore[union-attr]
    # A guessed token is no token: a new case.
    listener.send(mail(subject=f"Re: anything [#{case.pk}-0000000000]").as_bytes())
    assert Case.objects.count() == 2


def test_the_same_message_id_is_stored_once(listener: Listener) -> None:
    raw = mail(message_id="<dup-1@example.com>").as_bytes()
    listener.send(raw)
    listener.send(raw)
    assert InboundEmail.objects.count() == 1
    assert Case.objects.count() == 1
    # Without a Message-ID, identical bytes are still one mail.
    bare = b"From: dan@example.com\r\nSubject: No id here at all\r\n\r\nHello\r\n"
    listener.send(bare)
    listener.send(bare)
    assert InboundEmail.objects.count() == 2
    assert Case.objects.count() == 2


@pytest.mark.parametrize(
    ("headers", "sender", "reason"),
    [
        ({"Auto_Submitted": "auto-replied"}, "carol_customer@example.com", "auto-submitted"),
        ({"Precedence": "bulk"}, "carol_customer@example.com", "bulk"),
        ({"X_Autoreply": "yes"}, "carol_customer@example.com", "auto-reply"),
        ({}, "MAILER-DAEMON@example.com", "machine sender"),
        ({}, "support@localhost", "loop"),
    ],
)
def test_machines_are_never_answered(
    listener: Listener, smtp_mailbox: Mailbox, headers: dict[str, str], sender: str, reason: str
) -> None:
    listener.send(mail(sender=sender, **headers).as_bytes())
    stored = InboundEmail.objects.get()
    assert stored.status == InboundStatus.IGNORED
    assert reason in stored.outcome
    assert not Case.objects.exists()
    assert smtp_mailbox.messages == []


def test_a_bounce_is_stored_and_ignored(listener: Listener) -> None:
    raw = (
        b"From: Mail Delivery System <mailer@example.com>\r\nSubject: Undelivered\r\n"
        b"Message-ID: <bounce-1@example.com>\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--b--\r\n"
    )
    listener.send(raw)
    assert InboundEmail.objects.get().status == InboundStatus.IGNORED
    assert not Case.objects.exists()


def test_a_flood_from_one_sender_is_a_loop(listener: Listener, settings: object) -> None:
    inbound_module.FLOOD_PER_HOUR, old = 3, inbound_module.FLOOD_PER_HOUR
    try:
        for n in range(5):
            listener.send(mail(subject=f"Out of office number {n}").as_bytes())
    finally:
        inbound_module.FLOOD_PER_HOUR = old
    assert Case.objects.count() == 3
    assert InboundEmail.objects.filter(status=InboundStatus.IGNORED).count() == 2


def test_malformed_mail_has_a_clear_outcome(listener: Listener) -> None:
    listener.send(b"just some bytes without any header\r\n")
    stored = InboundEmail.objects.get()
    assert stored.status == InboundStatus.IGNORED
    assert "no sender" in stored.outcome
    broken = (
        b"From: eve@example.com\r\nSubject: Broken MIME message here\r\nMessage-ID: <b2@x>\r\n"
        b'Content-Type: multipart/mixed; boundary="never-closed"\r\n\r\n'
        b"--never-closed\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\n"
        b"Caf\xe9 is broken\r\n"
    )
    listener.send(broken)
    case = Case.objects.get()
    assert "Caf" in case.description
    assert case.requester.email == "eve@example.com"


def test_a_20_mb_body_is_kept_and_cut_and_larger_mail_is_refused(
    listener: Listener, settings: object
) -> None:
    listener.send(mail(body="words of a very long mail, line after line\n" * 480_000).as_bytes())
    case = Case.objects.get()
    assert len(case.description) <= 50_000
    assert "too long" in case.description
    assert len(bytes(InboundEmail.objects.get().raw)) > 20_000_000  # the whole mail is kept
    settings.CROWDSERVICE_CASE_MAIL_MAX_BYTES = 100_000  # type: ignore[attr-defined]
    small = start_listener("127.0.0.1", free_port())
    try:
        import smtplib

        with pytest.raises(smtplib.SMTPException):
            Listener(small.port).send(mail(body=("x" * 70 + "\n") * 3000).as_bytes())
    finally:
        small.stop()
    assert InboundEmail.objects.count() == 1


def test_attachments_are_saved_and_refused_ones_are_named(listener: Listener) -> None:
    message = mail(subject="Logs and a program attached")
    message.add_attachment(b"log line", maintype="text", subtype="plain", filename="router.log")
    message.add_attachment(
        b"MZ...", maintype="application", subtype="x-msdownload", filename="fix.exe"
    )
    listener.send(message.as_bytes())
    case = Case.objects.get()
    assert [a.filename for a in case.attachments.all()] == ["router.log"]
    assert "fix.exe" in case.description
    assert "not accepted" in case.description


def test_mail_about_someone_elses_case_opens_their_own(
    listener: Listener, case: Case, other_customer: User
) -> None:
    listener.send(
        mail(
            sender=other_customer.email, subject=f"Re: [{case.reference}]", body="Me too!"
        ).as_bytes()
    )
    assert case.messages.count() == 1
    theirs = Case.objects.exclude(pk=case.pk).get()
    assert theirs.requester == other_customer


def test_a_reply_to_a_closed_case_opens_a_follow_up(
    listener: Listener, case: Case, customer: User
) -> None:
    actions.do_change_status(actor=customer, case=case, status=Status.CLOSED)
    listener.send(mail(subject=f"Re: [{case.reference}]", body="It broke again.").as_bytes())
    follow_up = Case.objects.exclude(pk=case.pk).get()
    assert f"Follow-up to closed case #{case.pk}" in follow_up.description
    assert "follow-up" in InboundEmail.objects.get().outcome
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_a_failure_keeps_the_mail_for_a_retry_visible_to_admins(
    listener: Listener, admin_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(inbound_module, "do_open_case", broken)
    listener.send(mail().as_bytes())
    stored = InboundEmail.objects.get()
    assert stored.status == InboundStatus.FAILED
    assert "database went away" in stored.last_error
    assert not Case.objects.exists()
    client = Client()
    client.force_login(admin_user)
    page = client.get("/agent/mail/?status=failed").content.decode()
    assert "database went away" in page
    monkeypatch.undo()
    InboundEmail.objects.update(received_at=timezone.now() - timedelta(minutes=5))
    assert retry_failed() == 1
    stored.refresh_from_db()
    assert stored.status == InboundStatus.PROCESSED
    assert stored.attempts == 2
    assert Case.objects.count() == 1


def test_maildir_polling(tmp_path: Path, make_case: Callable[..., Case]) -> None:
    box = mailbox.Maildir(tmp_path / "inbox", create=True)
    box.add(mail(subject="Mail from the maildir one").as_bytes())
    box.add(mail(subject="Mail from the maildir two").as_bytes())
    call_command("poll_case_mail", maildir=str(tmp_path / "inbox"))
    assert Case.objects.count() == 2
    assert len(box) == 0
    assert receive(mail(message_id="<x@y>").as_bytes()).status == InboundStatus.PROCESSED


def test_control_characters_in_headers_are_never_stored(listener: Listener) -> None:
    raw = (
        b"From: nul@example.com\r\nSubject: Nul\x00 in the subject line\r\n"
        b"Message-ID: <bad\x00id@example.com>\r\n\r\nBody with a \x00 NUL.\r\n"
    )
    listener.send(raw)
    stored = InboundEmail.objects.get()
    assert "\x00" not in stored.message_id
    assert stored.message_id.startswith("<sha256.")
    case = Case.objects.get()
    assert "\x00" not in case.subject
    assert "\x00" not in case.description
