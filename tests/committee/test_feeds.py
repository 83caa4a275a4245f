"""The committee's RSS and Atom feeds of its public sessions, linked from its public page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jahesh.committee import services
from tests.committee.conftest import TIR_1_1402, Scene
from tests.committee.test_views import held_session

pytestmark = pytest.mark.django_db


def feed(scene: Scene, kind: str) -> str:
    response = Client().get(reverse(f"committee:sessions-{kind}", args=[scene.committee.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_page_links_both_feeds(scene: Scene) -> None:
    page = Client().get(reverse("committee:public", args=[scene.committee.slug])).content.decode()
    for kind, mime in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
        address = reverse(f"committee:sessions-{kind}", args=[scene.committee.slug])
        assert f'type="{mime}"' in page
        assert f'href="{address}"' in page


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_carries_the_public_sessions_with_their_public_decisions_only(
    scene: Scene, kind: str
) -> None:
    session = held_session(scene)
    services.resolution_record(
        session=session,
        by=scene.secretary,
        text="تصمیم عمومی",
        is_public=True,
        secretariat_responsible=True,
    )
    services.resolution_record(
        session=session, by=scene.secretary, text="تصمیم درونی", secretariat_responsible=True
    )
    cancelled = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.tehran, date=TIR_1_1402
    )
    services.session_cancel(session=cancelled, by=scene.secretary, reason="همزمانی با تعطیلی")
    text = feed(scene, kind)
    assert "سی‌ویکمین نشست (۳۱)" in text
    assert "تصمیم عمومی" in text
    assert "تصمیم درونی" not in text
    assert f"jahesh:committee:{scene.committee.slug}:31" in text
    assert f"jahesh:committee:{scene.committee.slug}:{cancelled.number}" not in text


def test_a_feed_holds_no_markup_or_direction_override_typed_into_a_topic(scene: Scene) -> None:
    session = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.tehran, date=TIR_1_1402
    )
    services.agenda_item_add(
        session=session, by=scene.secretary, title="بند <img src=x onerror=alert(1)> \u202eتازه"
    )
    text = feed(scene, "rss")
    assert "<img" not in text
    assert "&lt;img" not in text
    assert "\u202e" not in text


def test_the_feed_of_a_committee_that_does_not_exist_is_not_found(db: None) -> None:
    response = Client().get(reverse("committee:sessions-rss", args=["no-such-committee"]))
    assert response.status_code == 404
