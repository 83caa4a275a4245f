"""Scenes for committee tests: a committee of four member cities (one runs Jahesh, one left),
a secretary, a representative of Shiraz, an observer, and people with no committee role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from jahesh.committee.models import (
    Committee,
    CommitteeMember,
    CommitteeRole,
    CommitteeRoleKind,
    Session,
    SessionStatus,
)
from jahesh.registry.models import Municipality, Role
from tests.registry.factories import UserFactory

TIR_1_1402 = dt.date(2023, 6, 22)


@dataclass
class Scene:
    committee: Committee
    tehran: CommitteeMember
    shiraz: CommitteeMember
    yazd: CommitteeMember
    mashhad: CommitteeMember
    departed: CommitteeMember
    secretary: Any
    representative: Any
    observer: Any
    outsider: Any
    city_staff: Any


def make_committee(slug: str = "communications") -> Committee:
    return Committee.objects.create(
        slug=slug, name="کمیته ارتباطات و امور بین‌الملل", assembly_name="مجمع شهرداران کلان‌شهرها"
    )


def add_member(committee: Committee, slug: str, name: str, **kwargs: Any) -> CommitteeMember:
    return CommitteeMember.objects.create(committee=committee, slug=slug, name=name, **kwargs)


@pytest.fixture
def scene(city_a: Municipality, member_of: Any) -> Scene:
    committee = make_committee()
    tehran = add_member(committee, "tehran", "تهران")
    shiraz = add_member(committee, "shiraz", "شیراز", municipality=city_a)
    yazd = add_member(committee, "yazd", "یزد")
    mashhad = add_member(committee, "mashhad", "مشهد")
    departed = add_member(
        committee,
        "old",
        "شهر کناره‌گرفته",
        joined_on=dt.date(2020, 1, 1),
        left_on=dt.date(2022, 1, 1),
    )
    committee.secretariat = tehran
    committee.save()
    secretary = UserFactory(username="secretary")
    CommitteeRole.objects.create(
        committee=committee, user=secretary, kind=CommitteeRoleKind.SECRETARY, member=tehran
    )
    representative = UserFactory(username="shiraz-rep")
    CommitteeRole.objects.create(
        committee=committee,
        user=representative,
        kind=CommitteeRoleKind.MEMBER,
        member=shiraz,
        is_voting=True,
    )
    observer = UserFactory(username="observer")
    CommitteeRole.objects.create(
        committee=committee, user=observer, kind=CommitteeRoleKind.OBSERVER
    )
    # A publisher of Shiraz's municipality with no committee role: a city role gives nothing here.
    city_staff = member_of(city_a, Role.PUBLISHER, username="shiraz-publisher")
    return Scene(
        committee,
        tehran,
        shiraz,
        yazd,
        mashhad,
        departed,
        secretary,
        representative,
        observer,
        UserFactory(username="outsider"),
        city_staff,
    )


def past_session(scene: Scene, number: int, host: CommitteeMember | None, **kwargs: Any) -> Session:
    """A session entered as history (held, minutes approved unless told otherwise)."""
    fields: dict[str, Any] = {"status": SessionStatus.MINUTES_APPROVED}
    fields.update(kwargs)
    return Session.objects.create(committee=scene.committee, number=number, host=host, **fields)
