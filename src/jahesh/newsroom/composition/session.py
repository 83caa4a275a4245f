"""The committee session report, in the genre of the corpus article."""

from __future__ import annotations

from jahesh.newsroom.composition.facts import ComposedArticle, SessionFacts
from jahesh.newsroom.composition.phrases import join_fa, ordinal, publishable
from jahesh.newsroom.composition.programme import programme_sentence, programme_span

_ATTRIBUTIONS = ("او افزود:", "او ادامه داد:", "این مقام مسئول گفت:", "{position} تصریح کرد:")


def session_report(facts: SessionFacts) -> ComposedArticle:
    """A committee session told through one member's account, in the genre of the corpus."""
    if not facts.statements:
        raise ValueError("session_report needs at least one statement")
    first, *others = facts.statements
    kicker = f"{facts.speaker_position}:"
    title = facts.headline or (facts.topics[0] if facts.topics else first)
    lead = f"{facts.speaker_position} گفت: {first}"
    topics = join_fa(list(facts.topics))
    opening = (
        f"به گزارش {facts.outlet_name}، {facts.speaker_name} در "
        f"{ordinal(facts.session_number)} نشست {facts.committee_name} که به میزبانی "
        f"{facts.host} برگزار شد، اظهار کرد:"
    )
    paragraphs = [
        f"{opening} مباحثی که در این نشست بررسی شد، {topics} بود."
        if topics
        else f"{opening} {first}"
    ]
    for index, statement in enumerate(others):
        attribution = _ATTRIBUTIONS[index % len(_ATTRIBUTIONS)].format(
            position=facts.speaker_position, surname=facts.speaker_surname
        )
        paragraphs.append(f"{attribution} {statement}")
        if index == 0 and facts.previous_session_city:
            paragraphs.append(
                f"{facts.speaker_position} تصریح کرد: در نشست پیشین در "
                f"{facts.previous_session_city}، این موضوع بررسی و نظرات کلان‌شهرها گرفته شد."
            )
    if facts.programme is not None:
        programme = facts.programme
        started = facts.programme_started_in or programme_span(programme)[0]
        paragraphs.append(
            f"{facts.speaker_surname} خاطرنشان کرد: اجرای این مدل در شهرداری "
            f"{programme.city_name} با عنوان {programme.programme_name} از {started} آغاز شد که "
            + programme_sentence(programme, place="این کلان‌شهر")
        )
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
