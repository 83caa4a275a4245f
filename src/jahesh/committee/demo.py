"""The illustrative committee of `jahesh demo`: twelve metropolises, sessions from the 28th (the
30th in Yazd, the 31st hosted by Tehran), minutes, resolutions in every status, a planned
extraordinary session, the 31st's report (published by the committee, taken by Shiraz as a
draft), and two logins. Every name of a person is invented; nothing here is real."""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from jahesh import persian
from jahesh.committee import services
from jahesh.committee.demo_drafts import build_demo_drafts
from jahesh.committee.models import (
    AgendaItemKind,
    AttendanceAnswer,
    AttendanceHeld,
    Committee,
    CommitteeMember,
    CommitteeRole,
    CommitteeRoleKind,
    ResolutionStatus,
    Session,
    SessionKind,
    SessionMode,
)
from jahesh.registry import services as registry_services
from jahesh.registry.demo import DEMO_PASSWORD, DEMO_SLUG, SECOND_DEMO_SLUG
from jahesh.registry.models import Municipality, Role
from jahesh.registry.services import system_actor_ensure

COMMITTEE_SLUG = "communications-committee"
SECRETARY_USERNAME = "committee-secretary"
MEMBER_USERNAME = "committee-shiraz"
TEHRAN_UNIT = "مرکز ارتباطات و امور بین‌الملل شهرداری تهران"
STRUCTURE = "تهیه پیش‌نویس و بررسی ساختار سازمانی ادارات کل ارتباطات و امور بین‌الملل شهرداری‌ها"

# (slug, name, latitude, longitude, registry slug of the demo city it is, if any)
MEMBERS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("tehran", "تهران", "35.6892", "51.3890", None),
    ("mashhad", "مشهد", "36.2605", "59.6168", None),
    ("isfahan", "اصفهان", "32.6546", "51.6680", SECOND_DEMO_SLUG),
    ("karaj", "کرج", "35.8400", "50.9391", None),
    ("shiraz", "شیراز", "29.5918", "52.5837", DEMO_SLUG),
    ("tabriz", "تبریز", "38.0962", "46.2738", None),
    ("qom", "قم", "34.6416", "50.8746", None),
    ("ahvaz", "اهواز", "31.3183", "48.6706", None),
    ("kermanshah", "کرمانشاه", "34.3142", "47.0650", None),
    ("urmia", "ارومیه", "37.5527", "45.0761", None),
    ("rasht", "رشت", "37.2808", "49.5832", None),
    ("yazd", "یزد", "31.8974", "54.3569", None),
)


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


# The sessions are written as they stood in 1402 and moved by whole weeks (so weekdays stay as
# written) until the planned 32nd falls about a fortnight after the day the demo is built.
_WRITTEN_NEXT_SESSION = "1402/04/25"
_NEXT_SESSION_AFTER_DAYS = 14
_shift: ContextVar[dt.timedelta] = ContextVar("demo_committee_shift", default=dt.timedelta())


