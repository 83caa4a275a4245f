"""The demo committee: built once, through the services, with something on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from jahesh.committee.demo import (
    COMMITTEE_SLUG,
    MEMBER_USERNAME,
    SECRETARY_USERNAME,
    build_demo_committee,
)
from jahesh.committee.hosting import session_host_proposal
from jahesh.committee.models import Committee, ResolutionStatus, SessionKind, SessionStatus
from jahesh.registry.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)  # 13 Azar 1405


def test_the_demo_committee_has_the_seeds_sessions_and_every_resolution_status() -> None:
    committee = build_demo_committee(today=TODAY)
    assert committee.is_illustrative
    assert committee.members.count() >= 12
    sessions = {s.number: s for s in committee.sessions.select_related("host")}
    assert sorted(sessions) == [28, 29, 30, 31, 32]
    assert sessions[30].host.name == "یزد"
    assert sessions[31].host.name == "تهران"
    assert sessions[30].status == SessionStatus.MINUTES_APPROVED
    assert sessions[30].approved_at == sessions[31]
    assert sessions[32].kind == SessionKind.EXTRAORDINARY
    assert sessions[32].status == SessionStatus.PLANNED
    # The sessions live around the day the demo is built: the 32nd is the next, a fortnight or
    # so away, the others are recent past, in order, on the weekdays they were written on.
    assert TODAY < sessions[32].date <= TODAY + dt.timedelta(days=21)
    dates = [sessions[n].date for n in (28, 29, 30, 31, 32)]
    assert dates == sorted(dates)
    assert TODAY - dt.timedelta(days=400) < sessions[28].date < sessions[31].date < TODAY
    statuses = set(
        committee.sessions.values_list("resolutions__status", flat=True).exclude(resolutions=None)
    )
    assert statuses == set(ResolutionStatus.values)
    titles = list(sessions[31].items.order_by("position").values_list("title", flat=True))
    assert titles[0] == "تصویب صورت‌جلسه نشست قبل"
    assert any("ساختار سازمانی" in t for t in titles)
    assert build_demo_committee().pk == committee.pk
    assert Committee.objects.count() == 1
    assert session_host_proposal(committee).proposed is not None


@pytest.mark.parametrize("username", [SECRETARY_USERNAME, MEMBER_USERNAME])
def test_the_demo_logins_reach_the_committee_home(username: str) -> None:
    build_demo_committee()
    client = Client()
    # django-axes throttles by the request, so a log-in without one must bring one.
    assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD)
    home = client.get(reverse("committee:home", args=[COMMITTEE_SLUG]))
    assert home.status_code == 200
    session = client.get(reverse("committee:session", args=[COMMITTEE_SLUG, 31]))
    assert "سی‌ویکمین نشست" in session.content.decode()
