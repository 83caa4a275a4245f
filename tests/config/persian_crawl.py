"""Crawl every kind of page of a built demo as each of its people and anonymously, and report
what is not Persian (see ``persian_text``). Run in its own process against a data folder the demo
was built in: ``JAHESH_DATA_DIR=DIR python -m tests.config.persian_crawl``; prints JSON.

Every page reachable by links from the start pages is visited, up to ``PER_SHAPE`` pages of each
shape of address (digits and Persian slugs in a path are one shape), so 300 projects cost the
time of two.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

PER_SHAPE = 2
MAX_PAGES_PER_VISITOR = 700
SKIPPED_PATH = re.compile(
    r"^/(?:static|media)/|logout|/feed/|\.(?:csv|json|geojson|xml|ics|xlsx|pdf|docx|odt|txt|svg|"
    r"png|jpe?g|webp|js|css|zip)$|^/api/v1/(?!docs)"
)
STAFF_STARTS = (
    "/admin/",
    "/staff/leaps/",
    "/staff/newsroom/",
    "/staff/registry/",
    "/staff/security/",
    "/committee/",
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


LONE_NUMBER = re.compile(r"(?<![\w-])[0-9][0-9.,:/]*(?![\w-])")


def lone_latin_numbers(html: str) -> list[str]:
    """The admin writes every number a person reads in Persian digits, even one alone in a cell
    (counts, page numbers, figures), which ``findings`` lets pass outside Persian text."""
    from tests.config.persian_text import visible_runs

    return [
        f"latin-number: {number}"
        for run, technical in visible_runs(html)
        if not technical
        for number in LONE_NUMBER.findall(run)
    ]


def shape(address: str) -> str:
    parts = urlsplit(address)
    segments = [
        "N" if re.search(r"\d", s) else "S" if re.search(r"[^\x00-\x7f]", s) else s
        for s in parts.path.split("/")
    ]
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return "/".join(segments) + ("?" + "&".join(keys) if keys else "")


def crawl(
    client, starts: list[str], allowed: frozenset[str]
) -> tuple[dict[str, list[str]], dict[str, int], int]:
    from tests.config.persian_text import findings

    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    queue = deque(starts)
    problems: dict[str, list[str]] = {}
    errors: dict[str, int] = {}
    visited = 0
    while queue and visited < MAX_PAGES_PER_VISITOR:
        address = queue.popleft()
        if address in seen or SKIPPED_PATH.search(urlsplit(address).path):
            continue
        seen.add(address)
        if shapes[shape(address)] >= PER_SHAPE:
            continue
        shapes[shape(address)] += 1
        response = client.get(address)
        visited += 1
        if response.status_code >= 500:
            errors[address] = response.status_code
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(urljoin(address, response["Location"]))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        found = [str(f) for f in findings(html, allowed)]
        if address.startswith("/admin/"):
            found += lone_latin_numbers(html)
        if found:
            problems[address] = sorted(set(found))
        links = _Links()
        links.feed(html)
        for href in links.hrefs:
            target = urlsplit(urljoin(address, href))
            if target.scheme in ("http", "https") and target.netloc not in ("testserver", ""):
                continue
            if target.scheme not in ("http", "https", ""):
                continue
            if target.query and target.path.startswith("/admin/"):
                continue  # the admin's sorts and filters show the same words as its lists
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return problems, errors, visited


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from jahesh.registry.models import Municipality, Role, Sector, Unit

    setup_test_environment()
    cities = [c.slug for c in Municipality.objects.public().order_by("slug")]
    public_starts = ["/", "/committee/"] + [f"/{s}/" for s in cities]
    public_starts += [f"/opendata/{s}/" for s in cities]
    report: dict[str, object] = {"cities": cities, "visitors": {}}
    visitors: dict[str, object] = {}
    anonymous = Client()
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    # Usernames and the codes of sectors and units are identifiers, shown as they are stored.
    usernames = frozenset(u.username for u in users)
    codes = frozenset(Sector.objects.values_list("code", flat=True)) | frozenset(
        Unit.objects.values_list("code", flat=True)
    )
    visitors["(anonymous)"] = crawl(anonymous, public_starts, usernames | codes)
    # One person per position: each city role, the committee's secretary, one representative.
    kept = set(Role.values) | {"committee-secretary"}
    kept.add(next((u for u in sorted(usernames) if u.startswith("committee-rep-")), ""))
    for user in users.filter(username__in=kept):
        client = Client()
        client.force_login(user)
        visitors[user.username] = crawl(
            client, list(STAFF_STARTS) + public_starts, usernames | codes
        )
    report["visitors"] = {
        name: {"problems": p, "errors": e, "pages": n} for name, (p, e, n) in visitors.items()
    }
    json.dump(report, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
