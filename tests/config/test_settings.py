import re
import subprocess
import sys
from pathlib import Path

import pytest

from jahesh.config.env import EnvError, database_from_url, env_bool
from jahesh.config.variables import VARIABLES

ROOT = Path(__file__).resolve().parents[2]


def names_read_by_settings() -> set[str]:
    source = (ROOT / "src/jahesh/config/settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', source))


def test_every_variable_the_settings_read_is_documented_once():
    documented = [v.name for v in VARIABLES]
    assert len(documented) == len(set(documented))
    assert names_read_by_settings() <= set(documented)


def test_the_configuration_page_lists_every_variable():
    page = (ROOT / "docs/configuration.md").read_text(encoding="utf-8")
    missing = [v.name for v in VARIABLES if f"`{v.name}`" not in page]
    assert missing == []


def test_a_postgres_url_becomes_a_database_entry():
    entry = database_from_url("postgres://ali:p%40ss@db.local:6543/jahesh?sslmode=require")
    assert entry["ENGINE"] == "django.db.backends.postgresql"
    assert (entry["USER"], entry["PASSWORD"], entry["HOST"], str(entry["PORT"])) == (
        "ali",
        "p@ss",
        "db.local",
        "6543",
    )
    assert (entry["CONN_MAX_AGE"], entry["CONN_HEALTH_CHECKS"]) == (60, True)
    assert entry["OPTIONS"] == {"sslmode": "require"}


def test_a_sqlite_url_names_its_file():
    entry = database_from_url("sqlite:////srv/jahesh/db.sqlite3")
    assert (entry["ENGINE"], entry["NAME"]) == (
        "django.db.backends.sqlite3",
        "/srv/jahesh/db.sqlite3",
    )


def test_an_unknown_database_scheme_is_refused():
    with pytest.raises(EnvError):
        database_from_url("mysql://x@y/z")


def test_a_boolean_variable_refuses_a_word_it_does_not_know(monkeypatch):
    monkeypatch.setenv("JAHESH_X", "perhaps")
    with pytest.raises(EnvError):
        env_bool("JAHESH_X")


def run_settings(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    code = "import django; django.setup(); print('started')"
    full_env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "jahesh.config.settings",
        "JAHESH_DATA_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    result = run_settings({"JAHESH_PRODUCTION": "true", "ALLOWED_HOSTS": "x.org"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run_settings(
        {"JAHESH_PRODUCTION": "true", "SECRET_KEY": "q7Wm2xLp9Rt4Vz8Kd3Nf6Hj1Bc5Gy0Es-Ua_Ti.Ol"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2\n")
    result = run_settings(
        {"JAHESH_PRODUCTION": "true", "SECRET_KEY_FILE": str(key_file), "ALLOWED_HOSTS": "x.org"},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
