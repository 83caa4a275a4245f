"""The committee's RSS and Atom feeds of its public sessions and published session reports,
linked from its public page."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from io import StringIO
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from jahesh.committee import feeds, services
from jahesh.committee.models import Session, SessionReport, SessionStatus
from tests.committee.conftest import TIR_1_1402, Scene
from tests.committee.test_reports import written_31
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


# ---- the session reports ----------------------------------------------------------------------


def _published_31(scene: Scene) -> SessionReport:
    session = written_31(scene)
    at = dt.datetime(2023, 6, 25, 10, 30, tzinfo=dt.UTC)  # 4 Tir 1402, after the session
    return services.session_report_publish(session=session, by=scene.secretary, at=at)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_unpublished_report_is_never_an_item(scene: Scene, kind: str) -> None:
    written_31(scene)
    report = SessionReport.objects.get()
    text = feed(scene, kind)
    assert "سی‌ویکمین نشست (۳۱)" in text  # the session itself is there
    assert f"jahesh:committee:{scene.committee.slug}:31:report" not in text
    assert "#report-31" not in text
    # The title is one of the session's topics; the lead and the text are the report's own.
    assert report.lead
    assert report.lead not in text
    assert report.paragraphs[-1] not in text
    assert "گزارش سی‌ویکمین" not in text


def test_a_published_report_is_an_rss_item_with_a_stable_guid_and_an_rfc_date(
    scene: Scene,
) -> None:
    report = _published_31(scene)
    root = ElementTree.fromstring(feed(scene, "rss"))
    items = {i.findtext("guid"): i for i in root.iter("item")}
    guid = f"jahesh:committee:{scene.committee.slug}:31:report"
    item = items[guid]
    assert item.find("guid").get("isPermaLink") == "false"  # type: ignore[union-attr]
    assert item.findtext("title") == f"گزارش سی‌ویکمین نشست (۳۱): {report.title}"
    assert item.findtext("link", "").endswith(
        reverse("committee:public", args=[scene.committee.slug]) + "#report-31"
    )
    # RFC 822 with Latin digits and English names, as readers parse it: no Jalali, no ۰-۹.
    assert item.findtext("pubDate") == "Sun, 25 Jun 2023 10:30:00 +0000"
    description = item.findtext("description", "")
    assert report.lead in description
    assert report.paragraphs[0] in description
    # The session keeps its own item, and publishing again changes nothing.
    assert f"jahesh:committee:{scene.committee.slug}:31" in items
    services.session_report_publish(session=report.session, by=scene.secretary)
    again = ElementTree.fromstring(feed(scene, "rss"))
    assert [i.findtext("guid") for i in again.iter("item")].count(guid) == 1
    assert (
        next(i for i in again.iter("item") if i.findtext("guid") == guid).findtext("pubDate")
        == "Sun, 25 Jun 2023 10:30:00 +0000"
    )


def test_a_published_report_is_an_atom_entry_with_its_id_and_rfc3339_dates(scene: Scene) -> None:
    report = _published_31(scene)
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(feed(scene, "atom"))
    entries = {e.findtext(f"{atom}id"): e for e in root.iter(f"{atom}entry")}
    entry = entries[f"jahesh:committee:{scene.committee.slug}:31:report"]
    assert entry.findtext(f"{atom}title") == f"گزارش سی‌ویکمین نشست (۳۱): {report.title}"
    assert entry.findtext(f"{atom}published") == "2023-06-25T10:30:00+00:00"


def test_a_report_of_a_cancelled_session_is_not_an_item(scene: Scene) -> None:
    report = _published_31(scene)
    Session.objects.filter(pk=report.session_id).update(status=SessionStatus.CANCELLED)
    assert ":31:report" not in feed(scene, "rss")


def test_the_items_are_newest_first_and_at_most_feed_size(scene: Scene) -> None:
    _published_31(scene)
    root = ElementTree.fromstring(feed(scene, "rss"))
    dates = [parsedate_to_datetime(i.findtext("pubDate", "")) for i in root.iter("item")]
    assert dates == sorted(dates, reverse=True)
    assert 1 < len(dates) <= feeds.FEED_SIZE


def test_the_static_export_writes_the_report_into_the_committees_feeds(
    scene: Scene, tmp_path: Path, settings: Any
) -> None:
    settings.SITE_URL = "https://example.org"
    report = _published_31(scene)
    root = tmp_path / "site"
    call_command("export_site", str(root), "--jobs", "1", stdout=StringIO())
    for kind in ("rss", "atom"):
        address = reverse(f"committee:sessions-{kind}", args=[scene.committee.slug])
        text = (root / address.lstrip("/")).read_text()
        assert f"jahesh:committee:{scene.committee.slug}:31:report" in text
        assert report.title in text
