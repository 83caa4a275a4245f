"""The committee's public data and the published figures through API v1: only what the owning
models call public (sessions not cancelled, public resolutions, public or approved documents,
published articles' facts)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.committee.models import (
    Draft,
    DraftKind,
    DraftStatus,
    Resolution,
    Section,
    SessionStatus,
)
from jahesh.newsroom.models import Article, Fact
from tests.committee.conftest import Scene, past_session, scene
from tests.opendata.api_scene import API, fresh_validators, get_json, walk

pytestmark = pytest.mark.django_db
__all__ = ["fresh_validators", "scene"]


@pytest.fixture
def minutes(scene: Scene) -> Scene:
    held = past_session(scene, 30, scene.tehran, date=dt.date(2024, 5, 1))
    held.items.create(position=1, title="گزارش دبیرخانه")
    past_session(scene, 31, scene.shiraz, status=SessionStatus.CANCELLED)
    shown = Resolution.objects.create(session=held, row=1, text="تهیه شیوه‌نامه", is_public=True)
    shown.responsible.add(scene.yazd)
    Resolution.objects.create(session=held, row=2, text="موضوع درونی", is_public=False)
    Draft.objects.create(
        committee=scene.committee,
        kind=DraftKind.TEXT,
        title="آیین‌نامه",
        status=DraftStatus.APPROVED,
    )
    Draft.objects.create(committee=scene.committee, kind=DraftKind.TEXT, title="پیش‌نویس درونی")
    glossary = Draft.objects.create(
        committee=scene.committee, kind=DraftKind.GLOSSARY, title="واژه‌نامه", is_public=True
    )
    for position, (term, english) in enumerate(
        (("روابط عمومی", "public relations"), ("بیانیه", "statement"))
    ):
        Section.objects.create(
            draft=glossary, key=f"t{position}", kind="term", position=position, title=term,
            body=f"تعریف {term}", data={"english": english}, search_key=term,
        )  # fmt: skip
    return scene


def test_sessions_leave_out_cancelled_ones_and_list_their_public_resolutions(client, minutes):
    items = walk(client, "/committee-sessions")
    assert [item["number"] for item in items] == [30]
    session = items[0]
    assert session["topics"] == ["گزارش دبیرخانه"]
    assert session["host"] == "تهران"
    assert session["date_jalali"] == "۱۴۰۳/۰۲/۱۲"
    public = Resolution.objects.get(is_public=True)
    assert session["resolutions"] == [public.pk]


def test_only_public_resolutions_are_listed(client, minutes):
    items = walk(client, "/committee-resolutions", committee="communications")
    assert [(item["code"], item["text"]) for item in items] == [("۳۰/۱", "تهیه شیوه‌نامه")]
    assert items[0]["responsible"] == ["یزد"]
    assert walk(client, "/committee-resolutions", session=31) == []


def test_documents_are_the_approved_and_public_ones(client, minutes):
    titles = {item["title"] for item in walk(client, "/committee-documents")}
    assert titles == {"آیین‌نامه", "واژه‌نامه"}
    assert [i["title"] for i in walk(client, "/committee-documents", kind="glossary")] == [
        "واژه‌نامه"
    ]


def test_the_glossary_lists_public_terms_in_dictionary_order_and_searches(client, minutes):
    terms = get_json(client, "/glossary")["items"]
    assert [t["term"] for t in terms] == ["بیانیه", "روابط عمومی"]
    assert terms[1]["english"] == "public relations"
    found = get_json(client, "/glossary", q="روابط")["items"]
    assert [t["term"] for t in found] == ["روابط عمومی"]
    Draft.objects.filter(kind=DraftKind.GLOSSARY).update(is_public=False)
    assert get_json(client, "/glossary")["items"] == []


def test_a_committee_change_makes_a_new_etag(client, minutes):
    first = client.get(f"{API}/committee-resolutions")
    Resolution.objects.filter(is_public=False).update(is_public=True, updated_at=timezone.now())
    from jahesh.opendata.api import conditional

    conditional.forget()
    again = client.get(f"{API}/committee-resolutions", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert len(again.json()["items"]) == 2


def test_facts_are_those_of_published_articles(client, city_a):
    published = Article.objects.create(
        municipality=city_a, code=1, title="خبر", slug="news", status="published",
        published_at=timezone.now() - dt.timedelta(hours=1),
    )  # fmt: skip
    draft = Article.objects.create(
        municipality=city_a, code=2, title="پیش‌نویس", slug="draft", status="draft"
    )
    shown = Fact.objects.create(
        article=published, slot="count", measure="project_count", exact_value=12, printed="۱۲ پروژه"
    )
    Fact.objects.create(
        article=draft, slot="count", measure="project_count", exact_value=3, printed="۳ پروژه"
    )
    items = walk(client, "/facts", municipality=city_a.slug)
    assert [(i["id"], i["printed"], i["exact_value"]) for i in items] == [
        (shown.pk, "۱۲ پروژه", 12)
    ]
    assert items[0]["out_of_date"] is False
    Fact.objects.filter(pk=shown.pk).update(drifted_at=timezone.now(), current_value=13)
    assert walk(client, "/facts", out_of_date=False) == []
