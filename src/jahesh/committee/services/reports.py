"""Writes of a held session's report: the committee composes and publishes its own, and each
member city takes it into its own newsroom as a draft in its own voice.

The committee builds the facts (``selectors.reports``) and asks the newsroom to compose and to
create the city's article (``newsroom.composition``, ``newsroom.services``); from then on the
article is the city's, edited, reviewed and published through the newsroom's own workflow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jahesh import persian
from jahesh.committee import permissions
from jahesh.committee.errors import CommitteeActionDeniedError, CommitteeNotFoundError
from jahesh.committee.models import (
    CommitteeMember,
    CommitteeRoleKind,
    Session,
    SessionArticle,
    SessionReport,
)
from jahesh.committee.selectors.reports import (
    city_voice,
    committee_voice,
    is_held,
    session_report_facts,
)
from jahesh.core.errors import PermissionDeniedError, ValidationError, require
from jahesh.newsroom import composition
from jahesh.newsroom import permissions as newsroom_permissions
from jahesh.newsroom import services as newsroom_services


class SessionNotHeldError(ValidationError):
    def __init__(self, session: Session) -> None:
        shown = persian.to_persian_digits(str(session.number))
        super().__init__(
            f"گزارش نشست: نشست {shown} «{session.get_status_display()}» است؛ "
            "گزارش پس از برگزاری نشست نوشته می‌شود.",
            field="status",
        )


class ReportPublishedError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "گزارش نشست: گزارش کمیته منتشر شده است و دوباره نوشته نمی‌شود.", field="report"
        )


class ReportNotComposedError(ValidationError):
    def __init__(self) -> None:
        super().__init__("گزارش نشست: نخست گزارش را بنویسید، سپس منتشر کنید.", field="report")


class ReportNotWrittenError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "گزارش نشست: دبیرخانه هنوز گزارش این نشست را ننوشته است؛ "
            "پس از آن هر شهر عضو آن را به اتاق خبر خود می‌برد.",
            field="report",
        )


class NotCityRepresentativeError(PermissionDeniedError):
    def __init__(self) -> None:
        super().__init__("شهر: گزارش نشست را تنها نماینده یک شهر عضو به اتاق خبر شهر خود می‌برد.")
        self.field = "member"


class NoNewsroomError(ValidationError):
    def __init__(self, member: CommitteeMember) -> None:
        super().__init__(
            f"اتاق خبر: {member.name} در جهش اتاق خبر ندارد و گزارش را نمی‌توان به آن برد.",
            field="member",
        )


class NewsroomRoleRequiredError(PermissionDeniedError):
    def __init__(self, member: CommitteeMember) -> None:
        super().__init__(
            f"اتاق خبر: برای بردن گزارش به اتاق خبر {member.name} دست‌کم نقش گزارشگر "
            "در همان شهر لازم است؛ از مدیر شهر بخواهید این نقش را به شما بدهد."
        )
        self.field = "member"


class NothingToReportError(ValidationError):
    def __init__(self, session: Session) -> None:
        shown = persian.to_persian_digits(str(session.number))
        super().__init__(
            f"گزارش نشست: نشست {shown} نه موضوعی در دستور کار دارد و نه مصوبه‌ای که عمومی شده "
            "باشد؛ نخست دستور کار یا مصوبات عمومی را ثبت کنید.",
            field="agenda",
        )


def _composed(session: Session, facts: composition.SessionFacts) -> composition.ComposedArticle:
    require(bool(facts.topics or facts.decisions), NothingToReportError(session))
    return composition.session_report(facts)


def _require_held(session: Session) -> None:
    require(is_held(session), SessionNotHeldError(session))


def _require_manager(user: Any, session: Session) -> None:
    require(permissions.can_view_committee(user, session.committee), CommitteeNotFoundError())
    require(permissions.can_manage_committee(user, session.committee), CommitteeActionDeniedError())


@transaction.atomic
def session_report_compose(
    *, session: Session, by: Any, today: dt.date | None = None
) -> SessionReport:
    """Compose (or compose again, until it is published) the committee's report of a held
    session from its rows, in the secretary's voice."""
    _require_manager(by, session)
    _require_held(session)
    existing = SessionReport.objects.select_for_update().filter(session=session).first()
    require(existing is None or not existing.is_published, ReportPublishedError())
    facts = session_report_facts(
        session=session, voice=committee_voice(committee=session.committee), today=today
    )
    composed = _composed(session, facts)
    report = existing or SessionReport(session=session)
    report.kicker = composed.kicker
    report.title = composed.title
    report.lead = composed.lead
    report.body = composed.body
    report.composed_by = by
    report.composed_at = timezone.now()
    report.save()
    return report


@transaction.atomic
def session_report_publish(
    *, session: Session, by: Any, at: dt.datetime | None = None
) -> SessionReport:
    """Put the committee's report on its public page; publishing twice changes nothing."""
    _require_manager(by, session)
    _require_held(session)
    report = SessionReport.objects.select_for_update().filter(session=session).first()
    require(report is not None, ReportNotComposedError())
    assert report is not None  # for the type checker: require raised otherwise
    if report.is_published:
        return report
    report.published_at = at or timezone.now()
    report.published_by = by
    report.save()
    return report


@dataclass(frozen=True, slots=True)
class TakenReport:
    """A city's article made from the report; ``created`` is False when it was there already."""

    link: SessionArticle
    created: bool


def _taker_city(by: Any, session: Session) -> CommitteeMember:
    role = permissions.committee_role_of(by, session.committee)
    member = role.member if role is not None and role.kind != CommitteeRoleKind.OBSERVER else None
    require(member is not None, NotCityRepresentativeError())
    assert member is not None
    return member


@transaction.atomic
def session_report_take(
    *, session: Session, by: Any, member: CommitteeMember | None = None
) -> TakenReport:
    """Take the held session's report, once the secretariat has written it, into the newsroom of
    the representative's own city: composed again from the session's rows as a draft told by that
    city's communications director for its own outlet.

    Taking it again gives back the city's article that is already there, never a second one.
    """
    committee = session.committee
    require(permissions.can_view_committee(by, committee), CommitteeNotFoundError())
    if member is None:
        member = _taker_city(by, session)
    require(member.committee_id == committee.pk, NotCityRepresentativeError())
    require(member.municipality_id is not None, NoNewsroomError(member))
    require(permissions.can_take_session_report(by, member), NotCityRepresentativeError())
    _require_held(session)
    require(SessionReport.objects.filter(session=session).exists(), ReportNotWrittenError())
    city = member.municipality
    assert city is not None
    require(newsroom_permissions.can_create_article(by, city), NewsroomRoleRequiredError(member))
    # Two people of one city taking it at once: the second waits here and finds the first's.
    Session.objects.select_for_update().filter(pk=session.pk).first()
    existing = (
        SessionArticle.objects.select_related("article", "member")
        .filter(session=session, member=member)
        .first()
    )
    if existing is not None:
        return TakenReport(existing, created=False)
    facts = session_report_facts(session=session, voice=city_voice(member=member, fallback=by))
    article = newsroom_services.article_create_composed(
        by=by, municipality=city, composed=_composed(session, facts), session=session
    )
    try:
        with transaction.atomic():
            link = SessionArticle.objects.create(
                session=session, member=member, article=article, taken_by=by
            )
    except IntegrityError as exc:  # only without row locks (the check above saw nothing)
        raise ValidationError(
            f"گزارش نشست: گزارش هم‌اکنون به اتاق خبر {member.name} برده شد؛ صفحه را تازه کنید.",
            field="member",
        ) from exc
    return TakenReport(link, created=True)
