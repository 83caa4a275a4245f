"""Planning settings: a programme's weights and default travel time, the city's travel table."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jahesh.core.errors import PermissionDeniedError, ValidationError
from jahesh.leaps import mapping, selectors, services
from jahesh.leaps.models import TravelTime
from jahesh.registry.models import Role

pytestmark = pytest.mark.django_db


def url(planned):
    programme = planned.programme
    return reverse(
        "leaps:settings", kwargs={"city": programme.municipality.slug, "programme": programme.slug}
    )


def test_weights_reach_the_planner_and_defaults_are_not_stored(planned):
    defaults = services.weight_defaults()
    services.programme_planning_save(
        programme=planned.programme,
        by=planned.planner,
        weights={"headline": 900.0, "earliness": defaults["earliness"], "change": None},
        default_travel_minutes=45,
    )
    planned.programme.refresh_from_db()
    assert planned.programme.weights == {"headline": 900.0}
    problem = mapping.build_problem(programme=planned.programme).problem
    assert problem.weights.headline == 900.0
    assert problem.weights.change == defaults["change"]
    assert set(problem.travel_min.values()) == {45}


@pytest.mark.parametrize(
    ("weights", "travel", "words"),
    [
        ({"headline": -1.0}, 30, "پروژه‌های شاخص"),
        ({"sector_share_max": 1.5}, 30, "بیشتر از صفر"),
        ({"headline": float("nan")}, 30, "پروژه‌های شاخص"),
        ({"no_such_rule": 1.0}, 30, "no_such_rule"),
        ({}, 601, "۶۰۰ دقیقه"),
    ],
)
def test_bad_weights_are_refused_in_persian_and_nothing_changes(planned, weights, travel, words):
    before = (planned.programme.weights, planned.programme.default_travel_minutes)
    with pytest.raises(ValidationError) as refused:
        services.programme_planning_save(
            programme=planned.programme,
            by=planned.planner,
            weights=weights,
            default_travel_minutes=travel,
        )
    assert words in refused.value.message
    planned.programme.refresh_from_db()
    assert (planned.programme.weights, planned.programme.default_travel_minutes) == before


def test_travel_times_are_stored_once_per_pair_and_reach_the_planner(planned):
    first, second = planned.districts[0], planned.districts[1]
    TravelTime.objects.create(
        municipality=planned.programme.municipality,
        from_district=second,
        to_district=first,
        minutes=20,
    )
    changed = services.travel_times_save(
        municipality=planned.programme.municipality,
        by=planned.planner,
        minutes={(first.pk, second.pk): 55},
    )
    assert changed == 1
    rows = TravelTime.objects.filter(municipality=planned.programme.municipality)
    assert [(r.from_district_id, r.to_district_id, r.minutes) for r in rows] == [
        (min(first.pk, second.pk), max(first.pk, second.pk), 55)
    ]
    problem = mapping.build_problem(programme=planned.programme).problem
    assert 55 in problem.travel_min.values()
    # A blank pair falls back to the programme's default.
    services.travel_times_save(
        municipality=planned.programme.municipality,
        by=planned.planner,
        minutes={(first.pk, second.pk): None},
    )
    assert not TravelTime.objects.filter(municipality=planned.programme.municipality).exists()


def test_travel_times_refuse_another_citys_district_and_bad_minutes(planned, city_b):
    from tests.registry.factories import DistrictFactory

    foreign = DistrictFactory(municipality=city_b)
    first, second = planned.districts[0], planned.districts[1]
    for minutes, words in (
        ({(first.pk, foreign.pk): 10}, "از این شهر نیستند"),
        ({(first.pk, first.pk): 10}, "یکی‌اند"),
        ({(first.pk, second.pk): 900}, "۶۰۰ دقیقه"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.travel_times_save(
                municipality=planned.programme.municipality, by=planned.planner, minutes=minutes
            )
        assert words in refused.value.message
    assert selectors.travel_minutes(municipality=planned.programme.municipality) == {}


def test_an_editor_cannot_change_planning_settings(planned):
    with pytest.raises(PermissionDeniedError):
        services.programme_planning_save(
            programme=planned.programme,
            by=planned.editor,
            weights={"headline": 1.0},
            default_travel_minutes=10,
        )
    with pytest.raises(PermissionDeniedError):
        services.travel_times_save(
            municipality=planned.programme.municipality, by=planned.editor, minutes={}
        )


def test_the_settings_page_saves_weights_and_minutes_typed_in_persian_digits(client, planned):
    client.force_login(planned.planner)
    page = client.get(url(planned))
    assert page.status_code == 200
    first, second = sorted(planned.districts[:2], key=lambda d: d.pk)
    field = f"t-{first.pk}-{second.pk}"
    assert f'name="{field}"' in page.content.decode()
    response = client.post(
        url(planned), {"w-headline": "۷۵۰", "default_travel_minutes": "۴۰", field: "۲۵"}
    )
    assert response.status_code == 302
    planned.programme.refresh_from_db()
    assert planned.programme.weights == {"headline": 750.0}
    assert planned.programme.default_travel_minutes == 40
    assert selectors.travel_minutes(municipality=planned.programme.municipality) == {
        (first.pk, second.pk): 25
    }


def test_bad_input_on_the_page_saves_nothing_and_says_what_is_wrong(client, planned):
    client.force_login(planned.planner)
    first, second = sorted(planned.districts[:2], key=lambda d: d.pk)
    response = client.post(
        url(planned),
        {
            "w-headline": "بسیار",
            "default_travel_minutes": "30",
            f"t-{first.pk}-{second.pk}": "12.5",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "«جای گرفتن پروژه‌های شاخص» عدد نیست." in text
    assert "باید دقیقهٔ درست باشد" in text
    # What was typed stays in the form.
    assert 'value="بسیار"' in text
    planned.programme.refresh_from_db()
    assert planned.programme.weights == {}
    assert not TravelTime.objects.exists()


@pytest.mark.parametrize("typed", ["inf", "1e999", "nan", "-inf"])
def test_infinities_typed_on_the_page_are_refused_politely(client, planned, typed):
    client.force_login(planned.planner)
    response = client.post(url(planned), {"default_travel_minutes": typed, "w-headline": typed})
    assert response.status_code == 200
    assert "زمان جابه‌جایی پیش‌فرض عدد نیست." in response.content.decode()
    planned.programme.refresh_from_db()
    assert planned.programme.weights == {}


def test_an_editor_sees_the_settings_but_cannot_send_them(client, planned):
    client.force_login(planned.editor)
    page = client.get(url(planned))
    assert page.status_code == 200
    assert "اجازهٔ تغییر" in page.content.decode()
    assert client.post(url(planned), {"default_travel_minutes": "5"}).status_code == 403
    planned.programme.refresh_from_db()
    assert planned.programme.default_travel_minutes != 5


def test_a_stranger_gets_the_missing_city_answer(client, planned, member_of, city_b):
    client.force_login(member_of(city_b, Role.PLANNER))
    assert client.get(url(planned)).status_code == 404
