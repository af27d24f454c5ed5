"""`crowdservice serve`: migrate, load the demo when empty, then run gunicorn and the job worker."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CommandError(
                f"Cannot serve on {host}:{port}: {exc.strerror}. Is CrowdService already running? "
                f"Choose another port with PORT=8001 make run (or crowdservice serve --port 8001)."
            ) from None


class Command(BaseCommand):
    help = "Run the web server and the background-job worker together (Ctrl-C stops both)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument("--no-demo", action="store_true", help="don't load the demo community")

    def handle(self, *args: Any, **options: Any) -> None:
        check_port_free(options["host"], options["port"])
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        if not options["no_demo"]:
            call_command("seed_demo", if_empty=True, url=f"http://{bind}")
        # A database from before the search index (or restored without it) is indexed once.
        call_command("rebuild_search_index", if_empty=True)
        web = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [
                sys.executable, "-m", "gunicorn", "crowdservice.wsgi", "--bind", bind,
                "--workers", str(options["workers"]), "--access-logfile", "-",
            ]
        )  # fmt: skip
        worker_argv = [sys.executable, "-m", "crowdservice.cli", "run_huey"]
        worker = subprocess.Popen(worker_argv)  # noqa: S603 - fixed argv, no shell
        self.stdout.write(
            self.style.SUCCESS(f"\nCrowdService is running at http://{bind}/")
            + f"\nJobs: {settings.HUEY['huey_class']}. Press Ctrl-C to stop.\n"
        )
        processes = [web, worker]

        def stop(*_: object) -> None:
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        failed = [p for p in processes if p.returncode not in (0, -signal.SIGTERM, None)]
        if failed and not any(p.returncode == -signal.SIGINT for p in failed):
            raise SystemExit(1)
