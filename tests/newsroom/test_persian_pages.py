"""The newsroom speaks Persian: the wave selector's numbers, a channel's settings in words."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jahesh.newsroom import services
from jahesh.newsroom.views.channels import channel_summary
from tests.newsroom.conftest import build_wave_scene

pytestmark = pytest.mark.django_db


def test_the_wave_selector_numbers_waves_in_persian_digits(client, city_a, staff):
    build_wave_scene(city_a, number=9)
    client.force_login(staff.reporter)
    html = client.get(reverse("newsroom:city", args=[city_a.slug])).content.decode()
    options = re.findall(r'<select name="wave">(.*?)</select>', html, re.S)[0]
    assert "مرحله ۹ جهش عمرانی" in options
    assert not re.search("[0-9]", re.sub(r'value="\d+"', "", options))


def test_a_channel_is_summed_up_in_persian_with_its_addresses_cut_to_the_host(city_a, staff):
    bot = services.channel_create(
        by=staff.publisher,
        municipality=city_a,
        kind="bot",
        name="بات",
        config={"base_url": "https://tapi.bale.ai/bot123:token/", "chat_id": "-1001234567890"},
    )
    hook = services.channel_create(
        by=staff.publisher,
        municipality=city_a,
        kind="webhook",
        name="وب‌هوک",
        config={"url": "https://hooks.example.org/in/s3cr3t?key=abc"},
    )
    mail = services.channel_create(
        by=staff.publisher,
        municipality=city_a,
        kind="email",
        name="رایانامه",
        config={"recipients": ["news@example.org", "desk@example.org"]},
    )
    assert channel_summary(bot) == [("سرور بات", "tapi.bale.ai/…"), ("گفت‌وگو", "…7890")]
    assert channel_summary(hook) == [("نشانی", "hooks.example.org/…")]
    assert channel_summary(mail) == [("۲ گیرنده", "news@example.org، desk@example.org")]


def test_the_channel_list_shows_no_raw_setting_and_no_token(client, city_a, staff):
    services.channel_create(
        by=staff.publisher,
        municipality=city_a,
        kind="webhook",
        name="وب‌هوک",
        config={"url": "https://hooks.example.org/in/s3cr3t?key=abc"},
    )
    client.force_login(staff.publisher)
    html = client.get(reverse("newsroom:channels", args=[city_a.slug])).content.decode()
    assert 'نشانی: <bdi dir="ltr">hooks.example.org/…</bdi>' in html
    assert "url=" not in html
    assert "s3cr3t" not in html
    assert "key=abc" not in html
