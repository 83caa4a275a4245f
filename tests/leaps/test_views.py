from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from jahesh.leaps.models import PlanAssignment, WaveStatus
from jahesh.registry.models import Role
from tests.leaps.conftest import make_planned_city


def _url(name, planned, **kwargs):
    return reverse(
        f"leaps:{name}",
        kwargs={"city": planned.programme.municipality.slug, "programme": planned.programme.slug}
        | kwargs,
    )


def test_the_board_needs_a_login(client, planned):
    response = client.get(_url("board", planned))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_board_shows_waves_cards_and_the_left_out(client, planned):
    client.force_login(planned.editor)
    response = client.get(_url("board", planned))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert html.count('<section class="column') == 3
    for ceremony in planned.ceremonies:
        assert f'id="ceremony-{ceremony.pk}"' in html
    assert "بیرون از برنامه" in html
    assert "حمل‌ونقل" in html
    assert "شهردار" in html
    # An editor reads but gets no controls.
    assert "برنامه‌ریزی دوباره" not in html
    assert "move-dialog" not in html


def test_a_planner_gets_the_controls(client, planned):
    client.force_login(planned.planner)
    html = client.get(_url("board", planned)).content.decode()
    assert "برنامه‌ریزی دوباره" in html
    assert "move-dialog" in html
    assert "board.js" in html


def test_the_board_filters_by_district(client, planned):
    client.force_login(planned.editor)
    district = planned.districts[0]
    html = client.get(_url("board", planned), {"district": district.pk}).content.decode()
    shown = set(map(int, re.findall(r'id="ceremony-(\d+)"', html)))
    expected = {c.pk for c in planned.ceremonies if c.project.district_id == district.pk}
    assert shown == expected


def test_the_board_query_count_does_not_grow_with_cards(
    client, city_a, city_b, member_of, django_assert_max_num_queries
):
    small = make_planned_city(city_a, member_of, ceremonies=2)
    big = make_planned_city(city_b, member_of, ceremonies=8)
    user = member_of(city_a, Role.EDITOR, username="reader")
    from tests.registry.factories import MembershipFactory

    MembershipFactory(user=user, municipality=city_b, role=Role.EDITOR)
    client.force_login(user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(_url("board", small)).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url("board", big)).status_code == 200
    assert len(many) == len(few)
    with django_assert_max_num_queries(20):
        client.get(_url("board", big))


@pytest.mark.parametrize("persona", ["outsider", "other_city_planner"])
def test_strangers_cannot_read_the_board(client, planned, city_b, member_of, outsider, persona):
    # The answer is the one for a city that does not exist: slugs do not leak to strangers.
    user = outsider if persona == "outsider" else member_of(city_b, Role.PLANNER)
    client.force_login(user)
    response = client.get(_url("board", planned))
    assert response.status_code == 404
    missing = reverse("leaps:board", kwargs={"city": "no-such-city", "programme": "nope"})
    assert client.get(missing).content == response.content


def test_an_unknown_programme_is_404(client, planned):
    client.force_login(planned.editor)
    url = reverse("leaps:board", kwargs={"city": "city-a", "programme": "nope"})
    assert client.get(url).status_code == 404


def test_a_planner_locks_and_unlocks_a_card(client, planned):
    client.force_login(planned.planner)
    assignment = planned.assignments[0]
    url = _url("assignment-lock", planned, assignment_id=assignment.pk)
    client.post(url, {"locked": "1"})
    assignment.refresh_from_db()
    assert assignment.locked
    client.post(url, {"locked": "0"})
    assignment.refresh_from_db()
    assert not assignment.locked


def test_an_editor_cannot_lock_a_card(client, planned):
    client.force_login(planned.editor)
    assignment = planned.assignments[0]
    response = client.post(
        _url("assignment-lock", planned, assignment_id=assignment.pk), {"locked": "1"}
    )
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert not assignment.locked


def test_a_planner_announces_and_unlocks_a_wave_from_the_board(client, planned):
    client.force_login(planned.planner)
    wave = planned.waves[0]
    client.post(_url("wave-action", planned, number=1, action="announce"))
    wave.refresh_from_db()
    assert wave.status == WaveStatus.ANNOUNCED
    assert all(a.locked for a in PlanAssignment.objects.filter(wave=wave))
    response = client.post(_url("wave-action", planned, number=1, action="unlock"), {"reason": ""})
    wave.refresh_from_db()
    assert wave.unlocked_at is None
    assert response.status_code == 302
    client.post(_url("wave-action", planned, number=1, action="unlock"), {"reason": "تغییر روز"})
    wave.refresh_from_db()
    assert wave.unlocked_at is not None


def test_an_unknown_wave_action_is_404(client, planned):
    client.force_login(planned.planner)
    assert client.post(_url("wave-action", planned, number=1, action="explode")).status_code == 404


