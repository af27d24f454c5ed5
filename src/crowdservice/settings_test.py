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
CROWDSERVICE_SEARCH_VECTOR_DIR = tempfile.mkdtemp(prefix="crowdservice-vectors-")
