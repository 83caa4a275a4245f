"""Every service for three personas: the secretary runs the committee, Shiraz's representative
speaks for Shiraz only, an outsider (and a city publisher with no committee role) is not told the
committee exists. Nothing is written by a refused call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jahesh.committee import permissions, services
from jahesh.committee.errors import (
    AnswerForOtherCityError,
    CommitteeActionDeniedError,
    CommitteeNotFoundError,
)
from jahesh.committee.models import AttendanceHeld, Session
from tests.committee.conftest import TIR_1_1402, Scene

pytestmark = pytest.mark.django_db


def sessions(scene: Scene) -> dict[str, Session]:
    """Sessions in four states: minutes circulating (30), held (31), invited (32), planned (33)."""
    made: dict[str, Session] = {}
    for number, status in ((30, "circulated"), (31, "held"), (32, "invited")):
        session = services.session_plan(
            committee=scene.committee,
            by=scene.secretary,
            host=scene.tehran,
            date=TIR_1_1402,
            number=number,
        )
        services.agenda_item_add(session=session, by=scene.secretary, title="ساختار")
        services.session_invite(session=session, by=scene.secretary)
        if status != "invited":
            services.session_hold(
                session=session,
                by=scene.secretary,
                attendance={scene.shiraz: (AttendanceHeld.PRESENT, "")},
            )
        if status == "circulated":
            services.minutes_circulate(
                session=session, by=scene.secretary, correction_deadline=dt.date(2100, 1, 1)
            )
        made[status] = session
    services.resolution_record(
        session=made["held"], by=scene.secretary, text="کار دبیرخانه", secretariat_responsible=True
    )
    made["planned"] = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.yazd, date=TIR_1_1402
    )
    services.agenda_item_add(session=made["planned"], by=scene.secretary, title="بررسی")
    return made


Call = Callable[[Scene, dict[str, Session], Any], Any]
MANAGING: dict[str, Call] = {
    "session_plan": lambda s, ss, u: services.session_plan(
        committee=s.committee, by=u, host=s.yazd, date=TIR_1_1402
    ),
    "session_invite": lambda s, ss, u: services.session_invite(session=ss["planned"], by=u),
    "session_hold": lambda s, ss, u: services.session_hold(
        session=ss["invited"], by=u, attendance={}
    ),
    "session_postpone": lambda s, ss, u: services.session_postpone(
        session=ss["invited"], by=u, reason="x"
    ),
    "session_cancel": lambda s, ss, u: services.session_cancel(
        session=ss["invited"], by=u, reason="x"
    ),
    "agenda_item_add": lambda s, ss, u: services.agenda_item_add(
        session=ss["invited"], by=u, title="نو"
    ),
    "agenda_item_reorder": lambda s, ss, u: services.agenda_item_reorder(
        session=ss["invited"], by=u, order=[i.pk for i in ss["invited"].items.all()]
    ),
    "agenda_carry_over": lambda s, ss, u: services.agenda_carry_over(
        session=ss["invited"], by=u, items=[], resolutions=[]
    ),
    "minutes_item_write": lambda s, ss, u: services.minutes_item_write(
        item=ss["held"].items.first(), by=u, discussion="x", decision="", is_finished=True
    ),
    "minutes_circulate": lambda s, ss, u: services.minutes_circulate(
        session=ss["held"], by=u, correction_deadline=dt.date(2100, 1, 1)
    ),
    "minutes_approve": lambda s, ss, u: services.minutes_approve(
        session=ss["held"], by=u, on=TIR_1_1402
    ),
    "resolution_record": lambda s, ss, u: services.resolution_record(
        session=ss["held"], by=u, text="x", secretariat_responsible=True
    ),
    "minutes_correction_answer": lambda s, ss, u: services.minutes_correction_answer(
        correction=services.minutes_correction_propose(
            item=ss["circulated"].items.first(), by=s.representative, member=s.shiraz, text="x"
        ),
        by=u,
        accepted=True,
    ),
}
SPEAKING: dict[str, Call] = {
    "attendance_answer": lambda s, ss, u: services.attendance_answer(
        session=ss["invited"], by=u, member=s.shiraz, answer="will_attend"
    ),
    "minutes_correction_propose": lambda s, ss, u: services.minutes_correction_propose(
        item=ss["circulated"].items.first(), by=u, member=s.shiraz, text="اصلاح"
    ),
    "host_decline_record": lambda s, ss, u: services.host_decline_record(
        member=s.shiraz, by=u, jalali_year=1402
    ),
}


def writes_of(call: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as ctx, pytest.raises(CommitteeActionDeniedError):
        call()
    return sum(
        1 for q in ctx.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    )


@pytest.mark.parametrize("service", sorted(MANAGING))
def test_the_secretary_runs_every_step(scene: Scene, service: str) -> None:
    made = sessions(scene)
    assert MANAGING[service](scene, made, scene.secretary) is not None


@pytest.mark.parametrize("service", sorted(MANAGING))
@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("representative", CommitteeActionDeniedError),
        ("observer", CommitteeActionDeniedError),
        ("outsider", CommitteeNotFoundError),
        ("city_staff", CommitteeNotFoundError),
    ],
)
def test_no_one_else_runs_the_secretariats_steps(
    scene: Scene, service: str, persona: str, error: type[Exception]
) -> None:
    made = sessions(scene)
    before = {s.pk: s.status for s in Session.objects.all()}
    with pytest.raises(error):
        MANAGING[service](scene, made, getattr(scene, persona))
    assert {s.pk: s.status for s in Session.objects.all()} == before


@pytest.mark.parametrize("service", sorted(SPEAKING))
@pytest.mark.parametrize("persona", ["secretary", "representative"])
def test_the_city_speaks_through_its_representative(
    scene: Scene, service: str, persona: str
) -> None:
    made = sessions(scene)
    if service == "minutes_correction_propose" and persona == "secretary":
        # Corrections are a city's own voice: the secretariat answers them, it does not write them.
        with pytest.raises(AnswerForOtherCityError):
            SPEAKING[service](scene, made, scene.secretary)
        return
    assert SPEAKING[service](scene, made, getattr(scene, persona)) is not None


@pytest.mark.parametrize("service", sorted(SPEAKING))
@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("observer", AnswerForOtherCityError),
        ("outsider", CommitteeNotFoundError),
        ("city_staff", CommitteeNotFoundError),
    ],
)
def test_nobody_else_speaks_for_the_city(
    scene: Scene, service: str, persona: str, error: type[Exception]
) -> None:
    made = sessions(scene)
    with pytest.raises(error):
        SPEAKING[service](scene, made, getattr(scene, persona))


def test_a_refused_call_writes_nothing(scene: Scene) -> None:
    made = sessions(scene)
    assert writes_of(lambda: MANAGING["session_cancel"](scene, made, scene.representative)) == 0


def test_a_city_role_gives_nothing_in_the_committee(scene: Scene) -> None:
    assert not permissions.can_view_committee(scene.city_staff, scene.committee)
    assert permissions.can_view_committee(scene.observer, scene.committee)
    assert not permissions.can_manage_committee(scene.observer, scene.committee)
    assert permissions.can_speak_for_member(scene.representative, scene.shiraz)
    assert not permissions.can_speak_for_member(scene.representative, scene.yazd)
