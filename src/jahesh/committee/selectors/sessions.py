"""Reads of the committee workspace, each with the joins its page needs (query budgets in tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from jahesh.committee import permissions
from jahesh.committee.errors import CommitteeNotFoundError
from jahesh.committee.hosting import HostTurn, host_turns
from jahesh.committee.models import (
    OPEN_RESOLUTION_STATUSES,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    CommitteeRole,
    CommitteeRoleKind,
    MinutesCorrection,
    Resolution,
    Session,
    SessionStatus,
)
from jahesh.core.errors import NotFoundError

UPCOMING = (SessionStatus.PLANNED, SessionStatus.INVITED, SessionStatus.POSTPONED)


@dataclass(frozen=True, slots=True)
class Seat:
    """Who is looking: the committee, their role (None for a superuser) and what they may do."""

    committee: Committee
    role: CommitteeRole | None
    manages: bool

    @property
    def member(self) -> CommitteeMember | None:
        return self.role.member if self.role is not None else None

    @property
    def speaks_for(self) -> CommitteeMember | None:
        """The city this person answers for (not observers)."""
        if self.role is None or self.role.kind == CommitteeRoleKind.OBSERVER:
            return None
        return self.role.member


def committee_get(*, slug: str) -> Committee:
    committee = Committee.objects.select_related("secretariat").filter(slug=slug).first()
    if committee is None:
        raise CommitteeNotFoundError()
    return committee


def seat_for(*, user: Any, slug: str) -> Seat:
    """The visitor's seat at the committee; strangers get the answer of a missing committee."""
    committee = committee_get(slug=slug)
    role = (
        CommitteeRole.objects.select_related("member")
        .filter(committee=committee, user_id=user.pk)
        .first()
        if user.is_authenticated and user.is_active
        else None
    )
    superuser = bool(user.is_active and user.is_superuser)
    if role is None and not superuser:
        raise CommitteeNotFoundError()
    manages = superuser or (role is not None and role.kind in permissions.MANAGING)
    return Seat(committee, role, manages)


def committees_for(*, user: Any) -> list[Committee]:
    if not user.is_authenticated:
        return []
    if user.is_active and user.is_superuser:
        return list(Committee.objects.all())
    return list(Committee.objects.filter(roles__user_id=user.pk).distinct())


def current_members(committee: Committee) -> list[CommitteeMember]:
    return list(committee.members.filter(left_on__isnull=True).order_by("name"))


def _open_resolutions(committee: Committee) -> QuerySet[Resolution]:
    return (
        Resolution.objects.filter(session__committee=committee, status__in=OPEN_RESOLUTION_STATUSES)
        .select_related("session")
        .prefetch_related("responsible")
        .order_by("due_on", "session__number", "row")
    )


@dataclass
class Home:
    my_resolutions: list[Resolution]
    upcoming: list[Session]
    recent: list[Session]
    overdue_count: int


def committee_home(*, seat: Seat, today: dt.date | None = None) -> Home:
    """A member's desk: their city's open resolutions (the secretariat's, for the secretariat)."""
    today = today or timezone.localdate()
    mine = _open_resolutions(seat.committee)
    if seat.manages:
        mine = mine.filter(secretariat_responsible=True)
    elif seat.member is not None:
        mine = mine.filter(responsible=seat.member)
    else:
        mine = mine.none()
    resolutions = list(mine)
    sessions = list(
        Session.objects.filter(committee=seat.committee)
        .select_related("host")
        .order_by("-number")[:8]
    )
    return Home(
        my_resolutions=resolutions,
        upcoming=sorted((s for s in sessions if s.status in UPCOMING), key=lambda s: s.number),
        recent=[s for s in sessions if s.status not in UPCOMING],
        overdue_count=sum(1 for r in resolutions if r.due_on is not None and r.due_on < today),
    )


def session_list(*, committee: Committee) -> list[Session]:
    return list(
        Session.objects.filter(committee=committee)
        .select_related("host")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-number")
    )


def session_get(*, committee: Committee, number: int) -> Session:
    """A session with everything its page shows, in a fixed number of queries."""
    items = AgendaItem.objects.select_related(
        "presenter_member", "follows_resolution__session", "earlier_session", "draft"
    ).prefetch_related(
        Prefetch(
            "corrections",
            queryset=MinutesCorrection.objects.select_related("member").order_by("created_at"),
        ),
        "attachments",
    )
    session = (
        Session.objects.filter(committee=committee, number=number)
        # The committee's report rides along (selectors.reports.report_panel reads it).
        .select_related("host", "approved_at", "report")
        .prefetch_related(
            Prefetch("items", queryset=items.order_by("position")),
            Prefetch("attendance", queryset=Attendance.objects.select_related("member")),
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.prefetch_related("responsible").order_by("row"),
            ),
            "errata",
        )
        .first()
    )
    if session is None:
        raise NotFoundError("این نشست پیدا نشد.")
    session.committee = committee
    for resolution in session.resolutions.all():
        resolution.session = session
    return session


@dataclass
class HostingRow:
    turn: HostTurn
    sessions: list[Session]


