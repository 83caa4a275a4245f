"""The committee's pages: internal pages for its members, one public page for everyone.

Views parse, call one service or selector and render. Strangers and city staff without a committee
role get the very answer of a committee that does not exist (404); members who may not do a thing
get 403 with the reason; bad input comes back as a message naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from jahesh import persian
from jahesh.committee import selectors, services
from jahesh.committee.forms import (
    AgendaItemForm,
    ApproveForm,
    AttendanceAnswerForm,
    CorrectionForm,
    DeadlineForm,
    FollowUpForm,
    HoldForm,
    MinutesItemForm,
    ReasonForm,
    ResolutionForm,
    SessionPlanForm,
)
from jahesh.committee.hosting import session_host_proposal
from jahesh.committee.models import (
    AgendaItem,
    MinutesCorrection,
    Resolution,
    ResolutionStatus,
    Session,
    SessionStatus,
)
from jahesh.committee.selectors import Seat
from jahesh.committee.views.common import public_page, staff_action, staff_form, staff_page
from jahesh.core.errors import JaheshError, NotFoundError, PermissionDeniedError
from jahesh.registry.staff_views import refusals_flashed


def session_url(session: Session) -> str:
    return reverse("committee:session", args=[session.committee.slug, session.number])


def _session(request: HttpRequest, slug: str, number: int) -> tuple[Seat, Session]:
    seat = selectors.seat_for(user=request.user, slug=slug)
    return seat, selectors.session_get(committee=seat.committee, number=number)


def _form_problems(form: Any) -> str:
    return " ".join(
        f"{form[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )


def _run(
    request: HttpRequest, session: Session, form: Any, act: Callable[[Any], Any], done: str
) -> HttpResponse:
    """Validate the form, run the service, and come back to the session with what happened."""
    if not form.is_valid():
        messages.error(request, _form_problems(form))
    else:
        with refusals_flashed(request):
            act(form.cleaned_data)
            messages.success(request, done)
    return HttpResponseRedirect(session_url(session))


# ---- pages -----------------------------------------------------------------------------------


@staff_page
def index(request: HttpRequest) -> HttpResponse:
    committees = selectors.committees_for(user=request.user)
    if len(committees) == 1:
        return HttpResponseRedirect(reverse("committee:home", args=[committees[0].slug]))
    return render(request, "committee/index.html", {"committees": committees})


@public_page
def public(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.public_committee(slug=slug)
    context = {
        "page": page,
        "committee": page.committee,
        "reports": selectors.public_reports(committee=page.committee),
    }
    return render(request, "committee/public.html", context)


@staff_page
def home(request: HttpRequest, slug: str) -> HttpResponse:
    seat = selectors.seat_for(user=request.user, slug=slug)
    context = {
        "seat": seat,
        "committee": seat.committee,
        "home": selectors.committee_home(seat=seat),
    }
    return render(request, "committee/home.html", context)


@staff_page
def sessions(request: HttpRequest, slug: str) -> HttpResponse:
    seat = selectors.seat_for(user=request.user, slug=slug)
    rows = selectors.session_list(committee=seat.committee)
    return render(
        request,
        "committee/sessions.html",
        {"seat": seat, "committee": seat.committee, "sessions": rows},
    )


@staff_page
def session(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    seat, found = _session(request, slug, number)
    context: dict[str, Any] = {
        "seat": seat,
        "committee": seat.committee,
        "session": found,
        "items": list(found.items.all()),
        "attendance": list(found.attendance.all()),
        "resolutions": list(found.resolutions.all()),
        "errata": list(found.errata.all()),
        "today": timezone.localdate(),
        "report": selectors.report_panel(seat=seat, session=found, user=request.user),
    }
    if seat.manages:
        context.update(_secretariat_forms(found))
    if seat.speaks_for is not None:
        if found.status == SessionStatus.INVITED:
            context["answer_form"] = AttendanceAnswerForm()
        if found.status == SessionStatus.MINUTES_CIRCULATED:
            context["correction_form"] = CorrectionForm()
    return render(request, "committee/session.html", context)


def _secretariat_forms(found: Session) -> dict[str, Any]:
    """Only the forms of the steps open in this status (the template asks the same statuses):
    a form of thirty cities built for nothing was a good part of the page's time."""
    status = found.status
    forms: dict[str, Any] = {}
    members: list[Any] | None = None

    def current() -> list[Any]:
        nonlocal members
        if members is None:
            members = selectors.current_members(found.committee)
        return members

    if status in services.OPEN_FOR_AGENDA:
        carry_items, carry_resolutions = services.agenda_carry_over_proposals(found)
        forms.update(
            agenda_form=AgendaItemForm(members=current(), committee=found.committee),
            reason_form=ReasonForm(),
            carry_items=carry_items,
            carry_resolutions=carry_resolutions,
        )
    if status in (SessionStatus.PLANNED, SessionStatus.INVITED):
        forms["hold_form"] = HoldForm(members=current())
    if status == SessionStatus.HELD:
        forms["deadline_form"] = DeadlineForm()
    if status in services.MINUTES_EDITABLE:
        forms["approve_form"] = ApproveForm()
        if not found.minutes_frozen:
            forms["resolution_form"] = ResolutionForm(members=current())
    return forms


