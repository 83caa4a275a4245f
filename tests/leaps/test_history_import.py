"""`jahesh import waves`: a programme's past waves as the press reported them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jahesh.core.errors import PermissionDeniedError
from jahesh.leaps.importing import waves_import
from jahesh.leaps.models import Plan, PlanAssignment, Wave, WaveStatus
from jahesh.newsroom import composition
from jahesh.newsroom import selectors as newsroom_selectors
from jahesh.registry.importing import ImportRejectedError
from jahesh.registry.models import Ceremony, CeremonyKind, Role
from tests.leaps.factories import ProgrammeFactory, WaveFactory
from tests.registry.factories import ProjectFactory
from tests.registry.spreadsheets import csv_bytes, xlsx_bytes

TODAY = dt.date(2025, 9, 1)
HEADER = [
    "شماره مرحله",
    "تاریخ",
    "مناسبت",
    "شمار پروژه‌ها",
    "اعتبار کل (میلیارد تومان)",
    "آیین‌های مرحله",
    "منبع",
    "کد پروژه",
    "نوع آیین",
]
SOURCE = "https://news.example.ir/1401/11/13/jahesh-1"


def wave_row(number, date, count, credit, *, kinds="افتتاح، بهره‌برداری", occasion="دهه فجر"):
    return [number, date, occasion, count, credit, kinds, SOURCE, "", ""]


def week(n: int) -> str:
    return (dt.date(2023, 3, 1) + dt.timedelta(weeks=n)).isoformat()


def project_row(number, code, kind="افتتاح"):
    return [number, "", "", "", "", "", "", code, kind]


@pytest.fixture
def programme(city_a):
    return ProgrammeFactory(municipality=city_a, slug="jahesh", name="جهش عمرانی")


@pytest.fixture
def planner(city_a, member_of):
    return member_of(city_a, Role.PLANNER, username="planner-a")


def problems_of(error: ImportRejectedError) -> str:
    return "\n".join(p.message for p in error.problems)


def run(by, programme, rows, *, xlsx=False, dry_run=False):
    try:
        return _run(by, programme, rows, xlsx=xlsx, dry_run=dry_run)
    except ImportRejectedError as exc:
        print(problems_of(exc))
        raise


def _run(by, programme, rows, *, xlsx=False, dry_run=False):
    data = xlsx_bytes(rows) if xlsx else csv_bytes(rows)
    return waves_import(by=by, programme=programme, data=data, dry_run=dry_run, today=TODAY)


def refused(by, programme, rows) -> str:
    with pytest.raises(ImportRejectedError) as caught:
        run(by, programme, rows)
    return problems_of(caught.value)


def test_past_waves_are_loaded_as_reported_held_waves(programme, planner):
    result = run(
        planner,
        programme,
        [
            HEADER,
            wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱"),
            wave_row(2, "1401/12/20", "۱۲", "۲۴۰٫۵", kinds="کلنگ‌زنی", occasion="جشن پایان سال"),
        ],
        xlsx=True,
    )
    assert (result.created, result.updated, result.attached) == (2, 0, 0)
    first, second = Wave.objects.filter(programme=programme).order_by("number")
    assert first.status == WaveStatus.HELD
    assert first.start_date == dt.date(2023, 2, 2)
    assert first.reported_project_count == 10
    assert first.reported_credit_rial == 181 * 10_000_000_000
    assert first.reported_kinds == [CeremonyKind.INAUGURATION, CeremonyKind.COMMISSIONING]
    assert first.occasion is not None
    assert first.occasion.name == "دهه فجر"
    assert first.source_url == SOURCE
    assert second.reported_credit_rial == 2_405_000_000_000
    # An occasion the calendar does not know is kept as the wave's theme.
    assert second.occasion is None
    assert second.theme == "جشن پایان سال"


def test_a_second_import_updates_instead_of_adding(programme, planner):
    run(planner, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱")])
    result = run(planner, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 11, "۱۹۰")])
    assert (result.created, result.updated) == (0, 1)
    wave = Wave.objects.get(programme=programme)
    assert wave.reported_project_count == 11
    assert wave.reported_credit_rial == 190 * 10_000_000_000


def test_a_dry_run_writes_nothing(programme, planner):
    result = run(planner, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱")], dry_run=True)
    assert result.created == 1
    assert "آزمایشی" in result.summary()
    assert not Wave.objects.exists()


def test_project_rows_attach_existing_projects_as_held_ceremonies(programme, planner, city_a):
    one = ProjectFactory(municipality=city_a, code="P-1", credit_rial=50 * 10_000_000_000)
    two = ProjectFactory(municipality=city_a, code="P-2", credit_rial=60 * 10_000_000_000)
    result = run(
        planner,
        programme,
        [
            HEADER,
            wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱"),
            project_row(1, "P-1"),
            project_row(1, "P-2", "بهره‌برداری"),
        ],
    )
    assert result.attached == 2
    wave = Wave.objects.get(programme=programme)
    plan = Plan.objects.current_for(programme)
    assert plan is not None
    placed = PlanAssignment.objects.filter(plan=plan, wave=wave)
    assert {a.ceremony.project_id for a in placed} == {one.pk, two.pk}
    assert all(a.locked and a.day == wave.start_date for a in placed)
    held = Ceremony.objects.get(project=two)
    assert held.kind == CeremonyKind.COMMISSIONING
    assert held.status == "held"
    # Again: nothing doubles.
    run(planner, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱"), project_row(1, "P-1")])
    assert Ceremony.objects.count() == 2
    assert PlanAssignment.objects.filter(plan=plan).count() == 2


def test_the_programme_report_counts_reported_waves_without_double_counting(
    programme, planner, city_a
):
    ProjectFactory(municipality=city_a, code="P-1", credit_rial=50 * 10_000_000_000)
    rows = [HEADER] + [wave_row(n, week(n), 10, "۱۰۰", kinds="افتتاح") for n in range(1, 51)]
    run(planner, programme, rows)
    # A later file attaches a project to wave 3: the wave still counts the press's ten.
    run(
        planner,
        programme,
        [HEADER, wave_row(3, week(3), 10, "۱۰۰", kinds="افتتاح"), project_row(3, "P-1")],
    )
    # The 51st wave is Jahesh's own, with its rows.
    WaveFactory(
        programme=programme,
        number=51,
        start_date=dt.date(2025, 8, 1),
        end_date=dt.date(2025, 8, 1),
        status=WaveStatus.HELD,
    )
    facts = newsroom_selectors.programme_facts(programme=programme, as_of=TODAY)
    assert len(facts.waves) == 51
    assert facts.project_count == 500
    assert facts.credit_rial == 50 * 100 * 10_000_000_000
    report = composition.programme_report(facts)
    assert "تاکنون ۵۱ مرحله" in report.lead
    assert "۵۰۰ پروژه" in report.title


# Bad input: every problem in Persian, by row, and nothing written


def test_a_wave_number_twice_is_refused(programme, planner):
    text = refused(
        planner,
        programme,
        [HEADER, wave_row(5, "۱۴۰۲/۰۱/۰۱", 3, "۱۰"), wave_row(5, "۱۴۰۲/۰۲/۰۱", 4, "۱۲")],
    )
    assert "ردیف ۳: مرحله ۵ در ردیف ۲ هم آمده است" in text
    assert not Wave.objects.exists()


def test_a_date_in_the_future_is_refused(programme, planner):
    text = refused(planner, programme, [HEADER, wave_row(1, "۱۴۰۵/۰۱/۰۱", 3, "۱۰")])
    assert "ردیف ۲، ستون «تاریخ»: تاریخ ۱ فروردین ۱۴۰۵ در آینده است" in text
    assert not Wave.objects.exists()


def test_attached_rows_beyond_the_reported_count_are_refused(programme, planner, city_a):
    for code in ("P-1", "P-2", "P-3"):
        ProjectFactory(municipality=city_a, code=code, credit_rial=1)
    text = refused(
        planner,
        programme,
        [
            HEADER,
            wave_row(1, "۱۴۰۱/۱۱/۱۳", 2, "۱۸۱"),
            project_row(1, "P-1"),
            project_row(1, "P-2"),
            project_row(1, "P-3"),
        ],
    )
    assert "به مرحله ۱ ۳ پروژه پیوست می‌شود اما رسانه‌ها ۲ پروژه گزارش کرده‌اند" in text
    assert not Wave.objects.exists()
    assert not Ceremony.objects.exists()


def test_attached_credit_beyond_the_reported_total_is_refused(programme, planner, city_a):
    ProjectFactory(municipality=city_a, code="P-1", credit_rial=200 * 10_000_000_000)
    text = refused(
        planner, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱"), project_row(1, "P-1")]
    )
    assert "از اعتبار کل گزارش‌شده" in text
    assert "بیشتر است" in text
    assert not Wave.objects.exists()


def test_attaching_later_counts_what_is_already_attached(programme, planner, city_a):
    for code in ("P-1", "P-2"):
        ProjectFactory(municipality=city_a, code=code, credit_rial=1)
    run(planner, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 1, "۱۸۱"), project_row(1, "P-1")])
    # A file with project rows only: the wave is the one already loaded.
    with pytest.raises(ImportRejectedError) as caught:
        run(planner, programme, [HEADER, project_row(1, "P-2")])
    assert "۲ پروژه پیوست می‌شود اما رسانه‌ها ۱ پروژه" in problems_of(caught.value)
    assert Ceremony.objects.count() == 1


def test_rials_written_where_the_column_is_in_tomans_are_refused(programme, planner):
    text = refused(planner, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱۰ میلیارد ریال")])
    assert "ستون «اعتبار کل (میلیارد تومان)»" in text
    assert "ستون به تومان است اما در این خانه «۱۸۱۰ میلیارد ریال» به ریال آمده" in text
    assert not Wave.objects.exists()


def test_a_credit_column_without_a_unit_is_refused(programme, planner):
    header = [h if not h.startswith("اعتبار") else "اعتبار کل" for h in HEADER]
    text = refused(planner, programme, [header, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱")])
    assert "واحد اعتبار روشن نیست" in text


def test_rows_with_bad_cells_are_all_named(programme, planner):
    text = refused(
        planner,
        programme,
        [
            HEADER,
            [1, "۱۴۰۱/۱۳/۴۰", "", "ده", "۱۸۱", "جشن", "not a link", "", ""],
            project_row(2, "NO-SUCH"),
        ],
    )
    assert "ردیف ۲، ستون «تاریخ»" in text
    assert "ردیف ۲، ستون «شمار پروژه‌ها»" in text
    assert "ردیف ۲، ستون «آیین‌های مرحله»: نوع آیین «جشن» شناخته نیست" in text
    assert "ردیف ۲، ستون «منبع»: «not a link» نشانی وب نیست" in text
    assert "ردیف ۳، ستون «کد پروژه»: پروژه‌ای با کد «NO-SUCH» در این شهر نیست" in text


def test_a_wave_jahesh_planned_itself_is_not_overwritten(programme, planner):
    WaveFactory(programme=programme, number=1, status=WaveStatus.HELD)
    text = refused(planner, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱")])
    assert "در جهش برنامه‌ریزی شده" in text


def test_another_citys_planner_is_refused(programme, city_b, member_of):
    stranger = member_of(city_b, Role.ADMIN, username="admin-b")
    with pytest.raises(PermissionDeniedError):
        run(stranger, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱")])


def test_the_command_loads_waves_and_reports_errors_in_persian(programme, tmp_path):
    good = tmp_path / "waves.csv"
    good.write_bytes(csv_bytes([HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱")]))
    out = io.StringIO()
    call_command(
        "import",
        "waves",
        str(good),
        "--municipality",
        programme.municipality.slug,
        "--programme",
        "jahesh",
        stdout=out,
    )
    assert "۱ تازه" in out.getvalue()
    assert Wave.objects.get().reported_project_count == 10
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([HEADER, wave_row(2, "۱۴۰۹/۱۱/۱۳", 10, "۱۸۱")]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import",
            "waves",
            str(bad),
            "--municipality",
            programme.municipality.slug,
            "--programme",
            "jahesh",
            stderr=err,
        )
    assert "در آینده است" in err.getvalue()
    with pytest.raises(CommandError, match="برنامه‌ای با نامک «nope»"):
        call_command(
            "import",
            "waves",
            str(good),
            "--municipality",
            programme.municipality.slug,
            "--programme",
            "nope",
        )


def test_the_portal_marks_reported_waves_and_links_their_source(client, programme, planner):
    run(planner, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱")])
    city = programme.municipality.slug
    wave_page = client.get(f"/{city}/programmes/{programme.slug}/1/")
    assert wave_page.status_code == 200
    html = wave_page.content.decode()
    assert "ارقام گزارش‌شده" in html
    assert f'href="{SOURCE}"' in html
    assert "<dd>۱۰</dd>" in html
    assert "۱۸۱ میلیارد تومان" in html
    assert "افتتاح، بهره‌برداری" in html
    programme_page = client.get(f"/{city}/programmes/{programme.slug}/").content.decode()
    assert "۱۰ پروژه، اعتبار ۱۸۱ میلیارد تومان" in programme_page
    assert '<span class="badge">ارقام گزارش‌شده</span>' in programme_page


def test_the_reported_wave_page_is_persian_throughout(client, programme, planner):
    from tests.config.persian_text import findings

    run(planner, programme, [HEADER, wave_row(1, "۱۴۰۱/۱۱/۱۳", 10, "۱۸۱")])
    city = programme.municipality.slug
    for address in (
        f"/{city}/programmes/{programme.slug}/1/",
        f"/{city}/programmes/{programme.slug}/",
    ):
        html = client.get(address).content.decode()
        assert [str(f) for f in findings(html)] == []
