"""RSS 2.0 and Atom feeds of a committee's public sessions, linked from its public page.

Each item is one session as the public page shows it: its ordinal title, host and date, the
topics of its agenda and its public decisions. Text fields go through the newsroom's feed
cleaning (``plaintext.as_text``; ``as_html`` where the format reads HTML), so a title typed with
markup or a directional override cannot turn into a tag or reorder a reader's line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from jahesh import persian
from jahesh.committee.models import Committee, Session
from jahesh.committee.selectors import public_sessions
from jahesh.newsroom.plaintext import as_html, as_text

FEED_SIZE = 30


class CommitteeSessionsRssFeed(Feed):  # type: ignore[type-arg]
    """The latest public sessions of one committee, the newest number first."""

    feed_type = Rss201rev2Feed
    language = "fa"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Committee:
        committee = Committee.objects.filter(slug=kwargs["slug"]).first()
        if committee is None:
            raise Http404("این کمیته پیدا نشد.")
        return committee

    def title(self, obj: Committee) -> str:
        return as_text(f"نشست‌های {obj.name}")

    def link(self, obj: Committee) -> str:
        return reverse("committee:public", args=[obj.slug])

    def description(self, obj: Committee) -> str:
        return as_text(f"نشست‌ها، موضوع‌ها و تصمیم‌های عمومی {obj.name}")

    def items(self, obj: Committee) -> list[Session]:
        return public_sessions(committee=obj, limit=FEED_SIZE)

    def item_title(self, item: Session) -> str:
        host = f" به میزبانی {item.host.name}" if item.host else ""
        return as_text(
            f"{item.ordinal_title} ({persian.to_persian_digits(str(item.number))}){host}"
        )

    def item_description(self, item: Session) -> str:
        lines = []
        if item.date is not None:
            lines.append(f"تاریخ: {persian.format_jalali(item.date)}")
        topics = "؛ ".join(i.title for i in item.items.all())
        if topics:
            lines.append(f"موضوع‌ها: {topics}")
        # The attribute the prefetch of ``public_sessions`` fills.
        for r in getattr(item, "public_resolutions", []):
            lines.append(f"مصوبه {r.code}: {r.text}")
        return "<br>".join(as_html(line) for line in lines)

    def item_link(self, item: Session) -> str:
        return reverse("committee:public", args=[item.committee.slug]) + f"#session-{item.number}"

    def item_guid(self, item: Session) -> str:
        return f"jahesh:committee:{item.committee.slug}:{item.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Session) -> dt.datetime:
        if item.date is None:
            return item.created_at
        return timezone.make_aware(dt.datetime.combine(item.date, item.starts_at or dt.time(9)))

    def item_updateddate(self, item: Session) -> dt.datetime:
        return item.updated_at


class CommitteeSessionsAtomFeed(CommitteeSessionsRssFeed):
    feed_type = Atom1Feed  # type: ignore[assignment]

    def subtitle(self, obj: Committee) -> str:
        return self.description(obj)
