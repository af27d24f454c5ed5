"""With REDIS_URL set, the cache and the job queue use Redis (the scale-out profile)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
from django.conf import settings
from django.core.cache import cache
from huey.contrib.djhuey import HUEY
cache.set("profile-probe", "shared", 30)
print(settings.CACHES["default"]["BACKEND"], type(HUEY).__name__, cache.get("profile-probe"))
HUEY.storage.flush_queue()
"""


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_redis_url_switches_cache_and_jobs_to_redis(tmp_path: Path) -> None:
    if not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is expected on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis server on 127.0.0.1:6379")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crowdservice.settings",
        "CROWDSERVICE_VAR_DIR": str(tmp_path),
        "REDIS_URL": "redis://127.0.0.1:6379/15",
    }
    result = subprocess.run(
        [sys.executable, "-m", "crowdservice.cli", "shell", "-c", PROBE],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == [
        "django.core.cache.backends.redis.RedisCache", "RedisHuey", "shared",
    ]  # fmt: skip
