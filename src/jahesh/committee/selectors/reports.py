"""Reads behind a held session's report: the facts the newsroom composes it from, in whose voice,
and what the session page and the public page show of it.

The committee sits above the newsroom (the import contract "Apps are layered"): this module turns
the session's rows into the newsroom's plain ``SessionFacts``; the newsroom never reads committee
rows. Only what the public may read goes into the facts (topics from the agenda, the resolutions
marked public, the host and the dates), because the composed text is meant to be published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from jahesh.committee import permissions
from jahesh.committee.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    CommitteeRole,
    CommitteeRoleKind,
    Resolution,
    Session,
    SessionArticle,
    SessionKind,
    SessionReport,
    SessionStatus,
)
from jahesh.committee.selectors.sessions import Seat
from jahesh.leaps.models import Programme
from jahesh.newsroom import composition
from jahesh.newsroom import selectors as newsroom_selectors
from jahesh.newsroom.models import Article
from jahesh.registry.models import Municipality, Official

HELD_STATUSES = (
    SessionStatus.HELD,
    SessionStatus.MINUTES_CIRCULATED,
    SessionStatus.MINUTES_APPROVED,
)
# The agenda's own housekeeping is not news: the automatic approval of the last minutes.
_APPROVAL_ITEM_TITLE = "تصویب صورت‌جلسه نشست قبل"
# How an official's position names the communications director, who speaks for the city.
_COMMUNICATIONS_WORD = "ارتباطات"


@dataclass(frozen=True, slots=True)
class Voice:
    """Who tells the report and where: the speaker, the outlet, and the city whose leap
    programme the speaker may mention (None: no programme sentence)."""

    outlet_name: str
    speaker_name: str
    speaker_surname: str
    speaker_position: str
    city: Municipality | None


def is_held(session: Session) -> bool:
    return session.status in HELD_STATUSES


def _person(user: Any) -> tuple[str, str]:
    """The user's name and surname as a report prints them; empty without a name (a username is
    not a name, and is often Latin), so the caller speaks by position instead."""
    full = (user.get_full_name() or "").strip()
    surname = (user.last_name or "").strip() or (full.split()[-1] if full else "")
    return full, surname


def committee_voice(*, committee: Committee) -> Voice:
    """The committee's own report is told by its secretary, for its secretariat."""
    role = (
        CommitteeRole.objects.select_related("user", "member__municipality")
        .filter(committee=committee, kind=CommitteeRoleKind.SECRETARY)
        .order_by("pk")
        .first()
    )
    name, surname = _person(role.user) if role is not None else ("", "")
    return Voice(
        outlet_name=f"دبیرخانه {committee.name}",
        speaker_name=name or f"دبیر {committee.name}",
        speaker_surname=surname or "دبیر کمیته",
        speaker_position=f"دبیر {committee.name}",
        city=role.member.municipality if role is not None and role.member is not None else None,
    )


def city_voice(*, member: CommitteeMember, fallback: Any) -> Voice:
    """A member city tells the report in its own voice: its communications director (an official
    of the city whose position names «ارتباطات»), else its voting representative, else
    ``fallback`` (the person taking it); its own outlet; its own programme."""
    city = member.municipality
    if city is None:
        raise ValueError("a member without a newsroom has no voice of its own")
    outlet = city.outlet_name or city.name
    official = (
        Official.objects.filter(
            municipality=city, is_active=True, position__contains=_COMMUNICATIONS_WORD
        )
        .order_by("-rank", "pk")
        .first()
    )
    if official is not None:
        surname = official.name.split()[-1] if official.name.split() else official.name
        return Voice(outlet, official.name, surname, official.position, city)
    role = (
        CommitteeRole.objects.select_related("user")
        .filter(member=member, kind=CommitteeRoleKind.MEMBER)
        .order_by("-is_voting", "pk")
        .first()
    )
    name, surname = _person(role.user if role is not None else fallback)
    if not name:
        name, surname = _person(fallback)
    position = f"نماینده {city.name} در {member.committee.name}"
    return Voice(outlet, name or position, surname or position, position, city)


def _programme_facts(city: Municipality, as_of: dt.date) -> composition.ProgrammeFacts | None:
    """The city's public leap programme with waves held by ``as_of`` (the newest started)."""
    for programme in Programme.objects.public_in(city).order_by("-started_on", "pk"):
        facts = newsroom_selectors.programme_facts(programme=programme, as_of=as_of)
        if facts.waves:
            return facts
    return None


def _previous(session: Session) -> Session | None:
    return (
        Session.objects.filter(
            committee_id=session.committee_id,
            number__lt=session.number,
            status__in=HELD_STATUSES,
        )
        .select_related("host")
        .order_by("-number")
        .first()
    )


