"""Invitations carry the session as iCalendar (REQUEST, then updates and CANCEL with a growing
SEQUENCE under one UID), and each member has a secret, revocable feed of its committee only."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from jahesh.committee import services
from jahesh.committee.models import CalendarFeed, CommitteeRole, CommitteeRoleKind, Session
from jahesh.committee.services.calendar import calendar_feed_issue, calendar_feed_revoke
from jahesh.core.errors import PermissionDeniedError
from tests.committee.conftest import TIR_1_1402, Scene, add_member, make_committee
from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_huey() -> Any:
    previous = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = previous


def unfolded(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def field(ics: str, name: str) -> list[str]:
    return [line.split(":", 1)[1] for line in unfolded(ics) if re.match(rf"{name}[;:]", line)]


def planned(scene: Scene, **kwargs: Any) -> Session:
    session = services.session_plan(
        committee=scene.committee,
        by=scene.secretary,
        host=scene.tehran,
        date=TIR_1_1402,
        number=31,
        starts_at=dt.time(10, 0),
        ends_at=dt.time(12, 0),
        venue="تالار شهر",
        **kwargs,
    )
    services.agenda_item_add(session=session, by=scene.secretary, title="ساختار ادارات کل")
    return session


def calendar_of(message: Any) -> tuple[str, str]:
    (_name, content, mimetype) = message.attachments[0]
    return mimetype, content


def test_the_invitation_carries_a_request_with_tehran_times_and_a_stable_uid(
    scene: Scene, immediate_huey: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session = planned(scene)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_invite(session=session, by=scene.secretary)
    assert [m.to[0] for m in mail.outbox] == [scene.representative.email]
    mimetype, ics = calendar_of(mail.outbox[0])
    assert mimetype.startswith("text/calendar; method=REQUEST")
    assert ics.endswith("END:VCALENDAR\r\n")
    assert field(ics, "METHOD") == ["REQUEST"]
    assert field(ics, "UID") == [f"committee-session-{session.pk}@127.0.0.1"]
    assert "DTSTART;TZID=Asia/Tehran:20230622T100000" in unfolded(ics)
    assert "DTEND;TZID=Asia/Tehran:20230622T120000" in unfolded(ics)
    assert "BEGIN:VTIMEZONE" in ics
    assert field(ics, "SUMMARY") == ["سی‌ویکمین نشست کمیته ارتباطات و امور بین‌الملل"]
    assert "ساختار ادارات کل" in field(ics, "DESCRIPTION")[0]
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_an_update_and_then_a_cancellation_keep_the_uid_and_raise_the_sequence(
    scene: Scene, immediate_huey: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session = planned(scene)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_invite(session=session, by=scene.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            session=session,
            by=scene.secretary,
            host=scene.tehran,
            date=TIR_1_1402 + dt.timedelta(days=1),
            starts_at=dt.time(11, 0),
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=scene.secretary, reason="همزمانی با سفر")
    invite, update, cancel = (calendar_of(m)[1] for m in mail.outbox)
    assert field(invite, "UID") == field(update, "UID") == field(cancel, "UID")
    sequences = [int(field(ics, "SEQUENCE")[0]) for ics in (invite, update, cancel)]
    assert sequences[0] < sequences[1] < sequences[2]
    assert field(update, "METHOD") == ["REQUEST"]
    assert "DTSTART;TZID=Asia/Tehran:20230623T110000" in unfolded(update)
    assert field(cancel, "METHOD") == ["CANCEL"]
    assert field(cancel, "STATUS") == ["CANCELLED"]
    assert mail.outbox[2].subject.startswith("لغو شد")
    assert "همزمانی با سفر" in mail.outbox[2].body


def test_cancelling_a_session_never_announced_mails_nobody(
    scene: Scene, immediate_huey: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session = planned(scene)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=scene.secretary, reason="نیازی نبود")
    assert mail.outbox == []


# ---- personal feeds ---------------------------------------------------------------------------


def other_committee_session() -> Session:
    other = make_committee("other")
    host = add_member(other, "tabriz", "تبریز")
    return Session.objects.create(committee=other, number=5, host=host, date=TIR_1_1402)


def test_a_members_feed_lists_its_committees_sessions_and_never_another_committees(
    scene: Scene,
) -> None:
    session = planned(scene)
    foreign = other_committee_session()
    feed = calendar_feed_issue(committee=scene.committee, by=scene.representative)
    response = Client().get(reverse("committee:calendar-feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    ics = response.content.decode()
    assert field(ics, "UID") == [f"committee-session-{session.pk}@127.0.0.1"]
    assert f"committee-session-{foreign.pk}@" not in ics
    assert field(ics, "METHOD") == ["PUBLISH"]


def test_a_revoked_or_unknown_token_answers_404(scene: Scene) -> None:
    planned(scene)
    feed = calendar_feed_issue(committee=scene.committee, by=scene.representative)
    calendar_feed_revoke(feed=feed, by=scene.representative)
    client = Client()
    assert client.get(reverse("committee:calendar-feed", args=[feed.token])).status_code == 404
    assert client.get(reverse("committee:calendar-feed", args=["x" * 43])).status_code == 404


def test_issuing_a_new_address_retires_the_old_one(scene: Scene) -> None:
    first = calendar_feed_issue(committee=scene.committee, by=scene.representative)
    second = calendar_feed_issue(committee=scene.committee, by=scene.representative)
    assert first.token != second.token
    assert len(second.token) >= 40
    client = Client()
    assert client.get(reverse("committee:calendar-feed", args=[first.token])).status_code == 404
    assert client.get(reverse("committee:calendar-feed", args=[second.token])).status_code == 200


def test_a_feed_dies_with_its_owners_role(scene: Scene) -> None:
    feed = calendar_feed_issue(committee=scene.committee, by=scene.representative)
    CommitteeRole.objects.filter(user=scene.representative).delete()
    assert Client().get(reverse("committee:calendar-feed", args=[feed.token])).status_code == 404


def test_outsiders_get_no_feed_and_cannot_revoke_anothers(scene: Scene) -> None:
    from jahesh.committee.errors import CommitteeNotFoundError

    with pytest.raises(CommitteeNotFoundError):
        calendar_feed_issue(committee=scene.committee, by=scene.outsider)
    feed = calendar_feed_issue(committee=scene.committee, by=scene.representative)
    with pytest.raises(PermissionDeniedError):
        calendar_feed_revoke(feed=feed, by=scene.observer)
    calendar_feed_revoke(feed=feed, by=scene.secretary)
    assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is not None


@pytest.mark.parametrize(("persona", "status"), [("representative", 200), ("outsider", 404)])
def test_the_calendar_page_shows_the_address_to_members_only(
    scene: Scene, persona: str, status: int
) -> None:
    client = Client()
    client.force_login(getattr(scene, persona))
    address = reverse("committee:calendar", args=[scene.committee.slug])
    response = client.post(address, {"do": "issue"}, follow=True)
    assert response.status_code == status
    if status == 200:
        feed = CalendarFeed.objects.get(user=scene.representative)
        assert feed.token in response.content.decode()
        client.post(address, {"do": "revoke"})
        assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is not None
    else:
        assert CalendarFeed.objects.count() == 0


def test_a_second_representative_of_another_city_is_mailed_too(
    scene: Scene, immediate_huey: Any, django_capture_on_commit_callbacks: Any
) -> None:
    yazd_rep = UserFactory(username="yazd-rep")
    CommitteeRole.objects.create(
        committee=scene.committee, user=yazd_rep, kind=CommitteeRoleKind.MEMBER, member=scene.yazd
    )
    session = planned(scene)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_invite(session=session, by=scene.secretary)
    uids = {field(calendar_of(m)[1], "UID")[0] for m in mail.outbox}
    assert len(mail.outbox) == 2
    assert len(uids) == 1
