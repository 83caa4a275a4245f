"""The Django admin in Persian: digits (the admin's output step), Jalali dates, the history and
the deletion summary in Persian words, and codes, addresses and form values left as stored."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import resolve, reverse

from jahesh import persian
from jahesh.newsroom import services as newsroom_services
from jahesh.newsroom.models import ChannelKind
from jahesh.registry import services
from jahesh.registry.admin.persian_output import (
    AdminPersianDigitsMiddleware,
    persian_digits_in_html,
)
from jahesh.registry.models import ProjectStatus, Role
from tests.config.persian_text import findings, visible_runs
from tests.leaps.factories import ProgrammeFactory
from tests.registry.factories import ProjectFactory, SectorFactory

LATIN_NUMBER = re.compile(r"(?<![\w-])[0-9][0-9.,:/]*(?![\w-])")

# The output step on its own


def test_digits_a_reader_sees_become_persian_with_persian_separators():
    html = "<p>300 پروژه؛ 1.5 و 1,234,567</p><td>12</td><option>7</option>"
    assert persian_digits_in_html(html) == (
        "<p>۳۰۰ پروژه؛ ۱٫۵ و ۱٬۲۳۴٬۵۶۷</p><td>۱۲</td><option>۷</option>"
    )


def test_attributes_addresses_and_form_values_keep_their_digits():
    html = (
        '<a href="/admin/registry/project/12/change/?p=2" data-id="12">پروژه 12</a>'
        '<input type="text" name="credit_rial" value="1000000">'
        '<span class="sortpriority" title="اولویت مرتب‌سازی: 1">1</span>'
    )
    assert persian_digits_in_html(html) == (
        '<a href="/admin/registry/project/12/change/?p=2" data-id="12">پروژه ۱۲</a>'
        '<input type="text" name="credit_rial" value="1000000">'
        '<span class="sortpriority" title="اولویت مرتب‌سازی: ۱">۱</span>'
    )


@pytest.mark.parametrize(
    "html",
    [
        "<script>var rows = 12; if (rows < 20) { go(3); }</script>",
        "<style>.a { width: 12px; }</style>",
        "<textarea name='body'>بند 12</textarea>",
        '<pre>{"elapsed_s": 1.5}</pre>',
        "<code>2026</code>",
        '<div dir="ltr">2026 <div>12</div> 3</div>',
        "<!-- 12 -->",
    ],
)
def test_code_scripts_and_left_to_right_text_are_left_alone(html):
    assert persian_digits_in_html(html) == html


def test_the_text_after_a_left_alone_element_is_persian_again():
    html = '<div dir="ltr"><div>12</div> 3</div> 4 <pre>5</pre> 6'
    assert persian_digits_in_html(html) == '<div dir="ltr"><div>12</div> 3</div> ۴ <pre>5</pre> ۶'


@pytest.mark.parametrize(
    "word",
    ["SHZ-0012", "P-00012", "planner_1", "v2", "a1@example.com", "127.0.0.1", "https://x.ir/12"],
)
def test_codes_usernames_and_addresses_stay_as_stored(word):
    assert persian_digits_in_html(f"<td>{word}</td>") == f"<td>{word}</td>"
    assert persian_digits_in_html(f"<td>کد {word}</td>") == f"<td>کد {word}</td>"


def test_character_references_are_not_numbers():
    assert persian_digits_in_html("<p>&#x27;12&#x27; &#39; &amp;</p>") == (
        "<p>&#x27;۱۲&#x27; &#39; &amp;</p>"
    )


def test_django_icons_get_persian_alt_texts():
    html = (
        '<img src="/static/admin/img/icon-yes.svg" alt="True">'
        '<img src="/static/admin/img/icon-no.svg" alt="False">'
        '<img src="/static/admin/img/icon-unknown.svg" alt="None">'
        '<img src="/static/admin/img/search.svg" alt="Search">'
        '<img src="/static/portal/logo.svg" alt="True">'
    )
    assert persian_digits_in_html(html) == (
        '<img src="/static/admin/img/icon-yes.svg" alt="بله">'
        '<img src="/static/admin/img/icon-no.svg" alt="خیر">'
        '<img src="/static/admin/img/icon-unknown.svg" alt="نامعلوم">'
        '<img src="/static/admin/img/search.svg" alt="جست‌وجو">'
        '<img src="/static/portal/logo.svg" alt="True">'
    )


def test_the_step_is_idempotent_and_keeps_persian_text():
    html = "<p>۱۲ پروژه، ۳ آیین</p>"
    assert persian_digits_in_html(html) == html
    once = persian_digits_in_html("<p>12 پروژه</p>")
    assert persian_digits_in_html(once) == once


def _through(path: str, response: HttpResponse) -> HttpResponse:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return AdminPersianDigitsMiddleware(lambda _request: response)(request)


@pytest.mark.django_db
def test_the_middleware_changes_only_html_answers_of_the_admin():
    admin_page = _through("/admin/", HttpResponse("<p>12</p>", headers={"Content-Length": "9"}))
    assert admin_page.content.decode() == "<p>۱۲</p>"
    assert admin_page["Content-Length"] == str(len(admin_page.content))
    portal = _through("/", HttpResponse("<p>12</p>"))
    assert portal.content == b"<p>12</p>"
    json_answer = _through("/admin/", HttpResponse('{"n": 12}', content_type="application/json"))
    assert json_answer.content == b'{"n": 12}'
    stream = _through("/admin/", StreamingHttpResponse(iter([b"<p>12</p>"])))
    assert b"".join(stream.streaming_content) == b"<p>12</p>"


# The admin's pages


def _latin_numbers(html: str) -> list[str]:
    """Numbers with Latin digits in what a reader sees (codes, usernames and LTR text aside)."""
    return [
        number
        for run, technical in visible_runs(html)
        if not technical
        for number in LATIN_NUMBER.findall(run)
    ]


@pytest.fixture
def staff(client, member_of, city_a):
    def sign_in(role: str):
        user = member_of(city_a, role, username=f"{role}-a")
        user.is_staff = True
        user.save()
        client.force_login(user)
        client.user = user
        return client

    return sign_in


@pytest.fixture
def project(city_a):
    return ProjectFactory(
        municipality=city_a,
        code="SHZ-0012",
        title="بوستان کودک الف",
        credit_rial=12_345_000_000,
        start_date=dt.date(2024, 3, 20),
        planned_end_date=dt.date(2026, 3, 20),
        sectors=[SectorFactory(municipality=city_a, name="فضای سبز")],
    )


def test_the_project_list_counts_in_persian_and_shows_codes_as_stored(staff, project, city_a):
    for n in range(11):
        ProjectFactory(municipality=city_a, title=f"پروژه آزمون {n + 1}")
    html = staff(Role.EDITOR).get(reverse("admin:registry_project_changelist")).content.decode()
    assert _latin_numbers(html) == []
    assert "۱۲ پروژه" in html  # the result count
    assert "۰ از ۱۲ انتخاب شده" in html  # the selection counter (Django's wording in fa)
    assert ">SHZ-0012<" in html
    assert 'alt="بله"' in html or 'alt="خیر"' in html
    assert not re.search(r'alt="(True|False|Search)"', html)
    assert findings(html) == []


def test_read_only_dates_are_jalali_and_form_values_keep_latin_digits(staff, project):
    url = reverse("admin:registry_project_change", args=(project.pk,))
    viewer_page = staff(Role.VIEWER).get(url).content.decode()
    assert persian.format_jalali(project.start_date) in viewer_page
    assert persian.format_jalali(project.planned_end_date) in viewer_page
    assert "2024" not in viewer_page
    assert "مارس" not in viewer_page
    assert _latin_numbers(viewer_page) == []
    editor_page = staff(Role.EDITOR).get(url).content.decode()
    # The editor's form: values as typed and stored; created/updated shown in Jalali.
    assert 'value="12345000000"' in editor_page
    assert persian.format_jalali(project.created_at, "datetime") in editor_page
    assert findings(editor_page) == []


def test_change_list_dates_are_jalali(staff, city_a):
    ProgrammeFactory(municipality=city_a, started_on=dt.date(2023, 2, 1))
    html = staff(Role.VIEWER).get(reverse("admin:leaps_programme_changelist")).content.decode()
    assert persian.format_jalali(dt.date(2023, 2, 1)) in html  # ۱۲ بهمن ۱۴۰۱
    assert "2023" not in html
    assert "فوریه" not in html
    assert findings(html) == []


def test_the_history_names_the_app_and_model_in_persian_with_jalali_times(staff, project):
    client = staff(Role.EDITOR)
    services.project_update(by=client.user, project=project, status=ProjectStatus.COMPLETION)
    history = client.get(reverse("admin:registry_project_history", args=(project.pk,)))
    html = history.content.decode()
    record = project.history.order_by("-history_date").first()
    assert persian.format_jalali(record.history_date, "datetime") in html
    # The change column: the statuses' labels, not their stored codes.
    assert ProjectStatus.IMPLEMENTATION.label in html
    assert ProjectStatus.COMPLETION.label in html
    assert "implementation" not in html.split("change-history", 1)[1]
    assert "۲ مورد" in html
    # The services store the changed fields' names; the page says them in Persian.
    assert record.history_change_reason == "ویرایش: status"
    status_name = str(project._meta.get_field("status").verbose_name)
    assert f"ویرایش: {status_name}" in html
    assert findings(html) == []
    version = client.get(
        reverse("admin:registry_project_simple_history", args=(project.pk, record.pk))
    ).content.decode()
    breadcrumbs = version.split('class="breadcrumbs"', 1)[1].split("</div>", 1)[0]
    assert "ثبت پروژه‌ها" in breadcrumbs
    assert "پروژه‌ها" in breadcrumbs
    assert "Historical" not in version
    assert "Registry" not in breadcrumbs
    assert findings(version) == []


def test_the_history_cuts_a_long_change_in_persian(staff, project):
    client = staff(Role.EDITOR)
    services.project_update(by=client.user, project=project, description="الف " * 80 + "پایان")
    html = client.get(reverse("admin:registry_project_history", args=(project.pk,))).content
    assert "…" in html.decode()
    assert b"chars]" not in html


def test_the_delete_page_names_many_to_many_rows_in_persian(staff, project):
    html = (
        staff(Role.ADMIN)
        .get(reverse("admin:registry_project_delete", args=(project.pk,)))
        .content.decode()
    )
    assert "پیوند پروژه «بوستان کودک الف» با حوزه «فضای سبز»" in html
    assert "Project_sectors" not in html
    assert "project به sector" not in html
    assert findings(html) == []


def test_the_channel_admin_is_persian_with_keys_as_code(staff, city_a):
    client = staff(Role.PUBLISHER)
    newsroom_services.channel_create(
        by=client.user,
        municipality=city_a,
        kind=ChannelKind.WEBHOOK,
        name="وب‌هوک آزمون",
        config={"url": "https://hooks.example.org/jahesh"},
        secret="a-long-secret-1234",
    )
    listing = client.get(reverse("admin:newsroom_channel_changelist")).content.decode()
    assert "Masked secret" not in listing
    assert '<code dir="ltr">••••1234</code>' in listing  # the secret's end as stored
    add = client.get(reverse("admin:newsroom_channel_add")).content.decode()
    assert "<code>base_url</code>" in add
    assert "<code>chat_id</code>" in add
    assert findings(listing) == []
    assert findings(add) == []


def test_the_crawl_holds_the_admin_to_persian_numbers_even_alone_in_a_cell():
    from tests.config.persian_crawl import lone_latin_numbers

    html = '<td>12</td><td>۱۲</td><td>SHZ-0012</td><code>3</code><td dir="ltr">4</td>'
    assert lone_latin_numbers(html) == ["latin-number: 12"]


def test_a_plans_explanations_are_sentences_and_its_figures_code(staff, city_a):
    from tests.leaps.factories import PlanFactory

    plan = PlanFactory(
        programme=ProgrammeFactory(municipality=city_a),
        explanations=[
            {"kind": "left_out", "message": "آیین «الف» در برنامه نیست: مرحلهٔ «1» پر بود."}
        ],
        solver_stats={"status": "optimal", "elapsed_s": 1.5},
    )
    html = (
        staff(Role.VIEWER).get(reverse("admin:leaps_plan_change", args=(plan.pk,))).content.decode()
    )
    assert "<li>آیین «الف» در برنامه نیست: مرحلهٔ «۱» پر بود.</li>" in html
    assert '<pre dir="ltr" class="jahesh-stored">' in html
    assert "left_out" not in html
    assert findings(html) == []


def test_superusers_see_sign_in_times_in_jalali_and_cannot_type_over_them(
    client, django_user_model
):
    root = django_user_model.objects.create_superuser("root-a", "root@example.org", "x-9-long-pass")
    person = django_user_model.objects.create_user(
        "person-a", date_joined=dt.datetime(2025, 3, 21, 8, 30, tzinfo=dt.UTC)
    )
    client.force_login(root)
    html = client.get(reverse("admin:auth_user_change", args=(person.pk,))).content.decode()
    assert persian.format_jalali(person.date_joined, "datetime") in html  # ۱ فروردین ۱۴۰۴
    assert 'name="date_joined_0"' not in html
    assert "2025" not in html
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert _latin_numbers(listing) == []


def test_djangos_own_history_page_shows_jalali_times(staff, city_a):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from tests.registry.factories import DistrictFactory

    client = staff(Role.ADMIN)
    district = DistrictFactory(municipality=city_a, number=3, name="منطقه سه")
    entry = LogEntry.objects.create(
        user=client.user,
        content_type=ContentType.objects.get_for_model(district),
        object_id=str(district.pk),
        object_repr=str(district),
        action_flag=CHANGE,
        change_message="[]",
    )
    url = reverse("admin:registry_district_history", args=(district.pk,))
    html = client.get(url).content.decode()
    assert persian.format_jalali(entry.action_time, "datetime") in html
    assert _latin_numbers(html) == []
    assert findings(html) == []
