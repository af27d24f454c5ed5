"""Configuration comes from the environment and a bad value stops start-up with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from crowdservice.config import Env, database, secret_key


def test_booleans_integers_and_choices() -> None:
    env = Env({"A": "yes", "B": "0", "N": "42"})
    assert env.boolean("A", False) is True
    assert env.boolean("B", True) is False
    assert env.boolean("MISSING", True) is True
    assert env.integer("N", 1) == 42
    with pytest.raises(ImproperlyConfigured, match="A must be a whole number, got 'yes'"):
        env.integer("A", 1)
    with pytest.raises(ImproperlyConfigured, match="N must be true or false"):
        env.boolean("N", False)
    with pytest.raises(ImproperlyConfigured, match="N must be at least 100, got 42"):
        env.integer("N", 1, minimum=100)
    with pytest.raises(ImproperlyConfigured, match="one of mandatory, optional"):
        Env({"V": "sometimes"}).choice("V", "mandatory", ("mandatory", "optional"))


def test_database_url(tmp_path: Path) -> None:
    assert database(Env({}), tmp_path)["NAME"] == str(tmp_path / "crowdservice.sqlite3")
    pg = database(Env({"DATABASE_URL": "postgres://u:p@db.internal:5433/cs"}), tmp_path)
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["HOST"], pg["PORT"], pg["NAME"], pg["CONN_MAX_AGE"]) == (
        "db.internal",
        5433,
        "cs",
        60,
    )
    with pytest.raises(ImproperlyConfigured, match="must start with postgres:// or sqlite://"):
        database(Env({"DATABASE_URL": "mysql://x/y"}), tmp_path)


def test_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = secret_key(Env({}), tmp_path)
    assert len(first) >= 50
    assert secret_key(Env({}), tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    with pytest.raises(ImproperlyConfigured, match="at least 32 characters"):
        secret_key(Env({"SECRET_KEY": "short"}), tmp_path)


def test_bad_value_stops_the_command_with_a_message(tmp_path: Path) -> None:
    env = {**os.environ, "CROWDSERVICE_VAR_DIR": str(tmp_path), "CONN_MAX_AGE": "forever"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "crowdservice.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "CONN_MAX_AGE must be a whole number, got 'forever'." in result.stderr
