"""Django settings for CrowdService.

Everything an operator may change comes from environment variables, validated by `config.Env`
(documented in docs/operations.md). Test overrides live in `settings_test.py`.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from crowdservice.config import (
    Env,
    close_votes,
    database,
    privilege_ladder,
    reputation_points,
    secret_key,
    trend_thresholds,
    var_dir,
)

env = Env()

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = var_dir(env)

DEBUG = env.boolean("CROWDSERVICE_DEBUG", False)
SECRET_KEY = secret_key(env, VAR_DIR)
ALLOWED_HOSTS = env.strings("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.strings("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env.string("CROWDSERVICE_SITE_NAME", "CrowdService")
SITE_ID = 1

# Behind a TLS-terminating proxy (docs/operations.md): trust its X-Forwarded-Proto header.
if env.boolean("CROWDSERVICE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.boolean("CROWDSERVICE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env.boolean("CROWDSERVICE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django_htmx",
    "ninja",  # serves Swagger UI for /api/v1/docs from our own origin, not a CDN
    "huey.contrib.djhuey",
    # Domain apps, lowest layer first: a later app may import an earlier one, never the reverse.
    "crowdservice.core",
    "crowdservice.accounts",
    "crowdservice.notifications",
    "crowdservice.search",
    "crowdservice.deflection",
    "crowdservice.reputation",
    "crowdservice.moderation",
    "crowdservice.community",
    "crowdservice.knowledge",
    "crowdservice.cases",
    "crowdservice.trends",
    "crowdservice.roi",
    "crowdservice.insights",
    # After our apps, so that our templates (accounts/templates/allauth/...) override allauth's.
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "crowdservice.core.middleware.ApiMethodNotAllowedMiddleware",
    "crowdservice.reputation.middleware.AddressSightingMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "crowdservice.urls"
WSGI_APPLICATION = "crowdservice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "crowdservice.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": database(env, VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # ModelBackend that no longer recognises the session of a suspended or banned person.
    "crowdservice.moderation.backends.SanctionAwareBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: username or email login, verified email addresses.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.choice(
    "ACCOUNT_EMAIL_VERIFICATION", "mandatory", ("mandatory", "optional", "none")
)
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_ADAPTER = "crowdservice.accounts.adapter.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.choice("CROWDSERVICE_URL_SCHEME", "http", ("http", "https"))

# Email: the console by default; SMTP as soon as EMAIL_HOST is set.
EMAIL_HOST = env.string("EMAIL_HOST", "")
EMAIL_PORT = env.integer("EMAIL_PORT", 587 if EMAIL_HOST else 25, minimum=1)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", bool(EMAIL_HOST))
EMAIL_USE_SSL = env.boolean("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 10, minimum=1)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set only one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
EMAIL_BACKEND = env.string(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs (Huey): SQLite under var/ by default, Redis when REDIS_URL is set.
REDIS_URL = env.string("REDIS_URL", "")
HUEY: dict[str, object] = {
    "name": "crowdservice",
    "immediate": env.boolean("CROWDSERVICE_JOBS_IMMEDIATE", False),
    "utc": True,
    "consumer": {
        "workers": env.integer("CROWDSERVICE_JOB_WORKERS", 2, minimum=1),
        # An idle worker looks for jobs at least once a second (Huey's default backs off to 10 s),
        # so a new post is searchable and notified within about a second.
        "max_delay": 1.0,
    },
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "jobs.sqlite3")})

# Cache: per process by default; shared through Redis when REDIS_URL is set. Cached renderings are
# keyed by versions that writes bump, so a per-process cache is never wrong, only less shared.
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "crowdservice",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

LANGUAGE_CODE = "en"
# Interface languages (the switcher in the footer); knowledge-base articles may be translated
# into the others. Translations live in each app's locale/ directory, compiled .mo committed.
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
TIME_ZONE = env.string("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Configured here, so `run_huey` adds no second handler and each line prints once.
        "huey": {"level": "INFO", "propagate": False, "handlers": ["console"]},
    },
}

# Product rules (shared by the web UI and the API).
CROWDSERVICE_PAGE_SIZE = env.integer("CROWDSERVICE_PAGE_SIZE", 20, minimum=1)
# Deflection: a session where a suggestion was opened and nothing followed for this long counts
# as abandoned (the person found their answer and left).
CROWDSERVICE_DEFLECTION_ABANDON_MINUTES = env.integer(
    "CROWDSERVICE_DEFLECTION_ABANDON_MINUTES", 30, minimum=1
)

# Knowledge base: the largest image or file an editor may attach to an article.
CROWDSERVICE_KB_MAX_UPLOAD_BYTES = env.integer(
    "CROWDSERVICE_KB_MAX_UPLOAD_BYTES", 5 * 1024 * 1024, minimum=1024
)

# Search: one index over every searchable object (docs/decisions/0004-search-index.md).
CROWDSERVICE_SEARCH_BACKEND = "crowdservice.search.index.backend.IndexedBackend"
# The lexical half: Tantivy in a directory beside the embedded database, or PostgreSQL full-text
# search (shared by every web server) when the database is PostgreSQL.
_ON_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
CROWDSERVICE_SEARCH_LEXICAL = env.choice(
    "CROWDSERVICE_SEARCH_LEXICAL",
    "postgres" if _ON_POSTGRES else "tantivy",
    ("tantivy", "postgres"),
)
if CROWDSERVICE_SEARCH_LEXICAL == "postgres" and not _ON_POSTGRES:
    raise ImproperlyConfigured(
        "CROWDSERVICE_SEARCH_LEXICAL=postgres needs DATABASE_URL to be a PostgreSQL database."
    )
CROWDSERVICE_SEARCH_INDEX_DIR = env.string(
    "CROWDSERVICE_SEARCH_INDEX_DIR", str(VAR_DIR / "search-index")
)
# The saved nearest-neighbour graph (usearch HNSW) of the vectors, one per host, and the index
# size from which it is built and used (below it, exact search is faster and simpler).
CROWDSERVICE_SEARCH_VECTOR_DIR = env.string(
    "CROWDSERVICE_SEARCH_VECTOR_DIR", str(VAR_DIR / "search-vectors")
)
CROWDSERVICE_SEARCH_ANN_MIN_DOCS = env.integer(
    "CROWDSERVICE_SEARCH_ANN_MIN_DOCS", 20_000, minimum=0
)
# The job worker saves the graph every minute when rows changed; off on hosts without web
# servers, where each web host runs `crowdservice update_vector_index --watch 60` instead.
CROWDSERVICE_SEARCH_VECTOR_JOB = env.boolean("CROWDSERVICE_SEARCH_VECTOR_JOB", True)
# How often a web process looks for newly indexed vectors (seconds).
CROWDSERVICE_SEARCH_REFRESH_SECONDS = float(
    env.integer("CROWDSERVICE_SEARCH_REFRESH_SECONDS", 1, minimum=0)
)

# Moderation (docs/operations.md, "Moderation"). Posts of people with fewer approved posts than
# this wait for a moderator (0: nobody is pre-moderated).
CROWDSERVICE_MODERATION_APPROVE_FIRST_POSTS = env.integer(
    "CROWDSERVICE_MODERATION_APPROVE_FIRST_POSTS", 0, minimum=0
)
# A post hides, pending review, once its open flags weigh this much (trusted member: 1).
CROWDSERVICE_MODERATION_AUTO_HIDE_WEIGHT = env.integer(
    "CROWDSERVICE_MODERATION_AUTO_HIDE_WEIGHT", 3, minimum=1
)
# Accounts younger than this are "new": their flags weigh a quarter, their links are suspicious.
CROWDSERVICE_MODERATION_NEW_ACCOUNT_DAYS = env.integer(
    "CROWDSERVICE_MODERATION_NEW_ACCOUNT_DAYS", 2, minimum=0
)
CROWDSERVICE_MODERATION_FLAGS_PER_HOUR = env.integer(
    "CROWDSERVICE_MODERATION_FLAGS_PER_HOUR", 20, minimum=1
)
CROWDSERVICE_MODERATION_NEW_ACCOUNT_FLAGS_PER_POST = env.integer(
    "CROWDSERVICE_MODERATION_NEW_ACCOUNT_FLAGS_PER_POST", 3, minimum=0
)
# Spam heuristics: links a new account may post before the post is flagged; posts per 10 minutes;
# how often the same text may be posted in a day.
CROWDSERVICE_MODERATION_NEW_ACCOUNT_LINKS = env.integer(
    "CROWDSERVICE_MODERATION_NEW_ACCOUNT_LINKS", 0, minimum=0
)
CROWDSERVICE_MODERATION_POSTS_PER_10_MINUTES = env.integer(
    "CROWDSERVICE_MODERATION_POSTS_PER_10_MINUTES", 10, minimum=1
)
CROWDSERVICE_MODERATION_REPEATS_PER_DAY = env.integer(
    "CROWDSERVICE_MODERATION_REPEATS_PER_DAY", 3, minimum=1
)
# Reputation (docs/reputation.md): privileges unlocked by reputation, points per reason, the daily
# cap on points from votes, and new users' posting limits (Discourse's defaults).
CROWDSERVICE_PRIVILEGES = privilege_ladder(env)
CROWDSERVICE_REPUTATION_POINTS = reputation_points(env)
CROWDSERVICE_REPUTATION_DAILY_VOTE_CAP = env.integer(
    "CROWDSERVICE_REPUTATION_DAILY_VOTE_CAP", 200, minimum=0
)
# Close and reopen votes from members with the `close` privilege needed to close or reopen.
CROWDSERVICE_CLOSE_VOTES = close_votes(env)
# People hear of the badges they earn (kind "badges"; the test settings turn it off).
CROWDSERVICE_REPUTATION_BADGE_NOTIFICATIONS = True
CROWDSERVICE_RATE_LIMITS = env.boolean("CROWDSERVICE_RATE_LIMITS", True)
CROWDSERVICE_FIRST_DAY_QUESTIONS = env.integer("CROWDSERVICE_FIRST_DAY_QUESTIONS", 3, minimum=1)
CROWDSERVICE_FIRST_DAY_ANSWERS = env.integer("CROWDSERVICE_FIRST_DAY_ANSWERS", 10, minimum=1)
# Cases (docs/operations.md): the support address mail is received at and sent from, attachment
# limits, and when an unanswered community question is escalated to a case (0 turns it off).
CROWDSERVICE_CASE_EMAIL = env.string("CROWDSERVICE_CASE_EMAIL", "support@localhost")
CROWDSERVICE_CASE_ATTACHMENT_MAX_BYTES = env.integer(
    "CROWDSERVICE_CASE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1
)
CROWDSERVICE_CASE_MAIL_MAX_BYTES = env.integer(
    "CROWDSERVICE_CASE_MAIL_MAX_BYTES", 30 * 1024 * 1024, minimum=1024
)
CROWDSERVICE_AUTO_ESCALATE_HOURS = env.integer("CROWDSERVICE_AUTO_ESCALATE_HOURS", 48, minimum=0)
# Spaces (slugs) where a question counts as unresolved until an answer is accepted or endorsed;
# elsewhere, until anyone but the asker answers.
CROWDSERVICE_AUTO_ESCALATE_UNRESOLVED_SPACES = env.strings(
    "CROWDSERVICE_AUTO_ESCALATE_UNRESOLVED_SPACES", []
)
CROWDSERVICE_CASE_IMAP_HOST = env.string("CROWDSERVICE_CASE_IMAP_HOST", "")
CROWDSERVICE_CASE_IMAP_USER = env.string("CROWDSERVICE_CASE_IMAP_USER", "")
CROWDSERVICE_CASE_IMAP_PASSWORD = env.string("CROWDSERVICE_CASE_IMAP_PASSWORD", "")
CROWDSERVICE_CASE_IMAP_FOLDER = env.string("CROWDSERVICE_CASE_IMAP_FOLDER", "INBOX")
# Days the raw message (with attachments) of a processed inbound mail is kept; 0 keeps it forever.
CROWDSERVICE_RAW_MAIL_RETENTION_DAYS = env.integer(
    "CROWDSERVICE_RAW_MAIL_RETENTION_DAYS", 30, minimum=0
)
# Hot topics (docs/operations.md, decision 0008): the detector's windows, baseline and thresholds,
# read by trends.config.trend_config().
_trends = trend_thresholds(env)
CROWDSERVICE_TRENDS_WINDOW_HOURS: tuple[int, ...] = _trends["window_hours"]
CROWDSERVICE_TRENDS_BASELINE_DAYS: int = _trends["baseline_days"]
CROWDSERVICE_TRENDS_MAX_Q: float = _trends["max_q"]
CROWDSERVICE_TRENDS_MIN_LIFT: float = _trends["min_lift"]
CROWDSERVICE_TRENDS_MIN_DOCUMENTS: int = _trends["min_documents"]
CROWDSERVICE_TRENDS_MIN_AUTHORS: int = _trends["min_authors"]
CROWDSERVICE_TRENDS_COOLDOWN_HOURS: int = _trends["cooldown_hours"]
CROWDSERVICE_TRENDS_RETENTION_DAYS: int = _trends["retention_days"]
CROWDSERVICE_TRENDS_EXAMPLES: int = _trends["examples"]
