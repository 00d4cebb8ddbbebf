"""Settings for Tsushinbo, driven by environment variables only.

Every variable is documented in `.env.example` and docs/configuration.md.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    """The variable's value; the default when it is unset or empty."""
    return os.environ.get(name) or default


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG off) refuses to start without it: "
            "set SECRET_KEY to a long random value, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    # Development only: a fixed, clearly-unsafe key so sessions survive restarts.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = env_str("SITE_NAME", "通信簿")
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "tsushinbo.accounts",
    "tsushinbo.audit",
    "tsushinbo.politicians",
    "tsushinbo.pledges",
    "tsushinbo.elections",
    "tsushinbo.books",
    "tsushinbo.surveys",
    "tsushinbo.demo",
    "tsushinbo.pages",
    "tsushinbo.news",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tsushinbo.routers.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tsushinbo.api.middleware.ApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tsushinbo.urls"
WSGI_APPLICATION = "tsushinbo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tsushinbo.pages.context_processors.site",
                "tsushinbo.news.context_processors.news_box",
            ],
        },
    },
]

# Database: SQLite under var/ by default; DATABASE_URL for anything else.
DEFAULT_SQLITE_PATH = BASE_DIR / "var" / "tsushinbo.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers queue on busy_timeout instead of failing with
    # "database is locked" half-way through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
    # A persistent connection per thread is cheap on SQLite and keeps the PRAGMAs.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
# Optional read replica (tsushinbo/routers.py): safe page requests read from it;
# writes, and a visitor's reads for a few seconds after their own write, use the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 15)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["tsushinbo.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "tsushinbo"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    # Sessions are read from Redis and written through to the database, so an
    # evicted or flushed cache logs nobody out (Redis runs without persistence).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tsushinbo",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed file names need `collectstatic` first; the test suite turns
# them off (STATIC_MANIFEST=false) so it runs without a collect step.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security. Production defaults are strict; HTTPS-only flags follow SECURE_SSL.
SECURE_SSL = env_bool("SECURE_SSL", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_SSL)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Preload is a commitment browsers keep for months: opt in explicitly.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only this site's own files; no inline
# script, style or event handlers, no plug-ins, no framing, forms post here only.
# The one exception is the standalone 500 page's inline <style>, allowed by its
# hash (tsushinbo/qa/tests/test_headers.py checks the hash still matches).
# With DEBUG on, the policy is report-only: Django's own debug pages use inline
# styles and scripts; violations still show in the browser console.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'sha256-GsRKYXdUOu6J2iZYEk/8iiFdepMatiHz+/Fw5gJCGTs='"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if DEBUG:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
SESSION_COOKIE_HTTPONLY = True
# security.W021 asks for HSTS preload; it stays quiet unless preload is chosen.
SILENCED_SYSTEM_CHECKS = env_list(
    "SILENCED_SYSTEM_CHECKS", "" if SECURE_HSTS_PRELOAD else "security.W021"
)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")

# Accounts: e-mail sign-up with django-allauth (no social accounts), roles as
# groups, django-axes login lockout, sign-up rate limit, argon2 hashing.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

