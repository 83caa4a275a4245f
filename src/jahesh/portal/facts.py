"""The public side of facts: a fact's page, and a text whose printed figures link to theirs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from jahesh.newsroom.models import Fact
from jahesh.newsroom.selectors import FactView
from jahesh.portal import links


def fact_path(city_slug: str, pk: int) -> str:
    return f"{links.city_path(city_slug)}facts/{pk}/"


def figure_links(text: str, facts: Sequence[Fact], city_slug: str) -> SafeString:
    """Escape ``text`` and link the first place each figure's printed words stand.

    Words two figures share (two kinds with «۲ پروژه») link to the first of them; the page of
    every figure is also listed under the article.
    """
    html: str = escape(text)
    taken: set[str] = set()
    for fact in facts:
        words = escape(fact.printed)
        if not words or words in taken:
            continue
        # «۴ پروژه» must not link inside «۱۴ پروژه» or «۱٬۲۰۴ پروژه».
        found = re.search(rf"(?<![\d٬]){re.escape(words)}", html)
        if found is None:
            continue
        taken.add(words)
        link = format_html(
            '<a class="figure" href="{}" title="ردیف‌های پشت این رقم">{}</a>',
            fact_path(city_slug, fact.pk),
            fact.printed,
        )
        html = html[: found.start()] + link + html[found.end() :]
    # Every piece above was escaped: the text, and the printed words inside format_html.
    return mark_safe(html)


def fact_title(view: FactView) -> str:
    return f"«{view.fact.printed}» در خبر {view.article.title}"
