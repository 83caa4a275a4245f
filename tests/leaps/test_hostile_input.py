"""Every staff form and JSON endpoint of leap planning, fed what an attacker types: numbers too
large for their column, infinities and NaN, digits Python's int() reads but a person does not
write (superscripts, Devanagari), text longer than its column, bodies nested 100,000 deep.
Each gets a Persian answer and never a 500; nothing is half-written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from jahesh.leaps.models import Programme, Wave, WaveStatus

HUGE = "9" * 5000
HOSTILE_NUMBERS = [
    "1e400",
    "-1e400",
    "Infinity",
    "-Infinity",
    "NaN",
    HUGE,
    "99999999999999999999",
    "40000",
    "-1",
    "²",
    "१२",
    "1_0",
    "\x00",
]


def _persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _url(name: str, planned: Any, **kwargs: Any) -> str:
    return reverse(
        f"leaps:{name}",
        kwargs={"city": planned.programme.municipality.slug, "programme": planned.programme.slug}
        | kwargs,
    )


def _refused(response: Any) -> str:
    """The Persian sentence that refused the request (JSON reasons or a flashed message)."""
    assert response.status_code < 500, response.content[:300]
    if response["Content-Type"].startswith("application/json"):
        return " ".join(json.loads(response.content)["reasons"])
    errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    return " ".join(errors)


def _check(client: Any, url: str, body: str) -> Any:
    return client.post(url, data=body, content_type="application/json")


@pytest.fixture
def planner_client(client: Any, planned: Any) -> Any:
    client.force_login(planned.planner)
    return client


def _bodies(planned: Any) -> list[str]:
    ceremony = planned.ceremonies[-1].pk
    wave = planned.waves[1].pk
    day = planned.waves[1].start_date.isoformat()
    bodies = ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000]
    bodies.append(json.dumps({"ceremony": ceremony, "pad": "x" * 600_000}))
    for value in ["1e400", "-Infinity", "Infinity", "NaN", HUGE[:4000], "1e30", "-1", "true"]:
        bodies.append(f'{{"ceremony": {value}, "wave": {wave}, "day": "{day}", "slot": 0}}')
        bodies.append(f'{{"ceremony": {ceremony}, "wave": {value}, "day": "{day}", "slot": 0}}')
        bodies.append(
            f'{{"ceremony": {ceremony}, "wave": {wave}, "day": "{day}", "slot": {value}}}'
        )
        bodies.append(f'{{"ceremony": {ceremony}, "wave": {value}, "find": true}}')
    for text in ["²", "१२", "1_0", "\x00", "99999999999999999999"]:
        bodies.append(json.dumps({"ceremony": text, "wave": wave, "day": day, "slot": 0}))
        bodies.append(json.dumps({"ceremony": ceremony, "wave": wave, "day": day, "slot": text}))
        bodies.append(json.dumps({"ceremony": ceremony, "wave": text, "day": day, "slot": 0}))
    return bodies


def test_check_move_answers_every_hostile_body_in_persian(planner_client, planned):
    url = _url("check-move", planned)
    for body in _bodies(planned):
        response = _check(planner_client, url, body)
        assert response.status_code == 400, (body[:80], response.content[:200])
        assert _persian(_refused(response)), body[:80]


def test_check_move_still_answers_a_sound_body(planner_client, planned):
    body = {
        "ceremony": planned.ceremonies[-1].pk,
        "wave": planned.waves[1].pk,
        "day": planned.waves[1].start_date.isoformat(),
        "slot": 0,
    }
    response = _check(planner_client, _url("check-move", planned), json.dumps(body))
    assert response.status_code == 200
    assert json.loads(response.content)["ok"] is True


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_a_move_with_a_hostile_slot_or_ceremony_gets_a_persian_answer(
    planner_client, planned, value
):
    url = _url("move", planned)
    wave = planned.waves[1]
    place = f"{wave.pk}|{wave.start_date.isoformat()}|{value}"
    response = planner_client.post(url, {"ceremony": planned.ceremonies[-1].pk, "place": place})
    assert _persian(_refused(response))
    response = planner_client.post(url, {"ceremony": value, "place": place})
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert _persian(_refused(response))
    assert not planned.plan.assignments.filter(ceremony=planned.ceremonies[-1]).exists()


@pytest.mark.parametrize("field", ["max_ceremonies", "headline_cap", "min_ceremonies"])
@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_a_new_wave_with_a_hostile_number_is_refused_in_persian(
    planner_client, planned, field, value
):
    data = {
        "start_date": "۱۴۰۲/۰۲/۰۱",
        "slots_per_day": "6",
        "min_ceremonies": "0",
        "max_ceremonies": "20",
        "headline_cap": "3",
        field: value,
    }
    before = Wave.objects.count()
    response = planner_client.post(_url("wave-new", planned), data)
    assert _persian(_refused(response))
    assert Wave.objects.count() == before


def test_a_new_wave_takes_persian_and_arabic_indic_digits(planner_client, planned):
    data = {
        "start_date": "۱۴۰۲/۰۲/۰۱",
        "slots_per_day": "۶",
        "min_ceremonies": "٢",
        "max_ceremonies": "۳۲۷۶۷",
        "headline_cap": "٣",
    }
    response = planner_client.post(_url("wave-new", planned), data)
    assert _refused(response) == ""
    wave = Wave.objects.get(programme=planned.programme, number=3)
    assert (wave.slots_per_day, wave.min_ceremonies, wave.max_ceremonies) == (6, 2, 32767)
    assert wave.headline_cap == 3


@pytest.mark.parametrize("reason", ["ب" * 10_000, "دلیل\x00"])
def test_an_oversized_or_nul_unlock_reason_is_refused_in_persian(planner_client, planned, reason):
    planned.waves[1].status = WaveStatus.ANNOUNCED
    planned.waves[1].save()
    url = _url("wave-action", planned, number=2, action="unlock")
    response = planner_client.post(url, {"reason": reason})
    assert _persian(_refused(response))
    planned.waves[1].refresh_from_db()
    assert planned.waves[1].unlocked_at is None


@pytest.mark.parametrize("field", ["wave", "time_limit_s"])
@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_a_replan_with_hostile_numbers_gets_a_persian_answer(planner_client, planned, field, value):
    response = planner_client.post(_url("replan", planned), {field: value})
    assert response.status_code in (302, 404)
    if "/runs/" not in response.get("Location", ""):
        text = _refused(response) if response.status_code == 302 else response.content.decode()
        assert _persian(text)


# A weight of 40,000 is allowed, and a shift of one day back: those pairs are not hostile.
@pytest.mark.parametrize(
    ("field", "value"),
    [
        (field, value)
        for field in ("default_travel_minutes", "w-earliness", "travel")
        for value in HOSTILE_NUMBERS
        if not (field.startswith("w-") and value == "40000")
    ],
)
def test_planning_settings_refuse_hostile_numbers_in_persian(planner_client, planned, field, value):
    first, second = sorted(planned.districts, key=lambda d: d.pk)
    name = f"t-{first.pk}-{second.pk}" if field == "travel" else field
    before = Programme.objects.values("default_travel_minutes", "weights").get(
        pk=planned.programme.pk
    )
    response = planner_client.post(_url("settings", planned), {name: value})
    assert response.status_code == 200
    assert _persian(_refused(response))
    after = Programme.objects.values("default_travel_minutes", "weights").get(
        pk=planned.programme.pk
    )
    assert after == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (field, value)
        for field in ("shift_days", "year")
        for value in HOSTILE_NUMBERS
        if not (field == "shift_days" and value == "-1")
    ],
)
def test_an_occasion_shift_with_hostile_numbers_gets_a_persian_answer(
    planner_client, planned, in_1402, field, value
):
    url = reverse(
        "leaps:occasion-shift",
        kwargs={"city": planned.programme.municipality.slug, "code": "nowruz"},
    )
    data = {"shift_days": "1", field: value}
    response = planner_client.post(url, data)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert _persian(_refused(response))


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_staff_pages_read_hostile_query_numbers_without_failing(planner_client, planned, value):
    city = reverse("leaps:city", kwargs={"city": planned.programme.municipality.slug})
    # A NUL may be refused before the view (by the guard against NUL in requests).
    fine = {200} if value != "\x00" else {200, 400, 404}
    assert planner_client.get(city, {"year": value}).status_code in fine
    board = _url("board", planned)
    for name in ("sector", "district", "official"):
        assert planner_client.get(board, {name: value}).status_code in fine
