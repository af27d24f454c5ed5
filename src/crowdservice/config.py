"""Reading and validating configuration from environment variables.

Every setting an operator can change is read here, once, when the settings module loads, and a
bad value stops start-up with a message that names the variable and says what it accepts.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    """Typed accessors over an environment mapping; bad input raises ImproperlyConfigured."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def string(self, name: str, default: str) -> str:
        return self.environ.get(name, default)

    def boolean(self, name: str, default: bool) -> bool:
        raw = self.environ.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no), got {raw!r}.")

    def integer(self, name: str, default: int, *, minimum: int | None = None) -> int:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None
        if minimum is not None and value < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
        return value

    def strings(self, name: str, default: list[str]) -> list[str]:
        raw = self.environ.get(name)
        if raw is None:
            return default
        return [item.strip() for item in raw.split(",") if item.strip()]

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.environ.get(name, default).strip().lower()
        if value not in choices:
            allowed = ", ".join(choices)
            raise ImproperlyConfigured(f"{name} must be one of {allowed}; got {value!r}.")
        return value


def var_dir(env: Env) -> Path:
    """Directory for the embedded database, job queue, secret key and uploads."""
    path = Path(env.string("CROWDSERVICE_VAR_DIR", str(Path.cwd() / "var"))).resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"CROWDSERVICE_VAR_DIR {str(path)!r} cannot be created: {exc.strerror}."
        ) from exc
    return path


def secret_key(env: Env, var: Path) -> str:
    """SECRET_KEY from the environment, or one generated on first start and kept under var/."""
    key = env.string("SECRET_KEY", "")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")
        return key
    key_file = var / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    return key


def database(env: Env, var: Path) -> dict[str, Any]:
    """Django DATABASES['default'] from DATABASE_URL; SQLite under var/ when it is unset."""
    url = env.string("DATABASE_URL", "")
    conn_max_age = env.integer("CONN_MAX_AGE", 60, minimum=0)
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(var / "crowdservice.sqlite3"),
            "OPTIONS": {
                # WAL lets the web server read while the job worker writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "CONN_MAX_AGE": conn_max_age,
            "TEST": {"NAME": ""},
        }
    scheme = url.split("://", 1)[0]
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or sqlite://, got scheme {scheme!r}."
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
    if config["ENGINE"].endswith("postgresql"):
        config["CONN_HEALTH_CHECKS"] = True
    return config


def new_secret() -> str:
    return secrets.token_urlsafe(50)


# Reputation (docs/reputation.md): the privilege ladder and the point table, as `name=number`
# lists. Names are checked, so a typo stops start-up instead of silently granting a privilege.
PRIVILEGE_DEFAULTS: dict[str, int] = {
    "comment": 5,  # comment on others' posts (own posts, and answers to your question, always)
    "upvote": 15,
    "flag": 15,
    "new_user_lifted": 10,  # below this, the new-user posting intervals apply
    "downvote": 125,
    "retag": 300,
    "review": 500,  # access the review queues
    "edit": 1000,  # edit others' posts directly (below: suggest an edit for review)
    "close": 1500,  # vote to close and reopen
}
POINT_DEFAULTS: dict[str, int] = {
    "question_upvoted": 10,
    "answer_upvoted": 10,
    "downvoted": -2,
    "downvote_cast": -1,  # casting a downvote on an answer
    "answer_accepted": 15,
    "accepter": 2,  # accepting someone else's answer to your question
    "answer_endorsed": 25,
    "kb_promoted": 50,
    "spam_confirmed": -100,
    "edit_approved": 2,  # a suggested edit approved by a reviewer
}


def named_numbers(env: Env, name: str, defaults: dict[str, int]) -> dict[str, int]:
    """`defaults` overridden by `NAME=a=1,b=2`; unknown names and non-numbers are refused."""
    raw = env.string(name, "").strip()
    values = dict(defaults)
    if not raw:
        return values
    for item in raw.split(","):
        key, sep, number = item.partition("=")
        key = key.strip()
        if not sep or key not in defaults:
            known = ", ".join(defaults)
            raise ImproperlyConfigured(
                f"{name} takes name=number pairs separated by commas, with names from: {known}; "
                f"got {item.strip()!r}."
            )
        try:
            values[key] = int(number)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {key} must be a whole number, got {number.strip()!r}."
            ) from None
    return values


def privilege_ladder(env: Env) -> dict[str, int]:
    ladder = named_numbers(env, "CROWDSERVICE_PRIVILEGES", PRIVILEGE_DEFAULTS)
    negative = [key for key, value in ladder.items() if value < 0]
    if negative:
        raise ImproperlyConfigured(
            f"CROWDSERVICE_PRIVILEGES: thresholds can't be negative ({', '.join(negative)})."
        )
    return ladder


def close_votes(env: Env) -> int:
    """Close (or reopen) votes that close (or reopen) a question; at least one."""
    return env.integer("CROWDSERVICE_CLOSE_VOTES", 3, minimum=1)


def reputation_points(env: Env) -> dict[str, int]:
    points = named_numbers(env, "CROWDSERVICE_REPUTATION_POINTS", POINT_DEFAULTS)
    wrong = [
        key
        for key, value in points.items()
        if (value < 0) != (POINT_DEFAULTS[key] < 0) and value != 0
    ]
    if wrong:
        raise ImproperlyConfigured(
            "CROWDSERVICE_REPUTATION_POINTS: these keep their sign (gains positive, losses "
            f"negative): {', '.join(wrong)}."
        )
    return points
