"""The static export's search in a real browser: the compressed index is read and a plural
finds what its stem finds, as on the live site."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def exported_site(tmp_path, wave_scene):
    root = tmp_path / "site"
    call_command("export_site", str(root), "--jobs", "1", stdout=StringIO())
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", wave_scene
    server.shutdown()
    server.server_close()


def results(page, base, city, query):
    page.goto(f"{base}/{city.slug}/search/?q={quote(query)}")
    page.wait_for_function("!/در حال/.test(document.getElementById('search-status').textContent)")
    return sorted(page.locator("#search-results li a").all_inner_texts())


def test_the_exported_search_finds_the_same_projects_for_a_word_and_its_plural(exported_site, page):
    base, scene = exported_site
    titles = sorted(project.title for project in scene.projects)
    assert results(page, base, scene.city, "بوستان") == titles
    assert results(page, base, scene.city, "بوستان‌ها") == titles
    assert results(page, base, scene.city, "بوستان ها") == titles
    assert results(page, base, scene.city, "باران") == []
    assert page.errors == []
