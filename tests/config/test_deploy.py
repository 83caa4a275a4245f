"""The shipped deployment files: the nginx site renders and nginx accepts it; the units and the
compose file say what docs/deploy.md says they do."""

import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import path as path_

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PLACES = {
    "JAHESH_SERVER_NAME": "jahesh.example.org",
    "JAHESH_HTTP_PORT": "8080",
    "JAHESH_HTTPS_PORT": "8443",
    "JAHESH_STATIC_ROOT": "/srv/test/static",
    "JAHESH_MEDIA_ROOT": "/srv/test/media",
    "JAHESH_UPSTREAM": "127.0.0.1:8000",
}


def render(tmp_path: Path) -> str:
    if shutil.which("envsubst") is None:
        pytest.skip("envsubst (gettext-base) is not installed")
    env = {
        **os.environ,
        **PLACES,
        "JAHESH_TLS_CERT": str(tmp_path / "cert.pem"),
        "JAHESH_TLS_KEY": str(tmp_path / "key.pem"),
        "JAHESH_NGINX_CACHE_DIR": str(tmp_path / "cache"),
    }
    out = subprocess.run(
        [str(DEPLOY / "render-nginx")], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout


def test_the_rendered_site_keeps_nginx_variables_and_fills_ours(tmp_path):
    site = render(tmp_path)
    assert "${JAHESH" not in site
    for value in PLACES.values():
        assert value in site
    for nginx_variable in ("$host", "$request_uri", "$cookie_sessionid", "$upstream_cache_status"):
        assert nginx_variable in site


def test_article_photos_go_to_the_app_and_staff_skip_the_cache(tmp_path):
    site = render(tmp_path)
    photos = site.index("location /media/newsroom/ {")
    block = site[photos : site.index("}", photos)]
    assert "proxy_pass http://jahesh_app;" in block
    assert "alias" not in block
    # The photos' own location is more specific than the media folder's, so nginx picks it.
    assert "location /media/ {" in site
    assert "proxy_cache_bypass $jahesh_skip_cache;" in site
    assert "proxy_no_cache $jahesh_skip_cache $jahesh_private_response;" in site
    assert "proxy_cache_lock on;" in site
    assert "proxy_cache_use_stale updating" in site


@pytest.mark.skipif(
    not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
    reason="nginx is not installed (CI installs nginx-light)",
)
def test_nginx_accepts_the_rendered_site(tmp_path):
    site = render(tmp_path)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-batch",
            "-subj",
            "/CN=jahesh.example.org",
            "-keyout",
            str(tmp_path / "key.pem"),
            "-out",
            str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    (tmp_path / "jahesh.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{ access_log off; include {tmp_path}/jahesh.conf; }}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("unit", ["jahesh-web.service", "jahesh-worker.service"])
def test_the_units_restart_run_unprivileged_and_are_hardened(unit):
    text = (DEPLOY / "systemd" / unit).read_text()
    for line in (
        "Restart=on-failure",
        "User=jahesh",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/srv/jahesh/data",
        "PrivateTmp=yes",
        "EnvironmentFile=/etc/jahesh/jahesh.env",
        "Environment=SECRET_KEY_FILE=%d/secret_key DATABASE_URL_FILE=%d/database_url",
    ):
        assert line in text.splitlines(), line


def test_the_worker_unit_stops_huey_gracefully():
    text = (DEPLOY / "systemd" / "jahesh-worker.service").read_text()
    assert "KillSignal=SIGINT" in text.splitlines()
    assert "ExecStart=/srv/jahesh/venv/bin/jahesh worker" in text.splitlines()


def test_the_environment_template_names_only_documented_variables():
    from jahesh.config.variables import VARIABLES

    documented = {v.name for v in VARIABLES}
    names = {
        line.lstrip("#").split("=", 1)[0]
        for line in (DEPLOY / "jahesh.env.template").read_text().splitlines()
        if "=" in line and not line.startswith("# ")
    }
    assert names
    assert names <= documented


def test_compose_reads_secrets_from_files_the_settings_understand():
    text = (ROOT / "compose.yaml").read_text()
    for name in (
        "SECRET_KEY_FILE: /run/secrets/secret_key",
        "DATABASE_URL_FILE: /run/secrets/database_url",
    ):
        assert name in text
    assert "POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password" in text
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "USER jahesh" in dockerfile
    assert "HEALTHCHECK" in dockerfile
    assert "/healthz" in dockerfile


def run_script(name: str, *args: str, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, str(DEPLOY / name), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_the_locks_satisfy_pyproject_and_the_image_installs_from_them():
    result = run_script("check-lock")
    assert result.returncode == 0, result.stdout
    assert "requirements.lock: satisfies pyproject.toml" in result.stdout
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes --only-binary :all: -r requirements.lock" in dockerfile
    assert "--no-deps --no-build-isolation ." in dockerfile
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install -q --require-hashes -r requirements-ci.lock" in ci
    assert "python deploy/check-lock" in ci


def check_lock_module():
    loader = importlib.machinery.SourceFileLoader("check_lock", str(DEPLOY / "check-lock"))
    spec = importlib.util.spec_from_loader("check_lock", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


LOCK = """django==5.2.19 \\
    --hash=sha256:aaaa \\
    --hash=sha256:bbbb
    # via jahesh
redis==5.0.0 ; python_version >= '3.11' \\
    --hash=sha256:cccc
unhashed==1.0
"""


def test_check_lock_names_a_missing_pin_a_version_outside_the_range_and_a_missing_hash():
    module = check_lock_module()
    pyproject = {
        "build-system": {"requires": []},
        "project": {
            "dependencies": ["Django>=5.2,<5.3", "redis>=6", "django-otp>=1.5"],
            "optional-dependencies": {"test": ['pytest>=8; python_version < "3"']},
        },
    }
    assert module.pins(LOCK)["django"][1] == 2
    assert module.problems(pyproject, LOCK, ("test",)) == [
        "redis>=6 is required but redis==5.0.0 is pinned",
        "django-otp>=1.5 is required but not pinned",
        "unhashed==1.0 has no hash",
    ]


def fake_pip_audit(tmp_path: Path, osv: str | None, pypi: str | None) -> str:
    """A stand-in for pip-audit answering per service: JSON, or a connection failure for None."""
    script = tmp_path / "pip-audit"
    answers = {"osv": osv, "pypi": pypi}
    lines = ["#!/usr/bin/env python3", "import sys", f"answers = {answers!r}"]
    lines += [
        "service = sys.argv[sys.argv.index('--vulnerability-service') + 1]",
        "if answers[service] is None:",
        "    sys.exit('requests.exceptions.ConnectionError: no route to ' + service)",
        "print(answers[service])",
        "sys.exit(1 if 'vulns\": [{' in answers[service] else 0)",
    ]
    script.write_text("\n".join(lines) + "\n")
    script.chmod(0o755)
    return str(script)


VULNERABLE = (
    '{"dependencies": [{"name": "django", "version": "5.2.19", "vulns": [{"id": "PYSEC-1",'
    ' "aliases": ["CVE-1"], "fix_versions": ["5.2.20"], "description": "x"}]},'
    ' {"name": "redis", "version": "6.0", "vulns": []}], "fixes": []}'
)
UNKNOWN = '{"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}'


def test_audit_fails_on_a_known_vulnerability_naming_it_and_its_fix(tmp_path):
    tool = fake_pip_audit(tmp_path, osv=None, pypi=VULNERABLE)
    result = run_script("audit", env={"PIP_AUDIT": tool, "AUDIT_IGNORE": str(tmp_path / "none")})
    assert result.returncode == 1, result.stdout
    assert "VULNERABLE django 5.2.19: PYSEC-1 (CVE-1) fixed in 5.2.20" in result.stdout
    assert "osv: could not be asked" in result.stdout


def test_audit_passes_an_advisory_accepted_with_a_reason_and_refuses_one_without(tmp_path):
    tool = fake_pip_audit(tmp_path, osv=VULNERABLE, pypi=None)
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("# accepted\nCVE-1 only the admin's password reset, which Jahesh turns off\n")
    result = run_script("audit", env={"PIP_AUDIT": tool, "AUDIT_IGNORE": str(ignore)})
    assert result.returncode == 0, result.stdout
    assert "accepted django 5.2.19 PYSEC-1: only the admin's password reset" in result.stdout
    ignore.write_text("CVE-1\n")
    result = run_script("audit", env={"PIP_AUDIT": tool, "AUDIT_IGNORE": str(ignore)})
    assert result.returncode != 0
    assert "CVE-1 needs a reason" in result.stderr


def test_audit_unreachable_says_not_audited_and_passes(tmp_path):
    tool = fake_pip_audit(tmp_path, osv=None, pypi=UNKNOWN)
    result = run_script("audit", env={"PIP_AUDIT": tool, "AUDIT_IGNORE": str(tmp_path / "none")})
    assert result.returncode == 0, result.stdout
    assert "pypi: answered, but knew none of the pinned versions" in result.stdout
    assert "NOT AUDITED" in result.stdout


def unreachable_database(request):
    """A view whose database cannot be opened, as when PostgreSQL is down: a real failed connect."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    wrapper = DatabaseWrapper(
        {**settings_db(), "ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}, "NAME": MISSING},
        alias="unreachable",
    )
    wrapper.cursor()
    raise AssertionError("the unreachable database was reached")


MISSING = "/nonexistent/folder/jahesh.sqlite3"


def broken_view(request):
    raise ValueError("a bug, not an outage")


def settings_db():
    from django.db import connection

    return dict(connection.settings_dict)


# This test urlconf keeps the site's own 500 handler, as every urlconf of the site does.
from jahesh.config.urls import handler500  # noqa: E402, F401

urlpatterns = [
    path_("down/", unreachable_database),
    path_("bug/", broken_view),
]


@pytest.fixture
def failing_client(settings):
    from django.test import Client

    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_an_unreachable_database_answers_the_persian_503_page(failing_client):
    response = failing_client.get("/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert 'lang="fa" dir="rtl"' in text
    assert "سامانه لحظه‌ای در دسترس نیست" in text


@pytest.mark.django_db
def test_a_bug_still_answers_500(failing_client):
    response = failing_client.get("/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_redis_outage_counts_as_one_and_so_does_a_wrapped_one():
    from redis.exceptions import ConnectionError as RedisConnectionError

    from jahesh.core.unavailable import is_outage

    assert is_outage(RedisConnectionError("Connection refused"))
    wrapped = RuntimeError("cache read failed")
    wrapped.__cause__ = RedisConnectionError("Connection refused")
    assert is_outage(wrapped)
    assert not is_outage(ValueError("x"))
    assert not is_outage(None)
