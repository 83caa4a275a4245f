"""Every address of the site, asked for with hostile path segments, answers without a server error.

The attack that found this sent a NUL byte (``/%00/``): PostgreSQL refuses strings holding one,
so about 20 public routes answered 500. The walk below covers every URL pattern, so a route added
later is attacked too; CI runs it on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = {
    "nul": "\x00",
    "nul in a word": "ab\x00cd",
    "controls": "\x01\x1b[2J\x7f\x85",
    "bidi override": "\u202eexe.gpj",
    "long, yet within what the guard lets through": "ش" * 250,
    "very long": "ش" * 3_000,
}
HOSTILE_NUMBER = {"beyond 64 bits": "9" * 30}

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
# The project's regex patterns (the admin's, the file routes) hold no nested groups.
REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?P<body>[^()]*)\)")


def _pieces(pattern: RoutePattern | RegexPattern) -> list[tuple[str, str | None]]:
    """Split a pattern into literal text and parameters: (text, None) or (name, kind)."""
    source = str(pattern)
    pieces: list[tuple[str, str | None]] = []
    if isinstance(pattern, RoutePattern):
        at = 0
        for match in ROUTE_PARAMETER.finditer(source):
            pieces.append((source[at : match.start()], None))
            converter = match["converter"] or "str"
            pieces.append((match["name"], "number" if converter == "int" else "text"))
            at = match.end()
        pieces.append((source[at:], None))
        return pieces
    source = source.removeprefix("^").removesuffix("$")
    at = 0
    for n, match in enumerate(REGEX_GROUP.finditer(source)):
        pieces.append((source[at : match.start()], None))
        body = match["body"]
        # An alternation (the admin's app labels) takes its first word; anything else is text.
        kind = "choice:" + body.split("|")[0] if "|" in body else "text"
        pieces.append((match["name"] or f"group{n}", kind))
        at = match.end()
    pieces.append((source[at:], None))
    return pieces


def every_pattern() -> Iterator[list[tuple[str, str | None]]]:
    def walk(
        patterns: list[URLPattern | URLResolver], prefix: list[tuple[str, str | None]]
    ) -> Iterator[list[tuple[str, str | None]]]:
        for entry in patterns:
            pieces = prefix + _pieces(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, pieces)
            else:
                yield pieces

    yield from walk(get_resolver().url_patterns, [])


def hostile_addresses(city_slug: str) -> Iterator[str]:
    """For every pattern with parameters: each parameter in turn hostile, the others valid."""
    for pieces in every_pattern():
        parameters = [i for i, (_, kind) in enumerate(pieces) if kind is not None]
        for target in parameters:
            kind = pieces[target][1]
            values = HOSTILE_NUMBER if kind == "number" else HOSTILE_TEXT
            for value in values.values():
                parts = []
                for i, (text, piece_kind) in enumerate(pieces):
                    if piece_kind is None:
                        parts.append(text)
                    elif i == target:
                        parts.append(quote(value, safe=""))
                    elif piece_kind == "number":
                        parts.append("1")
                    elif piece_kind.startswith("choice:"):
                        parts.append(piece_kind.removeprefix("choice:"))
                    else:
                        parts.append(city_slug if text == "city" else "x")
                yield "/" + "".join(parts)


def valid_addresses(city_slug: str) -> Iterator[str]:
    """Every pattern with each parameter given a plain value."""
    for pieces in every_pattern():
        parts = []
        for text, kind in pieces:
            if kind is None:
                parts.append(text)
            elif kind == "number":
                parts.append("1")
            elif kind.startswith("choice:"):
                parts.append(kind.removeprefix("choice:"))
            else:
                parts.append(city_slug if text == "city" else "x")
        yield "/" + "".join(parts)


# Every query parameter a view of ours reads (search, filters, pages, calendar tokens).
QUERY_NAMES = ("q", "page", "status", "state", "token", "year", "sector", "district", "kind")


def test_the_walk_reaches_the_routes_the_attack_broke(city_a):
    addresses = set(hostile_addresses(city_a.slug))
    assert "/%00/" in addresses
    assert f"/{city_a.slug}/projects/%00/" in addresses
    assert "/opendata/%00/projects.csv" in addresses
    assert f"/{city_a.slug}/news/{'9' * 30}/" in addresses


@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_no_address_answers_a_server_error_to_hostile_path_segments(who, city_a):
    client = Client(raise_request_exception=False)
    if who == "superuser":
        client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    failures = []
    for address in hostile_addresses(city_a.slug):
        response = client.get(address)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {address[:100]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_no_address_answers_a_server_error_to_a_nul_in_the_query_string(who, city_a):
    client = Client(raise_request_exception=False)
    if who == "superuser":
        client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    query = dict.fromkeys(QUERY_NAMES, "\x00")
    failures = []
    for address in valid_addresses(city_a.slug):
        response = client.get(address, query)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {address[:100]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\u202e", "\ufeff"])
def test_a_path_holding_a_character_no_address_holds_is_a_persian_404(client, city_a, character):
    response = client.get(f"/{city_a.slug}/projects/{quote('ab' + character, safe='')}/")
    assert response.status_code == 404
    assert "پیدا نشد" in response.content.decode()


def test_persian_words_with_their_joiners_stay_allowed_in_addresses():
    from jahesh.core.middleware import path_allowed

    assert path_allowed("/تهران/projects/پل‌های-شهری/" + "ش" * 200 + "/")
    assert not path_allowed("/تهران/projects/" + "ش" * 256 + "/")
    assert not path_allowed("/\u2066x\u2069/")


def test_a_history_address_with_an_id_the_model_cannot_hold_is_a_404(city_a):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    for address in ("/admin/registry/project/abc/history/", "/admin/registry/project/1/history/x/"):
        assert client.get(address).status_code == 404
