"""The real local SMTP server of the accounts tests, for notification email."""

from __future__ import annotations

from tests.accounts.conftest import Mailbox, smtp_mailbox

__all__ = ["Mailbox", "smtp_mailbox"]