@staff_form
def session_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """Plan the next session; the host in turn is proposed with its reasons and can be changed."""
    seat = selectors.seat_for(user=request.user, slug=slug)
    if not seat.manages:
        raise PermissionDeniedError("برنامه‌ریزی نشست تنها از دبیر یا رئیس کمیته برمی‌آید.")
    members = selectors.current_members(seat.committee)
    proposal = session_host_proposal(seat.committee)
    if request.method == "POST":
        form = SessionPlanForm(request.POST, members=members)
        if form.is_valid():
            data = form.cleaned_data
            try:
                planned = services.session_plan(committee=seat.committee, by=request.user, **data)
            except (PermissionDeniedError, NotFoundError):
                raise
            except JaheshError as exc:
                form.add_error(
                    getattr(exc, "field", None)
                    if getattr(exc, "field", None) in form.fields
                    else None,
                    exc.message,
                )
            else:
                messages.success(request, f"نشست {planned} برنامه‌ریزی شد.")
                return HttpResponseRedirect(session_url(planned))
    else:
        form = SessionPlanForm(
            members=members, initial={"host": proposal.proposed.pk if proposal.proposed else None}
        )
    context = {"seat": seat, "committee": seat.committee, "form": form, "proposal": proposal}
    return render(request, "committee/plan.html", context)


@staff_page
def hosting(request: HttpRequest, slug: str) -> HttpResponse:
    seat = selectors.seat_for(user=request.user, slug=slug)
    rows = selectors.hosting_history(committee=seat.committee)
    cities = [
        {
            "name": row.turn.member.name,
            "lat": float(row.turn.member.latitude),
            "lon": float(row.turn.member.longitude),
            "times": row.turn.times_hosted,
            "label": persian.to_persian_digits(
                f"{row.turn.times_hosted} بار میزبان"
                + (f"، آخرین بار نشست {row.turn.last_number}" if row.turn.last_number else "")
            ),
        }
        for row in rows
        if row.turn.member.latitude is not None and row.turn.member.longitude is not None
    ]
    map_data = {
        "cities": cities,
        "tiles": settings.TILE_URL,
        "attribution": settings.TILE_ATTRIBUTION,
    }
    return render(
        request,
        "committee/hosting.html",
        {"seat": seat, "committee": seat.committee, "rows": rows, "map_data": map_data},
    )


@staff_page
def resolutions(request: HttpRequest, slug: str) -> HttpResponse:
    seat = selectors.seat_for(user=request.user, slug=slug)
    page = selectors.resolution_page(
        seat=seat,
        city=request.GET.get("city", "")[:80],
        status=request.GET.get("status", "")[:20],
        page=_page_number(request),
    )
    context = {
        "seat": seat,
        "committee": seat.committee,
        "board": page,
        # One follow-up form at most, for the row whose link was followed (and only if this
        # person may report on it): two thousand copies of it made the page take seconds.
        "reporting": next(
            (
                row
                for row in page.rows
                if row.can_act and str(row.resolution.pk) == request.GET.get("report")
            ),
            None,
        ),
        "follow_up_form": FollowUpForm(),
        # Reversed once: a reverse per row was a good part of the page's time.
        "sessions_url": reverse("committee:sessions", args=[slug]),
        "statuses": [("", "همه"), ("overdue", "سررسیدگذشته"), *ResolutionStatus.choices[:2]],
    }
    return render(request, "committee/resolutions.html", context)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1