def _extraordinary_after(session: Session) -> list[Session]:
    """Extraordinary sessions planned after this one and before the next regular session."""
    later = Session.objects.filter(
        committee_id=session.committee_id, number__gt=session.number
    ).exclude(status=SessionStatus.CANCELLED)
    next_regular = (
        later.filter(kind=SessionKind.REGULAR).order_by("number").values_list("number", flat=True)
    ).first()
    extraordinary = later.filter(kind=SessionKind.EXTRAORDINARY)
    if next_regular is not None:
        extraordinary = extraordinary.filter(number__lt=next_regular)
    return list(extraordinary.order_by("number"))


def session_report_facts(
    *, session: Session, voice: Voice, today: dt.date | None = None
) -> composition.SessionFacts:
    """The held session as the newsroom's plain facts, told in ``voice``."""
    committee = session.committee
    items = [
        item
        for item in AgendaItem.objects.filter(session=session).order_by("position")
        if item.title != _APPROVAL_ITEM_TITLE and item.follows_resolution_id is None
    ]
    host = session.host_unit or (f"شهرداری {session.host.name}" if session.host else "")
    previous = _previous(session)
    previous_city = ""
    carried: tuple[str, ...] = ()
    if previous is not None and previous.host is not None and previous.host_id != session.host_id:
        previous_city = previous.host.name
        previous_items = set(
            AgendaItem.objects.filter(session=previous).values_list("pk", flat=True)
        )
        carried = tuple(
            item.title
            for item in items
            if item.earlier_session_id == previous.pk or item.carried_from_id in previous_items
        )
    decisions = tuple(
        Resolution.objects.public()
        .filter(session=session)
        .order_by("row")
        .values_list("text", flat=True)
    )
    as_of = session.date or today or timezone.localdate()
    programme = _programme_facts(voice.city, as_of) if voice.city is not None else None
    return composition.SessionFacts(
        outlet_name=voice.outlet_name,
        committee_name=committee.name,
        session_number=session.number,
        host=host,
        speaker_name=voice.speaker_name,
        speaker_surname=voice.speaker_surname,
        speaker_position=voice.speaker_position,
        topics=tuple(item.title for item in items),
        statements=(),
        previous_session_city=previous_city,
        previous_session_topics=carried,
        decisions=decisions,
        extraordinary_dates=tuple(s.date for s in _extraordinary_after(session)),
        programme=programme,
    )


# ---- pages ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TakenCity:
    """A member city that took the report, and its article's public address once published."""

    name: str
    public_url: str


@dataclass
class ReportPanel:
    """What the session page shows of the report, and what this person may do with it."""

    held: bool
    report: SessionReport | None
    taken: list[TakenCity]
    can_compose: bool
    take_for: CommitteeMember | None  # the city this person may take it into, if any
    mine: SessionArticle | None


def committee_report(session: Session) -> SessionReport | None:
    """The committee's report of the session, if composed (no query after ``session_get``)."""
    try:
        return session.report
    except SessionReport.DoesNotExist:
        return None


def report_panel(*, seat: Seat, session: Session, user: Any) -> ReportPanel:
    """Two queries at most once the report is composed (the cities' articles, the taker's role);
    none before it is, since cities take the committee's report only once it is written."""
    held = is_held(session)
    report = committee_report(session) if held else None
    # Another city's draft is that city's own business (its code and status stay unseen); only
    # whether it is published, by the newsroom's one rule, is shown to the committee.
    taken = (
        list(
            SessionArticle.objects.filter(session=session)
            .select_related("member", "article__municipality")
            .annotate(
                is_published=Exists(Article.objects.published().filter(pk=OuterRef("article_id")))
            )
            .order_by("member__name")
        )
        if report is not None
        else []
    )
    cities = [
        TakenCity(
            name=link.member.name,
            public_url=(
                newsroom_selectors.article_url(link.article)
                if getattr(link, "is_published", False)
                else ""
            ),
        )
        for link in taken
    ]
    member = seat.speaks_for
    take_for = (
        member
        if report is not None
        and member is not None
        and member.municipality_id is not None
        and permissions.can_take_session_report(user, member)
        else None
    )
    mine = next((t for t in taken if member is not None and t.member_id == member.pk), None)
    return ReportPanel(
        held=held,
        report=report,
        taken=cities,
        can_compose=held and seat.manages,
        take_for=take_for,
        mine=mine,
    )


def public_reports(*, committee: Committee) -> list[SessionReport]:
    """The reports the committee published, newest session first, for its public page."""
    return list(
        SessionReport.objects.public()
        .filter(session__committee=committee)
        .select_related("session")
        .order_by("-session__number")
    )
