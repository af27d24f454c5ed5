"""The real job queue: a committed write is picked up by a separate `run_huey` worker process.

The rest of the suite runs jobs immediately; this test proves the embedded SQLite queue, the
worker command and the event consumers work together as `make run` starts them.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CREATE_CONTENT = """
from crowdservice.accounts.actions import do_create_user
from crowdservice.community.actions import do_ask_question, do_post_answer
from crowdservice.community.models import Space
space = Space.objects.create(slug="setup", name="Setup")
asker = do_create_user(username="asker", email="asker@example.com")
helper = do_create_user(username="helper", email="helper@example.com")
question = do_ask_question(author=asker, space_id=space.pk,
    title="How do I reset the router to factory settings?",
    body="The admin page no longer accepts my password.")
do_post_answer(author=helper, question=question,
    body="Hold the reset pin for ten seconds until the light blinks amber.")
"""


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "crowdservice.cli", *args],
        env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def test_worker_process_delivers_notifications(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crowdservice.settings",
        "CROWDSERVICE_VAR_DIR": str(tmp_path),
        "CROWDSERVICE_JOBS_IMMEDIATE": "false",
    }
    env.pop("DATABASE_URL", None)
    run(["migrate", "-v0"], env)
    run(["shell", "-c", CREATE_CONTENT], env)
    db = sqlite3.connect(tmp_path / "crowdservice.sqlite3")
    # The job is queued in the embedded queue, not yet run: no worker is up.
    assert db.execute("SELECT count(*) FROM notifications_notification").fetchone() == (0,)
    assert (tmp_path / "jobs.sqlite3").exists()
    worker = subprocess.Popen(
        [sys.executable, "-m", "crowdservice.cli", "run_huey", "--workers", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # Other consumers notify too (first-post badges), so look for the answer's notification.
        expected = ("asker", "helper answered “How do I reset the router to factory settings?”")
        deadline = time.monotonic() + 30
        rows: list[tuple[str, str]] = []
        while time.monotonic() < deadline and expected not in rows:
            time.sleep(0.3)
            rows = db.execute(
                "SELECT u.username, n.title FROM notifications_notification n "
                "JOIN accounts_user u ON u.id = n.recipient_id"
            ).fetchall()
        assert expected in rows
        assert all(username == "asker" or "badge" in title for username, title in rows), rows
    finally:
        worker.terminate()
        output = worker.communicate(timeout=20)[0].decode(errors="replace")
        db.close()
    assert worker.returncode is not None, output


@pytest.fixture(autouse=True)
def _no_db_needed() -> None:
    """This test uses its own database files through subprocesses, not the test database."""
