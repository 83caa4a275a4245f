"""Persian everywhere a person reads: numbers, refusals, the admin's own words, the export's
progress."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from jahesh.core.templatetags.persian import fa_decimal, fa_percent
from tests.config.persian_text import findings
from tests.portal.conftest import build_wave_scene

ROOT = Path(__file__).resolve().parents[2]
LATIN_DIGIT = re.compile("[0-9]")


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (12.5, 1, "۱۲٫۵٪"),
        (7.25, 2, "۷٫۲۵٪"),
        (0.1234, 3, "۰٫۱۲۳٪"),
        (40, 1, "۴۰٪"),
        (99.96, 1, "۱۰۰٪"),
        ("3.50", 2, "۳٫۵٪"),
        (-0.0001, 2, "۰٪"),
    ],
)
def test_a_percentage_has_persian_digits_and_the_persian_decimal_separator(value, places, shown):
    assert fa_percent(value, places) == shown


def test_an_empty_figure_shows_nothing_and_text_keeps_its_words():
    assert fa_percent(None) == ""
    assert fa_decimal("") == ""
    assert fa_decimal("نامعلوم") == "نامعلوم"


@pytest.mark.django_db
def test_a_refused_page_answers_in_persian(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("registry:project-import"))
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="fa" dir="rtl">' in html
    assert "اجازه دیدن این صفحه را ندارید" in html
    assert "Forbidden" not in html


@pytest.mark.django_db
def test_a_bad_request_answers_in_persian(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/", HTTP_HOST="evil.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert "این درخواست را نمی‌توان پاسخ داد" in html
    assert "Bad Request" not in html


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_is_refused_in_persian(outsider):
    client = Client(enforce_csrf_checks=True)
    client.force_login(outsider)
    response = client.post(reverse("admin:logout"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "فرم دوباره باید فرستاده شود" in html
    assert "CSRF" not in html


@pytest.mark.django_db
def test_the_admin_names_its_columns_and_trail_in_persian(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    index = client.get(reverse("admin:index")).content.decode()
    changelist = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "نام مدل" in index
    assert "Model name" not in index
    assert "Breadcrumbs" not in changelist
    assert "Select this object for an action" not in changelist


@pytest.mark.django_db
def test_the_export_reports_its_progress_in_persian_digits(city_a, tmp_path):
    build_wave_scene(city_a)
    target = tmp_path / "site-2026"
    out = StringIO()
    call_command("export_site", str(target), "--jobs", "1", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) > 2
    for line in lines:
        assert not LATIN_DIGIT.search(line.replace(str(target), "")), line
    assert str(target) in lines[-1]


def test_numbered_lists_count_in_persian_on_public_and_staff_pages():
    for sheet in ("portal/static/portal/portal.css", "leaps/static/leaps/leaps.css"):
        css = (ROOT / "src" / "jahesh" / sheet).read_text(encoding="utf-8")
        assert re.search(r"(?m)^ol \{ list-style-type: persian; \}", css), sheet


def test_the_checker_flags_latin_digits_and_english_but_not_codes_or_addresses():
    bad = findings("<p>مرحله 9 جهش</p><p>Model name</p><img alt='Search'>")
    assert [f.kind for f in bad] == ["latin-digits", "english", "english"]
    good = findings(
        "<p>کد P-0012 در https://example.org/a1 و news@example.org؛ پرونده OC4IDS و CSV</p>"
        '<p>مرحله ۹</p><code>x = 1</code><span dir="ltr">Build 42</span>'
        "<script>var a = 'English words here';</script>"
    )
    assert good == []
