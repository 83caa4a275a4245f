from __future__ import annotations

import datetime as dt

import pytest

from jahesh.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from jahesh.leaps import occasions
from jahesh.leaps.models import Occasion
from jahesh.leaps.selectors import occasion_dates, occasion_list
from jahesh.leaps.services import occasion_save_for_city, occasions_seed
from jahesh.registry.models import Role


def _dates(city, year, code):
    return [
        (s, e)
        for o, s, e, _y in occasion_dates(municipality=city, jalali_year=year)
        if o.code == code
    ]


def test_shipped_occasions_exist_after_migrate(db):
    codes = set(Occasion.objects.filter(municipality__isnull=True).values_list("code", flat=True))
    assert {"dahe-fajr", "nowruz", "government-week", "eid-ghadir", "eid-fitr"} <= codes


def test_seeding_again_changes_nothing(db):
    before = Occasion.objects.count()
    assert occasions_seed() == 0
    assert Occasion.objects.count() == before


def test_seeding_repairs_an_edited_shipped_row(db):
    Occasion.objects.filter(municipality__isnull=True, code="dahe-fajr").update(day=1)
    assert occasions_seed() == 1
    assert Occasion.objects.get(municipality__isnull=True, code="dahe-fajr").day == 12


def test_dahe_fajr_1401_runs_from_12_to_22_bahman(city_a):
    assert _dates(city_a, 1401, "dahe-fajr") == [(dt.date(2023, 2, 1), dt.date(2023, 2, 11))]


def test_nowruz_1402_starts_on_the_march_equinox_day(city_a):
    [(start, end)] = _dates(city_a, 1402, "nowruz")
    assert start == dt.date(2023, 3, 21)
    assert (end - start).days == 12


def test_eid_ghadir_1402_falls_in_early_july_2023(city_a):
    # 18 Dhu al-Hijjah 1444 is 6 July 2023 in the Umm al-Qura calendar.
    assert _dates(city_a, 1402, "eid-ghadir") == [(dt.date(2023, 7, 6), dt.date(2023, 7, 6))]


def test_eid_fitr_1402_spans_two_days(city_a):
    assert _dates(city_a, 1402, "eid-fitr") == [(dt.date(2023, 4, 21), dt.date(2023, 4, 22))]


def test_a_lunar_occasion_can_fall_twice_in_one_solar_year():
    years_with_two = [
        year for year in range(1380, 1440) if len(occasions.lunar_starts(year, 10, 1)) == 2
    ]
    assert years_with_two, "Eid al-Fitr must fall twice in some solar year of six decades"
    for year in years_with_two:
        first, second = occasions.lunar_starts(year, 10, 1)
        assert 350 <= (second - first).days <= 356


def test_lunar_dates_outside_the_supported_range_are_left_out():
    assert occasions.lunar_starts(1250, 12, 18) == []


def test_esfand_30_is_skipped_in_a_common_year():
    assert occasions.solar_start(1402, 12, 30) is None
    assert occasions.solar_start(1403, 12, 30) == dt.date(2025, 3, 20)


def test_occasions_come_in_date_order(city_a):
    starts = [start for _o, start, _e, _y in occasion_dates(municipality=city_a, jalali_year=1402)]
    assert starts == sorted(starts)
    assert len(starts) >= len(occasions.SHIPPED_OCCASIONS)


def test_a_city_row_with_a_shipped_code_overrides_the_shipped_one(city_a, city_b, member_of):
    planner = member_of(city_a, Role.PLANNER)
    occasion_save_for_city(municipality=city_a, by=planner, code="eid-ghadir", shift_days=1)
    assert _dates(city_a, 1402, "eid-ghadir") == [(dt.date(2023, 7, 7), dt.date(2023, 7, 7))]
    # The other city still sees the shipped date.
    assert _dates(city_b, 1402, "eid-ghadir") == [(dt.date(2023, 7, 6), dt.date(2023, 7, 6))]
    codes = [o.code for o in occasion_list(municipality=city_a)]
    assert codes.count("eid-ghadir") == 1


def test_a_city_can_add_its_own_occasion(city_a, member_of):
    planner = member_of(city_a, Role.PLANNER)
    occasion_save_for_city(
        municipality=city_a,
        by=planner,
        code="city-day",
        name="روز  شیراز",
        calendar="solar",
        month=2,
        day=15,
    )
    [(start, _end)] = _dates(city_a, 1402, "city-day")
    assert start == dt.date(2023, 5, 5)


def test_an_editor_cannot_override_an_occasion(city_a, member_of):
    editor = member_of(city_a, Role.EDITOR)
    with pytest.raises(PermissionDeniedError):
        occasion_save_for_city(municipality=city_a, by=editor, code="eid-ghadir", shift_days=1)


