"""Reminders of an open round go once, N days before the deadline, to the representatives of the
cities that have not answered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from jahesh.committee import services
from jahesh.committee.drafts_reminders import draft_reminders_send
from jahesh.committee.models import CommitteeRole, CommitteeRoleKind, Stance
from jahesh.committee.tasks import draft_reminders_task
from tests.committee.conftest import Scene
from tests.committee.drafts_scenes import DEADLINE, TODAY, circulate, structure_draft
from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_cities_still_to_answer_are_reminded_and_only_once(scene: Scene) -> None:
    yazd_rep = UserFactory(username="yazd-rep", email="yazd@example.org")
    CommitteeRole.objects.create(
        committee=scene.committee, user=yazd_rep, kind=CommitteeRoleKind.MEMBER, member=scene.yazd
    )
    scene.representative.email = "shiraz@example.org"
    scene.representative.save()
    built = structure_draft(scene)
    version = circulate(scene, built.draft, reminder_days=2)
    services.whole_draft_answer(
        version=version,
        member=scene.shiraz,
        by=scene.representative,
        stance=Stance.AGREE,
        today=TODAY,
    )
    assert draft_reminders_send(today=DEADLINE - dt.timedelta(days=3)) == 0
    assert draft_reminders_send(today=DEADLINE - dt.timedelta(days=2)) == 1
    assert [m.to for m in mail.outbox] == [["yazd@example.org"]]
    assert "یادآوری" in mail.outbox[0].subject
    assert draft_reminders_send(today=DEADLINE - dt.timedelta(days=1)) == 0


def test_the_reminders_run_each_morning_at_seven_tehran_time() -> None:
    validate = draft_reminders_task.task_class().validate_datetime
    assert validate(dt.datetime(2023, 7, 1, 3, 30))  # Huey's clock is UTC
    assert not validate(dt.datetime(2023, 7, 1, 7, 0))
