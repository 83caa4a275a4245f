"""Hosting in turn: least hosted first, then longest ago, never the last host, not a city that
declined this year; the reason is said in Persian."""

from __future__ import annotations

import datetime as dt

import pytest

from jahesh.committee.hosting import jalali_year, session_host_proposal
from jahesh.committee.models import HostDecline, SessionStatus
from tests.committee.conftest import Scene, past_session

pytestmark = pytest.mark.django_db
TODAY = dt.date(2023, 6, 22)  # 1 Tir 1402


def test_the_jalali_year_of_a_day_is_read_from_the_calendar() -> None:
    assert (jalali_year(dt.date(2023, 3, 20)), jalali_year(dt.date(2023, 3, 21))) == (1401, 1402)


def test_a_city_that_never_hosted_comes_before_those_that_did(scene: Scene) -> None:
    past_session(scene, 28, scene.tehran)
    past_session(scene, 29, scene.shiraz)
    past_session(scene, 30, scene.yazd)
    proposal = session_host_proposal(scene.committee, today=TODAY)
    assert proposal.proposed == scene.mashhad
    assert "مشهد" in proposal.explanation
    assert "هرگز" in proposal.explanation


def test_of_the_least_hosted_the_one_that_hosted_longest_ago_is_proposed(scene: Scene) -> None:
    past_session(scene, 27, scene.mashhad)
    past_session(scene, 28, scene.shiraz)
    past_session(scene, 29, scene.tehran)
    past_session(scene, 30, scene.yazd)
    proposal = session_host_proposal(scene.committee, today=TODAY)
    assert proposal.proposed == scene.mashhad
    assert "۲۷" in proposal.explanation


def test_the_last_host_is_never_proposed_even_when_it_hosted_least(scene: Scene) -> None:
    for number, host in enumerate([scene.tehran, scene.shiraz, scene.yazd] * 2, start=20):
        past_session(scene, number, host)
    past_session(scene, 26, scene.mashhad)
    proposal = session_host_proposal(scene.committee, today=TODAY)
    assert proposal.proposed == scene.tehran
    assert "مشهد" in proposal.explanation
    assert "آخرین نشست" in proposal.explanation


def test_a_city_that_declined_this_year_is_skipped_but_not_next_year(scene: Scene) -> None:
    past_session(scene, 28, scene.tehran)
    past_session(scene, 29, scene.shiraz)
    past_session(scene, 30, scene.yazd)
    HostDecline.objects.create(member=scene.mashhad, jalali_year=1402, reason="بازسازی سالن")
    this_year = session_host_proposal(scene.committee, today=TODAY)
    assert this_year.proposed != scene.mashhad
    assert "عذر" in this_year.explanation
    next_year = session_host_proposal(scene.committee, today=TODAY + dt.timedelta(days=366))
    assert next_year.proposed == scene.mashhad


def test_cancelled_sessions_and_departed_members_do_not_count(scene: Scene) -> None:
    past_session(scene, 29, scene.mashhad, status=SessionStatus.CANCELLED)
    past_session(scene, 30, scene.tehran)
    past_session(scene, 31, scene.shiraz)
    past_session(scene, 32, scene.yazd)
    proposal = session_host_proposal(scene.committee, today=TODAY)
    assert proposal.proposed == scene.mashhad
    assert scene.departed not in proposal.candidates


def test_with_nobody_left_to_host_nobody_is_proposed_and_the_page_says_so(scene: Scene) -> None:
    for member in (scene.tehran, scene.shiraz, scene.mashhad):
        HostDecline.objects.create(member=member, jalali_year=1402)
    past_session(scene, 30, scene.yazd)
    proposal = session_host_proposal(scene.committee, today=TODAY)
    assert proposal.proposed is None
    assert "خودتان" in proposal.explanation