def hosting_history(*, committee: Committee) -> list[HostingRow]:
    turns = host_turns(committee)
    by_host: dict[int, list[Session]] = {}
    for session in (
        Session.objects.filter(committee=committee, host__isnull=False)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("number")
    ):
        by_host.setdefault(session.host_id or 0, []).append(session)
    rows = [HostingRow(t, by_host.get(t.member.pk, [])) for t in turns]
    rows.sort(key=lambda r: (-r.turn.times_hosted, r.turn.member.name))
    return rows


@dataclass
class PublicCommittee:
    committee: Committee
    members: list[CommitteeMember]
    sessions: list[Session]
    resolutions: list[Resolution]


def public_sessions(*, committee: Committee, limit: int | None = None) -> list[Session]:
    """The sessions everyone may see, newest first, with their topics and public decisions
    (``public_resolutions``); for the public page and the committee's feeds."""
    public_resolutions = Resolution.objects.public().order_by("row")
    rows = (
        Session.objects.public()
        .filter(committee=committee)
        .select_related("host")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.order_by("position")),
            Prefetch("resolutions", queryset=public_resolutions, to_attr="public_resolutions"),
        )
        .order_by("-number")
    )
    sessions = list(rows[:limit] if limit is not None else rows)
    for session in sessions:
        session.committee = committee
        for resolution in getattr(session, "public_resolutions", []):
            resolution.session = session
    return sessions


def public_committee(*, slug: str) -> PublicCommittee:
    """What everyone may see: members, sessions with topics and public decisions."""
    committee = committee_get(slug=slug)
    sessions = public_sessions(committee=committee)
    open_public = list(
        Resolution.objects.public()
        .open()
        .filter(session__committee=committee)
        .select_related("session")
        .order_by("session__number", "row")
    )
    return PublicCommittee(committee, current_members(committee), sessions, open_public)


RESOLUTIONS_PER_PAGE = 50
SECRETARIAT = "secretariat"
OVERDUE = "overdue"


@dataclass
class ResponsibleCount:
    """One line of the summary above the list: who is responsible, and how much is open or late."""

    key: str
    name: str
    open: int
    overdue: int


@dataclass
class ResolutionRow:
    resolution: Resolution
    late: bool
    can_act: bool
    responsible: str


@dataclass
class ResolutionPage:
    summary: list[ResponsibleCount]
    rows: list[ResolutionRow]
    page: Page[Resolution]
    city: str
    status: str
    city_name: str


def resolution_page(
    *,
    seat: Seat,
    city: str = "",
    status: str = "",
    page: int = 1,
    today: dt.date | None = None,
    per_page: int = RESOLUTIONS_PER_PAGE,
) -> ResolutionPage:
    """One page of the open resolutions, with every responsible's counts above it.

    The counts are two aggregate queries, whatever the number of rows; the rows are one page,
    the ones due soonest (so the overdue) first. ``city`` is a member's slug or ``secretariat``;
    ``status`` is ``open``, ``in_progress`` or ``overdue``. The follow-up form is offered only on
    the rows this person may report on.
    """
    today = today or timezone.localdate()
    committee = seat.committee
    late = Q(due_on__lt=today)
    is_open = Q(resolutions__status__in=OPEN_RESOLUTION_STATUSES)
    members = (
        committee.members.annotate(
            open_count=Count("resolutions", filter=is_open),
            overdue_count=Count("resolutions", filter=is_open & Q(resolutions__due_on__lt=today)),
        )
        .filter(open_count__gt=0)
        .order_by("name")
    )
    secretariat = _open_resolutions(committee).filter(secretariat_responsible=True)
    own = secretariat.aggregate(open=Count("pk"), overdue=Count("pk", filter=late))
    summary = [ResponsibleCount(m.slug, m.name, m.open_count, m.overdue_count) for m in members]
    if own["open"]:
        summary.insert(0, ResponsibleCount(SECRETARIAT, "دبیرخانه", own["open"], own["overdue"]))
    names = {line.key: line.name for line in summary}

    rows = _open_resolutions(committee).order_by(
        F("due_on").asc(nulls_last=True), "session__number", "row"
    )
    if city == SECRETARIAT:
        rows = rows.filter(secretariat_responsible=True)
    elif city:
        rows = rows.filter(responsible__slug=city)
    if status == OVERDUE:
        rows = rows.filter(late)
    elif status in OPEN_RESOLUTION_STATUSES:
        rows = rows.filter(status=status)
    shown = Paginator(rows, per_page).get_page(page)
    speaks_for = seat.speaks_for
    return ResolutionPage(
        summary=summary,
        rows=[
            ResolutionRow(
                resolution=r,
                late=r.due_on is not None and r.due_on < today,
                responsible="، ".join(
                    ["دبیرخانه"] * r.secretariat_responsible + [m.name for m in r.responsible.all()]
                ),
                can_act=seat.manages
                or (
                    speaks_for is not None
                    and any(m.pk == speaks_for.pk for m in r.responsible.all())
                ),
            )
            for r in shown.object_list
        ],
        page=shown,
        city=city if city in names else "",
        status=status if status in {OVERDUE, *OPEN_RESOLUTION_STATUSES} else "",
        city_name=names.get(city, ""),
    )
