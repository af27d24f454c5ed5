"""`crowdservice poll_case_mail`: fetch support mail from a Maildir or an IMAP mailbox.

Each mail is stored (deduplicated by Message-ID) before it is removed from the mailbox, so a
crash in between only means it is fetched again and recognised as already stored.
"""

from __future__ import annotations

import imaplib
import mailbox
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crowdservice.cases.mail.inbound import process, store


def poll_maildir(path: str) -> int:
    box = mailbox.Maildir(path, factory=None, create=False)
    done = 0
    for key in list(box.iterkeys()):
        with box.get_file(key) as handle:
            raw = handle.read()
        inbound, created = store(raw)
        if created:
            process(inbound)
        box.remove(key)
        done += 1
    return done


def poll_imap(host: str, user: str, password: str, folder: str) -> int:  # pragma: no cover
    # Not exercised by the tests (no IMAP server here); the same store/process path as Maildir.
    done = 0
    with imaplib.IMAP4_SSL(host) as imap:
        imap.login(user, password)
        imap.select(folder)
        _, data = imap.search(None, "UNSEEN")
        for number in data[0].split():
            _, parts = imap.fetch(number, "(RFC822)")
            raw = parts[0][1] if parts and isinstance(parts[0], tuple) else b""
            if not isinstance(raw, bytes) or not raw:
                continue
            inbound, created = store(raw)
            if created:
                process(inbound)
            imap.store(number, "+FLAGS", "\\Seen")
            done += 1
    return done


class Command(BaseCommand):
    help = "Fetch support mail once from a Maildir (--maildir) or the configured IMAP mailbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--maildir", help="Path of a Maildir to read and empty.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("maildir"):
            try:
                count = poll_maildir(options["maildir"])
            except (FileNotFoundError, mailbox.NoSuchMailboxError) as exc:
                raise CommandError(f"There is no Maildir at {options['maildir']}.") from exc
        elif settings.CROWDSERVICE_CASE_IMAP_HOST:
            count = poll_imap(
                settings.CROWDSERVICE_CASE_IMAP_HOST,
                settings.CROWDSERVICE_CASE_IMAP_USER,
                settings.CROWDSERVICE_CASE_IMAP_PASSWORD,
                settings.CROWDSERVICE_CASE_IMAP_FOLDER,
            )
        else:
            raise CommandError("Give --maildir, or set CROWDSERVICE_CASE_IMAP_HOST and friends.")
        self.stdout.write(f"Fetched {count} mail{'s' if count != 1 else ''}.")
