"""An invitation goes out through the queue to every current member's representatives."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from huey.contrib.djhuey import HUEY

from jahesh.committee import services
from jahesh.committee.models import CommitteeRole, CommitteeRoleKind
from jahesh.core.errors import ValidationError
from tests.committee.conftest import TIR_1_1402, Scene
from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_huey() -> Any:
    previous = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = previous


def test_inviting_mails_the_agenda_to_each_representative_alone(
    scene: Scene, immediate_huey: Any, django_capture_on_commit_callbacks: Any
) -> None:
    yazd_rep = UserFactory(username="yazd-rep")
    CommitteeRole.objects.create(
        committee=scene.committee, user=yazd_rep, kind=CommitteeRoleKind.MEMBER, member=scene.yazd
    )
    gone = UserFactory(username="gone-rep")
    CommitteeRole.objects.create(
        committee=scene.committee, user=gone, kind=CommitteeRoleKind.MEMBER, member=scene.departed
    )
    session = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.tehran, date=TIR_1_1402, number=31
    )
    services.agenda_item_add(session=session, by=scene.secretary, title="ساختار ادارات کل")
    with django_capture_on_commit_callbacks(execute=True):
        services.session_invite(session=session, by=scene.secretary)
    assert sorted(m.to[0] for m in mail.outbox) == [
        scene.representative.email,
        yazd_rep.email,
    ]
    body = mail.outbox[0].body
    assert "سی‌ویکمین نشست" in body
    assert "۱. ساختار ادارات کل" in body
    assert "۱ تیر ۱۴۰۲" in body


def test_a_refused_invitation_sends_nothing(
    scene: Scene, immediate_huey: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.tehran, date=TIR_1_1402, number=31
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.session_invite(session=session, by=scene.secretary)
    assert mail.outbox == []
