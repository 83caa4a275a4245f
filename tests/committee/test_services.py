"""The committee's writes: each step of a session, and every bad input refused with a Persian
sentence naming the field and nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jahesh.committee import services, signals
from jahesh.committee.errors import (
    AnswerForOtherCityError,
    CommitteeActionDeniedError,
    CommitteeNotFoundError,
    HostNotMemberError,
    MeetingLinkError,
    MinutesFrozenError,
    ReasonRequiredError,
    SessionEndsBeforeStartError,
    SessionNumberTakenError,
)
from jahesh.committee.models import (
    AgendaItem,
    Attendance,
    AttendanceAnswer,
    AttendanceHeld,
    CorrectionStatus,
    Erratum,
    Resolution,
    ResolutionStatus,
    Session,
    SessionMode,
    SessionStatus,
)
from jahesh.core.errors import ValidationError
from tests.committee.conftest import TIR_1_1402, Scene, add_member, make_committee, past_session

pytestmark = pytest.mark.django_db


def plan(scene: Scene, **kwargs: Any) -> Session:
    fields: dict[str, Any] = {
        "committee": scene.committee,
        "by": scene.secretary,
        "host": scene.tehran,
        "date": TIR_1_1402,
        "starts_at": dt.time(10),
        "ends_at": dt.time(13),
        "host_unit": "مرکز ارتباطات و امور بین‌الملل شهرداری تهران",
    }
    fields.update(kwargs)
    return services.session_plan(**fields)


def invited(scene: Scene) -> Session:
    session = plan(scene, number=31)
    services.agenda_item_add(session=session, by=scene.secretary, title="ساختار ادارات کل ارتباطات")
    return services.session_invite(session=session, by=scene.secretary)


def held(scene: Scene) -> Session:
    session = invited(scene)
    return services.session_hold(
        session=session,
        by=scene.secretary,
        attendance={scene.shiraz: (AttendanceHeld.PRESENT, "رضا جاویدی")},
    )


def test_a_session_is_planned_with_the_given_number_and_then_numbers_follow_on(
    scene: Scene,
) -> None:
    first = plan(scene, number=31)
    second = plan(scene, host=scene.yazd)
    assert (first.number, second.number) == (31, 32)


def test_a_cancelled_sessions_number_is_never_reused(scene: Scene) -> None:
    session = plan(scene, number=31)
    services.session_cancel(session=session, by=scene.secretary, reason="هم‌زمانی با تعطیلی")
    assert plan(scene).number == 32


def test_two_sessions_with_one_number_are_refused_naming_the_number(scene: Scene) -> None:
    plan(scene, number=31)
    with pytest.raises(SessionNumberTakenError) as caught:
        plan(scene, number=31, host=scene.yazd)
    assert caught.value.field == "number"
    assert "۳۱" in caught.value.message
    assert Session.objects.count() == 1


def test_a_host_that_is_not_a_member_is_refused(scene: Scene) -> None:
    stranger = add_member(make_committee("other"), "tabriz", "تبریز")
    for host in (stranger, scene.departed):
        with pytest.raises(HostNotMemberError) as caught:
            plan(scene, host=host)
        assert caught.value.field == "host"
    assert not Session.objects.exists()


def test_an_end_before_the_start_is_refused(scene: Scene) -> None:
    with pytest.raises(SessionEndsBeforeStartError) as caught:
        plan(scene, starts_at=dt.time(12), ends_at=dt.time(11, 30))
    assert caught.value.field == "ends_at"
    assert "پایان" in caught.value.message
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://meet.example.org/x", "meet.example.org/room"]
)
def test_a_meeting_link_that_is_not_http_is_refused(scene: Scene, link: str) -> None:
    with pytest.raises(MeetingLinkError) as caught:
        plan(scene, mode=SessionMode.BOTH, meeting_link=link)
    assert caught.value.field == "meeting_link"
    assert not Session.objects.exists()


def test_an_online_session_keeps_its_https_link(scene: Scene) -> None:
    session = plan(scene, mode=SessionMode.ONLINE, meeting_link=" https://meet.example.org/31 ")
    assert session.meeting_link == "https://meet.example.org/31"


def test_the_next_session_opens_with_approving_the_previous_minutes(scene: Scene) -> None:
    earlier = held(scene)
    following = plan(scene, host=scene.yazd)
    first = following.items.get()
    assert (first.position, first.title, first.earlier_session) == (
        1,
        services.APPROVAL_ITEM_TITLE,
        earlier,
    )


def test_inviting_gives_every_current_member_an_attendance_row_and_announces_it(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    heard: list[int] = []

    def listen(sender: Any, session_id: int, **kwargs: Any) -> None:
        heard.append(session_id)

    signals.session_invited.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            session = invited(scene)
    finally:
        signals.session_invited.disconnect(listen)
    members = set(Attendance.objects.filter(session=session).values_list("member__slug", flat=True))
    assert members == {"tehran", "shiraz", "yazd", "mashhad"}
    assert heard == [session.pk]


def test_a_session_without_an_agenda_cannot_be_invited(scene: Scene) -> None:
    session = plan(scene, number=31)
    with pytest.raises(ValidationError) as caught:
        services.session_invite(session=session, by=scene.secretary)
    assert caught.value.field == "agenda"
    assert Session.objects.get().status == SessionStatus.PLANNED


def test_a_representative_answers_for_their_own_city(scene: Scene) -> None:
    session = invited(scene)
    services.attendance_answer(
        session=session,
        by=scene.representative,
        member=scene.shiraz,
        answer=AttendanceAnswer.DEPUTY,
        names="معاون ارتباطات",
    )
    row = Attendance.objects.get(session=session, member=scene.shiraz)
    assert (row.answer, row.answered_by) == (AttendanceAnswer.DEPUTY, scene.representative)


def test_a_member_answering_for_another_city_is_refused(scene: Scene) -> None:
    session = invited(scene)
    with pytest.raises(AnswerForOtherCityError) as caught:
        services.attendance_answer(
            session=session, by=scene.representative, member=scene.yazd, answer="apologises"
        )
    assert caught.value.field == "member"
    assert not Attendance.objects.exclude(answer="").exists()


def test_postponing_and_cancelling_need_a_reason(scene: Scene) -> None:
    session = plan(scene, number=31)
    with pytest.raises(ReasonRequiredError):
        services.session_postpone(session=session, by=scene.secretary, reason="  ")
    with pytest.raises(ReasonRequiredError):
        services.session_cancel(session=session, by=scene.secretary, reason="")
    assert Session.objects.get().status == SessionStatus.PLANNED
    services.session_postpone(session=session, by=scene.secretary, reason="سفر استانی شهردار")
    session.refresh_from_db()
    assert (session.status, session.status_reason) == (SessionStatus.POSTPONED, "سفر استانی شهردار")


def test_a_held_session_cannot_be_cancelled(scene: Scene) -> None:
    session = held(scene)
    with pytest.raises(ValidationError) as caught:
        services.session_cancel(session=session, by=scene.secretary, reason="دیر شد")
    assert caught.value.field == "status"


def test_the_agenda_is_reordered_and_a_partial_order_is_refused(scene: Scene) -> None:
    session = plan(scene, number=31)
    a, b, c = (
        services.agenda_item_add(session=session, by=scene.secretary, title=t)
        for t in ["الف", "ب", "پ"]
    )
    with pytest.raises(ValidationError) as caught:
        services.agenda_item_reorder(session=session, by=scene.secretary, order=[c.pk, a.pk])
    assert caught.value.field == "order"
    services.agenda_item_reorder(session=session, by=scene.secretary, order=[c.pk, a.pk, b.pk])
    titles = list(session.items.order_by("position").values_list("title", "position"))
    assert titles == [("پ", 1), ("الف", 2), ("ب", 3)]


def test_the_whole_minutes_cycle_freezes_on_approval(scene: Scene) -> None:
    session = held(scene)
    item = session.items.get()
    services.minutes_item_write(
        item=item, by=scene.secretary, discussion="بحث شد", decision="تصویب شد", is_finished=True
    )
    services.minutes_circulate(
        session=session, by=scene.secretary, correction_deadline=dt.date.today() + dt.timedelta(7)
    )
    correction = services.minutes_correction_propose(
        item=item, by=scene.representative, member=scene.shiraz, text="نام شیراز از قلم افتاده است"
    )
    with pytest.raises(ValidationError) as pending:
        services.minutes_approve(session=session, by=scene.secretary, on=dt.date.today())
    assert pending.value.field == "corrections"
    services.minutes_correction_answer(
        correction=correction, by=scene.secretary, accepted=True, answer="افزوده شد"
    )
    services.minutes_approve(session=session, by=scene.secretary, on=dt.date.today())
    with pytest.raises(MinutesFrozenError) as frozen:
        services.minutes_item_write(
            item=item, by=scene.secretary, discussion="دگرگون", decision="", is_finished=True
        )
    assert frozen.value.field == "minutes"
    item.refresh_from_db()
    assert item.discussion == "بحث شد"
    assert correction.__class__.objects.get().status == CorrectionStatus.ACCEPTED
    with pytest.raises(MinutesFrozenError):
        services.resolution_record(
            session=session, by=scene.secretary, text="دیر", secretariat_responsible=True
        )
    services.erratum_record(
        session=session, by=scene.secretary, item=item, text="تاریخ درست ۱ تیر است"
    )
    assert Erratum.objects.count() == 1
    assert item.history.count() == 2


def test_an_erratum_before_approval_is_refused(scene: Scene) -> None:
    session = held(scene)
    with pytest.raises(ValidationError) as caught:
        services.erratum_record(session=session, by=scene.secretary, text="پیش از تصویب")
    assert caught.value.field == "status"
    assert not Erratum.objects.exists()


def test_a_correction_for_another_city_is_refused(scene: Scene) -> None:
    session = held(scene)
    services.minutes_circulate(session=session, by=scene.secretary, correction_deadline=TIR_1_1402)
    with pytest.raises(AnswerForOtherCityError):
        services.minutes_correction_propose(
            item=session.items.get(), by=scene.representative, member=scene.yazd, text="x"
        )
    assert not session.items.get().corrections.exists()


def test_resolutions_are_numbered_per_session_and_followed_up(scene: Scene) -> None:
    session = held(scene)
    first = services.resolution_record(
        session=session, by=scene.secretary, text="گردآوری نظرات", secretariat_responsible=True
    )
    second = services.resolution_record(
        session=session,
        by=scene.secretary,
        text="فرستادن نظر شیراز",
        responsible=[scene.shiraz],
        due_on=TIR_1_1402 + dt.timedelta(20),
    )
    assert (first.code, second.code) == ("۳۱/۱", "۳۱/۲")
    services.resolution_follow_up(
        resolution=second,
        by=scene.representative,
        member=scene.shiraz,
        reported_on=TIR_1_1402 + dt.timedelta(5),
        text="نظرات فرستاده شد",
        status_after=ResolutionStatus.DONE,
    )
    second.refresh_from_db()
    assert second.status == ResolutionStatus.DONE
    with pytest.raises(AnswerForOtherCityError):
        services.resolution_follow_up(
            resolution=first,
            by=scene.representative,
            reported_on=TIR_1_1402,
            text="من مسئول نیستم",
            status_after=ResolutionStatus.DONE,
        )
    first.refresh_from_db()
    assert first.status == ResolutionStatus.OPEN


def test_a_resolution_without_anyone_responsible_is_refused(scene: Scene) -> None:
    session = held(scene)
    with pytest.raises(ValidationError) as caught:
        services.resolution_record(session=session, by=scene.secretary, text="بی‌مسئول")
    assert caught.value.field == "responsible"
    assert not Resolution.objects.exists()


def test_unfinished_items_and_due_resolutions_are_proposed_for_the_next_session(
    scene: Scene,
) -> None:
    session = held(scene)
    services.resolution_record(
        session=session,
        by=scene.secretary,
        text="فرستادن نظر",
        responsible=[scene.yazd],
        due_on=TIR_1_1402 + dt.timedelta(10),
    )
    services.resolution_record(
        session=session,
        by=scene.secretary,
        text="دیرتر",
        responsible=[scene.yazd],
        due_on=TIR_1_1402 + dt.timedelta(400),
    )
    following = plan(scene, host=scene.yazd, date=TIR_1_1402 + dt.timedelta(30))
    items, resolutions = services.agenda_carry_over_proposals(following)
    assert [i.title for i in items] == ["ساختار ادارات کل ارتباطات"]
    assert [r.text for r in resolutions] == ["فرستادن نظر"]
    services.agenda_carry_over(
        session=following, by=scene.secretary, items=items, resolutions=resolutions
    )
    titles = list(following.items.values_list("title", flat=True))
    assert titles == [
        services.APPROVAL_ITEM_TITLE,
        "ساختار ادارات کل ارتباطات",
        "پیگیری مصوبه ۳۱/۱",
    ]
    assert services.agenda_carry_over_proposals(following) == ([], [])


@pytest.mark.parametrize("persona", ["representative", "observer"])
def test_members_who_do_not_run_the_committee_cannot_plan(scene: Scene, persona: str) -> None:
    with pytest.raises(CommitteeActionDeniedError):
        plan(scene, by=getattr(scene, persona))
    assert not Session.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "city_staff"])
def test_strangers_are_told_the_committee_does_not_exist(scene: Scene, persona: str) -> None:
    with pytest.raises(CommitteeNotFoundError):
        plan(scene, by=getattr(scene, persona))
    session = past_session(scene, 30, scene.yazd, status=SessionStatus.INVITED)
    with pytest.raises(CommitteeNotFoundError):
        services.attendance_answer(
            session=session, by=getattr(scene, persona), member=scene.shiraz, answer="will_attend"
        )
    assert not AgendaItem.objects.exists()


def test_a_planned_session_is_moved_with_the_same_checks_as_planning(scene: Scene) -> None:
    session = plan(scene, number=31)
    with pytest.raises(SessionEndsBeforeStartError):
        services.session_update(
            session=session,
            by=scene.secretary,
            host=scene.yazd,
            date=TIR_1_1402,
            starts_at=dt.time(11),
            ends_at=dt.time(10),
        )
    with pytest.raises(HostNotMemberError):
        services.session_update(session=session, by=scene.secretary, host=scene.departed, date=None)
    session.refresh_from_db()
    assert (session.host, session.starts_at) == (scene.tehran, dt.time(10))
    services.session_update(
        session=session, by=scene.secretary, host=scene.yazd, date=TIR_1_1402, venue=" یزد "
    )
    session.refresh_from_db()
    assert (session.host, session.venue) == (scene.yazd, "یزد")
    assert session.history.count() == 2
