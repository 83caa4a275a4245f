"""Jahesh settings: one module, every value from the environment (see docs/configuration.md)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from jahesh.config.env import database_from_url, env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parent.parent

# The embedded default keeps everything (database, queue, uploads, exports) in one folder.
DATA_DIR = Path(env_str("JAHESH_DATA_DIR", str(Path.cwd() / "data"))).expanduser().resolve()

DATA_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env_bool("JAHESH_PRODUCTION", default=False)
DEBUG = env_bool("JAHESH_DEBUG", default=False)
TESTING = "pytest" in sys.modules

_INSECURE_KEY = "jahesh-insecure-development-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _INSECURE_KEY)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

if PRODUCTION:
    if len(SECRET_KEY) < 40 or SECRET_KEY == _INSECURE_KEY or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "JAHESH_PRODUCTION is on but SECRET_KEY is missing or weak: "
            "set SECRET_KEY (or SECRET_KEY_FILE) to at least 40 random characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "JAHESH_PRODUCTION is on but ALLOWED_HOSTS is empty: name the site's host names."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_jalali",
    "simple_history",
    "jahesh.config.apps_labels.AxesConfig",  # axes, with a Persian name
    # Two-factor sign-in (core/twofactor): authenticator apps and backup codes. Before core,
    # whose admin replaces theirs.
    "django_otp",
    "jahesh.config.apps_labels.OtpTotpLabelConfig",  # django_otp.plugins.otp_totp
    "jahesh.config.apps_labels.OtpStaticLabelConfig",  # django_otp.plugins.otp_static
    "huey.contrib.djhuey",
    "jahesh.config.apps.ConfigConfig",
    "jahesh.core",
    "jahesh.registry",
    "jahesh.leaps",
    "jahesh.newsroom",
    "jahesh.committee",
    "jahesh.opendata",
    "jahesh.portal",
]

MIDDLEWARE = [
    # First: health checks answer before host checks, the HTTPS redirect and sessions.
    "jahesh.core.health.HealthCheckMiddleware",
    "jahesh.core.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "jahesh.core.headers.PermissionsPolicyMiddleware",
    "jahesh.core.middleware.AddressGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second step this session passed, then: staff who owe one go to it first.
    "django_otp.middleware.OTPMiddleware",
    "jahesh.core.twofactor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The admin's pages with Persian digits where a person reads numbers (admin views only).
    "jahesh.registry.admin.persian_output.AdminPersianDigitsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lock-out raised in authentication into the page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jahesh.config.urls"
WSGI_APPLICATION = "jahesh.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["jahesh.core.templatetags.persian"],
        },
    },
]

# Database: SQLite in the data folder unless DATABASE_URL names another.
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    _default_db = database_from_url(_database_url)
else:
    _default_db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "jahesh.sqlite3",
    }
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    _default_db["OPTIONS"] = {
        # WAL lets the portal read while a worker writes; IMMEDIATE avoids "database is locked"
        # on upgrade from a read to a write transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            "PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    # Tests that run the job consumer as a separate process need the test database in a file
    # both processes open; pytest-django's SQLite test database is in memory otherwise.
    if _test_database_name := env_str("JAHESH_TEST_DATABASE_NAME", ""):
        _default_db["TEST"] = {"NAME": _test_database_name}
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs: Huey on SQLite in the data folder, or on Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL", "")
HUEY_IMMEDIATE = env_bool("JAHESH_HUEY_IMMEDIATE", default=False)
HUEY: dict[str, object]
if REDIS_URL:
    HUEY = {
        "huey_class": "jahesh.core.queue.JaheshRedisHuey",
        "name": env_str("JAHESH_QUEUE_NAME", "jahesh"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "utc": True,
        "consumer": {"workers": env_int("JAHESH_WORKERS", 4), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "jahesh.core.queue.JaheshSqliteHuey",
        "name": env_str("JAHESH_QUEUE_NAME", "jahesh"),
        "filename": str(DATA_DIR / "queue.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "utc": True,
        # SQLite cannot block until a job arrives, so idle workers poll. Huey's default backs off
        # to one poll in 10 s, and a wave published on an idle queue waited that long; one poll a
        # second per worker is an indexed read of a tiny table.
        "consumer": {
            "workers": env_int("JAHESH_WORKERS", 4),
            "worker_type": "thread",
            "max_delay": 1.0,
        },
    }

# Cache: local memory by default; Redis when REDIS_URL is set so every web process sees one cache.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jahesh",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PORTAL_CACHE_SECONDS = env_int("JAHESH_PORTAL_CACHE_SECONDS", 300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Log-in throttling (django-axes, see config/signin.py): per account and, separately, per address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("JAHESH_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("JAHESH_LOGIN_COOLOFF_MIN", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jahesh.config.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "jahesh.config.signin.client_address"
PROXY_COUNT = env_int("JAHESH_PROXY_COUNT", 0)

# Two-factor sign-in and the audit log live in core, which sits below the registry: these name
# what core asks the registry about cities and roles (docs/adr/0008-security-in-core.md).
JAHESH_CITY_MODEL = "registry.Municipality"
JAHESH_CITY_ROLES = "jahesh.registry.permissions.roles_by_city"
# Wrong second-step codes allowed within AXES_COOLOFF_TIME before codes are refused for it.
JAHESH_TWO_FACTOR_FAILURE_LIMIT = env_int("JAHESH_TWO_FACTOR_FAILURE_LIMIT", 5)
# Addresses of staff pages (a person who owes a second step is sent to it) and addresses open
# before it (signing out); everywhere else such a person is anonymous until they pass it.
JAHESH_TWO_FACTOR_STAFF_PATHS = ("/admin/", "/staff/", "/committee/")
JAHESH_TWO_FACTOR_OPEN_PATHS = ("/admin/logout/",)
OTP_TOTP_ISSUER = env_str("JAHESH_TWO_FACTOR_ISSUER", "Jahesh")
# Wrong codes are throttled as django-axes throttles passwords (core/twofactor/devices.py);
# django-otp's exponential delay would refuse the right code a second after a typo.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Anonymous reads of API v1 (opendata/api/throttling.py): at most this many requests per client
# address in each window; 0 turns the limit off.
API_ANON_RATE_LIMIT = env_int("JAHESH_API_ANON_RATE_LIMIT", 600)
API_ANON_RATE_WINDOW_S = env_int("JAHESH_API_ANON_RATE_WINDOW_S", 60)
# The staff API (Bearer tokens): each token's own count per window; 0 turns the limit off.
API_TOKEN_RATE_LIMIT = env_int("JAHESH_API_TOKEN_RATE_LIMIT", 1200)
API_TOKEN_RATE_WINDOW_S = env_int("JAHESH_API_TOKEN_RATE_WINDOW_S", 60)

# Persian always: the site and the back office are Persian and right to left whatever language a
# browser asks for, so there is no LocaleMiddleware.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SRC_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("JAHESH_STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("JAHESH_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "jahesh.config.storage.ForgivingManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Files only a view with a permission check hands out (committee attachments): kept apart from
# MEDIA_ROOT, which this server or the proxy serves to anyone who has the address.
PRIVATE_ROOT = Path(env_str("JAHESH_PRIVATE_ROOT", str(DATA_DIR / "private")))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
}
COMMITTEE_ATTACHMENT_MAX_BYTES = env_int("JAHESH_COMMITTEE_ATTACHMENT_MAX_MB", 20) * 1024 * 1024

LOGIN_URL = "admin:login"
# The embedded server serves static files and uploads itself; behind a reverse proxy or a CDN,
# turn this off and let the proxy serve the two folders.
SERVE_FILES = env_bool("JAHESH_SERVE_FILES", default=not PRODUCTION)

# Public site.
SITE_URL = env_str("JAHESH_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Unset, a served page's canonical, Open Graph and feed links name the address it was asked at
# (core/addresses.py); SITE_URL is then only the fallback of work done outside a request.
SITE_URL_FIXED = bool(env_str("JAHESH_SITE_URL", ""))
TILE_URL = env_str("JAHESH_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
TILE_ATTRIBUTION = env_str("JAHESH_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
# Leaflet's files come from the django-leaflet package. The package is not an installed app: its
# admin widgets import GeoDjango, which needs GDAL, and we store plain GeoJSON instead.
STATICFILES_DIRS = [
    Path(importlib.util.find_spec("leaflet").origin or "").parent / "static",  # type: ignore[union-attr]
]

# Planner.
PLANNER_TIME_LIMIT_S = env_int("JAHESH_PLANNER_TIME_LIMIT_S", 30)

# Mail (newsroom e-mail channel).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "jahesh@localhost")

# Secrets of channels (bot tokens, webhook keys) are encrypted with a key derived from this.
CHANNEL_SECRET_KEY = env_str("JAHESH_CHANNEL_SECRET_KEY", "") or SECRET_KEY
# Channels (bot API, webhooks) may post to loopback and private addresses only when allowed:
# allowed on one machine (and in tests, whose stand-in servers listen on 127.0.0.1), refused in
# production so a publisher cannot aim the worker at internal services.
CHANNEL_ALLOW_PRIVATE_ADDRESSES = env_bool(
    "JAHESH_CHANNEL_ALLOW_PRIVATE_ADDRESSES", default=not PRODUCTION
)

# Production hardening; `check --deploy` is clean with JAHESH_PRODUCTION=true.
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("JAHESH_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("JAHESH_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp): scripts only from our own files, never inline; map tiles
# from the tile server. Inline styles are still allowed: several templates carry style blocks.
_tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(TILE_URL)).replace("{s}", "*")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", _tile_origin],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# A signed-in session ends JAHESH_SESSION_MAX_HOURS after the sign-in, however busy. Not an idle
# timeout: renewing on every request (SESSION_SAVE_EVERY_REQUEST) writes the session each time.
SESSION_COOKIE_AGE = env_int("JAHESH_SESSION_MAX_HOURS", 10) * 3600

# One JSON object per line in production (config/logs.py), each with its request id.
LOG_JSON = env_bool("JAHESH_LOG_JSON", default=PRODUCTION)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "jahesh.config.logs.RequestIdFilter"},
        # A refused request (4xx) is one line; tracebacks are for real errors.
        "refusals": {"()": "jahesh.config.refusal_logs.RefusalWithoutTraceback"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "jahesh.config.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_JSON else "plain",
            "filters": ["request_id", "refusals"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("JAHESH_LOG_LEVEL", "INFO")},
    # axes says at every start which parameters it blocks by; lock-outs are warnings.
    # The consumer adds a handler of its own to a "huey" logger that has none: this one has ours,
    # so each event is one line in the chosen format.
    "loggers": {
        "huey": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        "axes": {"level": "WARNING"},
    },
}

# Errors to Sentry (or a compatible service) only when a DSN is given; the SDK is not even
# imported otherwise (pip install 'jahesh[sentry]').
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    from jahesh.config.logs import start_error_reporter

    start_error_reporter(SENTRY_DSN, environment="production" if PRODUCTION else "development")
