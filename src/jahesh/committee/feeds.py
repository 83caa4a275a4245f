"""RSS 2.0 and Atom feeds of a committee's public sessions and published reports, linked from its
public page.

A session item is the session as the public page shows it: its ordinal title, host and date, the
topics of its agenda and its public decisions. A report item is a session report the committee
published (the page's «گزارش نشست‌ها»): its title, lead and text, dated when it was published; an
unpublished report is never an item. Both kinds are merged newest first, ``FEED_SIZE`` in all.

Text fields go through the newsroom's feed cleaning (``plaintext.as_text``; ``as_html`` where the
format reads HTML), so a title typed with markup or a directional override cannot turn into a tag
or reorder a reader's line.
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
from jahesh.committee.models import Committee, Session, SessionReport
from jahesh.committee.selectors import public_reports, public_sessions
from jahesh.newsroom.plaintext import as_html, as_text

FEED_SIZE = 30

Item = Session | SessionReport


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
        return as_text(f"نشست‌ها، موضوع‌ها، تصمیم‌های عمومی و گزارش‌های نشست {obj.name}")

    def items(self, obj: Committee) -> list[Item]:
        reports = public_reports(committee=obj)[:FEED_SIZE]
        for report in reports:
            report.session.committee = obj
        merged: list[Item] = [*public_sessions(committee=obj, limit=FEED_SIZE), *reports]
        merged.sort(key=self.item_pubdate, reverse=True)
        return merged[:FEED_SIZE]

    def item_title(self, item: Item) -> str:
        if isinstance(item, SessionReport):
            return as_text(f"گزارش {self._session_name(item.session)}: {item.title}")
        host = f" به میزبانی {item.host.name}" if item.host else ""
        return as_text(f"{self._session_name(item)}{host}")

    @staticmethod
    def _session_name(session: Session) -> str:
        return f"{session.ordinal_title} ({persian.to_persian_digits(str(session.number))})"

    def item_description(self, item: Item) -> str:
        if isinstance(item, SessionReport):
            lines = [item.lead, *item.paragraphs] if item.lead else item.paragraphs
            return "".join(f"<p>{as_html(line)}</p>" for line in lines)
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

    def item_link(self, item: Item) -> str:
        if isinstance(item, SessionReport):
            session = item.session
            return reverse("committee:public", args=[session.committee.slug]) + (
                f"#report-{session.number}"
            )
        return reverse("committee:public", args=[item.committee.slug]) + f"#session-{item.number}"

    def item_guid(self, item: Item) -> str:
        # A session's guid is its number; a report is one per session, so the number again.
        if isinstance(item, SessionReport):
            return f"jahesh:committee:{item.session.committee.slug}:{item.session.number}:report"
        return f"jahesh:committee:{item.committee.slug}:{item.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Item) -> dt.datetime:
        if isinstance(item, SessionReport):
            # ``public()`` keeps only published reports, so ``published_at`` is set.
            return item.published_at or item.updated_at
        if item.date is None:
            return item.created_at
        return timezone.make_aware(dt.datetime.combine(item.date, item.starts_at or dt.time(9)))

    def item_updateddate(self, item: Item) -> dt.datetime:
        return item.updated_at


class CommitteeSessionsAtomFeed(CommitteeSessionsRssFeed):
    feed_type = Atom1Feed  # type: ignore[assignment]

    def subtitle(self, obj: Committee) -> str:
        return self.description(obj)
