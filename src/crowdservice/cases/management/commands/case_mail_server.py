"""`crowdservice case_mail_server`: receive support mail over SMTP and turn it into cases."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from crowdservice.cases.mail.smtp import start_listener


class Command(BaseCommand):
    help = "Run the inbound SMTP listener: mail to the support address becomes cases and replies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8025, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=2,
            help="Threads storing and processing mail (2 overlap parsing with writes).",
        )  # fmt: skip
        parser.add_argument(
            "--defer", action="store_true",
            help="Only store mail here; the job worker processes it.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        controller = start_listener(
            options["host"], options["port"], workers=max(1, options["workers"]),
            defer=options["defer"],
        )  # fmt: skip
        self.stdout.write(f"Receiving case mail on {options['host']}:{options['port']}")
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        try:
            stop.wait()
        finally:
            controller.stop()
            self.stdout.write("Stopped.")
