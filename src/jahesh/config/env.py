"""Read typed settings from the environment.

Secrets may come from a file named by ``<NAME>_FILE`` (Docker and systemd credentials), so they
never have to sit in the process environment.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
_DATABASE_SCHEMES = {
    "postgres": "postgresql",
    "postgresql": "postgresql",
    "pgsql": "postgresql",
    "sqlite": "sqlite",
}


class EnvError(ValueError):
    """An environment variable holds a value the settings cannot use."""


def env_str(name: str, default: str = "") -> str:
    """Return the variable, or the content of the file named by ``<name>_FILE``, or the default."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise EnvError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise EnvError(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, object]:
    """Turn ``postgres://user:pass@host:port/name?sslmode=require`` or ``sqlite:///path`` into a
    DATABASES entry (parsed by dj-database-url; only the two databases Jahesh is tested on pass)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in _DATABASE_SCHEMES:
        raise EnvError(
            f"DATABASE_URL scheme {scheme!r} is not supported (use postgres:// or sqlite://)"
        )
    if _DATABASE_SCHEMES[scheme] == "postgresql":
        if importlib.util.find_spec("psycopg") is None:
            raise EnvError(
                "DATABASE_URL names PostgreSQL but its driver is not installed: "
                "pip install 'jahesh[postgres]'"
            )
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return dict(dj_database_url.parse(url))
