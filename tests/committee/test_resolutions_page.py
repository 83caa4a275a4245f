"""The resolutions list: counts per responsible over every row, one page of rows, filters, and
the follow-up form only for a row this person may report on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jahesh import persian
from jahesh.committee import selectors, services
from tests.committee.conftest import TIR_1_1402, Scene
from tests.committee.test_views import client_for, held_session

pytestmark = pytest.mark.django_db


def record(scene: Scene, count: int, **kwargs: Any) -> None:
    session = held_session(scene)
    for n in range(count):
        services.resolution_record(
            session=session,
            by=scene.secretary,
            text=f"مصوبه {n}",
            due_on=TIR_1_1402 + dt.timedelta(days=n),
            **kwargs,
        )


def page_of(client: Client, scene: Scene, **query: Any) -> str:
    address = reverse("committee:resolutions", args=[scene.committee.slug])
    response = client.get(address, query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_long_list_is_shown_one_page_at_a_time_with_the_counts_of_all_rows(
    scene: Scene,
) -> None:
    per_page = selectors.sessions.RESOLUTIONS_PER_PAGE
    record(scene, per_page + 3, responsible=[scene.shiraz])
    client = client_for(scene.secretary)
    first = page_of(client, scene)
    assert first.count("گزارش پیگیری</a>") == per_page
    assert persian.to_persian_digits("صفحه 1 از 2") in first
    second = page_of(client, scene, page=2)
    assert second.count("گزارش پیگیری</a>") == 3
    # The summary counts every open row of Shiraz, not the page's.
    seat = selectors.seat_for(user=scene.secretary, slug=scene.committee.slug)
    summary = selectors.resolution_page(seat=seat, today=TIR_1_1402).summary
    assert [(line.name, line.open) for line in summary] == [("شیراز", per_page + 3)]


def test_the_list_filters_by_responsible_city_and_by_lateness(scene: Scene) -> None:
    session = held_session(scene)
    services.resolution_record(
        session=session, by=scene.secretary, text="کار شیراز", responsible=[scene.shiraz]
    )
    services.resolution_record(
        session=session,
        by=scene.secretary,
        text="کار دیرکرده یزد",
        responsible=[scene.yazd],
        due_on=TIR_1_1402,
    )
    client = client_for(scene.secretary)
    shiraz = page_of(client, scene, city=scene.shiraz.slug)
    assert "کار شیراز" in shiraz
    assert "کار دیرکرده یزد" not in shiraz
    late = page_of(client, scene, status="overdue")
    assert "کار دیرکرده یزد" in late
    assert "کار شیراز" not in late


def test_a_representative_is_offered_the_follow_up_only_on_their_own_citys_rows(
    scene: Scene,
) -> None:
    session = held_session(scene)
    own = services.resolution_record(
        session=session, by=scene.secretary, text="کار شیراز", responsible=[scene.shiraz]
    )
    other = services.resolution_record(
        session=session, by=scene.secretary, text="کار یزد", responsible=[scene.yazd]
    )
    client = client_for(scene.representative)
    page = page_of(client, scene)
    assert f"report={own.pk}#" in page
    assert f"report={other.pk}#" not in page
    assert '<form method="post"' not in page
    # The one form appears for the row whose link was followed, and not for another city's row.
    assert page_of(client, scene, report=own.pk).count('name="status_after"') == 1
    assert 'name="status_after"' not in page_of(client, scene, report=other.pk)