INSTALLED_APPS += ["allauth", "allauth.account", "axes"]
MIDDLEWARE += [
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "tsushinbo.accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/me/"

ACCOUNT_ADAPTER = "tsushinbo.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "tsushinbo.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_USER_DISPLAY = "tsushinbo.accounts.adapter.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SECURE_SSL else "http"
# django-axes is the one login lockout (with its own page); allauth keeps its other limits.
ACCOUNT_RATE_LIMITS = {"login_failed": None}

# Network keys (tsushinbo/lib/network.py): HMAC of the client's network prefix.
# Keep the pepper out of the database; without one it is derived from SECRET_KEY.
VOTER_KEY_PEPPER = (
    os.environ.get("VOTER_KEY_PEPPER", "")
    or hmac.new(SECRET_KEY.encode(), b"tsushinbo.network-key-pepper", hashlib.sha256).hexdigest()
)
# Reverse proxies in front of the app that append to X-Forwarded-For (nginx: 1).
# 0 reads REMOTE_ADDR only; never set it higher than the proxies really there.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# django-ratelimit on the default cache: shared across workers only with Redis.
SIGNUP_RATE_LIMIT = env_str("SIGNUP_RATE_LIMIT", "5/h")

# django-axes: lock a login (e-mail address + network) after repeated failures.
# Attempts live in the database under a pseudo address derived from the
# network key, so no client IP address is stored.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 60) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "tsushinbo.lib.network.network_pseudo_address"
AXES_USERNAME_CALLABLE = "tsushinbo.accounts.auth.login_identifier"
AXES_LOCKOUT_CALLABLE = "tsushinbo.accounts.views.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # log only the (masked) lockout parameters

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Product settings.
PAGE_SIZE = env_int("PAGE_SIZE", 20)

# Evaluation: votes, scores and the integrity checks on anonymous posts
# (tsushinbo/ratings, tsushinbo/integrity; docs/configuration.md "Evaluation").
INSTALLED_APPS += ["tsushinbo.integrity", "tsushinbo.ratings"]
# A criterion's 偏差値 needs at least N_MIN votes in it; μ and σ are taken over
# the pledges that have that many. Run `manage.py recompute_stats` after changing it.
N_MIN = env_int("N_MIN", 5)
# Anonymous votes must carry a solved, single-use ALTCHA proof of work.
VOTE_POW = env_bool("VOTE_POW", True)
ALTCHA_HMAC_KEY = (
    os.environ.get("ALTCHA_HMAC_KEY", "")
    or hmac.new(SECRET_KEY.encode(), b"tsushinbo.altcha-hmac-key", hashlib.sha256).hexdigest()
)
POW_ALGORITHM = "PBKDF2/SHA-256"
POW_COST = env_int("POW_COST", 5000)
POW_EXPIRES_MINUTES = env_int("POW_EXPIRES_MINUTES", 20)
# Anonymous votes per network key (all pledges), and per network key on one pledge.
VOTE_RATE_LIMIT = env_str("VOTE_RATE_LIMIT", "60/h")
VOTE_PLEDGE_RATE_LIMIT = env_str("VOTE_PLEDGE_RATE_LIMIT", "10/d")
VOTER_COOKIE_DAYS = env_int("VOTER_COOKIE_DAYS", 365)

# Comments and moderation: activity reports, pre-moderated comments, flags, the
# moderation desk and notifications (tsushinbo/activities, tsushinbo/comments,
# tsushinbo/moderation; docs/configuration.md "Comments and moderation").
INSTALLED_APPS += ["tsushinbo.activities", "tsushinbo.comments", "tsushinbo.moderation"]
# Full-text search (SPEC §8; tsushinbo/search, docs/operations.md "Search").
INSTALLED_APPS += ["tsushinbo.search"]
# Only members may comment when true; anonymous visitors then see a login link.
COMMENTS_REQUIRE_ACCOUNT = env_bool("COMMENTS_REQUIRE_ACCOUNT", False)
# Anonymous comments carry a solved, single-use ALTCHA proof of work.
COMMENT_POW = env_bool("COMMENT_POW", True)
# Anonymous comments per network key (all pages), and per network key on one page.
COMMENT_RATE_LIMIT = env_str("COMMENT_RATE_LIMIT", "10/h")
COMMENT_TARGET_RATE_LIMIT = env_str("COMMENT_TARGET_RATE_LIMIT", "5/h")
# Open flags that hide an approved comment or report until a moderator decides.
FLAG_THRESHOLD = env_int("FLAG_THRESHOLD", 3)
# `manage.py notify_moderators` writes to moderators once the oldest pending
# item is this old (the promise on every form is 24 hours).
MODERATION_ALERT_HOURS = env_int("MODERATION_ALERT_HOURS", 20)
# Notifications run as django-tasks: "database" stores them for
# `manage.py db_worker`; "immediate" runs them in the request, after commit.
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'database' or 'immediate'.")
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# Pledges: revisions, progress reports and their review (tsushinbo/pledges;
# docs/configuration.md "Pledges"). A member's first NEW_MEMBER_REVIEW_EDITS
# approved contributions (new pledges, edits, progress reports) wait for a
# moderator; 0 publishes members' pledges and edits directly. Progress reports
# always wait unless posted by a trusted member or the politician's own account.
NEW_MEMBER_REVIEW_EDITS = env_int("NEW_MEMBER_REVIEW_EDITS", 3)

# Open data: bulk exports, Popolo/CSV imports, sitemap and robots.txt
# (tsushinbo/opendata; docs/configuration.md "Open data"). Scheduled
# `manage.py export_data` runs write under DUMP_DIR; /about/data/ lists them.
INSTALLED_APPS += ["django.contrib.sitemaps", "tsushinbo.opendata"]
DUMP_DIR = Path(env_str("DUMP_DIR", str(BASE_DIR / "var" / "dumps")))
OPEN_DATA_LICENSE = env_str("OPEN_DATA_LICENSE", "CC BY 4.0")
OPEN_DATA_LICENSE_URL = env_str(
    "OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/deed.ja"
)

# Rankings, ランダム評価 and the cached home page (tsushinbo/rankings, tsushinbo/pages;
# docs/configuration.md "Rankings and the home page"). Rows need RANKING_MIN_VOTES
# votes in the period (in the criterion, for a criterion) to be ranked by score.
INSTALLED_APPS += ["tsushinbo.rankings"]
RANKING_MIN_VOTES = env_int("RANKING_MIN_VOTES", 10)
RANDOM_FEW_VOTES = env_int("RANDOM_FEW_VOTES", 10)
HOME_CACHE_SECONDS = env_int("HOME_CACHE_SECONDS", 300)

# JSON API at /api/v1/ (tsushinbo/api; docs/api.md, docs/configuration.md "API").
# Rows per page by default, and the most a client may ask for with ?page_size=.
INSTALLED_APPS += ["tsushinbo.api"]
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 200)
