"""Composed Persian texts: golden files per genre, grammar of numbers, agreement with the rows.

Set JAHESH_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change of wording,
then read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from jahesh import persian
from jahesh.newsroom import composition, selectors
from jahesh.newsroom.composition import (
    AgendaEntry,
    AgendaFacts,
    OfficialFacts,
    ProgrammeFacts,
    ProjectFacts,
    SessionFacts,
    WaveFacts,
    WaveSummary,
)

GOLDEN = Path(__file__).parent / "golden"
TEHRAN = composition.TEHRAN


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("JAHESH_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"golden file {path.name} is missing; run with JAHESH_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def assert_publishable(article: composition.ComposedArticle) -> None:
    for text in (article.kicker, article.title, article.lead, article.body):
        assert text == persian.normalize_for_publish(text) or "\n" in text
        for line in text.split("\n"):
            assert line == persian.normalize_for_publish(line)
        assert "ي" not in text
        assert "ك" not in text
        assert not any(ch in text for ch in "0123456789")


PROJECTS = (
    ProjectFacts(
        "تقاطع غیرهم‌سطح معالی‌آباد",
        "inauguration",
        3_200_000_000_000,
        "منطقه ۱",
        ("راه و تقاطع",),
        "معاونت فنی و عمرانی",
        length_m=2400,
        is_headline=True,
    ),
    ProjectFacts(
        "بوستان نرگس",
        "commissioning",
        150_000_000_000,
        "منطقه ۳",
        ("فضای سبز",),
        area_m2=25_000,
        is_headline=True,
    ),
    ProjectFacts("سالن ورزشی محله", "groundbreaking", 90_000_000_000, "منطقه ۳", ("ورزش",)),
    ProjectFacts("پیاده‌راه مرکزی", "inauguration", 10_000_000_000, "", ("راه و تقاطع",)),
    ProjectFacts(
        "روکش آسفالت محله سعدی", "inauguration", 40_000_000_000, "منطقه ۷", ("راه و تقاطع",)
    ),
    ProjectFacts("بوستان محله‌ای یاس", "inauguration", 30_000_000_000, "منطقه ۷", ("فضای سبز",)),
)

WAVE = WaveFacts(
    city_name="شیراز",
    outlet_name="خبرگزاری نمونه",
    programme_name="جهش عمرانی",
    wave_noun="مرحله",
    number=9,
    start_date=dt.date(2023, 2, 2),
    end_date=dt.date(2023, 2, 2),
    projects=PROJECTS,
    officials=(
        OfficialFacts("علی احمدی", "شهردار شیراز", 90),
        OfficialFacts("حسن کریمی", "وزیر کشور", 100),
    ),
    occasion="دهه فجر",
    spokesman="مریم رضایی",
    headline_cap=3,
)


def test_wave_announcement_golden():
    article = composition.wave_announcement(WAVE, written_on=dt.date(2023, 1, 31))
    assert_publishable(article)
    assert "طی روزهای آتی خبر داد" in article.lead
    assert_golden("wave_announcement", article.as_text())


def test_wave_report_golden():
    article = composition.wave_report(WAVE)
    assert_publishable(article)
    assert_golden("wave_report", article.as_text())


def test_wave_report_names_the_highest_official_and_the_total_credit():
    article = composition.wave_report(WAVE)
    total = sum(p.credit_rial for p in PROJECTS)
    assert persian.credit_phrase(total) in article.lead
    assert "حسن کریمی، وزیر کشور" in article.lead
    assert "علی احمدی" not in article.lead
    assert "افتتاح ۴ پروژه، بهره‌برداری از یک پروژه و آغاز عملیات اجرایی یک پروژه" in article.lead


def test_wave_report_tells_two_to_five_flagships_with_their_own_figures():
    article = composition.wave_report(WAVE)
    assert article.headline_titles == ("تقاطع غیرهم‌سطح معالی‌آباد", "بوستان نرگس")
    assert "به طول ۲٫۴ کیلومتر" in article.body
    assert "به مساحت ۲٫۵ هکتار" in article.body
    assert persian.credit_phrase(3_200_000_000_000) in article.body
    unflagged = WaveFacts(
        **{
            **_fields(WAVE),
            "projects": tuple(
                ProjectFacts(p.title, p.kind, p.credit_rial, p.district, p.sectors)
                for p in PROJECTS
            ),
        }
    )
    titles = composition.wave_report(unflagged).headline_titles
    assert 2 <= len(titles) <= 3
    assert titles[0] == "تقاطع غیرهم‌سطح معالی‌آباد"


def test_wave_report_bundles_the_rest_by_district_as_counts():
    body = composition.wave_report(WAVE).body
    assert "۴ پروژه دیگر این مرحله به تفکیک منطقه:" in body
    assert "منطقه ۷ با ۲ پروژه" in body
    assert "منطقه ۳ با یک پروژه" in body
    assert "یک پروژه فرامنطقه‌ای" in body


def _fields(facts):
    return {name: getattr(facts, name) for name in facts.__dataclass_fields__}


ORDINALS = {
    1: "نخستین",
    2: "دومین",
    9: "نهمین",
    10: "دهمین",
    21: "بیست‌ویکمین",
    31: "سی‌ویکمین",
    100: "صدمین",
}


@pytest.mark.parametrize("n", sorted(ORDINALS))
def test_ordinal_wave_number_and_counts_agree_for(n):
    projects = tuple(
        ProjectFacts(f"پروژه {i}", "inauguration", 10_000_000_000, "منطقه ۱", ("راه",))
        for i in range(n)
    )
    facts = WaveFacts(**{**_fields(WAVE), "number": n, "projects": projects})
    report = composition.wave_report(facts)
    assert f"{ORDINALS[n]} مرحله جهش عمرانی" in report.lead
    expected_count = "یک پروژه" if n == 1 else f"{persian.to_persian_digits(str(n))} پروژه"
    assert report.title.startswith(f"{expected_count} با ")
    assert f"افتتاح {expected_count} " in report.lead
    if n == 1:
        assert "پروژه شاخص این مرحله:" in report.body
        assert "این پروژه در حوزه راه" in report.body
    else:
        assert "پروژه‌های شاخص این مرحله:" in report.body
    assert_publishable(report)
    announcement = composition.wave_announcement(facts, written_on=facts.start_date)
    assert f"{ORDINALS[n]} مرحله جهش عمرانی با {expected_count} " in announcement.title
    assert ("پروژه شاخص این مرحله" if n == 1 else "پروژه‌های شاخص این مرحله") in (announcement.body)
    assert_publishable(announcement)


@pytest.mark.parametrize("n", sorted(ORDINALS))
def test_programme_report_counts_waves_for(n):
    waves = tuple(
        WaveSummary(i + 1, dt.date(2023, 2, 2) + dt.timedelta(days=7 * i), 2, 20_000_000_000)
        for i in range(n)
    )
    facts = ProgrammeFacts(
        city_name="شیراز",
        outlet_name="خبرگزاری نمونه",
        programme_name="جهش عمرانی",
        wave_noun="مرحله",
        as_of=waves[-1].start_date + dt.timedelta(days=60),
        waves=waves,
    )
    report = composition.programme_report(facts)
    expected = "یک مرحله" if n == 1 else f"{persian.to_persian_digits(str(n))} مرحله"
    assert f"تاکنون {expected} جهش عمرانی" in report.lead
    assert persian.credit_phrase(20_000_000_000 * n) in report.title
    assert f"{ORDINALS[n]} مرحله" in report.body
    assert_publishable(report)


def shiraz_programme(as_of: dt.date) -> ProgrammeFacts:
    starts = [
        persian.parse_jalali(d)
        for d in (
            "1401/11/13",
            "1401/11/27",
            "1401/12/11",
            "1401/12/25",
            "1402/01/24",
            "1402/02/07",
            "1402/02/21",
            "1402/03/04",
            "1402/03/18",
        )
    ]
    return ProgrammeFacts(
        city_name="شیراز",
        outlet_name="خبرگزاری نمونه",
        programme_name="جهش عمرانی",
        wave_noun="مرحله",
        as_of=as_of,
        waves=tuple(
            WaveSummary(i + 1, day, 8 + i, (100 + 10 * i) * 10_000_000_000)
            for i, day in enumerate(starts)
        ),
        counts_by_kind=(("inauguration", 60), ("commissioning", 28), ("groundbreaking", 20)),
        first_occasion="آغاز دهه فجر",
    )


def test_programme_report_golden_and_its_span_is_computed():
    facts = shiraz_programme(persian.parse_jalali("1402/04/03"))
    report = composition.programme_report(facts)
    assert (
        "تاکنون ۹ مرحله جهش عمرانی در شهر شیراز از بهمن ۱۴۰۱ هم‌زمان با آغاز دهه فجر "
        "تا پایان خرداد ۱۴۰۲ تعریف و اجرا شده است." in report.lead
    )
    assert facts.project_count == sum(8 + i for i in range(9))
    assert persian.credit_phrase(facts.credit_rial) in report.title
    assert_publishable(report)
    assert_golden("programme_report", report.as_text())


def test_programme_span_does_not_claim_a_month_that_is_not_over():
    facts = shiraz_programme(persian.parse_jalali("1402/03/20"))
    lead = composition.programme_report(facts).lead
    assert "تا پایان خرداد" not in lead
    assert "تا ۱۸ خرداد ۱۴۰۲" in lead


def test_daily_agenda_golden():
    day = dt.date(2023, 2, 2)

    def at(hour, minute=0):
        return dt.datetime(2023, 2, 2, hour, minute, tzinfo=TEHRAN)

    facts = AgendaFacts(
        official_name="علی احمدی",
        official_position="شهردار",
        day=day,
        entries=(
            AgendaEntry(
                at(10, 30), at(11, 30), "commissioning", "بوستان نرگس", "منطقه ۳", "ورودی شمالی"
            ),
            AgendaEntry(at(9), at(10), "inauguration", "تقاطع معالی‌آباد", "منطقه ۱"),
            AgendaEntry(at(12), at(12, 45), "groundbreaking", "سالن ورزشی محله", "منطقه ۳"),
        ),
    )
    article = composition.daily_agenda(facts)
    assert_publishable(article)
    assert article.body.split("\n")[0].startswith("ساعت ۹:۰۰ تا ۱۰:۰۰")
    assert_golden("daily_agenda", article.as_text())
    empty = composition.daily_agenda(AgendaFacts("علی احمدی", "شهردار", day, ()))
    assert "آیینی در برنامه نیست" in empty.lead


def corpus_session() -> SessionFacts:
    return SessionFacts(
        outlet_name="حافظ خبر",
        committee_name="کمیته ارتباطات و امور بین‌الملل مجمع شهرداران کلان‌شهرهای ایران",
        session_number=31,
        host="مرکز ارتباطات و امور بین‌الملل شهرداری تهران",
        speaker_name="رضا جاویدی",
        speaker_surname="جاویدی",
        speaker_position="مدیرکل ارتباطات و امور بین‌الملل شهرداری شیراز",
        topics=(
            "تهیه پیش‌نویس ساختار سازمانی ادارات کل ارتباطات و امور بین‌الملل شهرداری‌ها",
            "بررسی شرح وظایف و تعریف واژه‌های تازه این حوزه",
        ),
        statements=(
            "امروز شهر شیراز در بحث امیدآفرینی با ابتکار عمل شهردار این کلان‌شهر پیشتاز است.",
            "ساختار فعلی روابط عمومی‌های شهرداری‌های کلان‌شهرها پاسخگوی نیازهای تازه نیست.",
            "دستاوردهای شهرداری‌ها باید با یک دستور کار مشخص و هم‌زمان برای مردم بازگو شود.",
        ),
        headline="جهش عمرانی مصداق امیدآفرینی به جامعه",
        previous_session_city="یزد",
        next_steps=(
            "جلسات فوق‌العاده‌ای در تیرماه پیش‌بینی شد تا پس از جمع‌بندی نظرات، شرح وظایف ساختار "
            "پیشنهادی برای تصویب به مراجع ذی‌ربط ارائه شود."
        ),
        programme=shiraz_programme(persian.parse_jalali("1402/04/03")),
        programme_started_in="بهمن سال گذشته",
    )


def test_session_report_in_the_genre_of_the_corpus_golden():
    article = composition.session_report(corpus_session())
    assert_publishable(article)
    assert article.kicker == "مدیرکل ارتباطات و امور بین‌الملل شهرداری شیراز:"
    assert article.lead.startswith("مدیرکل ارتباطات و امور بین‌الملل شهرداری شیراز گفت:")
    assert "به گزارش حافظ خبر، رضا جاویدی در سی‌ویکمین نشست" in article.body
    assert "تاکنون ۹ مرحله جهش عمرانی در این کلان‌شهر از بهمن ۱۴۰۱" in article.body
    assert "تا پایان خرداد ۱۴۰۲ تعریف و اجرا شده است." in article.body
    assert_golden("session_report", article.as_text())


def test_wave_facts_from_the_database_agree_with_the_rows(wave_scene):
    facts = selectors.wave_facts(wave=wave_scene.wave)
    assert len(facts.projects) == len(wave_scene.ceremonies)
    assert sum(p.credit_rial for p in facts.projects) == wave_scene.total_credit
    assert facts.occasion == "دهه فجر"
    report = composition.wave_report(facts)
    assert persian.credit_phrase(wave_scene.total_credit) in report.lead
    assert "حسن کریمی، وزیر کشور" in report.lead
    assert "نهمین مرحله جهش عمرانی" in report.lead
    assert_publishable(report)


def test_cancelled_ceremonies_leave_the_report(wave_scene):
    cancelled = wave_scene.ceremonies[0]
    cancelled.status = "cancelled"
    cancelled.save()
    facts = selectors.wave_facts(wave=wave_scene.wave)
    assert len(facts.projects) == len(wave_scene.ceremonies) - 1
    assert sum(p.credit_rial for p in facts.projects) == (
        wave_scene.total_credit - cancelled.project.credit_rial
    )


def test_a_project_kept_off_the_portal_stays_out_of_the_composed_report(wave_scene):
    hidden = wave_scene.ceremonies[1].project
    hidden.is_public = False
    hidden.save()
    facts = selectors.wave_facts(wave=wave_scene.wave)
    assert hidden.title not in [p.title for p in facts.projects]
    assert sum(p.credit_rial for p in facts.projects) == (
        wave_scene.total_credit - hidden.credit_rial
    )
    report = composition.wave_report(facts)
    assert hidden.title not in report.as_text()
    programme = selectors.programme_facts(
        programme=wave_scene.programme, as_of=wave_scene.wave.end_date
    )
    assert programme.waves[0].project_count == len(wave_scene.ceremonies) - 1


def test_agenda_facts_from_the_plan(wave_scene):
    facts = selectors.agenda_facts(official=wave_scene.mayor, day=wave_scene.wave.start_date)
    assert len(facts.entries) == len(wave_scene.ceremonies)
    minister = selectors.agenda_facts(official=wave_scene.minister, day=wave_scene.wave.start_date)
    assert [e.title for e in minister.entries] == ["تقاطع غیرهم‌سطح معالی‌آباد"]
    assert minister.entries[0].start.hour == 9


def test_programme_facts_count_only_waves_that_are_over(wave_scene):
    before = selectors.programme_facts(
        programme=wave_scene.programme, as_of=wave_scene.wave.start_date - dt.timedelta(days=1)
    )
    after = selectors.programme_facts(
        programme=wave_scene.programme, as_of=wave_scene.wave.end_date
    )
    assert before.waves == ()
    assert after.project_count == len(wave_scene.ceremonies)
    assert after.credit_rial == wave_scene.total_credit
    assert dict(after.counts_by_kind) == {
        "inauguration": 2,
        "commissioning": 1,
        "groundbreaking": 1,
    }


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("1401/11/12", "1401/11/12", "روز ۱۲ بهمن ۱۴۰۱"),
        ("1401/11/12", "1401/11/13", "روزهای ۱۲ و ۱۳ بهمن ۱۴۰۱"),
        ("1401/11/12", "1401/11/14", "از ۱۲ تا ۱۴ بهمن ۱۴۰۱"),
        ("1401/11/29", "1401/12/01", "از ۲۹ بهمن ۱۴۰۱ تا ۱ اسفند ۱۴۰۱"),
    ],
)
def test_wave_days_are_told_the_short_way(start, end, expected):
    facts = WaveFacts(
        **{
            **_fields(WAVE),
            "start_date": persian.parse_jalali(start),
            "end_date": persian.parse_jalali(end),
        }
    )
    assert expected in composition.wave_report(facts).lead


def test_districts_with_equal_counts_share_one_phrase():
    projects = tuple(
        ProjectFacts(f"پروژه {i}", "inauguration", 10**10, f"منطقه {d}", ("راه",))
        for i, d in enumerate((1, 1, 2, 3, 4, 4, 4))
    )
    body = composition.wave_report(WaveFacts(**{**_fields(WAVE), "projects": projects})).body
    assert "منطقه ۲ و منطقه ۳ هر کدام با یک پروژه" in body
