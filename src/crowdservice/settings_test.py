"""Settings for the test suite: fast hashing, immediate jobs, no static manifest, captured mail."""

from __future__ import annotations

import tempfile

from crowdservice.settings import *  # noqa: F403
from crowdservice.settings import HUEY, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY["immediate"] = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_RATE_LIMITS = False
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Threads in tests (the live server, concurrency tests) must not keep connections open, or the
# PostgreSQL test database cannot be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Each test process keeps its own Tantivy index (tests reset it, see tests/conftest.py), and
# sees newly indexed vectors at once.
CROWDSERVICE_SEARCH_INDEX_DIR = tempfile.mkdtemp(prefix="crowdservice-search-")
CROWDSERVICE_SEARCH_REFRESH_SECONDS = 0.0

# Brand-new users in fixtures may do what every member could before reputation existed (vote up
# and down, comment, post without waiting); editing, retagging, closing and reviewing keep their
# real thresholds. tests/reputation/ restores the whole real ladder and the posting limits (its
# `real_rules` fixture) and checks every threshold against them.
CROWDSERVICE_PRIVILEGES = {
    **CROWDSERVICE_PRIVILEGES,  # noqa: F405
    **dict.fromkeys(["comment", "upvote", "downvote", "flag", "new_user_lifted"], 0),
}
CROWDSERVICE_RATE_LIMITS = False
CROWDSERVICE_SEARCH_VECTOR_DIR = tempfile.mkdtemp(prefix="crowdservice-vectors-")
# Every fixture's first post earns a badge: tests that are about badge notifications turn them on
# (tests/reputation/test_wiring.py), so the others' notification lists stay what they test.
CROWDSERVICE_REPUTATION_BADGE_NOTIFICATIONS = False
