"""A draft's documents: the version text, the summing-up report and the submission package as
PDF (Persian read back) and right-to-left DOCX; members only, and hidden opinions stay hidden."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from jahesh.committee import services
from jahesh.committee.models import (
    CommitteeMember,
    CommitteeRole,
    CommitteeRoleKind,
    DraftKind,
    DraftVersion,
    Outcome,
    SectionKind,
    Stance,
    VersionSection,
    Visibility,
)
from tests.committee.conftest import Scene
from tests.committee.drafts_scenes import StructureScene, structure_draft
from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hidden_round(scene: Scene) -> tuple[StructureScene, DraftVersion]:
    built = structure_draft(scene)
    today = timezone.localdate()
    version = services.version_circulate(
        draft=built.draft,
        by=scene.secretary,
        deadline=today + dt.timedelta(days=5),
        visibility=Visibility.AFTER_DEADLINE,
        today=today,
    )
    yazd_rep = UserFactory(username="yazd-rep")
    CommitteeRole.objects.create(
        committee=scene.committee, user=yazd_rep, kind=CommitteeRoleKind.MEMBER, member=scene.yazd
    )
    services.opinion_write(
        section=version.sections.get(key=built.duty.key),
        member=scene.yazd,
        by=yazd_rep,
        stance=Stance.DISAGREE,
        comment="نظر محرمانه یزد",
    )
    return built, version


def address(scene: Scene, built: StructureScene, which: str, fmt: str) -> str:
    return reverse(
        "committee:draft-document", args=[scene.committee.slug, built.draft.pk, 1, which, fmt]
    )


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_package_docx_holds_the_structure_and_the_annex_right_to_left(scene: Scene) -> None:
    built, _ = hidden_round(scene)
    response = client_for(scene.secretary).get(address(scene, built, "package", "docx"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = docx_text(response.content)
    assert "اداره روابط عمومی الکترونیک" in text
    assert "کارشناس رسانه‌های اجتماعی — تعداد ۲" in text
    # The compact annex: counts per section and stance, then what became of each proposal.
    assert "پیوست: نظر شهرهای عضو و نتیجه بررسی پیشنهادها" in text
    assert "۱.۱.۲: ۰ / ۰ / ۱ / ۰ / ۳" in text  # the duty: Yazd disagrees, three said nothing
    assert "در دست بررسی (۱ پیشنهاد)" in text
    assert "۱.۱.۲: یزد" in text
    assert b"w:bidi" in zip_member(response.content, "word/document.xml")
    # The comment itself is in the summing-up report, not in the package.
    summing = client_for(scene.secretary).get(address(scene, built, "summing-up", "docx"))
    assert "نظر محرمانه یزد" in docx_text(summing.content)


def zip_member(content: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(name)


def test_a_member_citys_summing_up_report_hides_other_cities_before_the_deadline(
    scene: Scene,
) -> None:
    built, _ = hidden_round(scene)
    response = client_for(scene.representative).get(address(scene, built, "summing-up", "docx"))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "نظر محرمانه یزد" not in text
    assert "پنهان" in text


@pytest.mark.parametrize("who", ["outsider", "city_staff"])
def test_strangers_get_no_document(scene: Scene, who: str) -> None:
    built, _ = hidden_round(scene)
    for which in ("text", "summing-up", "package"):
        assert (
            client_for(getattr(scene, who)).get(address(scene, built, which, "pdf")).status_code
            == 404
        )


def test_the_version_pdf_reads_back_as_persian(scene: Scene, tmp_path: Path) -> None:
    built, _ = hidden_round(scene)
    response = client_for(scene.representative).get(address(scene, built, "text", "pdf"))
    assert response.content.startswith(b"%PDF-")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "draft.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    assert "ادارهروابطعمومیالکترونیک" in flat
    # The org chart's names are shaped and in reading order too (WeasyPrint's SVG text is not,
    # so the chart prints its names as HTML): the post is read in the chart and in the list.
    assert flat.count("کارشناسرسانههایاجتماع") == 2


def pdf_text(content: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_package_pdf_joins_its_sheets_in_order_each_numbered_apart(
    scene: Scene, tmp_path: Path
) -> None:
    built, _ = hidden_round(scene)
    glossary = services.draft_create(
        committee=scene.committee, by=scene.secretary, kind=DraftKind.GLOSSARY, title="واژه‌نامه"
    )
    services.section_add(
        draft=glossary,
        by=scene.secretary,
        kind=SectionKind.TERM,
        title="دیپلماسی شهری",
        body="روابط یک شهر با شهرهای دیگر جهان",
        data={"english": "City diplomacy"},
    )
    services.version_circulate(
        draft=glossary,
        by=scene.secretary,
        deadline=timezone.localdate() + dt.timedelta(days=5),
        today=timezone.localdate(),
    )
    response = client_for(scene.secretary).get(address(scene, built, "package", "pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    # The letter and the structure (two pages: the letter stands alone), the glossary, the annex.
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 4
    # pdftotext marks its runs' directions; the words are what counts here.
    flat = re.sub(
        "[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", pdf_text(response.content, tmp_path)
    )
    flat = "".join(flat.split())
    letter = flat.index("به:مرجعتصویب")
    structure = flat.index("ادارهروابطعمومیالکترونیک")
    term = flat.index("دیپلماسیشهری")
    annex = flat.index("ماتریسنظرها")
    assert letter < structure < term < annex
    assert "Citydiplomacy" in flat
    # Each sheet numbers its own pages, under its own name.
    assert flat.count("صفحه۱از۲") == flat.count("صفحه۲از۲") == 1
    assert flat.count("صفحه۱از۱") == 2
    assert "پیوست:نظرشهرهایعضوونتیجهبررسیپیشنهادها—صفحه۱از۱" in flat


def test_a_members_package_before_the_deadline_hides_the_other_cities(scene: Scene) -> None:
    built, _ = hidden_round(scene)
    response = client_for(scene.representative).get(address(scene, built, "package", "docx"))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "نظر شهرهای دیگر تا پایان مهلت پنهان است." in text
    assert "یزد" not in text
    assert "در دست بررسی" not in text


def test_the_compact_annex_groups_silence_and_outcomes() -> None:
    from jahesh.committee.drafts_documents import compact_annex
    from jahesh.committee.selectors.drafts import Matrix, MatrixRow, Node

    def member(pk: int, name: str) -> CommitteeMember:
        return CommitteeMember(pk=pk, name=name)

    tabriz, qom, karaj = member(1, "تبریز"), member(2, "قم"), member(3, "کرج")
    rows = [
        MatrixRow(
            Node(VersionSection(pk=10 + n, title=f"بخش {n}"), "۱." + "۰۱۲۳"[n], 1),
            [],
            {"agree": 1, "agree_with_changes": 1, "disagree": 0, "no_opinion": 0},
            silent,
        )
        for n, silent in ((1, [qom, karaj]), (2, [qom, karaj]), (3, [karaj]))
    ]
    labels = [(s.value, str(s.label)) for s in Stance]
    matrix = Matrix(DraftVersion(number=1), [tabriz, qom, karaj], rows, True, [karaj], labels)
    annex = compact_annex(
        matrix,
        [
            (11, "تبریز", Outcome.ACCEPTED, ""),
            (12, "تبریز", Outcome.NOT_ACCEPTED, "با قانون نمی‌خواند"),
            (13, "تبریز", Outcome.ACCEPTED, ""),
            (13, "قم", None, None),
        ],
    )
    assert annex.matrix_lines[0].count("·") == 2  # three sections to a line
    assert annex.matrix_lines[0].startswith("۱.۱: ۱ / ۱ / ۰ / ۰ / ۲")
    # Karaj said nothing at all: named once, not on every section.
    assert annex.silent_lines == ["کرج: همه بخش‌ها", "قم: ۱.۱، ۱.۲"]
    assert annex.dispositions == [
        ("پذیرفته شد (۲ پیشنهاد)", ["۱.۱: تبریز؛ ۱.۳: تبریز"]),
        ("پذیرفته نشد — با قانون نمی‌خواند (۱ پیشنهاد)", ["۱.۲: تبریز"]),
        ("در دست بررسی (۱ پیشنهاد)", ["۱.۳: قم"]),
    ]
    assert annex.hidden_note == ""