# ---- actions ---------------------------------------------------------------------------------


@staff_action
def session_action(request: HttpRequest, slug: str, number: int, action: str) -> HttpResponse:
    """One step of the session's life: invite, hold, postpone, cancel, circulate, approve."""
    seat, found = _session(request, slug, number)
    by = request.user
    form: Any
    act: Callable[[Any], Any]
    if action == "invite":
        form, done = ReasonForm(request.POST), "دعوت‌نامه فرستاده شد."
        act = lambda d: services.session_invite(session=found, by=by)  # noqa: E731
    elif action == "hold":
        form = HoldForm(request.POST, members=selectors.current_members(seat.committee))
        done = "برگزاری نشست ثبت شد."
        act = lambda d: services.session_hold(  # noqa: E731
            session=found, by=by, attendance=form.attendance()
        )
    elif action in ("postpone", "cancel"):
        form = ReasonForm(request.POST)
        service = services.session_postpone if action == "postpone" else services.session_cancel
        done = "نشست به تعویق افتاد." if action == "postpone" else "نشست لغو شد."
        act = lambda d: service(session=found, by=by, reason=d["reason"])  # noqa: E731
    elif action == "circulate":
        form, done = DeadlineForm(request.POST), "صورت‌جلسه برای اصلاح فرستاده شد."
        act = lambda d: services.minutes_circulate(  # noqa: E731
            session=found, by=by, correction_deadline=d["correction_deadline"]
        )
    elif action == "approve":
        form, done = ApproveForm(request.POST), "صورت‌جلسه تصویب شد."
        act = lambda d: services.minutes_approve(session=found, by=by, on=d["on"])  # noqa: E731
    else:
        raise NotFoundError("این کار شناخته نیست.")
    return _run(request, found, form, act, done)


