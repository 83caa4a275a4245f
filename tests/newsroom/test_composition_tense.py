"""A pre-announcement speaks of what is coming: never in the future tense about a past wave."""

from __future__ import annotations

import datetime as dt

import pytest

from jahesh.newsroom import composition
from jahesh.newsroom.composition import ProjectFacts, WaveFacts
from jahesh.newsroom.errors import AnnouncementAfterTheWaveError

WAVE = WaveFacts(
    city_name="شیراز",
    outlet_name="پایگاه خبری",
    programme_name="جهش عمرانی",
    wave_noun="مرحله",
    number=9,
    start_date=dt.date(2026, 12, 3),
    end_date=dt.date(2026, 12, 5),
    projects=(
        ProjectFacts("بوستان یاس", "inauguration", 20_000_000_000, "منطقه ۱", ("فضای سبز",)),
        ProjectFacts("پل سرو", "commissioning", 90_000_000_000, "منطقه ۲", ("راه",)),
    ),
    occasion="روز مادر",
)


def test_an_announcement_written_before_the_wave_says_it_is_coming():
    article = composition.wave_announcement(WAVE, written_on=dt.date(2026, 12, 1))
    assert "طی روزهای آتی" in article.lead


@pytest.mark.parametrize("day", [dt.date(2026, 12, 3), dt.date(2026, 12, 5)])
def test_an_announcement_written_on_the_wave_days_does_not_say_the_coming_days(day):
    article = composition.wave_announcement(WAVE, written_on=day)
    assert "آتی" not in article.as_text()
    assert "آینده" not in article.as_text()
    assert "در همین روزها" in article.lead


@pytest.mark.parametrize(
    "day", [dt.date(2026, 12, 6), dt.date(2029, 12, 6)], ids=["next day", "years later"]
)
def test_an_announcement_of_a_wave_already_over_is_refused_in_persian(day):
    with pytest.raises(AnnouncementAfterTheWaveError) as caught:
        composition.wave_announcement(WAVE, written_on=day)
    message = caught.value.message
    assert "نهمین مرحله جهش عمرانی" in message
    assert "برگزار شده است" in message
    assert "گزارش" in message
    assert not any(ch in message for ch in "0123456789")


def test_a_report_of_the_same_wave_is_still_written():
    assert "نهمین مرحله" in composition.wave_report(WAVE).lead


@pytest.mark.django_db
def test_the_compose_page_refuses_an_announcement_of_a_past_wave_in_persian(
    client, wave_scene, staff
):
    from django.urls import reverse

    from jahesh.newsroom.models import Article

    # The scene's wave was held on 13 Bahman 1401, long before today.
    client.force_login(staff.reporter)
    page = client.post(
        reverse("newsroom:compose", args=[wave_scene.city.slug]),
        {"genre": "wave_announcement", "wave": wave_scene.wave.pk},
        follow=True,
    )
    assert "برگزار شده است" in page.content.decode()
    assert not Article.objects.exists()