def _shift_for(today: dt.date) -> dt.timedelta:
    behind = (today + dt.timedelta(days=_NEXT_SESSION_AFTER_DAYS)) - persian.parse_jalali(
        _WRITTEN_NEXT_SESSION
    )
    return dt.timedelta(weeks=-(-behind.days // 7))


def _day(text: str) -> dt.date:
    return persian.parse_jalali(text) + _shift.get()


def _say(stdout: Writer | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _user(username: str, first: str, last: str, password_hash: str) -> Any:
    user, _ = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@demo.invalid",
            "password": password_hash,
            "first_name": first,
            "last_name": last,
        },
    )
    return user


def _hold(
    session: Session,
    by: Any,
    members: dict[str, CommitteeMember],
    *,
    away: tuple[str, ...] = (),
    deputies: tuple[str, ...] = (),
) -> None:
    attendance = {
        member: (
            AttendanceHeld.APOLOGISED
            if slug in away
            else AttendanceHeld.DEPUTY
            if slug in deputies
            else AttendanceHeld.PRESENT,
            "" if slug in away else f"مدیرکل ارتباطات {member.name} (نمونه)",
        )
        for slug, member in members.items()
    }
    services.session_hold(session=session, by=by, attendance=attendance)


def _minutes(
    session: Session, by: Any, notes: dict[int, tuple[str, str]], unfinished: tuple[int, ...] = ()
) -> None:
    for item in session.items.order_by("position"):
        discussion, decision = notes.get(item.position, ("گزارش ارائه و بررسی شد.", ""))
        services.minutes_item_write(
            item=item,
            by=by,
            discussion=discussion,
            decision=decision,
            is_finished=item.position not in unfinished,
        )


def _report(session: Session, secretary: Any, representative: Any, member: CommitteeMember) -> None:
    """The 31st's report: written from its rows and published on the committee's page; Shiraz's
    representative, a reporter of the demo city's newsroom too, takes it there as a draft."""
    services.session_report_compose(session=session, by=secretary)
    services.session_report_publish(session=session, by=secretary)
    if member.municipality is None:
        return
    registry_services.membership_grant(
        by=system_actor_ensure(),
        user=representative,
        municipality=member.municipality,
        role=Role.REPORTER,
    )
    services.session_report_take(session=session, by=representative)


@transaction.atomic
def build_demo_committee(
    *, stdout: Writer | None = None, today: dt.date | None = None
) -> Committee:
    """Build the committee once, its sessions placed around ``today`` (Tehran's today by
    default); a second run leaves it as it is."""
    existing = Committee.objects.filter(slug=COMMITTEE_SLUG).first()
    if existing is not None:
        _say(stdout, f"  {existing.name} از پیش ساخته شده است؛ چیزی افزوده نشد.")
        return existing
    token = _shift.set(_shift_for(today or timezone.localdate()))
    try:
        return _build_committee(stdout=stdout, today=today or timezone.localdate())
    finally:
        _shift.reset(token)


def _build_committee(*, stdout: Writer | None, today: dt.date) -> Committee:
    committee = Committee.objects.create(
        slug=COMMITTEE_SLUG,
        name="کمیته ارتباطات و امور بین‌الملل (نمونه نمایشی)",
        assembly_name="مجمع شهرداران کلان‌شهرهای ایران",
        is_illustrative=True,
    )
    registry = {
        m.slug: m for m in Municipality.objects.filter(slug__in=[DEMO_SLUG, SECOND_DEMO_SLUG])
    }
    members = {
        slug: CommitteeMember.objects.create(
            committee=committee,
            slug=slug,
            name=name,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            joined_on=_day("1395/01/15"),
            municipality=registry.get(linked) if linked else None,
        )
        for slug, name, lat, lon, linked in MEMBERS
    }
    committee.secretariat = members["tehran"]
    committee.save()
    password_hash = make_password(DEMO_PASSWORD)
    secretary = _user(SECRETARY_USERNAME, "نگار", "دبیری‌نژاد", password_hash)
    CommitteeRole.objects.create(
        committee=committee,
        user=secretary,
        kind=CommitteeRoleKind.SECRETARY,
        member=members["tehran"],
    )
    representative = _user(MEMBER_USERNAME, "رضا", "نمونه‌پور", password_hash)
    CommitteeRole.objects.create(
        committee=committee,
        user=representative,
        kind=CommitteeRoleKind.MEMBER,
        member=members["shiraz"],
        is_voting=True,
    )
    by = secretary
    m = members

    # 28th, in Isfahan: the history the committee brings into Jahesh.
    s28 = services.session_plan(
        committee=committee,
        by=by,
        number=28,
        host=m["isfahan"],
        date=_day("1401/09/15"),
        host_unit="اداره کل ارتباطات و امور بین‌الملل شهرداری اصفهان",
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        venue="تالار شهر اصفهان",
    )
    for title, kind in (
        ("گزارش دبیرخانه از مصوبات نشست بیست‌وهفتم", AgendaItemKind.REPORT),
        ("روز ملی ارتباطات و روابط عمومی: برنامه مشترک کلان‌شهرها", AgendaItemKind.DECISION),
    ):
        services.agenda_item_add(session=s28, by=by, title=title, kind=kind)
    services.session_invite(session=s28, by=by)
    _hold(s28, by, m, away=("urmia",), deputies=("rasht",))
    _minutes(s28, by, {2: ("برنامه پیشنهادی اصفهان بررسی شد.", "برنامه مشترک اجرا شود.")})
    r = services.resolution_record(
        session=s28,
        by=by,
        text="برگزاری برنامه مشترک روز ملی ارتباطات در همه کلان‌شهرها",
        secretariat_responsible=True,
        due_on=_day("1402/02/27"),
        is_public=True,
    )
    services.resolution_record(
        session=s28,
        by=by,
        text="تهیه نشریه مشترک فصلی کلان‌شهرها",
        responsible=[m["isfahan"]],
        due_on=_day("1401/12/15"),
    )

    # 29th, in Mashhad.
    s29 = services.session_plan(
        committee=committee,
        by=by,
        host=m["mashhad"],
        date=_day("1401/12/10"),
        host_unit="اداره کل ارتباطات و امور بین‌الملل شهرداری مشهد",
        starts_at=dt.time(10),
        ends_at=dt.time(13),
        mode=SessionMode.BOTH,
        meeting_link="https://meet.example.org/committee-29",
    )
    services.minutes_approve(session=s28, by=by, on=_day("1401/12/10"), at_session=s29)
    services.agenda_item_add(
        session=s29,
        by=by,
        title="اطلاع‌رسانی هم‌زمان جهش‌های عمرانی کلان‌شهرها",
        kind=AgendaItemKind.PRESENTATION,
        presenter_member=m["shiraz"],
    )
    services.session_invite(session=s29, by=by)
    _hold(s29, by, m, away=("ahvaz", "urmia"))
    _minutes(
        s29,
        by,
        {2: ("شیراز تجربه جهش عمرانی را ارائه کرد.", "تجربه شیراز برای کلان‌شهرها فرستاده شود.")},
    )
    services.resolution_follow_up(
        resolution=r,
        by=by,
        reported_on=_day("1402/02/28"),
        text="برنامه در یازده کلان‌شهر اجرا شد.",
        status_after=ResolutionStatus.DONE,
    )
    dropped = s28.resolutions.get(row=2)
    services.resolution_follow_up(
        resolution=dropped,
        by=by,
        reported_on=_day("1402/01/20"),
        member=None,
        text="با راه‌اندازی خبرنامه الکترونیک کنار گذاشته شد.",
        status_after=ResolutionStatus.DROPPED,
    )

    # 30th, in Yazd: the first round of the cities' opinions on the structure.
    s30 = services.session_plan(
        committee=committee,
        by=by,
        host=m["yazd"],
        date=_day("1402/02/20"),
        host_unit="اداره کل ارتباطات و امور بین‌الملل شهرداری یزد",
        starts_at=dt.time(9, 30),
        ends_at=dt.time(13),
        venue="خانه تاریخی شهرداری یزد",
    )
    services.minutes_approve(session=s29, by=by, on=_day("1402/02/20"), at_session=s30)
    services.agenda_item_add(
        session=s30,
        by=by,
        title=STRUCTURE,
        kind=AgendaItemKind.DISCUSSION,
        presenter_member=m["tehran"],
        minutes_allotted=90,
    )
    services.session_invite(session=s30, by=by)
    _hold(s30, by, m, deputies=("karaj", "qom"))
    # The structure is not finished: the 31st carries it over.
    _minutes(s30, by, {2: ("نظرات کلان‌شهرها درباره ساختار پیشنهادی گرفته شد.", "")}, (2,))
    structure_views = services.resolution_record(
        session=s30,
        by=by,
        text="فرستادن نظر مکتوب هر کلان‌شهر درباره ساختار پیشنهادی به دبیرخانه",
        responsible=list(m.values()),
        due_on=_day("1402/03/20"),
    )
    services.resolution_follow_up(
        resolution=structure_views,
        by=representative,
        member=m["shiraz"],
        reported_on=_day("1402/03/10"),
        text="نظر شیراز فرستاده شد؛ پاسخ چند شهر مانده است.",
        status_after=ResolutionStatus.IN_PROGRESS,
    )
    services.resolution_record(
        session=s30,
        by=by,
        text="گردآوری واژه‌های نو حوزه ارتباطات برای واژه‌نامه مشترک",
        responsible=[m["yazd"], m["shiraz"]],
        due_on=_day("1402/03/25"),
    )
    services.minutes_circulate(session=s30, by=by, correction_deadline=_day("1402/03/05"))

    # 31st, hosted by Tehran's communications centre.
    s31 = services.session_plan(
        committee=committee,
        by=by,
        host=m["tehran"],
        date=_day("1402/04/01"),
        host_unit=TEHRAN_UNIT,
        starts_at=dt.time(10),
        ends_at=dt.time(13, 30),
        venue="مرکز ارتباطات و امور بین‌الملل شهرداری تهران",
    )
    items, due = services.agenda_carry_over_proposals(s31)
    services.agenda_carry_over(session=s31, by=by, items=items, resolutions=due)
    services.agenda_item_add(
        session=s31,
        by=by,
        title="شرح وظایف بخش‌های ادارات کل و تعریف واژه‌های نو",
        kind=AgendaItemKind.DISCUSSION,
        minutes_allotted=60,
    )
    services.agenda_item_add(
        session=s31,
        by=by,
        title="امیدآفرینی و اطلاع‌رسانی دستاوردهای شهرداری‌ها",
        kind=AgendaItemKind.PRESENTATION,
        presenter_member=m["shiraz"],
        presenter_name="مدیرکل ارتباطات شیراز (نمونه)",
    )
    services.session_invite(session=s31, by=by)
    services.attendance_answer(
        session=s31,
        by=representative,
        member=m["shiraz"],
        answer=AttendanceAnswer.WILL_ATTEND,
        names="مدیرکل ارتباطات و امور بین‌الملل شیراز (نمونه)",
    )
    services.attendance_answer(
        session=s31, by=by, member=m["urmia"], answer=AttendanceAnswer.APOLOGISES
    )
    services.minutes_approve(session=s30, by=by, on=_day("1402/04/01"), at_session=s31)
    _hold(s31, by, m, away=("urmia",))
    _minutes(s31, by, {})
    services.resolution_record(
        session=s31,
        by=by,
        text="جمع‌بندی نهایی نظرات و فرستادن ساختار پیشنهادی به مراجع ذی‌ربط",
        secretariat_responsible=True,
        due_on=_day("1402/04/31"),
        is_public=True,
    )
    services.resolution_record(
        session=s31,
        by=by,
        text="برگزاری نشست فوق‌العاده برای جمع‌بندی نظرات پیش از نشست عادی بعد",
        secretariat_responsible=True,
        due_on=_day("1402/04/20"),
        is_public=True,
    )
    services.resolution_record(
        session=s31,
        by=by,
        text="فرستادن نظر نهایی درباره شرح وظایف بخش‌ها",
        responsible=[m["shiraz"], m["isfahan"], m["mashhad"], m["tabriz"]],
        due_on=_day("1402/04/15"),
    )
    services.resolution_record(
        session=s31,
        by=by,
        text="اطلاع‌رسانی هم‌زمان دستاوردهای عمرانی با محور امیدآفرینی",
        responsible=list(m.values()),
        due_on=_day("1402/06/31"),
        is_public=True,
    )
    # The correction window must still be open today so the representative's login has
    # something to do.
    open_until = max(_day("1402/04/10"), today + dt.timedelta(days=30))
    services.minutes_circulate(session=s31, by=by, correction_deadline=open_until)
    item = s31.items.order_by("position").last()
    if item is not None:
        services.minutes_correction_propose(
            item=item,
            by=representative,
            member=m["shiraz"],
            text="نام جهش عمرانی شیراز در گزارش بند آورده شود.",
        )

    # A planned extraordinary session, online and in person.
    s32 = services.session_plan(
        committee=committee,
        by=by,
        kind=SessionKind.EXTRAORDINARY,
        host=m["shiraz"],
        date=_day("1402/04/25"),
        starts_at=dt.time(10),
        ends_at=dt.time(12),
        mode=SessionMode.BOTH,
        meeting_link="https://meet.example.org/committee-32",
        host_unit="اداره کل ارتباطات و امور بین‌الملل شهرداری شیراز",
    )
    services.agenda_item_add(
        session=s32,
        by=by,
        title="جمع‌بندی نهایی نظرات درباره ساختار پیشنهادی",
        kind=AgendaItemKind.DECISION,
    )
    services.host_decline_record(
        member=m["ahvaz"],
        by=by,
        jalali_year=persian.jalali_year(_day("1402/04/25")),
        reason="بازسازی تالار شهر (نمونه)",
    )
    _report(s31, secretary, representative, m["shiraz"])
    build_demo_drafts(committee=committee, secretary=secretary, members=m, today=today, day=_day)
    _say(
        stdout,
        f"  {committee.name}: {persian.to_persian_digits(str(len(m)))} شهر عضو، نشست‌های ۲۸ تا ۳۲؛ "
        f"ورود در /committee/ با {SECRETARY_USERNAME} (دبیر) یا {MEMBER_USERNAME} (نماینده شیراز)؛ "
        "گزارش نشست ۳۱ در صفحه عمومی کمیته و به صورت پیش‌نویس در اتاق خبر شیراز",
    )
    return committee
