"""The demo city's newsroom: articles composed from the demo programme, drafted and published.

Built through the services and the composers, as the city stands on ``today``: each held wave
has its announcement and its report published (backdated, on the portal only), the wave under
way has its announcement published and its report waiting for review, the
programme has its cumulative report, and the mayor's office has its agenda for the next wave
day. An illustrative committee session report (made-up people) waits as a draft. Running it
again adds nothing that is already there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jahesh import persian
from jahesh.leaps.models import Programme, Wave, WaveStatus
from jahesh.newsroom import composition, selectors, services
from jahesh.newsroom.composition import TEHRAN
from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus, Channel, ChannelKind
from jahesh.registry.models import Municipality, Official, OfficialKind
from jahesh.registry.services import system_actor_ensure


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def _say(stdout: Writer | None, text: str) -> None:
    if stdout is not None:
        stdout.write(persian.to_persian_digits(text))


def _people(municipality: Municipality) -> tuple[Any, Any, Any] | None:
    """The demo's reporter, editor and publisher, when the city has them."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=("reporter", "editor", "publisher"),
            memberships__municipality=municipality,
        )
    }
    if len(users) < 3:
        return None
    return users["reporter"], users["editor"], users["publisher"]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=TEHRAN)


def _exists(municipality: Municipality, kind: str, wave: Wave | None = None, **extra: Any) -> bool:
    rows = Article.objects.filter(municipality=municipality, kind=kind, **extra)
    if wave is not None:
        rows = rows.filter(waves=wave)
    return rows.exists()


def _write(
    *,
    municipality: Municipality,
    people: tuple[Any, Any, Any] | None,
    composed: composition.ComposedArticle,
    publish_at: dt.datetime | None,
    review: bool = False,
    waves: tuple[Wave, ...] = (),
    programme: Programme | None = None,
    wave_facts: composition.WaveFacts | None = None,
) -> Article:
    system = system_actor_ensure()
    reporter = people[0] if people else system
    article = services.article_create_composed(
        by=reporter, municipality=municipality, composed=composed, waves=waves, programme=programme
    )
    if wave_facts is not None and waves:
        services.facts_record(article=article, composed=composed, facts=wave_facts, wave=waves[0])
    if people is None or not (review or publish_at):
        return article
    _, editor, publisher = people
    services.article_submit(by=reporter, article=article)
    if publish_at is None:
        return article
    services.article_approve(by=editor, article=article, at=publish_at)
    return services.article_record_published(by=publisher, article=article, at=publish_at)


def _ensure_channels(municipality: Municipality) -> None:
    system = system_actor_ensure()
    for kind, name in ((ChannelKind.PORTAL, "درگاه عمومی"), (ChannelKind.FEED, "خوراک خبر")):
        if not Channel.objects.filter(municipality=municipality, kind=kind).exists():
            services.channel_create(by=system, municipality=municipality, kind=kind, name=name)


def _session_facts(programme_facts: composition.ProgrammeFacts) -> composition.SessionFacts:
    city = programme_facts.city_name
    return composition.SessionFacts(
        outlet_name="خبرگزاری نمونه",
        committee_name="کمیته ارتباطات مجمع شهرداران کلان‌شهرها (نمونه نمایشی)",
        session_number=31,
        host="مرکز ارتباطات شهرداری میزبان",
        speaker_name="سارا نمونه",
        speaker_surname="نمونه",
        speaker_position=f"مدیرکل ارتباطات شهرداری {city}",
        topics=(
            "بررسی پیش‌نویس ساختار سازمانی ادارات کل ارتباطات شهرداری‌ها",
            "تعریف واژه‌های تازه حوزه ارتباطات",
        ),
        statements=(
            "بازگو کردن هم‌زمان دستاوردهای شهری برای مردم، امید را در جامعه زنده نگه می‌دارد.",
            "ساختار کنونی روابط عمومی‌ها پاسخگوی ابزارهای تازه اطلاع‌رسانی نیست.",
        ),
        headline="جهش عمرانی، دستاوردها را هم‌زمان به مردم می‌رساند",
        next_steps="پس از جمع‌بندی نظرات شهرها، پیش‌نویس برای تصویب به مراجع ذی‌ربط فرستاده می‌شود.",
        programme=programme_facts,
    )


@transaction.atomic
def build_demo_newsroom(
    *, municipality: Municipality, stdout: Writer | None = None, today: dt.date | None = None
) -> int:
    """Compose and store the demo articles of ``municipality`` as it stands on ``today`` (Tehran's
    today by default) once; return how many were added."""
    as_of = today or timezone.localdate()
    people = _people(municipality)
    _ensure_channels(municipality)
    before = Article.objects.filter(municipality=municipality).count()
    for programme in Programme.objects.filter(municipality=municipality).order_by("pk"):
        waves = list(Wave.objects.filter(programme=programme).order_by("number"))
        for wave in waves:
            facts = selectors.wave_facts(wave=wave)
            if not facts.projects:
                continue
            held = wave.status == WaveStatus.HELD or wave.end_date < as_of
            announced = held or wave.status == WaveStatus.ANNOUNCED
            # An announcement is written two days ahead; one for a wave not yet announced is a
            # draft written today, which only makes sense while the wave is still to come.
            announce_on = wave.start_date - dt.timedelta(days=2) if announced else as_of
            if announce_on <= wave.end_date and not _exists(
                municipality, ArticleKind.WAVE_ANNOUNCEMENT, wave
            ):
                _write(
                    municipality=municipality,
                    people=people,
                    composed=composition.wave_announcement(facts, written_on=announce_on),
                    publish_at=_at(announce_on, 10) if announced else None,
                    waves=(wave,),
                    wave_facts=facts,
                )
            if announced and not _exists(municipality, ArticleKind.WAVE_REPORT, wave):
                _write(
                    municipality=municipality,
                    people=people,
                    composed=composition.wave_report(facts),
                    publish_at=_at(wave.end_date, 18) if held else None,
                    review=True,
                    waves=(wave,),
                    wave_facts=facts,
                )
        programme_facts = selectors.programme_facts(programme=programme, as_of=as_of)
        if programme_facts.waves and not _exists(
            municipality, ArticleKind.PROGRAMME_REPORT, programme=programme
        ):
            _write(
                municipality=municipality,
                people=people,
                composed=composition.programme_report(programme_facts),
                # Never in the future, so the report is on the portal as soon as the demo is.
                publish_at=min(_at(as_of, 9), max(timezone.now(), _at(as_of, 0))),
                programme=programme,
            )
        upcoming = [w for w in waves if w.end_date >= as_of]
        mayor = (
            Official.objects.filter(municipality=municipality, kind=OfficialKind.MAYOR)
            .order_by("-rank")
            .first()
        )
        if upcoming and mayor and not _exists(municipality, ArticleKind.AGENDA):
            agenda = selectors.agenda_facts(official=mayor, day=max(upcoming[0].start_date, as_of))
            if agenda.entries:
                _write(
                    municipality=municipality,
                    people=people,
                    composed=composition.daily_agenda(agenda),
                    publish_at=None,
                )
        if programme_facts.waves and not _exists(municipality, ArticleKind.SESSION_REPORT):
            _write(
                municipality=municipality,
                people=people,
                composed=composition.session_report(_session_facts(programme_facts)),
                publish_at=None,
            )
    added = Article.objects.filter(municipality=municipality).count() - before
    published = Article.objects.filter(
        municipality=municipality, status=ArticleStatus.PUBLISHED
    ).count()
    _say(stdout, f"اتاق خبر: {added} مطلب تازه؛ {published} مطلب منتشرشده در درگاه.")
    return added
