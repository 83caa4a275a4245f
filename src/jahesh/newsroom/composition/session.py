"""The committee session report, in the genre of the corpus article."""

from __future__ import annotations

from jahesh import persian
from jahesh.newsroom.composition.facts import ComposedArticle, SessionFacts
from jahesh.newsroom.composition.phrases import count_of, join_fa, ordinal, publishable
from jahesh.newsroom.composition.programme import programme_sentence, programme_span

_ATTRIBUTIONS = ("او افزود:", "او ادامه داد:", "این مقام مسئول گفت:", "{position} تصریح کرد:")


def _summary(facts: SessionFacts) -> str:
    """«در سی‌ویکمین نشست … ۳ موضوع بررسی و ۲ مصوبه تصویب شد.», counted from the facts."""
    done = []
    if facts.topics:
        done.append(f"{count_of(len(facts.topics), 'موضوع')} بررسی")
    if facts.decisions:
        done.append(f"{count_of(len(facts.decisions), 'مصوبه')} تصویب")
    if not done:
        raise ValueError("session_report needs a statement, a topic or a decision")
    return f"در {ordinal(facts.session_number)} نشست {facts.committee_name} {' و '.join(done)} شد."


def _previous(facts: SessionFacts) -> str:
    city = facts.previous_session_city
    if facts.previous_session_topics is None:
        return (
            f"{facts.speaker_position} تصریح کرد: در نشست پیشین در "
            f"{city}، این موضوع بررسی و نظرات کلان‌شهرها گرفته شد."
        )
    if facts.previous_session_topics:
        return (
            f"{facts.speaker_position} تصریح کرد: {join_fa(list(facts.previous_session_topics))} "
            f"در نشست پیشین در {city} نیز بررسی شده بود."
        )
    return f"نشست پیشین این کمیته در {city} برگزار شده بود."


def _extraordinary(facts: SessionFacts) -> str:
    dates = facts.extraordinary_dates
    months: list[str] = []
    for day in sorted(d for d in dates if d is not None):
        month = persian.format_jalali(day, "month")
        if month not in months:
            months.append(month)
    when = f" در {join_fa(months)}" if months else ""
    planned = (
        "یک نشست فوق‌العاده" if len(dates) == 1 else f"{count_of(len(dates), 'نشست')} فوق‌العاده"
    )
    return f"{facts.speaker_position} گفت: در این نشست {planned}{when} پیش‌بینی شد."


def session_report(facts: SessionFacts) -> ComposedArticle:
    """A committee session told through one member's account, in the genre of the corpus."""
    first, *others = facts.statements or (_summary(facts),)
    kicker = f"{facts.speaker_position}:"
    title = facts.headline or (facts.topics[0] if facts.topics else first)
    lead = f"{facts.speaker_position} گفت: {first}"
    topics = join_fa(list(facts.topics))
    hosted = f" به میزبانی {facts.host}" if facts.host else ""
    opening = (
        f"به گزارش {facts.outlet_name}، {facts.speaker_name} در "
        f"{ordinal(facts.session_number)} نشست {facts.committee_name} که{hosted} "
        "برگزار شد، اظهار کرد:"
    )
    paragraphs = [
        f"{opening} مباحثی که در این نشست بررسی شد، {topics} بود."
        if topics
        else f"{opening} {first}"
    ]
    previous_told = not facts.previous_session_city
    for index, statement in enumerate(others):
        attribution = _ATTRIBUTIONS[index % len(_ATTRIBUTIONS)].format(
            position=facts.speaker_position, surname=facts.speaker_surname
        )
        paragraphs.append(f"{attribution} {statement}")
        if not previous_told:
            paragraphs.append(_previous(facts))
            previous_told = True
    if not previous_told:
        paragraphs.append(_previous(facts))
    if facts.decisions:
        paragraphs.append(
            f"او درباره مصوبات این نشست گفت: {count_of(len(facts.decisions), 'مصوبه')} "
            f"به تصویب رسید: {'؛ '.join(d.rstrip('.') for d in facts.decisions)}."
        )
    if facts.programme is not None:
        programme = facts.programme
        started = facts.programme_started_in or programme_span(programme)[0]
        paragraphs.append(
            f"{facts.speaker_surname} خاطرنشان کرد: اجرای این مدل در شهرداری "
            f"{programme.city_name} با عنوان {programme.programme_name} از {started} آغاز شد که "
            + programme_sentence(programme, place="این کلان‌شهر")
        )
    if facts.extraordinary_dates:
        paragraphs.append(_extraordinary(facts))
    if facts.next_steps:
        paragraphs.append(f"{facts.speaker_position} گفت: {facts.next_steps}")
    return publishable(
        ComposedArticle(
            kind="session_report",
            kicker=kicker,
            title=title,
            lead=lead,
            body="\n".join(paragraphs),
        )
    )