@staff_action
def agenda_add(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    seat, found = _session(request, slug, number)
    form = AgendaItemForm(
        request.POST, members=selectors.current_members(seat.committee), committee=seat.committee
    )
    return _run(
        request,
        found,
        form,
        lambda d: services.agenda_item_add(session=found, by=request.user, **d),
        "بند به دستور کار افزوده شد.",
    )


@staff_action
def agenda_move(
    request: HttpRequest, slug: str, number: int, item_id: int, direction: str
) -> HttpResponse:
    _seat, found = _session(request, slug, number)
    order = [item.pk for item in found.items.all()]
    if item_id not in order or direction not in ("up", "down"):
        raise NotFoundError("این بند در این نشست نیست.")
    at = order.index(item_id)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    return _run(
        request,
        found,
        ReasonForm(request.POST),
        lambda d: services.agenda_item_reorder(session=found, by=request.user, order=order),
        "ترتیب بندها تغییر کرد.",
    )


@staff_action
def carry_over(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    _seat, found = _session(request, slug, number)
    items, resolutions = services.agenda_carry_over_proposals(found)
    chosen_items = set(request.POST.getlist("item"))
    chosen_resolutions = set(request.POST.getlist("resolution"))
    return _run(
        request,
        found,
        ReasonForm(request.POST),
        lambda d: services.agenda_carry_over(
            session=found,
            by=request.user,
            items=[i for i in items if str(i.pk) in chosen_items],
            resolutions=[r for r in resolutions if str(r.pk) in chosen_resolutions],
        ),
        "بندهای ادامه‌دار افزوده شد.",
    )


@staff_action
def attendance_answer(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    seat, found = _session(request, slug, number)
    member = seat.speaks_for
    if member is None:
        raise PermissionDeniedError("پاسخ به دعوت از نماینده شهر عضو برمی‌آید.")
    return _run(
        request,
        found,
        AttendanceAnswerForm(request.POST),
        lambda d: services.attendance_answer(session=found, by=request.user, member=member, **d),
        "پاسخ شما ثبت شد.",
    )


def _item(session: Session, item_id: int) -> AgendaItem:
    item = next((i for i in session.items.all() if i.pk == item_id), None)
    if item is None:
        raise NotFoundError("این بند در این نشست نیست.")
    item.session = session
    return item


@staff_action
def minutes_item(request: HttpRequest, slug: str, number: int, item_id: int) -> HttpResponse:
    _seat, found = _session(request, slug, number)
    item = _item(found, item_id)
    return _run(
        request,
        found,
        MinutesItemForm(request.POST),
        lambda d: services.minutes_item_write(item=item, by=request.user, **d),
        "صورت‌جلسه این بند ذخیره شد.",
    )


@staff_action
def correction_propose(request: HttpRequest, slug: str, number: int, item_id: int) -> HttpResponse:
    seat, found = _session(request, slug, number)
    item = _item(found, item_id)
    member = seat.speaks_for
    if member is None:
        raise PermissionDeniedError("پیشنهاد اصلاح از نماینده شهر عضو برمی‌آید.")
    return _run(
        request,
        found,
        CorrectionForm(request.POST),
        lambda d: services.minutes_correction_propose(
            item=item, by=request.user, member=member, **d
        ),
        "پیشنهاد اصلاح فرستاده شد.",
    )


@staff_action
def correction_answer(
    request: HttpRequest, slug: str, number: int, correction_id: int
) -> HttpResponse:
    _seat, found = _session(request, slug, number)
    correction = MinutesCorrection.objects.filter(pk=correction_id, item__session=found).first()
    if correction is None:
        raise NotFoundError("این پیشنهاد اصلاح پیدا نشد.")
    correction.item.session = found
    accepted = request.POST.get("accepted") == "1"
    return _run(
        request,
        found,
        ReasonForm(request.POST),
        lambda d: services.minutes_correction_answer(
            correction=correction, by=request.user, accepted=accepted, answer=d["reason"]
        ),
        "پاسخ پیشنهاد ثبت شد.",
    )


@staff_action
def resolution_add(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    seat, found = _session(request, slug, number)
    form = ResolutionForm(request.POST, members=selectors.current_members(seat.committee))
    return _run(
        request,
        found,
        form,
        lambda d: services.resolution_record(
            session=found,
            by=request.user,
            text=d["text"],
            responsible=list(d["responsible"]),
            secretariat_responsible=d["secretariat_responsible"],
            due_on=d["due_on"],
            is_public=d["is_public"],
        ),
        "مصوبه ثبت شد.",
    )


@staff_action
def erratum_add(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    _seat, found = _session(request, slug, number)
    return _run(
        request,
        found,
        CorrectionForm(request.POST),
        lambda d: services.erratum_record(session=found, by=request.user, text=d["text"]),
        "اصلاحیه ثبت شد.",
    )


@staff_action
def follow_up(request: HttpRequest, slug: str, resolution_id: int) -> HttpResponse:
    seat = selectors.seat_for(user=request.user, slug=slug)
    resolution = (
        Resolution.objects.select_related("session")
        .filter(pk=resolution_id, session__committee=seat.committee)
        .first()
    )
    if resolution is None:
        raise NotFoundError("این مصوبه پیدا نشد.")
    resolution.session.committee = seat.committee
    form = FollowUpForm(request.POST)
    target = reverse("committee:resolutions", args=[slug])
    if not form.is_valid():
        messages.error(request, _form_problems(form))
        return HttpResponseRedirect(target)
    with refusals_flashed(request):
        services.resolution_follow_up(
            resolution=resolution,
            by=request.user,
            # The secretariat reports as the secretariat, not as its home city.
            member=None if seat.manages else seat.speaks_for,
            **form.cleaned_data,
        )
        messages.success(request, f"گزارش پیگیری مصوبه {resolution.code} ثبت شد.")
    return HttpResponseRedirect(target)
