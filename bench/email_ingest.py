"""Email ingest benchmark: generated mail through the real SMTP listener, stored exactly once.

Starts `crowdservice case_mail_server` (the product's aiosmtpd listener) on a fresh SQLite
database (or BENCH_DATABASE_URL), sends 2,000 generated mails over 4 SMTP connections (new cases
from 300 senders, replies threaded by In-Reply-To and by the subject token, an HTML mail now and
then, attachments, auto-replies that must be ignored, and 5% sent twice with the same
Message-ID), waits for the listener's answers, and checks the database: every distinct
Message-ID stored exactly once, every mail processed or deliberately ignored, none failed.
Each mail is stored and processed before the listener answers 250, so the rate is end to end.

    .venv/bin/python bench/email_ingest.py [--mails 2000] [--connections 4]

Prints mails per second and ONE final line of JSON. Target: at least 50 mails/s (2 cores).
Exit status: 0 target met, 1 target missed or a check failed, 2 the harness failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from email.message import EmailMessage
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET_RATE = 50.0
SENDERS = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def generate(count: int, rng: random.Random) -> tuple[list[bytes], int]:
    """The mails to send (duplicates included) and how many distinct Message-IDs they carry."""
    mails: list[bytes] = []
    earlier: list[tuple[str, str, str]] = []  # (sender, message id, subject) of new cases
    distinct = 0
    while len(mails) < count:
        n = len(mails)
        sender = f"customer{rng.randrange(SENDERS):03d}@example.com"
        message = EmailMessage()
        message_id = f"<bench-{n}-{rng.getrandbits(40):x}@example.com>"
        message["Message-ID"] = message_id
        message["To"] = "support@localhost"
        kind = rng.random()
        if kind < 0.3 and earlier:
            first_sender, first_id, subject = rng.choice(earlier)
            sender = first_sender
            message["Subject"] = f"Re: {subject}"
            message["In-Reply-To"] = first_id
            message["References"] = first_id
            body = f"Still broken, see above.\n\nOn Monday you wrote:\n> {subject}\n"
        elif kind < 0.33:
            message["Auto-Submitted"] = "auto-replied"
            message["Subject"] = "Out of office"
            body = "I am away until Monday."
        else:
            subject = f"Router problem number {n}: the {rng.choice(['5 GHz', 'mesh', 'VPN'])} link"
            message["Subject"] = subject
            body = "The connection drops every few minutes.\n" * rng.randint(1, 30)
            earlier.append((sender, message_id, subject))
        message["From"] = f"Customer <{sender}>"
        message.set_content(body)
        if kind > 0.95:
            message.add_alternative(f"<p>{body}</p>", subtype="html")
        elif kind > 0.9:
            message.add_attachment(
                b"log " * 200, maintype="text", subtype="plain", filename="a.log"
            )
        raw = message.as_bytes().replace(b"\n", b"\r\n")
        mails.append(raw)
        distinct += 1
        if rng.random() < 0.05 and len(mails) < count:
            mails.append(raw)  # delivered twice
    return mails, distinct


def send_all(port: int, mails: list[bytes], connections: int) -> list[str]:
    errors: list[str] = []
    lock = threading.Lock()
    shares = [mails[i::connections] for i in range(connections)]

    def worker(share: list[bytes]) -> None:
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=120) as smtp:
                for raw in share:
                    smtp.sendmail("bench@example.com", ["support@localhost"], raw)
        except Exception as exc:
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=worker, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def wait_for_port(port: int, process: subprocess.Popen[bytes], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the mail server exited before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the mail server did not start listening")


def run(args: argparse.Namespace, var_dir: Path, report: dict[str, Any]) -> bool:
    env = {
        **os.environ,
        "CROWDSERVICE_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "crowdservice.settings",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from crowdservice.cases.models import Case, InboundEmail

    if InboundEmail.objects.exists():
        raise RuntimeError("The benchmark database already holds mail; use an empty one.")
    mails, distinct = generate(args.mails, random.Random(20261202))
    port = free_port()
    log = var_dir / "mail-server.log"
    command = [
        sys.executable, "-m", "crowdservice.cli", "case_mail_server", "--port", str(port),
        "--workers", str(args.workers),
    ]  # fmt: skip
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command, env=env, cwd=REPO_ROOT, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_for_port(port, process)
        started = time.perf_counter()
        errors = send_all(port, mails, args.connections)
        seconds = time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    rate = len(mails) / seconds
    stored = InboundEmail.objects.count()
    statuses = dict(
        InboundEmail.objects.values_list("status").annotate(n=django.db.models.Count("id"))
    )
    ids = list(InboundEmail.objects.values_list("message_id", flat=True))
    checks = {
        "no_send_errors": not errors,
        "stored_once_each": stored == distinct and len(set(ids)) == len(ids),
        "none_failed_or_pending": statuses.get("failed", 0) == 0
        and statuses.get("pending", 0) == 0,
    }
    report.update(
        load_avg=round(os.getloadavg()[0], 2),
        mails_sent=len(mails), distinct_message_ids=distinct, stored=stored, statuses=statuses,
        cases=Case.objects.count(), seconds=round(seconds, 2), mails_per_s=round(rate, 1),
        send_errors=errors[:5], checks=checks,
    )  # fmt: skip
    print(f"Sent {len(mails):,} mails ({distinct:,} distinct Message-IDs) in {seconds:.1f} s")
    print(f"  {rate:.1f} mails/s over {args.connections} SMTP connections")
    print(f"  1-minute load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    print(f"  stored {stored:,}; by status {statuses}; {report['cases']:,} cases")
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    passed = rate >= TARGET_RATE and all(checks.values())
    print(f"{'PASS' if rate >= TARGET_RATE else 'FAIL'}  mails_per_s = {rate:.1f} (target >= 50)")
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mails", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="listener threads")
    args = parser.parse_args()
    report: dict[str, Any] = {"bench": "email_ingest", "ok": False}
    status = 2
    try:
        with tempfile.TemporaryDirectory(prefix="crowdservice-mail-bench-") as tmp:
            passed = run(args, Path(tmp), report)
        report["ok"], report["pass"] = True, passed
        status = 0 if passed else 1
    except Exception as exc:
        report["error"] = f"{type(exc).__name__}: {exc}"[:500]
        traceback.print_exc()
    finally:
        print(json.dumps(report, separators=(",", ":"), default=str), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
