"""The inbound SMTP listener (aiosmtpd): every mail it accepts is stored before it answers 250.

Database work runs in a small thread pool, never in the event loop: two threads overlap one
mail's parsing with another's commit (SQLite still writes one transaction at a time; more threads
help on PostgreSQL). A mail larger than CROWDSERVICE_CASE_MAIL_MAX_BYTES is
refused during the SMTP dialogue (552), so the sending server tells its sender.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import close_old_connections

from crowdservice.cases.mail.inbound import process, store

logger = logging.getLogger(__name__)


class CaseMailHandler:
    def __init__(self, *, workers: int = 1, defer: bool = False) -> None:
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="case-mail")
        self.defer = defer

    def _receive(self, raw: bytes, mail_from: str) -> None:
        # Like a web request: the connection is reused up to CONN_MAX_AGE, then closed.
        close_old_connections()
        try:
            inbound, created = store(raw, mail_from=mail_from)
            if not created:
                return
            if self.defer:
                from crowdservice.cases.jobs import process_inbound_mail

                process_inbound_mail(inbound.pk)
            else:
                process(inbound)
        finally:
            close_old_connections()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(
                self.executor, self._receive, bytes(raw), str(envelope.mail_from or "")
            )
        except Exception:
            # Not even stored: a temporary failure, so the sending server tries again later.
            logger.exception("Could not store an inbound mail")
            return "451 Requested action aborted: local error, please retry"
        return "250 Message accepted for delivery"


def start_listener(
    host: str = "127.0.0.1", port: int = 8025, *, workers: int = 1, defer: bool = False
) -> Controller:
    handler = CaseMailHandler(workers=workers, defer=defer)
    controller = Controller(
        handler,
        hostname=host,
        port=port,
        data_size_limit=settings.CROWDSERVICE_CASE_MAIL_MAX_BYTES,
        decode_data=False,
    )
    controller.start()
    return controller
