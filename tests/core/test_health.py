"""/healthz and /readyz: answered first, without sessions, and honest about what failed."""

import json

import pytest
from django.test import override_settings

from jahesh.core import health


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query would raise here.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_names_every_check_ok_and_sets_no_cookie(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert set(body["checks"]) == {"database", "migrations", "queue", "cache"}
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@override_settings(ALLOWED_HOSTS=["jahesh.example.org"], SECURE_SSL_REDIRECT=True)
def test_health_checks_answer_any_host_over_plain_http(client):
    # A container health check asks 127.0.0.1 over HTTP: neither a 400 nor a redirect will do.
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_cache_when_it_fails(client, monkeypatch, caplog):
    def broken_set(*args, **kwargs):
        raise ConnectionError("redis.internal:6379 refused")

    monkeypatch.setattr(health.cache, "set", broken_set)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert body["failed"] == ["cache"]
    assert body["checks"]["database"] == "ok"
    # The reason is logged for the operator, never shown to whoever asked.
    assert "redis.internal" not in response.content.decode()
    assert "redis.internal" in caplog.text


@pytest.mark.django_db
def test_readyz_reports_unapplied_migrations(client, monkeypatch):
    monkeypatch.setattr(health, "_settled", set())

    class PendingExecutor:
        def __init__(self, connection):
            self.loader = type("Loader", (), {"graph": type("G", (), {"leaf_nodes": list})()})()

        def migration_plan(self, targets):
            return [("newsroom", "0099_future")]

    monkeypatch.setattr(health, "MigrationExecutor", PendingExecutor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]


def test_readyz_does_not_read_migrations_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr(health, "database_ready", lambda: "OperationalError: down")
    monkeypatch.setitem(health.CHECKS, "database", lambda: "OperationalError: down")
    monkeypatch.setattr(health, "_settled", set())
    monkeypatch.setitem(
        health.CHECKS, "migrations", lambda: pytest.fail("migrations read without a database")
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database", "migrations"]