def test_the_balance_page_draws_two_svg_charts(client, planned):
    client.force_login(planned.editor)
    html = client.get(_url("balance", planned)).content.decode()
    assert html.count("<svg") == 2
    assert "فضای سبز" in html
    assert "منطقه 1" in html or "منطقه ۱" in html


def test_the_agenda_lists_the_officials_day(client, planned):
    client.force_login(planned.editor)
    html = client.get(_url("agenda", planned, official_id=planned.mayor.pk)).content.decode()
    assert html.count("<tr><td>") == len(planned.assignments)
    assert "۰۹:۰۰" in html
    assert "agenda.ics?token=" in html


def test_the_ical_feed_gives_one_event_per_ceremony_in_tehran_time(client, planned):
    client.force_login(planned.editor)
    response = client.get(_url("agenda-ics", planned, official_id=planned.mayor.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == len(planned.assignments)
    # Slots are 90 minutes from 09:00.
    assert "DTSTART;TZID=Asia/Tehran:20230201T090000" in body
    assert "DTSTART;TZID=Asia/Tehran:20230201T103000" in body


def test_the_ical_feed_opens_with_its_signed_link_and_not_without(client, planned):
    client.force_login(planned.editor)
    html = client.get(_url("agenda", planned, official_id=planned.mayor.pk)).content.decode()
    link = re.search(r'href="http://testserver([^"]+agenda\.ics\?token=[^"]+)"', html).group(1)
    client.logout()
    assert client.get(link.replace("&amp;", "&")).status_code == 200
    bare = _url("agenda-ics", planned, official_id=planned.mayor.pk)
    assert client.get(bare).status_code == 403
    assert client.get(bare + "?token=forged").status_code == 403


def test_a_signed_ical_link_stops_working_when_the_member_leaves(client, planned):
    client.force_login(planned.editor)
    html = client.get(_url("agenda", planned, official_id=planned.mayor.pk)).content.decode()
    link = re.search(
        r'href="http://testserver([^"]+)"', html[html.index("agenda.ics") - 300 :]
    ).group(1)
    client.logout()
    planned.editor.memberships.all().delete()
    # No role in the city any more: the answer of a city that does not exist.
    assert client.get(link.replace("&amp;", "&")).status_code == 404


def test_a_stranger_gets_the_missing_city_answer_for_an_agenda_feed(
    client, planned, city_b, member_of
):
    client.force_login(member_of(city_b, Role.PLANNER))
    feed = client.get(_url("agenda-ics", planned, official_id=planned.mayor.pk))
    missing = reverse(
        "leaps:agenda-ics",
        kwargs={"city": "no-such-city", "programme": "nope", "official_id": planned.mayor.pk},
    )
    assert feed.status_code == 404
    assert client.get(missing).content == feed.content


def test_a_signed_ical_link_opens_only_the_programme_it_was_made_for(client, planned):
    from tests.leaps.factories import ProgrammeFactory

    other = ProgrammeFactory(municipality=planned.programme.municipality, slug="another")
    client.force_login(planned.editor)
    html = client.get(_url("agenda", planned, official_id=planned.mayor.pk)).content.decode()
    link = re.search(r'href="http://testserver([^"]+agenda\.ics\?token=[^"]+)"', html).group(1)
    client.logout()
    moved = link.replace(f"/{planned.programme.slug}/", f"/{other.slug}/").replace("&amp;", "&")
    assert moved != link.replace("&amp;", "&")
    assert client.get(moved).status_code == 403


def test_the_city_page_lists_this_years_occasions(client, planned):
    client.force_login(planned.editor)
    url = reverse("leaps:city", kwargs={"city": "city-a"})
    html = client.get(url, {"year": "1402"}).content.decode()
    assert "عید غدیر" in html
    assert "دهه فجر" in html
    assert planned.programme.name in html


def test_the_city_page_opens_on_the_tehran_year_when_the_server_is_still_in_the_old_one(
    client, planned, monkeypatch
):
    # 21:00 UTC on 20 March 2023 is 00:30 on 1 Farvardin 1402 in Tehran.
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2023, 3, 20, 21, 0, tzinfo=dt.UTC))
    client.force_login(planned.editor)
    html = client.get(reverse("leaps:city", kwargs={"city": "city-a"})).content.decode()
    assert "مناسبت‌های سال ۱۴۰۲" in html
    assert "?year=1401" in html


def test_the_index_lists_only_the_users_cities(client, planned, city_b):
    client.force_login(planned.editor)
    html = client.get(reverse("leaps:index")).content.decode()
    assert planned.programme.municipality.name in html
    assert city_b.name not in html


def test_a_planner_creates_a_programme_from_the_city_page(client, city_a, member_of):
    client.force_login(member_of(city_a, Role.PLANNER))
    url = reverse("leaps:programme-new", kwargs={"city": "city-a"})
    response = client.post(
        url, {"name": "پویش امید", "wave_noun": "هفته", "slug": "omid", "started_on": "۱۴۰۲/۰۱/۱۵"}
    )
    assert response.status_code == 302
    programme = city_a.programmes.get(slug="omid")
    assert programme.started_on == dt.date(2023, 4, 4)
    assert programme.wave_noun == "هفته"


