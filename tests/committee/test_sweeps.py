"""The invitations' sweep: a session's version whose mail a lost job never sent is mailed once."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone

from jahesh.committee import invitations, services, tasks
from jahesh.committee.models import CommitteeRole, CommitteeRoleKind, InvitationMail, Session
from tests.committee.conftest import Scene
from tests.core.test_queue import UnreachableStorage
from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db


def planned(scene: Scene, *, days: int = 30) -> Session:
    session = services.session_plan(
        committee=scene.committee,
        by=scene.secretary,
        host=scene.tehran,
        date=timezone.localdate() + dt.timedelta(days=days),
        number=31,
        starts_at=dt.time(10, 0),
        venue="تالار شهر",
    )
    services.agenda_item_add(session=session, by=scene.secretary, title="ساختار ادارات کل")
    return session


def settle(session: Session) -> None:
    """Move the session's last change out of the sweep's grace period (no new version)."""
    Session.objects.filter(pk=session.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=3)
    )


def sequence_of(message: Any) -> int:
    (_name, ics, _mimetype) = message.attachments[0]
    return int(re.search(r"SEQUENCE:(\d+)", ics).group(1))


def sweep() -> int:
    return tasks.session_invitations_sweep_task.call_local()


@pytest.mark.django_db(transaction=True)
def test_an_invitation_whose_job_was_lost_to_the_queue_is_mailed_once_by_the_sweep(
    scene: Scene, queue_for_a_consumer: Any, caplog: Any
) -> None:
    session = planned(scene)
    storage = UnreachableStorage(ConnectionError("Connection refused"))
    huey = queue_for_a_consumer(storage)
    with caplog.at_level("WARNING", logger="jahesh.core.queue"), transaction.atomic():
        services.session_invite(session=session, by=scene.secretary)
    assert "session_invitation_task" in caplog.text
    assert mail.outbox == []
    huey.immediate = True
    assert sweep() == 0  # its own job may still be on its way
    settle(session)
    assert sweep() == 1
    assert [m.to for m in mail.outbox] == [[scene.representative.email]]
    assert mail.outbox[0].subject.startswith("دعوت به")
    assert sweep() == 0
    assert len(mail.outbox) == 1


def test_an_invitation_its_job_sent_is_not_mailed_again(scene: Scene, job_queue: Any) -> None:
    session = planned(scene)
    services.session_invite(session=session, by=scene.secretary)
    tasks.session_invitation_task(session.pk)
    assert len(mail.outbox) == 1
    settle(session)
    assert sweep() == 0
    tasks.session_invitation_task(session.pk)  # a second job for the same version
    assert len(mail.outbox) == 1


def test_a_lost_update_and_a_lost_call_off_go_out_with_a_higher_sequence(
    scene: Scene, job_queue: Any
) -> None:
    session = planned(scene)
    services.session_invite(session=session, by=scene.secretary)
    tasks.session_invitation_task(session.pk)
    # The jobs of these two changes are never queued (their commit callbacks do not run here).
    services.session_update(
        session=session,
        by=scene.secretary,
        host=scene.tehran,
        date=session.date + dt.timedelta(days=1),
        starts_at=dt.time(11, 0),
    )
    settle(session)
    assert sweep() == 1
    services.session_cancel(session=session, by=scene.secretary, reason="همزمانی با سفر")
    settle(session)
    assert sweep() == 1
    assert sweep() == 0
    invite, update, cancel = mail.outbox
    assert sequence_of(invite) < sequence_of(update) < sequence_of(cancel)
    assert cancel.subject.startswith("لغو شد")
    assert "method=CANCEL" in cancel.attachments[0][2]


def test_a_message_that_failed_to_leave_is_mailed_by_the_next_sweep(
    scene: Scene, job_queue: Any, monkeypatch: Any
) -> None:
    second = UserFactory(username="shiraz-deputy", email="deputy@shiraz.example")
    CommitteeRole.objects.create(
        committee=scene.committee, user=second, kind=CommitteeRoleKind.MEMBER, member=scene.shiraz
    )
    session = planned(scene)
    services.session_invite(session=session, by=scene.secretary)
    real = EmailBackend.send_messages
    calls: list[int] = []

    def flaky(self: EmailBackend, messages: list[Any]) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise ConnectionRefusedError("SMTP down")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    with pytest.raises(ConnectionRefusedError):
        tasks.session_invitation_task.call_local(session.pk)
    assert len(mail.outbox) == 1
    first = mail.outbox[0].to[0]
    assert list(InvitationMail.objects.values_list("address", flat=True)) == [first]
    settle(session)
    assert sweep() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["deputy@shiraz.example", scene.representative.email]
    )
    assert sweep() == 0


def test_past_and_never_announced_sessions_are_left_alone(scene: Scene, job_queue: Any) -> None:
    past = planned(scene)
    services.session_invite(session=past, by=scene.secretary)
    Session.objects.filter(pk=past.pk).update(
        date=timezone.localdate() - dt.timedelta(days=3),
        updated_at=timezone.now() - dt.timedelta(days=4),
    )
    quiet = services.session_plan(
        committee=scene.committee,
        by=scene.secretary,
        host=scene.tehran,
        date=timezone.localdate() + dt.timedelta(days=9),
        number=32,
    )
    services.session_cancel(session=quiet, by=scene.secretary, reason="نیازی نبود")
    settle(quiet)
    assert invitations.session_invitations_owed() == []
    assert sweep() == 0
    assert mail.outbox == []


def test_sessions_announced_before_the_upgrade_are_recorded_as_mailed(
    scene: Scene, job_queue: Any
) -> None:
    # Migration 0005: what older jobs sent left no rows; the sweep must not mail it again.
    from importlib import import_module

    from django.apps import apps

    migration = import_module("jahesh.committee.migrations.0005_invitation_mails")
    session = planned(scene)
    services.session_invite(session=session, by=scene.secretary)
    settle(session)
    assert invitations.session_invitations_owed() == [session.pk]
    migration.record_invitations_already_sent(apps, None)
    migration.record_invitations_already_sent(apps, None)
    assert invitations.session_invitations_owed() == []
    assert InvitationMail.objects.count() == 1
    assert sweep() == 0
    assert mail.outbox == []
