"""Every environment variable Jahesh reads, documented once.

`jahesh config` prints this table with the values in force, and docs/configuration.md is checked
against it by the tests, so the three never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    default: str
    meaning: str
    secret: bool = False


VARIABLES: tuple[Variable, ...] = (
    Variable(
        "JAHESH_DATA_DIR", "./data", "Folder for the SQLite database, queue, uploads and exports."
    ),
    Variable(
        "JAHESH_PRODUCTION",
        "false",
        "Production mode: requires SECRET_KEY and ALLOWED_HOSTS; HTTPS-only cookies, HSTS.",
    ),
    Variable("JAHESH_DEBUG", "false", "Django debug pages. Never in production."),
    Variable(
        "SECRET_KEY", "(development key)", "Django's signing key; 40+ random characters.", True
    ),
    Variable(
        "ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names the site answers."
    ),
    Variable("CSRF_TRUSTED_ORIGINS", "", "Comma-separated origins (https://…) trusted for forms."),
    Variable(
        "DATABASE_URL", "(SQLite in the data folder)", "postgres://user:pass@host:5432/name", True
    ),
    Variable(
        "REDIS_URL", "", "redis://host:6379/0 — Huey queue and cache on Redis when set.", True
    ),
    Variable("JAHESH_HUEY_IMMEDIATE", "false", "Run background jobs inline (tests, debugging)."),
    Variable("JAHESH_QUEUE_NAME", "jahesh", "Name of the Huey queue (one per installation)."),
    Variable("JAHESH_WORKERS", "4", "Worker threads of the background-job consumer."),
    Variable("JAHESH_PORTAL_CACHE_SECONDS", "300", "How long rendered portal pages are cached."),
    Variable("JAHESH_STATIC_ROOT", "<data>/static", "Where collected static files are written."),
    Variable("JAHESH_MEDIA_ROOT", "<data>/media", "Where uploaded photos and documents are kept."),
    Variable(
        "JAHESH_SERVE_FILES", "true (false in production)", "Serve static and media files itself."
    ),
    Variable(
        "JAHESH_PRIVATE_ROOT",
        "<data>/private",
        "Files only a view with a permission check hands out (committee attachments).",
    ),
    Variable(
        "JAHESH_COMMITTEE_ATTACHMENT_MAX_MB", "20", "Largest committee attachment, megabytes."
    ),
    Variable(
        "JAHESH_SITE_URL",
        "http://127.0.0.1:8000",
        "Public address links start with. Unset, a served page names the address it was asked "
        "at; the static export and channel messages use this default.",
    ),
    Variable(
        "JAHESH_TILE_URL",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "Map tile server; markers still show when tiles cannot load.",
    ),
    Variable(
        "JAHESH_TILE_ATTRIBUTION", "© OpenStreetMap contributors", "Attribution of the tiles."
    ),
    Variable("JAHESH_PLANNER_TIME_LIMIT_S", "30", "Default time limit of a planning run, seconds."),
    Variable("EMAIL_BACKEND", "smtp", "Django e-mail backend for the e-mail channel."),
    Variable("EMAIL_HOST", "localhost", "SMTP host."),
    Variable("EMAIL_PORT", "25", "SMTP port."),
    Variable("EMAIL_HOST_USER", "", "SMTP user."),
    Variable("EMAIL_HOST_PASSWORD", "", "SMTP password.", True),
    Variable("EMAIL_USE_TLS", "false", "Use STARTTLS for SMTP."),
    Variable("DEFAULT_FROM_EMAIL", "jahesh@localhost", "Sender address of e-mails."),
    Variable(
        "JAHESH_CHANNEL_SECRET_KEY",
        "(SECRET_KEY)",
        "Key that encrypts channel credentials (bot tokens, webhook secrets).",
        True,
    ),
    Variable(
        "JAHESH_CHANNEL_ALLOW_PRIVATE_ADDRESSES",
        "true (false in production)",
        "Let channels post to loopback or private addresses (a bot API inside your network).",
    ),
    Variable(
        "JAHESH_LOGIN_FAILURE_LIMIT",
        "10",
        "Wrong passwords in a row that lock a username, and separately an address, out.",
    ),
    Variable(
        "JAHESH_LOGIN_COOLOFF_MIN",
        "15",
        "Minutes a locked-out username or address waits after its last attempt.",
    ),
    Variable(
        "JAHESH_TWO_FACTOR_FAILURE_LIMIT",
        "5",
        "Wrong second-step codes within the cool-off after which a person's codes are refused.",
    ),
    Variable(
        "JAHESH_TWO_FACTOR_ISSUER",
        "Jahesh",
        "The name authenticator apps show beside a staff member's sign-in code.",
    ),
    Variable(
        "JAHESH_PROXY_COUNT",
        "0",
        "Trusted reverse proxies in front (1 behind nginx), so X-Forwarded-For names the client.",
    ),
    Variable(
        "JAHESH_API_ANON_RATE_LIMIT",
        "600",
        "Anonymous API requests allowed per client address in each window; 0 turns it off.",
    ),
    Variable(
        "JAHESH_API_ANON_RATE_WINDOW_S", "60", "Seconds of each anonymous API rate-limit window."
    ),
    Variable(
        "JAHESH_API_TOKEN_RATE_LIMIT",
        "1200",
        "Staff API requests allowed per token in each window; 0 turns it off.",
    ),
    Variable(
        "JAHESH_API_TOKEN_RATE_WINDOW_S", "60", "Seconds of each staff API (per token) window."
    ),
    Variable(
        "JAHESH_SESSION_MAX_HOURS",
        "10",
        "Hours after signing in at which a staff session ends (sign in again).",
    ),
    Variable("JAHESH_SSL_REDIRECT", "true", "In production, redirect plain HTTP to HTTPS."),
    Variable("JAHESH_HSTS_SECONDS", "31536000", "In production, the HSTS max-age."),
    Variable("JAHESH_LOG_LEVEL", "INFO", "Log level of the console log."),
    Variable(
        "JAHESH_LOG_JSON",
        "false (true in production)",
        "Log one JSON object per line, with the request id (for journald, Docker, Loki).",
    ),
    Variable(
        "SENTRY_DSN",
        "",
        "Report errors of requests and jobs to Sentry; needs pip install 'jahesh[sentry]'.",
        True,
    ),
    Variable(
        "JAHESH_TEST_DATABASE_NAME",
        "",
        "Tests only: a file for the SQLite test database, shared with a consumer subprocess.",
    ),
)
