"""The daily agenda of one official (the mayor's office)."""

from __future__ import annotations

from jahesh import persian
from jahesh.newsroom.composition.facts import (
    COMMISSIONING,
    GROUNDBREAKING,
    INAUGURATION,
    AgendaFacts,
    ComposedArticle,
)
from jahesh.newsroom.composition.phrases import clock, count_of, publishable

KIND_NOUNS = {
    INAUGURATION: "افتتاح",
    COMMISSIONING: "بهره‌برداری از",
    GROUNDBREAKING: "آغاز عملیات اجرایی",
}


def daily_agenda(facts: AgendaFacts) -> ComposedArticle:
    """The mayor's office agenda for one day, in time order."""
    entries = sorted(facts.entries, key=lambda e: (e.start, e.title))
    day = persian.format_jalali(facts.day)
    kicker = "دستور کار روزانه"
    title = f"برنامه {facts.official_position} {facts.official_name} در روز {day}"
    if not entries:
        lead = f"برای {facts.official_position} در روز {day} آیینی در برنامه نیست."
        return publishable(
            ComposedArticle(kind="agenda", kicker=kicker, title=title, lead=lead, body="")
        )
    districts = {e.district for e in entries if e.district}
    where = f" در {count_of(len(districts), 'منطقه')}" if districts else ""
    lead = (
        f"{count_of(len(entries), 'آیین')}{where}، از ساعت {clock(entries[0].start)} "
        f"تا {clock(max(e.end for e in entries))}."
    )
    lines = []
    for entry in entries:
        parts = [f"{KIND_NOUNS.get(entry.kind, '')} «{entry.title}»".strip()]
        if entry.district:
            parts.append(entry.district)
        if entry.venue:
            parts.append(f"محل: {entry.venue}")
        lines.append(f"ساعت {clock(entry.start)} تا {clock(entry.end)} — {'، '.join(parts)}")
    return publishable(
        ComposedArticle(kind="agenda", kicker=kicker, title=title, lead=lead, body="\n".join(lines))
    )
