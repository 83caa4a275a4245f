"""Every internal link of a static export names a file of the export."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from jahesh.committee.demo import build_demo_committee
from jahesh.registry import progress
from jahesh.registry.models import Role
from tests.registry.test_timeline import jpeg_with_gps

pytestmark = pytest.mark.django_db

SITE = "https://example.org"
# Schemes that name no file of the site.
ELSEWHERE = ("mailto:", "tel:", "data:", "javascript:")
_SITE_URL = re.compile(re.escape(SITE) + r"[^\"'<>\s]*")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src") and value]


def html_links(text: str) -> list[str]:
    parser = _Links()
    parser.feed(text)
    return parser.found


def page_address(root: Path, file: Path) -> str:
    relative = "/" + file.relative_to(root).as_posix()
    return relative.removesuffix("index.html")


def broken_link(root: Path, base: str, link: str) -> str | None:
    """Say why ``link`` (found on the page at ``base``) names no file, or None when it does."""
    if link.startswith(ELSEWHERE) or link.startswith("#"):
        return None
    parts = urlsplit(urljoin(SITE + base, link))
    if f"{parts.scheme}://{parts.netloc}" != SITE:
        return None
    if parts.query:
        return "a query, which a static host does not answer"
    path = unquote(parts.path)
    target = root / path.lstrip("/")
    if path.endswith("/"):
        # docs/portal.md: the web server serves a folder's index.html, or its index.xml (feeds).
        found = (target / "index.html").is_file() or (target / "index.xml").is_file()
    else:
        found = target.is_file()
    return None if found else "no such file"


def export_scene(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    # One process: forked children could not see the test's uncommitted rows.
    call_command("export_site", str(root), "--jobs", "1", stdout=StringIO())
    return root


@pytest.fixture
def scene(wave_scene, city_b, settings, tmp_path, member_of):
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path / "media"
    build_demo_committee(today=dt.date(2026, 12, 4))
    # A progress photo, so the check covers the images a project page shows and links.
    progress.progress_update_record(
        by=member_of(wave_scene.city, Role.EDITOR, "editor-photos"),
        project=wave_scene.projects[0],
        reported_on=timezone.localdate() - dt.timedelta(days=5),
        physical_progress_pct=60,
        photos=[progress.PhotoUpload(jpeg_with_gps((320, 240)), "site.jpg", "نمای کارگاه")],
    )
    return wave_scene


def test_every_link_of_every_exported_page_feed_and_sitemap_names_an_exported_file(tmp_path, scene):
    root = export_scene(tmp_path)
    broken: dict[str, str] = {}
    checked = 0
    for file in root.rglob("*.html"):
        base = page_address(root, file)
        for link in html_links(file.read_text()):
            checked += 1
            if (why := broken_link(root, base, link)) is not None:
                broken[f"{base} -> {link}"] = why
    for file in [*root.rglob("*.xml")]:
        for link in _SITE_URL.findall(file.read_text()):
            checked += 1
            if (why := broken_link(root, "/", link)) is not None:
                broken[f"{file.name} -> {link}"] = why
    assert broken == {}, "\n".join(f"{link}: {why}" for link, why in sorted(broken.items()))
    assert checked > 500
    assert len(list(root.glob("media/progress/*/*.jpg"))) == 2


def test_the_export_holds_each_citys_open_data_and_the_committees_public_pages(tmp_path, scene):
    root = export_scene(tmp_path)
    city = scene.city.slug
    footer = (root / city / "index.html").read_text()
    assert f'href="/opendata/{city}/"' in footer
    for name in ("index.html", "projects.csv", "projects.geojson", "oc4ids.json"):
        assert (root / "opendata" / city / name).stat().st_size > 0
    assert scene.projects[0].title in (root / "opendata" / city / "projects.csv").read_text()
    assert (root / "committee/index.html").is_file()
    assert any(root.glob("committee/*/glossary/*/glossary.csv"))


def test_a_link_checker_that_finds_nothing_would_be_told(tmp_path):
    root = tmp_path
    (root / "a").mkdir()
    (root / "a/index.html").write_text("")
    assert broken_link(root, "/", "/a/") is None
    assert broken_link(root, "/", "/b/") == "no such file"
    assert broken_link(root, "/a/", "../b.csv") == "no such file"
    assert broken_link(root, "/", "/a/?page=2") is not None
    assert broken_link(root, "/", "https://elsewhere.org/b/") is None
