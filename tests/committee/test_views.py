"""The committee's pages for three personas (the secretary, Shiraz's representative, an outsider)
and city staff with no committee role; query budgets on the busiest pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jahesh.committee import services
from jahesh.committee.models import (
    AttendanceAnswer,
    AttendanceHeld,
    MinutesCorrection,
    Resolution,
    ResolutionStatus,
    Session,
    SessionStatus,
)
from tests.committee.conftest import TIR_1_1402, Scene, past_session

pytestmark = pytest.mark.django_db
STRANGERS = ["outsider", "city_staff"]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def held_session(scene: Scene, number: int = 31, items: int = 3) -> Session:
    session = services.session_plan(
        committee=scene.committee,
        by=scene.secretary,
        host=scene.tehran,
        date=TIR_1_1402,
        number=number,
    )
    for n in range(items):
        services.agenda_item_add(session=session, by=scene.secretary, title=f"بند {n}")
    services.session_invite(session=session, by=scene.secretary)
    services.session_hold(
        session=session,
        by=scene.secretary,
        attendance={scene.shiraz: (AttendanceHeld.PRESENT, "جاویدی")},
    )
    return session


def url(name: str, scene: Scene, *args: Any) -> str:
    return reverse(f"committee:{name}", args=[scene.committee.slug, *args])


PAGES = [("home", ()), ("sessions", ()), ("hosting", ()), ("resolutions", ()), ("session", (31,))]


@pytest.mark.parametrize(("name", "args"), PAGES)
@pytest.mark.parametrize("persona", ["secretary", "representative", "observer"])
def test_members_read_every_internal_page(scene: Scene, name: str, args: Any, persona: str) -> None:
    held_session(scene)
    response = client_for(getattr(scene, persona)).get(url(name, scene, *args))
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


@pytest.mark.parametrize(("name", "args"), [*PAGES, ("session-plan", ())])
@pytest.mark.parametrize("persona", STRANGERS)
def test_strangers_get_the_missing_committee_answer_on_internal_pages(
    scene: Scene, name: str, args: Any, persona: str
) -> None:
    held_session(scene)
    response = client_for(getattr(scene, persona)).get(url(name, scene, *args))
    assert response.status_code == 404
    assert "این کمیته پیدا نشد" in response.content.decode()


@pytest.mark.parametrize("persona", STRANGERS)
def test_a_stranger_gets_exactly_the_answer_of_a_committee_that_does_not_exist(
    scene: Scene, persona: str
) -> None:
    held_session(scene)
    client = client_for(getattr(scene, persona))
    real = client.get(url("session", scene, 31))
    missing = client.get(reverse("committee:session", args=["no-such-committee", 31]))
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content


def test_a_stranger_who_asked_for_json_gets_the_sentence_as_json(scene: Scene) -> None:
    held_session(scene)
    answer = client_for(scene.outsider).get(
        url("session", scene, 31), HTTP_ACCEPT="application/json"
    )
    assert answer.status_code == 404
    assert json.loads(answer.content) == {"ok": False, "reasons": ["این کمیته پیدا نشد."]}


def test_an_anonymous_visitor_is_sent_to_log_in(scene: Scene) -> None:
    response = Client().get(url("home", scene))
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["secretary", "representative", "outsider", "city_staff"])
def test_everyone_reads_the_public_page_with_public_decisions_only(
    scene: Scene, persona: str
) -> None:
    session = held_session(scene)
    services.resolution_record(
        session=session,
        by=scene.secretary,
        text="تصمیم عمومی",
        secretariat_responsible=True,
        is_public=True,
    )
    services.resolution_record(
        session=session, by=scene.secretary, text="تصمیم درونی", secretariat_responsible=True
    )
    page = client_for(getattr(scene, persona)).get(url("public", scene)).content.decode()
    assert "سی‌ویکمین نشست" in page
    assert "تصمیم عمومی" in page
    assert "بند ۰" in page
    assert "تصمیم درونی" not in page


def test_the_plan_page_shows_the_proposed_host_and_why(scene: Scene) -> None:
    past_session(scene, 29, scene.tehran)
    past_session(scene, 30, scene.yazd)
    page = client_for(scene.secretary).get(url("session-plan", scene)).content.decode()
    assert "میزبان پیشنهادی: شیراز" in page or "میزبان پیشنهادی: مشهد" in page
    assert "یزد میزبان نشست ۳۰" in page


def test_the_secretary_plans_a_session_with_jalali_date_and_persian_times(scene: Scene) -> None:
    past_session(scene, 30, scene.yazd)
    response = client_for(scene.secretary).post(
        url("session-plan", scene),
        {
            "number": "۳۱",
            "kind": "regular",
            "host": scene.tehran.pk,
            "date": "۱۴۰۲/۰۴/۰۱",
            "starts_at": "۱۰:۰۰",
            "ends_at": "۱۲:۳۰",
            "mode": "in_person",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(number=31)
    assert (session.date, session.starts_at, session.host) == (
        TIR_1_1402,
        dt.time(10),
        scene.tehran,
    )


def test_a_bad_plan_comes_back_with_the_sentence_naming_the_field(scene: Scene) -> None:
    response = client_for(scene.secretary).post(
        url("session-plan", scene),
        {
            "kind": "regular",
            "host": scene.tehran.pk,
            "date": "۱۴۰۲/۰۴/۰۱",
            "starts_at": "۱۲",
            "ends_at": "۱۱",
            "mode": "both",
            "meeting_link": "https://meet.example.org",
        },
    )
    assert response.status_code == 200
    assert "ساعت پایان: پایان نشست باید پس از آغاز آن باشد." in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize("persona", ["representative", "observer"])
def test_members_who_do_not_run_the_committee_may_not_plan(scene: Scene, persona: str) -> None:
    response = client_for(getattr(scene, persona)).get(url("session-plan", scene))
    assert response.status_code == 403


def test_the_representative_answers_the_invitation_for_their_city(scene: Scene) -> None:
    session = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.tehran, date=TIR_1_1402, number=31
    )
    services.agenda_item_add(session=session, by=scene.secretary, title="ساختار")
    services.session_invite(session=session, by=scene.secretary)
    response = client_for(scene.representative).post(
        url("answer", scene, 31), {"answer": AttendanceAnswer.WILL_ATTEND}
    )
    assert response.status_code == 302
    row = session.attendance.get(member=scene.shiraz)
    assert row.answer == AttendanceAnswer.WILL_ATTEND


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("session-action", {"reason": "x"}),
        ("agenda-add", {"title": "بند", "kind": "report"}),
        ("resolution-add", {"text": "x", "secretariat_responsible": "on"}),
    ],
)
def test_a_representative_cannot_run_the_secretariats_actions(
    scene: Scene, action: str, data: dict[str, str]
) -> None:
    held_session(scene)
    args: tuple[Any, ...] = (31, "cancel") if action == "session-action" else (31,)
    response = client_for(scene.representative).post(url(action, scene, *args), data)
    assert response.status_code == 403
    assert Session.objects.get().status == SessionStatus.HELD
    assert not Resolution.objects.exists()


@pytest.mark.parametrize("persona", STRANGERS)
def test_strangers_cannot_act_either(scene: Scene, persona: str) -> None:
    held_session(scene)
    client = client_for(getattr(scene, persona))
    for name, args, data in (
        ("session-action", (31, "approve"), {"on": "۱۴۰۲/۰۴/۱۰"}),
        ("answer", (31,), {"answer": "will_attend"}),
        ("resolution-add", (31,), {"text": "x", "secretariat_responsible": "on"}),
    ):
        assert client.post(url(name, scene, *args), data).status_code == 404
    assert Session.objects.get().status == SessionStatus.HELD


def test_minutes_flow_through_the_pages(scene: Scene) -> None:
    session = held_session(scene, items=1)
    item = session.items.get()
    secretary, representative = client_for(scene.secretary), client_for(scene.representative)
    secretary.post(
        url("minutes-item", scene, 31, item.pk), {"discussion": "بحث شد", "decision": "تصویب"}
    )
    secretary.post(
        url("session-action", scene, 31, "circulate"), {"correction_deadline": "۱۴۱۰/۰۱/۰۱"}
    )
    representative.post(url("correction-propose", scene, 31, item.pk), {"text": "نام جا افتاده"})
    correction = MinutesCorrection.objects.get()
    assert correction.member == scene.shiraz
    secretary.post(
        url("correction-answer", scene, 31, correction.pk), {"accepted": "1", "reason": "باشد"}
    )
    secretary.post(url("session-action", scene, 31, "approve"), {"on": "۱۴۰۲/۰۴/۲۰"})
    session.refresh_from_db()
    assert session.status == SessionStatus.MINUTES_APPROVED
    response = secretary.post(
        url("minutes-item", scene, 31, item.pk),
        {"discussion": "دگرگون", "decision": ""},
        follow=True,
    )
    assert "صورت‌جلسه تصویب شده" in response.content.decode()
    item.refresh_from_db()
    assert item.discussion == "بحث شد"


def test_the_representative_reports_on_their_citys_resolution(scene: Scene) -> None:
    session = held_session(scene)
    resolution = services.resolution_record(
        session=session, by=scene.secretary, text="نظر شیراز", responsible=[scene.shiraz]
    )
    page = client_for(scene.representative).get(url("home", scene)).content.decode()
    assert "نظر شیراز" in page
    assert "۳۱/۱" in page
    client_for(scene.representative).post(
        url("follow-up", scene, resolution.pk),
        {"reported_on": "۱۴۰۲/۰۴/۱۰", "text": "فرستاده شد", "status_after": "done"},
    )
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.DONE


def populate(scene: Scene, sessions: int, per_session: int) -> None:
    for number in range(1, sessions + 1):
        session = held_session(scene, number=number, items=per_session)
        for row in range(per_session):
            services.resolution_record(
                session=session,
                by=scene.secretary,
                text=f"مصوبه {row}",
                responsible=[scene.shiraz, scene.yazd],
                secretariat_responsible=row % 2 == 0,
                due_on=TIR_1_1402 + dt.timedelta(days=row),
            )


@pytest.mark.parametrize(("name", "args"), [("home", ()), ("session", (2,)), ("resolutions", ())])
def test_busy_pages_stay_within_a_query_budget_that_does_not_grow_with_rows(
    scene: Scene, django_assert_max_num_queries: Any, name: str, args: Any
) -> None:
    populate(scene, sessions=3, per_session=6)
    client = client_for(scene.secretary)
    with django_assert_max_num_queries(14):
        assert client.get(url(name, scene, *args)).status_code == 200
    populate_more = held_session(scene, number=9, items=12)
    for row in range(12):
        services.resolution_record(
            session=populate_more,
            by=scene.secretary,
            text=f"بیشتر {row}",
            responsible=[scene.tehran],
        )
    with django_assert_max_num_queries(14):
        assert client.get(url(name, scene, *args)).status_code == 200


def test_the_hosting_page_maps_the_cities_that_have_a_point(scene: Scene) -> None:
    scene.tehran.latitude, scene.tehran.longitude = 35.6892, 51.3890
    scene.tehran.save()
    past_session(scene, 30, scene.tehran)
    page = client_for(scene.secretary).get(url("hosting", scene)).content.decode()
    found = re.search(r'id="hosting-map-data" type="application/json">(.*?)</script>', page)
    assert found is not None
    cities = json.loads(found.group(1))["cities"]
    assert cities == [
        {
            "name": "تهران",
            "lat": 35.6892,
            "lon": 51.389,
            "times": 1,
            "label": "۱ بار میزبان، آخرین بار نشست ۳۰",
        }
    ]
    assert "یزد" in page  # in the table, though it has no point on the map


def test_the_secretarys_follow_up_is_the_secretariats_not_their_home_citys(scene: Scene) -> None:
    session = held_session(scene)
    resolution = services.resolution_record(
        session=session, by=scene.secretary, text="کار دبیرخانه", secretariat_responsible=True
    )
    client_for(scene.secretary).post(
        url("follow-up", scene, resolution.pk),
        {"reported_on": "۱۴۰۲/۰۴/۱۰", "text": "انجام شد", "status_after": "done"},
    )
    follow_up = resolution.follow_ups.get()
    assert follow_up.member is None