def test_a_new_occasion_needs_its_date(city_a, member_of):
    planner = member_of(city_a, Role.PLANNER)
    with pytest.raises(ValidationError):
        occasion_save_for_city(municipality=city_a, by=planner, code="x", name="x")


def test_an_impossible_day_is_refused(city_a, member_of):
    planner = member_of(city_a, Role.PLANNER)
    with pytest.raises(ValidationError) as excinfo:
        occasion_save_for_city(
            municipality=city_a, by=planner, code="x", name="x", calendar="solar", month=8, day=31
        )
    assert excinfo.value.field == "day"


def test_a_shift_for_one_hijri_year_moves_only_that_occurrence():
    # Eid al-Ghadir: 18 Dhu al-Hijjah; 1444 falls in Jalali 1402, 1445 in 1403.
    def ghadir(jalali_year, **shifts):
        return occasions.occurrences_in_year(
            calendar="lunar", month=12, day=18, shift_days=0, jalali_year=jalali_year, **shifts
        )

    [(year_1402, plain_1402)] = ghadir(1402)
    [(year_1403, plain_1403)] = ghadir(1403)
    assert (year_1402, year_1403) == (1444, 1445)
    assert ghadir(1402, year_shifts={1444: 1}) == [(1444, plain_1402 + dt.timedelta(days=1))]
    assert ghadir(1403, year_shifts={1444: 1}) == [(1445, plain_1403)]


def test_a_city_shifts_one_year_of_a_lunar_occasion(city_a, city_b, member_of, in_1402):
    from jahesh.leaps.services import occasion_shift_for_year

    planner = member_of(city_a, Role.PLANNER)
    occasion_shift_for_year(
        municipality=city_a, by=planner, code="eid-ghadir", year=1444, shift_days=1
    )
    assert _dates(city_a, 1402, "eid-ghadir") == [(dt.date(2023, 7, 7), dt.date(2023, 7, 7))]
    assert _dates(city_a, 1403, "eid-ghadir") == _dates(city_b, 1403, "eid-ghadir")
    assert _dates(city_b, 1402, "eid-ghadir") == [(dt.date(2023, 7, 6), dt.date(2023, 7, 6))]
    # The every-year shift applies to the other years; the one-year entry still wins in its year.
    occasion_save_for_city(municipality=city_a, by=planner, code="eid-ghadir", shift_days=-1)
    assert _dates(city_a, 1402, "eid-ghadir") == [(dt.date(2023, 7, 7), dt.date(2023, 7, 7))]
    [(start_1403, _)] = _dates(city_a, 1403, "eid-ghadir")
    [(shipped_1403, _)] = _dates(city_b, 1403, "eid-ghadir")
    assert start_1403 == shipped_1403 - dt.timedelta(days=1)
    # Giving that year the every-year shift removes its own entry.
    row = occasion_shift_for_year(
        municipality=city_a, by=planner, code="eid-ghadir", year=1444, shift_days=-1
    )
    assert row.year_shifts == {}


# Years given relative to the present one: «solar» is this Jalali year, «lunar» this Hijri year.
@pytest.mark.parametrize(
    ("code", "year", "shift", "error", "words"),
    [
        ("eid-ghadir", "lunar", 5, ValidationError, "منفی سه تا سه"),
        ("eid-ghadir", "solar", 1, ValidationError, "هجری قمری"),
        ("nowruz", "lunar", 1, ValidationError, "هجری شمسی"),
        ("no-such-occasion", "lunar", 1, NotFoundError, "پیدا نشد"),
    ],
)
def test_a_one_year_shift_refuses_bad_input_in_persian(
    city_a, member_of, code, year, shift, error, words
):
    # A year typed in the other calendar is refused, naming the calendar the occasion is in.
    from django.utils import timezone

    from jahesh.leaps.services import occasion_shift_for_year

    year = occasions.present_year(year, timezone.localdate())
    planner = member_of(city_a, Role.PLANNER)
    with pytest.raises(error) as refused:
        occasion_shift_for_year(
            municipality=city_a, by=planner, code=code, year=year, shift_days=shift
        )
    assert words in refused.value.message
    assert not Occasion.objects.filter(municipality=city_a, year_shifts__has_key=str(year)).exists()


def test_an_editor_cannot_shift_one_year(city_a, member_of, in_1402):
    from jahesh.leaps.services import occasion_shift_for_year

    with pytest.raises(PermissionDeniedError):
        occasion_shift_for_year(
            municipality=city_a,
            by=member_of(city_a, Role.EDITOR),
            code="eid-ghadir",
            year=1444,
            shift_days=1,
        )
    assert not Occasion.objects.filter(municipality=city_a).exists()
