"""Security headers on every kind of page, and no inline script for the policy to forbid."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from jahesh.portal.links import project_url
from jahesh.registry.models import Role
from tests.registry.factories import ProjectFactory

pytestmark = pytest.mark.django_db

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineScripts(HTMLParser):
    """Collect inline scripts and on* handler attributes, which script-src 'self' blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script" and not named.get("src") and named.get("type") not in DATA_SCRIPT_TYPES:
            self.found.append(f"<script> at line {self.getpos()[0]}")
        self.found += [f"{tag} {name}=" for name, _ in attrs if name.startswith("on")]


@pytest.fixture
def pages(city_a: Any, member_of: Any, client: Any) -> dict[str, Any]:
    project = ProjectFactory(municipality=city_a, title="بوستان نرگس")
    editor = member_of(city_a, Role.EDITOR, "editor")
    editor.is_staff = True
    editor.is_superuser = True
    editor.save()
    anonymous = {
        "portal root": client.get("/"),
        "city home": client.get(f"/{city_a.slug}/"),
        "project list": client.get(f"/{city_a.slug}/projects/"),
        "project": client.get(project_url(project)),
        "admin log-in": client.get("/admin/login/"),
    }
    client.force_login(editor)
    signed_in = {
        "admin index": client.get("/admin/"),
        "admin project form": client.get(f"/admin/registry/project/{project.pk}/change/"),
        "newsroom": client.get(f"/staff/newsroom/{city_a.slug}/"),
        "committee": client.get("/committee/"),
    }
    return {name: r for name, r in {**anonymous, **signed_in}.items() if r is not None}


def test_every_page_sends_the_security_headers(pages):
    for name, response in pages.items():
        assert response.status_code in (200, 302), name
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, name
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0], name
        assert "frame-ancestors 'none'" in policy, name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert "camera=()" in response["Permissions-Policy"], name


def test_no_page_carries_a_script_the_policy_would_block(pages):
    found = {}
    for name, response in pages.items():
        if response.status_code != 200:
            continue
        parser = InlineScripts()
        parser.feed(response.content.decode())
        if parser.found:
            found[name] = parser.found
    assert found == {}


def test_map_tiles_are_allowed_as_images(pages, settings):
    policy = pages["city home"]["Content-Security-Policy"]
    img = policy.split("img-src")[1].split(";")[0]
    assert "https://tile.openstreetmap.org" in img


def test_a_staff_session_ends_hours_after_signing_in(settings, client, city_a, member_of):
    editor = member_of(city_a, Role.EDITOR, "editor2")
    editor.set_password("a long enough password 1")
    editor.is_staff = True
    editor.save()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor2", "password": "a long enough password 1", "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == 10 * 3600


def test_the_pages_checked_are_real_pages(pages):
    assert {name for name, r in pages.items() if r.status_code == 200} >= {
        "city home",
        "project",
        "admin index",
        "admin project form",
        "newsroom",
    }
