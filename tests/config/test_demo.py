"""`jahesh demo --no-serve` sets up the illustrative city once; a second run adds nothing."""

import os
import sqlite3
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

COUNTED_TABLES = (
    "registry_municipality",
    "registry_project",
    "registry_ceremony",
    "leaps_programme",
    "leaps_wave",
    "newsroom_article",
    "auth_user",
)


def run_demo(env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jahesh.config.cli", "demo", "--no-serve", *options],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def counts(database: str) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in COUNTED_TABLES
        }


def test_demo_builds_the_city_once_and_prints_where_things_are(tmp_path):
    env = {**os.environ, "JAHESH_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)

    first = run_demo(env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert str(tmp_path) in first.stdout
    assert "http://127.0.0.1:8000/" in first.stdout
    after_first = counts(str(tmp_path / "jahesh.sqlite3"))
    assert after_first["registry_municipality"] >= 1
    assert 250 <= after_first["registry_project"] <= 400
    assert after_first["leaps_wave"] >= 5
    assert after_first["newsroom_article"] >= 1

    second = run_demo(env, "--port", "8011")
    assert second.returncode == 0, second.stderr[-3000:]
    # The addresses printed are the ones served, the newsroom's and the import's among them.
    assert "http://127.0.0.1:8011/staff/newsroom/" in second.stdout
    assert "http://127.0.0.1:8011/staff/registry/import/" in second.stdout
    assert counts(str(tmp_path / "jahesh.sqlite3")) == after_first


@pytest.mark.django_db
def test_demo_refuses_to_run_on_a_production_site(settings):
    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command

    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="JAHESH_PRODUCTION"):
        call_command("demo", no_serve=True)

    assert not get_user_model().objects.filter(username="admin").exists()
