"""One answer to domain errors on every staff page (docs/adr/0006-one-answer-to-staff-errors.md)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jahesh.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from jahesh.registry.models import Role
from jahesh.registry.staff_views import CITY_NOT_FOUND, staff_view
from tests.leaps.conftest import make_planned_city

# Addresses under the staff prefixes that are not staff pages: a calendar app fetches the agenda
# with a signed link, the feeds are public, and so are the committee's public page and glossary.
NOT_STAFF = {
    "leaps:agenda-ics",
    "newsroom:news_rss",
    "newsroom:news_atom",
    "committee:calendar-feed",
    "committee:public",
    "committee:public-glossary",
    "committee:sessions-rss",
    "committee:sessions-atom",
}


def staff_patterns(namespace: str) -> list[tuple[str, URLPattern]]:
    resolver = get_resolver()
    found: list[tuple[str, URLPattern]] = []

    def walk(patterns: list[URLPattern | URLResolver], names: tuple[str, ...]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, (*names, pattern.namespace or ""))
            elif names and names[-1] == namespace:
                found.append((f"{namespace}:{pattern.name}", pattern))

    walk(resolver.url_patterns, ())
    return found


@pytest.mark.parametrize("namespace", ["leaps", "newsroom", "committee"])
def test_every_staff_page_answers_domain_errors_through_the_one_decorator(namespace):
    patterns = staff_patterns(namespace)
    assert patterns
    unwrapped = [
        name
        for name, pattern in patterns
        if name not in NOT_STAFF and not hasattr(pattern.callback, "staff_error_template")
    ]
    assert unwrapped == []


@pytest.fixture
def stranger(member_of, city_b):
    """Someone with a role in another city only."""
    return member_of(city_b, Role.PLANNER)


def test_a_stranger_to_a_planning_city_gets_exactly_the_missing_citys_answer(
    client, city_a, member_of, stranger
):
    planned = make_planned_city(city_a, member_of)
    client.force_login(stranger)
    kwargs = {"programme": planned.programme.slug}
    real = client.get(reverse("leaps:board", kwargs={"city": city_a.slug, **kwargs}))
    missing = client.get(reverse("leaps:board", kwargs={"city": "no-such-city", **kwargs}))
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content
    assert CITY_NOT_FOUND in real.content.decode()


def test_a_stranger_to_a_newsroom_gets_exactly_the_missing_citys_answer(client, city_a, stranger):
    client.force_login(stranger)
    real = client.get(reverse("newsroom:publications", args=[city_a.slug]))
    missing = client.get(reverse("newsroom:publications", args=["no-such-city"]))
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content
    assert CITY_NOT_FOUND in real.content.decode()


def test_a_page_that_asked_for_json_gets_the_sentence_as_json(client, city_a, member_of, stranger):
    planned = make_planned_city(city_a, member_of)
    client.force_login(stranger)
    url = reverse(
        "leaps:check-move", kwargs={"city": city_a.slug, "programme": planned.programme.slug}
    )
    answer = client.post(url, data="{}", content_type="application/json")
    assert answer.status_code == 404
    assert json.loads(answer.content) == {"ok": False, "reasons": [CITY_NOT_FOUND]}


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (PermissionDeniedError("اجازه ندارید."), 403),
        (NotFoundError("پیدا نشد."), 404),
        (ValidationError("تاریخ خوانا نیست."), 400),
    ],
)
def test_each_domain_error_has_its_status_and_its_sentence(error, status, member_of, city_a):
    def view(request):
        raise error

    request = RequestFactory().get("/", HTTP_ACCEPT="application/json")
    request.user = member_of(city_a, Role.EDITOR)
    answer = staff_view("leaps/error.html")(view)(request)
    assert answer.status_code == status
    assert json.loads(answer.content) == {"ok": False, "reasons": [error.message]}


def test_a_signed_out_visitor_is_sent_to_sign_in_before_any_error(db):
    def view(request):
        raise NotFoundError

    request = RequestFactory().get("/staff/x/")
    request.user = AnonymousUser()
    answer = staff_view("leaps/error.html")(view)(request)
    assert answer.status_code == 302