def test_a_garbled_jalali_date_is_refused_with_a_message(client, city_a, member_of):
    client.force_login(member_of(city_a, Role.PLANNER))
    url = reverse("leaps:programme-new", kwargs={"city": "city-a"})
    response = client.post(
        url, {"name": "x", "wave_noun": "گام", "started_on": "۱۴۰۲/۱۳/۹۹"}, follow=True
    )
    assert not city_a.programmes.exists()
    assert "خوانا نیست" in response.content.decode()


def test_a_planner_adds_a_wave_on_the_board(client, planned):
    from jahesh.leaps.models import Occasion

    client.force_login(planned.planner)
    nowruz = Occasion.objects.get(municipality__isnull=True, code="nowruz")
    response = client.post(
        _url("wave-new", planned),
        {
            "start_date": "1402/01/12",
            "end_date": "1402/01/13",
            "occasion": nowruz.pk,
            "theme": "بهار",
            "slots_per_day": 5,
            "min_ceremonies": 0,
            "max_ceremonies": 10,
            "headline_cap": 2,
        },
    )
    assert response.status_code == 302
    wave = planned.programme.waves.get(number=3)
    assert (wave.start_date, wave.end_date, wave.occasion) == (
        dt.date(2023, 4, 1),
        dt.date(2023, 4, 2),
        nowruz,
    )


def test_a_wave_overlapping_another_is_refused(client, planned):
    client.force_login(planned.planner)
    response = client.post(
        _url("wave-new", planned),
        {
            "start_date": "2023-02-02",
            "slots_per_day": 4,
            "min_ceremonies": 0,
            "max_ceremonies": 5,
            "headline_cap": 1,
        },
        follow=True,
    )
    assert "هم‌پوشانی" in response.content.decode()
    assert planned.programme.waves.count() == 2


def test_an_editor_cannot_add_a_wave(client, planned):
    client.force_login(planned.editor)
    response = client.post(
        _url("wave-new", planned),
        {
            "start_date": "2023-05-01",
            "slots_per_day": 4,
            "min_ceremonies": 0,
            "max_ceremonies": 5,
            "headline_cap": 1,
        },
    )
    assert response.status_code == 403
    assert planned.programme.waves.count() == 2


def test_a_planner_shifts_a_lunar_occasion_for_the_city(client, city_a, member_of):
    from jahesh.leaps.selectors import occasion_dates

    client.force_login(member_of(city_a, Role.PLANNER))
    url = reverse("leaps:occasion-shift", kwargs={"city": "city-a", "code": "eid-ghadir"})
    assert client.post(url, {"shift_days": "1"}).status_code == 302
    dates = [
        start
        for occasion, start, _end, _year in occasion_dates(municipality=city_a, jalali_year=1402)
        if occasion.code == "eid-ghadir"
    ]
    assert dates == [dt.date(2023, 7, 7)]


def test_a_planner_shifts_one_hijri_year_from_the_city_page(client, city_a, member_of, in_1402):
    from jahesh.leaps.selectors import occasion_dates

    client.force_login(member_of(city_a, Role.PLANNER))
    page = client.get(reverse("leaps:city", kwargs={"city": "city-a"}) + "?year=1402")
    assert 'name="year" value="1444"' in page.content.decode()
    url = reverse("leaps:occasion-shift", kwargs={"city": "city-a", "code": "eid-ghadir"})
    assert client.post(url, {"shift_days": "1", "year": "۱۴۴۴"}).status_code == 302
    shifted = {
        row.year: row.start
        for jalali_year in (1402, 1403)
        for row in occasion_dates(municipality=city_a, jalali_year=jalali_year)
        if row.occasion.code == "eid-ghadir"
    }
    assert shifted[1444] == dt.date(2023, 7, 7)
    page = client.get(reverse("leaps:city", kwargs={"city": "city-a"}) + "?year=1402")
    assert "سال ۱۴۴۴ قمری: +۱ روز" in page.content.decode()
    # A year that is not a number is refused politely, and nothing changes.
    response = client.post(url, {"shift_days": "2", "year": "سال"}, follow=True)
    assert "سال باید عدد باشد." in response.content.decode()


def test_an_editor_cannot_shift_an_occasion(client, city_a, member_of):
    from jahesh.leaps.models import Occasion

    client.force_login(member_of(city_a, Role.EDITOR))
    url = reverse("leaps:occasion-shift", kwargs={"city": "city-a", "code": "eid-ghadir"})
    assert client.post(url, {"shift_days": "1"}).status_code == 403
    assert not Occasion.objects.filter(municipality=city_a).exists()


def test_the_agenda_prints_through_a_script_file_not_an_inline_handler(client, planned):
    client.force_login(planned.editor)
    html = client.get(_url("agenda", planned, official_id=planned.mayor.pk)).content.decode()
    assert "onclick" not in html
    assert "data-print" in html
    assert "leaps/print.js" in html
