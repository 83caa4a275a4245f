"""Hostile text in every field of the RSS and Atom feeds never reaches a reader as markup.

A feed reader renders RSS ``description`` and Atom ``summary type="html"`` as HTML; many render
titles and author names as HTML too. So the HTML fields must parse to text only, and every other
field must hold no ``<`` that an HTML parser would read as a tag, comment or declaration.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from jahesh.newsroom import services
from jahesh.newsroom.models import ArticleKind
from jahesh.portal import feeds
from jahesh.registry.models import Municipality, Role
from tests.leaps.factories import ProgrammeFactory
from tests.portal.conftest import make_article

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = [
    "&lt;img src=x onerror=alert(1)&gt;",
    "&#60;svg onload=alert(1)&#62;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "<img src=x onerror=alert(1)>",
    "<<img src=x>img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<!--<img src=x onerror=alert(1)>-->",
    "]]><img src=x onerror=alert(1)><![CDATA[",
    "<\u0640img src=x onerror=alert(1)>",
    "<\u202eimg src=x onerror=alert(1)>",
    "\u202egnp.exe",
]
TAG_OPENER = re.compile(r"<[A-Za-z!/?]")
OVERRIDES = re.compile("[\u202a-\u202e]")
# Fields a reader renders as HTML.
HTML_FIELDS = {"description", f"{ATOM}summary", f"{ATOM}content"}


class _MarkupFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.found.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self.found.append(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self.found.append("<!--")

    def handle_decl(self, decl: str) -> None:
        self.found.append("<!")

    def handle_pi(self, data: str) -> None:
        self.found.append("<?")

    def unknown_decl(self, data: str) -> None:
        self.found.append("<![")


def markup_in_html(fragment: str) -> list[str]:
    finder = _MarkupFinder()
    finder.feed(fragment)
    finder.close()
    return finder.found


def assert_no_markup(feed_xml: bytes) -> ET.Element:
    root = ET.fromstring(feed_xml)
    for element in root.iter():
        text = element.text or ""
        if element.tag in HTML_FIELDS:
            assert markup_in_html(text) == [], (element.tag, text)
        else:
            assert not TAG_OPENER.search(text), (element.tag, text)
        for name, value in element.attrib.items():
            assert not TAG_OPENER.search(value), (element.tag, name, value)
        assert not OVERRIDES.search(text), (element.tag, text)
    return root


def feed_paths(city: Municipality, programme_slug: str) -> list[str]:
    paths = [feeds.path_of(name, city.slug) for name in feeds.available()]
    base = f"/{city.slug}/programmes/{programme_slug}/feed/"
    return [*paths, base + "rss/", base + "atom/"]


@pytest.fixture
def programme(city_a: Municipality) -> Any:
    return ProgrammeFactory(municipality=city_a, slug="jahesh", name="جهش عمرانی")


def publish_through_services(city: Municipality, staff: Any, programme: Any, text: str) -> Any:
    article = services.article_create(
        by=staff["reporter"],
        municipality=city,
        kind=ArticleKind.NEWS,
        title=f"تیتر {text}",
        kicker=text,
        lead=f"لید {text}",
        body=f"متن {text}",
        reporter_name=f"گزارشگر {text}",
        programme=programme,
    )
    services.article_submit(by=staff["reporter"], article=article)
    services.article_approve(by=staff["editor"], article=article)
    now = timezone.now()
    [row] = services.article_schedule(by=staff["publisher"], article=article, at=now, now=now)
    services.dispatch_fire(dispatch_id=row.dispatch_id, now=now)
    return article


@pytest.fixture
def staff(city_a: Municipality, member_of: Any) -> dict[str, Any]:
    people = {
        "reporter": member_of(city_a, Role.REPORTER, "reporter"),
        "editor": member_of(city_a, Role.EDITOR, "editor"),
        "publisher": member_of(city_a, Role.PUBLISHER, "publisher"),
    }
    services.channel_create(
        by=people["publisher"], municipality=city_a, kind="portal", name="درگاه"
    )
    return people


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_typed_into_an_article_is_stored_without_markup(
    city_a: Municipality, staff: dict[str, Any], programme: Any, text: str
) -> None:
    article = publish_through_services(city_a, staff, programme, text)
    article.refresh_from_db()
    for value in (article.title, article.kicker, article.lead, article.body, article.byline):
        assert not TAG_OPENER.search(value), value
        assert not OVERRIDES.search(value), value


def test_a_typed_entity_stays_the_characters_typed_and_never_becomes_a_tag(
    city_a: Municipality, staff: dict[str, Any], programme: Any
) -> None:
    article = publish_through_services(city_a, staff, programme, "&lt;img src=x&gt; و a < b")
    article.refresh_from_db()
    assert article.lead == "لید &lt;img src=x&gt; و a < b"


@pytest.mark.parametrize("text", HOSTILE)
def test_every_feed_field_carries_hostile_text_typed_by_staff_as_text(
    client: Any, city_a: Municipality, staff: dict[str, Any], programme: Any, text: str
) -> None:
    publish_through_services(city_a, staff, programme, text)
    for path in feed_paths(city_a, programme.slug):
        response = client.get(path)
        assert response.status_code == 200, path
        root = assert_no_markup(response.content)
        assert "تیتر" in ET.tostring(root, encoding="unicode"), path


@pytest.mark.parametrize("text", HOSTILE)
def test_rows_that_hold_markup_from_before_are_still_emitted_as_text(
    client: Any, city_a: Municipality, programme: Any, text: str
) -> None:
    # Rows written before the cleaning rule, a user's own name and the names of the city and
    # the programme never went through the article's cleaning.
    author = get_user_model().objects.create(username="legacy", first_name=text)
    Municipality.objects.filter(pk=city_a.pk).update(name=text, outlet_name=text)
    type(programme).objects.filter(pk=programme.pk).update(name=text)
    make_article(
        city_a,
        text,
        slug="khabar",
        lead=text,
        programme=programme,
        reporter=author,
        reporter_name="",
    )
    make_article(city_a, f"دوم {text}", slug="dovom", lead=f"{text} لید", reporter_name=text)
    for path in feed_paths(city_a, programme.slug):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_markup(response.content)


def test_the_lead_reaches_a_reader_as_the_exact_text_stored(
    client: Any, city_a: Municipality, programme: Any
) -> None:
    make_article(city_a, "خبر", lead="الف & ب < ج &lt;b&gt;", programme=programme)
    rss = ET.fromstring(client.get(feeds.path_of("rss", city_a.slug)).content)
    atom = ET.fromstring(client.get(feeds.path_of("atom", city_a.slug)).content)
    description = rss.findtext("./channel/item/description") or ""
    summary = atom.find(f"{ATOM}entry/{ATOM}summary")
    assert summary is not None
    assert summary.get("type") == "html"
    for fragment in (description, summary.text or ""):
        assert markup_in_html(fragment) == []
        assert html.unescape(fragment) == "الف & ب < ج &lt;b&gt;"
