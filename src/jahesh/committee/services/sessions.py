"""Every write of the committee workspace: sessions and their steps, agenda, attendance, minutes,
corrections, errata, resolutions and their follow-up.

Each service checks who acts, validates everything before its first write, and runs in one
transaction, so bad input leaves nothing behind. What the queue should react to is announced by a
signal after commit (``signals.py``); ``tasks.py`` subscribes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.dispatch import Signal
from django.utils import timezone

from jahesh import persian
from jahesh.committee import permissions, signals
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
    SessionStatusError,
)
from jahesh.committee.hosting import session_host_proposal
from jahesh.committee.models import (
    OPEN_RESOLUTION_STATUSES,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceAnswer,
    AttendanceHeld,
    Committee,
    CommitteeMember,
    CorrectionStatus,
    Draft,
    Erratum,
    FollowUp,
    HostDecline,
    MinutesCorrection,
    Resolution,
    ResolutionStatus,
    Session,
    SessionKind,
    SessionMode,
    SessionStatus,
)
from jahesh.core.errors import ValidationError, require

__all__ = ["session_host_proposal"]  # re-exported: planning reads it beside the writes

APPROVAL_ITEM_TITLE = "تصویب صورت‌جلسه نشست قبل"
OPEN_FOR_AGENDA = (SessionStatus.PLANNED, SessionStatus.INVITED, SessionStatus.POSTPONED)
MINUTES_EDITABLE = (SessionStatus.HELD, SessionStatus.MINUTES_CIRCULATED)


def _announce(signal: Signal, session: Session) -> None:
    session_id = session.pk
    transaction.on_commit(lambda: signal.send(sender=Session, session_id=session_id))


def _require_manager(user: Any, committee: Committee) -> None:
    """Strangers are told the committee does not exist; members who may not act are told why."""
    require(permissions.can_view_committee(user, committee), CommitteeNotFoundError())
    require(permissions.can_manage_committee(user, committee), CommitteeActionDeniedError())


def _require_speaker(user: Any, member: CommitteeMember, *, own_only: bool = False) -> None:
    require(permissions.can_view_committee(user, member.committee), CommitteeNotFoundError())
    allowed = (
        permissions.can_propose_correction(user, member)
        if own_only
        else permissions.can_speak_for_member(user, member)
    )
    require(allowed, AnswerForOtherCityError())


def _fa(value: int) -> str:
    return persian.to_persian_digits(str(value))


def _check_member(committee: Committee, member: CommitteeMember | None, field: str) -> None:
    if member is None:
        return
    if member.committee_id != committee.pk:
        if field == "host":
            raise HostNotMemberError()
        raise ValidationError(f"شهر: «{member.name}» عضو این کمیته نیست.", field=field)
    if field == "host" and member.left_on is not None:
        raise HostNotMemberError()


def _clean_link(mode: str, link: str) -> str:
    link = link.strip()
    if link and not link.lower().startswith(("http://", "https://")):
        raise MeetingLinkError()
    if mode in (SessionMode.ONLINE, SessionMode.BOTH) and not link:
        raise ValidationError(
            "پیوند نشست برخط: برای نشست برخط پیوند ورود را بنویسید.", field="meeting_link"
        )
    return link


def _check_times(starts_at: dt.time | None, ends_at: dt.time | None) -> None:
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise SessionEndsBeforeStartError()


def _next_number(committee: Committee) -> int:
    top = Session.objects.filter(committee=committee).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def _require_status(session: Session, allowed: Sequence[str], doing: str) -> None:
    if session.status not in allowed:
        raise SessionStatusError(
            f"نشست {_fa(session.number)} «{session.get_status_display()}» است و {doing} ممکن نیست."
        )


# ---- sessions ---------------------------------------------------------------------------------


@transaction.atomic
def session_plan(
    *,
    committee: Committee,
    by: Any,
    host: CommitteeMember | None,
    date: dt.date | None,
    number: int | None = None,
    kind: str = SessionKind.REGULAR,
    host_unit: str = "",
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
    venue: str = "",
    mode: str = SessionMode.IN_PERSON,
    meeting_link: str = "",
    status: str = SessionStatus.PLANNED,
) -> Session:
    """Plan a session (or enter a past one as history with ``status=HELD`` or later).

    Without ``number`` the session takes the next one after the committee's highest. A new session
    whose predecessor's minutes await approval gets «تصویب صورت‌جلسه نشست قبل» as its first item.
    """
    _require_manager(by, committee)
    if host is None and status == SessionStatus.PLANNED:
        raise ValidationError("شهر میزبان: میزبان نشست را برگزینید.", field="host")
    _check_member(committee, host, "host")
    if number is not None and number < 1:
        raise ValidationError("شماره نشست: شماره باید عددی بزرگ‌تر از صفر باشد.", field="number")
    if number is not None and Session.objects.filter(committee=committee, number=number).exists():
        raise SessionNumberTakenError(number)
    if kind not in SessionKind.values:
        raise ValidationError("نوع نشست: عادی یا فوق‌العاده را برگزینید.", field="kind")
    if mode not in SessionMode.values:
        raise ValidationError("شیوه برگزاری: حضوری، برخط یا هر دو را برگزینید.", field="mode")
    _check_times(starts_at, ends_at)
    link = _clean_link(mode, meeting_link)
    session = Session(
        committee=committee,
        number=number if number is not None else _next_number(committee),
        kind=kind,
        host=host,
        host_unit=persian.normalize_for_publish(host_unit.strip()),
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=persian.normalize_for_publish(venue.strip()),
        mode=mode,
        meeting_link=link,
        status=status,
    )
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as exc:
        # Two secretaries planning at once: the loser gets the same sentence as the check above.
        raise SessionNumberTakenError(session.number) from exc
    if status == SessionStatus.PLANNED:
        previous = (
            Session.objects.filter(
                committee=committee,
                number__lt=session.number,
                status__in=(SessionStatus.HELD, SessionStatus.MINUTES_CIRCULATED),
            )
            .order_by("-number")
            .first()
        )
        if previous is not None:
            AgendaItem.objects.create(
                session=session,
                position=1,
                title=APPROVAL_ITEM_TITLE,
                kind=AgendaItemKind.DECISION,
                earlier_session=previous,
            )
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    by: Any,
    host: CommitteeMember | None,
    date: dt.date | None,
    host_unit: str = "",
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
    venue: str = "",
    mode: str = SessionMode.IN_PERSON,
    meeting_link: str = "",
) -> Session:
    """Change when, where and how a session not yet held meets."""
    _require_manager(by, session.committee)
    _require_status(session, OPEN_FOR_AGENDA, "تغییر زمان و مکان آن")
    _check_member(session.committee, host, "host")
    _check_times(starts_at, ends_at)
    session.meeting_link = _clean_link(mode, meeting_link)
    session.host, session.date, session.starts_at, session.ends_at = host, date, starts_at, ends_at
    session.host_unit = persian.normalize_for_publish(host_unit.strip())
    session.venue = persian.normalize_for_publish(venue.strip())
    session.mode = mode
    session.save()
    if session.status == SessionStatus.INVITED:
        _announce(signals.session_updated, session)
    return session


@transaction.atomic
def session_invite(*, session: Session, by: Any) -> Session:
    """Send the agenda as an invitation; each current member city gets an attendance row."""
    _require_manager(by, session.committee)
    _require_status(session, (SessionStatus.PLANNED, SessionStatus.POSTPONED), "دعوت به آن")
    if session.date is None or session.host_id is None:
        raise ValidationError("تاریخ: پیش از دعوت، تاریخ و میزبان نشست را بنویسید.", field="date")
    if not session.items.exists():
        raise ValidationError("دستور کار: نشست بی‌دستور کار را نمی‌توان اعلام کرد.", field="agenda")
    members = session.committee.members.filter(left_on__isnull=True)
    have = set(session.attendance.values_list("member_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(session=session, member=m) for m in members if m.pk not in have]
    )
    session.status = SessionStatus.INVITED
    session.status_reason = ""
    session.save()
    _announce(signals.session_invited, session)
    return session


@transaction.atomic
def session_hold(
    *,
    session: Session,
    by: Any,
    attendance: Mapping[CommitteeMember, tuple[str, str]],
) -> Session:
    """Record that the session met, and who was there: {member: (held status, people's names)}."""
    _require_manager(by, session.committee)
    _require_status(session, (SessionStatus.PLANNED, SessionStatus.INVITED), "ثبت برگزاری آن")
    for member, (held, _names) in attendance.items():
        _check_member(session.committee, member, "member")
        if held not in AttendanceHeld.values:
            raise ValidationError(
                f"حضور {member.name}: حاضر، جانشین، غایب با عذر یا غایب را برگزینید.",
                field="attendance",
            )
    for member, (held, names) in attendance.items():
        Attendance.objects.update_or_create(
            session=session,
            member=member,
            defaults={"held": held, "held_names": persian.normalize_for_publish(names.strip())},
        )
    session.status = SessionStatus.HELD
    session.save()
    _announce(signals.session_held, session)
    return session


def _call_off(session: Session, by: Any, reason: str, status: str, doing: str) -> Session:
    _require_manager(by, session.committee)
    _require_status(session, OPEN_FOR_AGENDA, doing)
    reason = persian.normalize_for_publish(reason.strip())
    if not reason:
        raise ReasonRequiredError()
    session.status = status
    session.status_reason = reason
    session.save()
    _announce(signals.session_called_off, session)
    return session


@transaction.atomic
def session_postpone(
    *, session: Session, by: Any, reason: str, new_date: dt.date | None = None
) -> Session:
    """Postpone with a reason; the session keeps its number and can be invited again."""
    if new_date is not None:
        session.date = new_date
    return _call_off(session, by, reason, SessionStatus.POSTPONED, "تعویق آن")


@transaction.atomic
def session_cancel(*, session: Session, by: Any, reason: str) -> Session:
    """Cancel with a reason; the number stays used, so the next session takes the one after."""
    return _call_off(session, by, reason, SessionStatus.CANCELLED, "لغو آن")


@transaction.atomic
def host_decline_record(
    *, member: CommitteeMember, by: Any, jalali_year: int, reason: str = ""
) -> HostDecline:
    """Record that a city cannot host in a year; the secretariat or the city itself records it."""
    _require_speaker(by, member)
    decline, _created = HostDecline.objects.update_or_create(
        member=member,
        jalali_year=jalali_year,
        defaults={"reason": persian.normalize_for_publish(reason.strip())},
    )
    return decline


# ---- agenda -----------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    session: Session,
    by: Any,
    title: str,
    kind: str = AgendaItemKind.DISCUSSION,
    presenter_member: CommitteeMember | None = None,
    presenter_name: str = "",
    minutes_allotted: int | None = None,
    follows_resolution: Resolution | None = None,
    earlier_session: Session | None = None,
    carried_from: AgendaItem | None = None,
    draft: Draft | None = None,
) -> AgendaItem:
    """Add an item at the end of a session's agenda; it may point at a draft it discusses."""
    _require_manager(by, session.committee)
    _require_status(session, OPEN_FOR_AGENDA, "تغییر دستور کار آن")
    title = persian.normalize_for_publish(title.strip())
    if not title:
        raise ValidationError("عنوان بند: عنوان را بنویسید.", field="title")
    if kind not in AgendaItemKind.values:
        raise ValidationError("نوع بند: گزارش، بحث، تصمیم یا ارائه را برگزینید.", field="kind")
    if minutes_allotted is not None and not 0 < minutes_allotted <= 600:
        raise ValidationError("زمان بند: دقیقه‌ها باید میان ۱ و ۶۰۰ باشد.", field="minutes_allotted")
    _check_member(session.committee, presenter_member, "presenter_member")
    for linked, field in ((earlier_session, "earlier_session"),):
        if linked is not None and (
            linked.committee_id != session.committee_id or linked.number >= session.number
        ):
            raise ValidationError(
                "نشست پیشین: یکی از نشست‌های پیشین همین کمیته را برگزینید.", field=field
            )
    if follows_resolution is not None and (
        follows_resolution.session.committee_id != session.committee_id
    ):
        raise ValidationError("پیگیری مصوبه: مصوبه از این کمیته نیست.", field="follows_resolution")
    if draft is not None and draft.committee_id != session.committee_id:
        raise ValidationError(
            "پیش‌نویس مرتبط: یکی از پیش‌نویس‌های همین کمیته را برگزینید.", field="draft"
        )
    top = session.items.aggregate(top=Max("position"))["top"] or 0
    return AgendaItem.objects.create(
        session=session,
        position=top + 1,
        title=title,
        kind=kind,
        presenter_member=presenter_member,
        presenter_name=persian.normalize_for_publish(presenter_name.strip()),
        minutes_allotted=minutes_allotted,
        follows_resolution=follows_resolution,
        earlier_session=earlier_session,
        carried_from=carried_from,
        draft=draft,
    )


@transaction.atomic
def agenda_item_reorder(*, session: Session, by: Any, order: Sequence[int]) -> list[AgendaItem]:
    """Number the items in the given order of ids; the order must name every item once."""
    _require_manager(by, session.committee)
    _require_status(session, OPEN_FOR_AGENDA, "تغییر دستور کار آن")
    items = {item.pk: item for item in session.items.select_for_update()}
    if sorted(order) != sorted(items):
        raise ValidationError(
            "ترتیب بندها: ترتیب تازه باید همه بندهای این نشست را یک بار داشته باشد.", field="order"
        )
    # The (session, position) constraint is checked per row, so positions move out of the way first.
    offset = len(items) + max((i.position for i in items.values()), default=0)
    for item in items.values():
        item.position += offset
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    for position, pk in enumerate(order, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    return [items[pk] for pk in order]


def agenda_carry_over_proposals(
    session: Session,
) -> tuple[list[AgendaItem], list[Resolution]]:
    """What the previous held session left: its unfinished items and resolutions due by this one."""
    previous = (
        Session.objects.filter(
            committee_id=session.committee_id,
            number__lt=session.number,
            status__in=(
                SessionStatus.HELD,
                SessionStatus.MINUTES_CIRCULATED,
                SessionStatus.MINUTES_APPROVED,
            ),
        )
        .order_by("-number")
        .first()
    )
    carried = set(
        session.items.exclude(carried_from=None).values_list("carried_from_id", flat=True)
    )
    followed = set(
        session.items.exclude(follows_resolution=None).values_list(
            "follows_resolution_id", flat=True
        )
    )
    items: list[AgendaItem] = []
    if previous is not None:
        items = [
            item
            for item in previous.items.filter(is_finished=False).exclude(title=APPROVAL_ITEM_TITLE)
            if item.pk not in carried
        ]
    due = Resolution.objects.filter(
        session__committee_id=session.committee_id,
        session__number__lt=session.number,
        status__in=OPEN_RESOLUTION_STATUSES,
    ).select_related("session")
    if session.date is not None:
        due = due.filter(Q(due_on__lte=session.date))
    else:
        due = due.filter(due_on__isnull=False)
    return items, [r for r in due.order_by("due_on", "pk") if r.pk not in followed]


@transaction.atomic
def agenda_carry_over(
    *,
    session: Session,
    by: Any,
    items: Sequence[AgendaItem],
    resolutions: Sequence[Resolution],
) -> list[AgendaItem]:
    """Put the chosen proposals of ``agenda_carry_over_proposals`` on the agenda."""
    _require_manager(by, session.committee)
    proposed_items, proposed_resolutions = agenda_carry_over_proposals(session)
    allowed_items = {i.pk for i in proposed_items}
    allowed_resolutions = {r.pk for r in proposed_resolutions}
    if any(i.pk not in allowed_items for i in items) or any(
        r.pk not in allowed_resolutions for r in resolutions
    ):
        raise ValidationError(
            "بندهای ادامه‌دار: تنها بندها و مصوبه‌هایی که پیشنهاد شده‌اند افزودنی‌اند.",
            field="carry_over",
        )
    added = [
        agenda_item_add(
            session=session,
            by=by,
            title=item.title,
            kind=item.kind,
            presenter_member=item.presenter_member,
            presenter_name=item.presenter_name,
            minutes_allotted=item.minutes_allotted,
            earlier_session=item.session,
            carried_from=item,
        )
        for item in items
    ]
    added += [
        agenda_item_add(
            session=session,
            by=by,
            title=f"پیگیری مصوبه {resolution.code}",
            kind=AgendaItemKind.REPORT,
            follows_resolution=resolution,
        )
        for resolution in resolutions
    ]
    return added


# ---- attendance -------------------------------------------------------------------------------


@transaction.atomic
def attendance_answer(
    *, session: Session, by: Any, member: CommitteeMember, answer: str, names: str = ""
) -> Attendance:
    """A member city answers the invitation: will attend, sends a deputy, or apologises."""
    _require_speaker(by, member)
    _check_member(session.committee, member, "member")
    _require_status(session, (SessionStatus.INVITED,), "پاسخ به دعوت آن")
    if answer not in AttendanceAnswer.values:
        raise ValidationError(
            "پاسخ به دعوت: شرکت می‌کند، جانشین می‌فرستد یا عذرخواهی را برگزینید.", field="answer"
        )
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        member=member,
        defaults={
            "answer": answer,
            "answer_names": persian.normalize_for_publish(names.strip()),
            "answered_by": by,
        },
    )
    return attendance


# ---- minutes ----------------------------------------------------------------------------------


def _require_minutes_open(session: Session) -> None:
    if session.minutes_frozen:
        raise MinutesFrozenError()
    _require_status(session, MINUTES_EDITABLE, "نوشتن صورت‌جلسه آن")


@transaction.atomic
def minutes_item_write(
    *, item: AgendaItem, by: Any, discussion: str, decision: str, is_finished: bool
) -> AgendaItem:
    """Write what was discussed and decided on an item; refused once the minutes are approved."""
    session = item.session
    _require_manager(by, session.committee)
    _require_minutes_open(session)
    item.discussion = persian.normalize_for_publish(discussion.strip())
    item.decision = persian.normalize_for_publish(decision.strip())
    item.is_finished = is_finished
    item.save()
    return item


@transaction.atomic
def minutes_circulate(*, session: Session, by: Any, correction_deadline: dt.date) -> Session:
    """Send the drafted minutes to the members with a deadline for corrections."""
    _require_manager(by, session.committee)
    _require_minutes_open(session)
    if session.date is not None and correction_deadline < session.date:
        raise ValidationError(
            "مهلت اصلاح: مهلت نمی‌تواند پیش از روز نشست باشد.", field="correction_deadline"
        )
    session.status = SessionStatus.MINUTES_CIRCULATED
    session.correction_deadline = correction_deadline
    session.save()
    _announce(signals.minutes_circulated, session)
    return session


@transaction.atomic
def minutes_correction_propose(
    *, item: AgendaItem, by: Any, member: CommitteeMember, text: str
) -> MinutesCorrection:
    """A member city proposes a correction to one item of circulated minutes."""
    session = item.session
    _require_speaker(by, member, own_only=True)
    _check_member(session.committee, member, "member")
    if session.minutes_frozen:
        raise MinutesFrozenError()
    _require_status(session, (SessionStatus.MINUTES_CIRCULATED,), "پیشنهاد اصلاح صورت‌جلسه آن")
    today = timezone.localdate()
    if session.correction_deadline is not None and today > session.correction_deadline:
        raise ValidationError(
            "مهلت اصلاح: مهلت پیشنهاد اصلاح این صورت‌جلسه گذشته است.", field="correction_deadline"
        )
    text = persian.normalize_for_publish(text.strip())
    if not text:
        raise ValidationError("اصلاح پیشنهادی: متن اصلاح را بنویسید.", field="text")
    return MinutesCorrection.objects.create(item=item, member=member, proposed_by=by, text=text)


@transaction.atomic
def minutes_correction_answer(
    *, correction: MinutesCorrection, by: Any, accepted: bool, answer: str = ""
) -> MinutesCorrection:
    """The secretariat accepts or declines a proposed correction, with a word of why."""
    session = correction.item.session
    _require_manager(by, session.committee)
    _require_minutes_open(session)
    if correction.status != CorrectionStatus.PENDING:
        raise ValidationError(
            "پاسخ اصلاحیه: به این پیشنهاد پیش‌تر پاسخ داده شده است.", field="status"
        )
    correction.status = CorrectionStatus.ACCEPTED if accepted else CorrectionStatus.REJECTED
    correction.answer = persian.normalize_for_publish(answer.strip())
    correction.answered_by = by
    correction.answered_at = timezone.now()
    correction.save()
    return correction


@transaction.atomic
def minutes_approve(
    *, session: Session, by: Any, on: dt.date, at_session: Session | None = None
) -> Session:
    """Approve the minutes, usually at the next session; from now on they only get errata."""
    _require_manager(by, session.committee)
    if session.minutes_frozen:
        raise MinutesFrozenError()
    _require_status(session, MINUTES_EDITABLE, "تصویب صورت‌جلسه آن")
    pending = MinutesCorrection.objects.filter(
        item__session=session, status=CorrectionStatus.PENDING
    ).count()
    if pending:
        raise ValidationError(
            f"اصلاحیه‌ها: {_fa(pending)} پیشنهاد اصلاح هنوز پاسخ نگرفته است.", field="corrections"
        )
    if at_session is not None and at_session.committee_id != session.committee_id:
        raise ValidationError("نشست تصویب: نشست از این کمیته نیست.", field="at_session")
    session.status = SessionStatus.MINUTES_APPROVED
    session.minutes_approved_on = on
    session.approved_at = at_session
    session.save()
    if at_session is not None:
        at_session.items.filter(title=APPROVAL_ITEM_TITLE, earlier_session=session).update(
            is_finished=True
        )
    _announce(signals.minutes_approved, session)
    return session


@transaction.atomic
def erratum_record(
    *, session: Session, by: Any, text: str, item: AgendaItem | None = None
) -> Erratum:
    """Record a change to approved minutes beside them; the minutes themselves stay as approved."""
    _require_manager(by, session.committee)
    if not session.minutes_frozen:
        raise SessionStatusError(
            "اصلاحیه پس از تصویب صورت‌جلسه ثبت می‌شود؛ تا آن زمان خود صورت‌جلسه را ویرایش کنید."
        )
    if item is not None and item.session_id != session.pk:
        raise ValidationError("بند: این بند از همین نشست نیست.", field="item")
    text = persian.normalize_for_publish(text.strip())
    if not text:
        raise ValidationError("متن اصلاحیه: متن را بنویسید.", field="text")
    return Erratum.objects.create(session=session, item=item, text=text, recorded_by=by)


# ---- resolutions ------------------------------------------------------------------------------


@transaction.atomic
def resolution_record(
    *,
    session: Session,
    by: Any,
    text: str,
    responsible: Sequence[CommitteeMember] = (),
    secretariat_responsible: bool = False,
    due_on: dt.date | None = None,
    item: AgendaItem | None = None,
    is_public: bool = False,
    row: int | None = None,
    status: str = ResolutionStatus.OPEN,
) -> Resolution:
    """Record a decision as resolution «session/row»; part of the minutes, so frozen with them."""
    _require_manager(by, session.committee)
    _require_minutes_open(session)
    text = persian.normalize_for_publish(text.strip())
    if not text:
        raise ValidationError("متن مصوبه: متن را بنویسید.", field="text")
    if not responsible and not secretariat_responsible:
        raise ValidationError(
            "مسئول: دست‌کم یک شهر عضو یا دبیرخانه را مسئول مصوبه کنید.", field="responsible"
        )
    for member in responsible:
        _check_member(session.committee, member, "responsible")
    if item is not None and item.session_id != session.pk:
        raise ValidationError("بند: این بند از همین نشست نیست.", field="item")
    if status not in ResolutionStatus.values:
        raise ValidationError("وضعیت مصوبه: وضعیت شناخته نیست.", field="status")
    if row is None:
        row = (session.resolutions.aggregate(top=Max("row"))["top"] or 0) + 1
    elif row < 1 or session.resolutions.filter(row=row).exists():
        raise ValidationError(
            f"ردیف مصوبه: ردیف {_fa(row)} در این نشست پیش‌تر به کار رفته یا درست نیست.",
            field="row",
        )
    resolution = Resolution.objects.create(
        session=session,
        row=row,
        item=item,
        text=text,
        secretariat_responsible=secretariat_responsible,
        due_on=due_on,
        is_public=is_public,
        status=status,
    )
    resolution.responsible.set(responsible)
    return resolution


@transaction.atomic
def resolution_follow_up(
    *,
    resolution: Resolution,
    by: Any,
    reported_on: dt.date,
    text: str,
    status_after: str,
    member: CommitteeMember | None = None,
) -> FollowUp:
    """Report progress on a resolution and move its status; a responsible city reports its own."""
    committee = resolution.session.committee
    require(permissions.can_view_committee(by, committee), CommitteeNotFoundError())
    if member is not None:
        _check_member(committee, member, "member")
        require(permissions.can_speak_for_member(by, member), AnswerForOtherCityError())
    require(permissions.can_report_on_resolution(by, resolution), AnswerForOtherCityError())
    if status_after not in ResolutionStatus.values:
        raise ValidationError("وضعیت مصوبه: وضعیت شناخته نیست.", field="status_after")
    text = persian.normalize_for_publish(text.strip())
    if not text:
        raise ValidationError("گزارش پیگیری: متن گزارش را بنویسید.", field="text")
    follow_up = FollowUp.objects.create(
        resolution=resolution,
        reported_on=reported_on,
        member=member,
        text=text,
        status_after=status_after,
        recorded_by=by,
    )
    resolution.status = status_after
    resolution.save()
    return follow_up
