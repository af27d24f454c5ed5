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

    def real(
        self,
        name: str,
        default: float,
        *,
        above: float | None = None,
        maximum: float | None = None,
    ) -> float:
        """A decimal number, more than `above` and at most `maximum` when given."""
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            value = float(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}.") from None
        if value != value or value in (float("inf"), float("-inf")):  # nan, inf
            raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}.")
        if above is not None and value <= above:
            raise ImproperlyConfigured(f"{name} must be more than {above:g}, got {value:g}.")
        if maximum is not None and value > maximum:
            raise ImproperlyConfigured(f"{name} must be at most {maximum:g}, got {value:g}.")
        return value

    def integers(
        self, name: str, default: tuple[int, ...], *, minimum: int, maximum: int
    ) -> tuple[int, ...]:
        """Comma-separated whole numbers, each from `minimum` to `maximum`; at least one."""
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        values: list[int] = []
        for item in raw.split(","):
            try:
                value = int(item)
            except ValueError:
                raise ImproperlyConfigured(
                    f"{name} must be whole numbers separated by commas, got {raw!r}."
                ) from None
            if not minimum <= value <= maximum:
                raise ImproperlyConfigured(
                    f"{name}: each number must be from {minimum} to {maximum}, got {value}."
                )
            values.append(value)
        return tuple(values)

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


# Hot topics (decision 0008): the detector's thresholds, as `CROWDSERVICE_TRENDS_<NAME>`.
# trends.config.TrendConfig has the same defaults (a test keeps them equal).
TREND_DEFAULTS: dict[str, Any] = {
    "window_hours": (1, 3, 6),
    "baseline_days": 14,
    "max_q": 0.01,
    "min_lift": 2.0,
    "min_documents": 5,
    "min_authors": 3,
    "cooldown_hours": 12,
    "retention_days": 30,
    "examples": 3,
}


def trend_thresholds(env: Env) -> dict[str, Any]:
    """The detector's settings by name (without the prefix), each checked on its own and the
    retention against the baseline it must keep."""
    d = TREND_DEFAULTS
    name = "CROWDSERVICE_TRENDS_{}".format
    values: dict[str, Any] = {
        "window_hours": env.integers(
            name("WINDOW_HOURS"), d["window_hours"], minimum=1, maximum=168
        ),
        "baseline_days": env.integer(name("BASELINE_DAYS"), d["baseline_days"], minimum=1),
        "max_q": env.real(name("MAX_Q"), d["max_q"], above=0, maximum=1),
        "min_lift": env.real(name("MIN_LIFT"), d["min_lift"], above=0),
        "min_documents": env.integer(name("MIN_DOCUMENTS"), d["min_documents"], minimum=1),
        "min_authors": env.integer(name("MIN_AUTHORS"), d["min_authors"], minimum=1),
        "cooldown_hours": env.integer(name("COOLDOWN_HOURS"), d["cooldown_hours"], minimum=0),
        "retention_days": env.integer(name("RETENTION_DAYS"), d["retention_days"], minimum=1),
        "examples": env.integer(name("EXAMPLES"), d["examples"], minimum=0),
    }
    # Pruning must not delete the counts the baseline (before the longest window) still reads.
    needed_hours = values["baseline_days"] * 24 + max(values["window_hours"])
    if values["retention_days"] * 24 < needed_hours:
        raise ImproperlyConfigured(
            f"CROWDSERVICE_TRENDS_RETENTION_DAYS ({values['retention_days']}) must cover the "
            f"baseline ({values['baseline_days']} days) and the longest window "
            f"({max(values['window_hours'])} hours): at least {-(-needed_hours // 24)} days."
        )
    return values
