"""The session page builds its per-item addresses on its own address (one reverse, not five per
item): every link and form on it must still lead to a committee page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from jahesh.committee import services
from jahesh.committee.models import Draft, DraftKind
from jahesh.core.errors import ValidationError
from tests.committee.conftest import TIR_1_1402, Scene, make_committee
from tests.committee.test_views import client_for, held_session, url

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r'(?:href|action)="(/committee/[^"#?]*)')


def addresses(page: str) -> set[str]:
    return set(ADDRESS.findall(page))


def names_on(page: str) -> set[str]:
    return {resolve(address).url_name or "" for address in addresses(page)}


def test_every_address_on_a_planned_sessions_page_leads_to_a_committee_page(
    scene: Scene,
) -> None:
    session = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.tehran, date=TIR_1_1402
    )
    for n in range(2):
        services.agenda_item_add(session=session, by=scene.secretary, title=f"بند {n}")
    page = client_for(scene.secretary).get(url("session", scene, session.number)).content.decode()
    assert {"agenda-move", "attachment-upload"} <= names_on(page)


def test_every_address_on_a_circulated_sessions_page_leads_to_a_committee_page(
    scene: Scene,
) -> None:
    session = held_session(scene)
    item = session.items.first()
    assert item is not None
    services.minutes_circulate(
        session=session,
        by=scene.secretary,
        correction_deadline=timezone.localdate() + dt.timedelta(days=7),
    )
    services.minutes_correction_propose(
        item=item, by=scene.representative, member=scene.shiraz, text="بند را روشن‌تر بنویسید"
    )
    secretary = client_for(scene.secretary).get(url("session", scene, 31)).content.decode()
    assert {"minutes-item", "correction-answer", "minutes-pdf"} <= names_on(secretary)
    representative = client_for(scene.representative).get(url("session", scene, 31))
    assert "correction-propose" in names_on(representative.content.decode())


def test_an_agenda_item_picks_a_draft_and_the_session_page_links_it(scene: Scene) -> None:
    session = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.tehran, date=TIR_1_1402
    )
    draft = services.draft_create(
        committee=scene.committee, by=scene.secretary, kind=DraftKind.STRUCTURE, title="ساختار"
    )
    client = client_for(scene.secretary)
    page = client.get(url("session", scene, session.number)).content.decode()
    assert f'<option value="{draft.pk}">ساختار</option>' in page
    client.post(
        url("agenda-add", scene, session.number),
        {"title": "بررسی ساختار", "kind": "discussion", "draft": draft.pk},
    )
    item = session.items.get()
    assert item.draft == draft
    page = client.get(url("session", scene, session.number)).content.decode()
    address = reverse("committee:draft", args=[scene.committee.slug, draft.pk])
    assert f'href="{address}">پیش‌نویس: ساختار</a>' in page


def test_a_draft_of_another_committee_is_refused_by_name_and_nothing_is_added(
    scene: Scene,
) -> None:
    session = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.tehran, date=TIR_1_1402
    )
    other = make_committee("other")
    foreign = Draft.objects.create(committee=other, kind=DraftKind.GLOSSARY, title="واژه‌نامه")
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_add(session=session, by=scene.secretary, title="بند", draft=foreign)
    assert refused.value.message.startswith("پیش‌نویس مرتبط:")
    assert not session.items.exists()
