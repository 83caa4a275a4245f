"""Starting a draft from a DOCX or Markdown file: headings become sections; bombs, encrypted and
macro-laden files and files without headings are refused in Persian with nothing written."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from jahesh.committee.drafts_import import OLE_SIGNATURE, draft_from_file
from jahesh.committee.errors import SourceFileError
from jahesh.committee.models import Draft, DraftKind, Section, SectionKind
from tests.committee.conftest import Scene

pytestmark = pytest.mark.django_db


def docx_bytes(*, headings: bool = True) -> bytes:
    document = docx.Document()
    if headings:
        document.add_heading("اداره کل ارتباطات", level=1)
    document.add_paragraph("راهبری ارتباطات شهرداری")
    if headings:
        document.add_heading("اداره روابط عمومی الکترونیک", level=2)
        document.add_paragraph("اطلاع‌رسانی برخط")
        document.add_heading("اداره امور بین‌الملل", level=2)
        document.add_heading("اداره دیپلماسی شهری", level=1)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_extra_entry(content: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, data)
    return out.getvalue()


def start(scene: Scene, name: str, content: bytes, kind: str = DraftKind.STRUCTURE) -> Draft:
    return draft_from_file(
        committee=scene.committee,
        by=scene.secretary,
        kind=kind,
        title="ساختار پیشنهادی",
        name=name,
        content=content,
    )


def test_docx_headings_become_a_tree_of_units_by_level(scene: Scene) -> None:
    draft = start(scene, "structure.docx", docx_bytes())
    units = {s.title: s for s in draft.sections.all()}
    assert list(units) == [
        "اداره کل ارتباطات",
        "اداره روابط عمومی الکترونیک",
        "اداره امور بین‌الملل",
        "اداره دیپلماسی شهری",
    ]
    top = units["اداره کل ارتباطات"]
    assert units["اداره روابط عمومی الکترونیک"].parent_key == top.key
    assert units["اداره امور بین‌الملل"].parent_key == top.key
    assert units["اداره دیپلماسی شهری"].parent_key == ""
    assert units["اداره روابط عمومی الکترونیک"].body == "اطلاع‌رسانی برخط"


def test_markdown_job_descriptions_get_a_duty_per_list_item(scene: Scene) -> None:
    text = (
        "# اداره روابط عمومی\n\n- تهیه خبر\n- پاسخ به شهروندان\n\n## اداره رسانه\n1. پایش رسانه‌ها\n"
    )
    draft = start(scene, "duties.md", text.encode(), DraftKind.JOB_DESCRIPTIONS)
    rows = list(draft.sections.values_list("kind", "body"))
    assert rows == [
        (SectionKind.HEADING, ""),
        (SectionKind.DUTY, "تهیه خبر"),
        (SectionKind.DUTY, "پاسخ به شهروندان"),
        (SectionKind.HEADING, ""),
        (SectionKind.DUTY, "پایش رسانه‌ها"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("plain.docx", docx_bytes(headings=False), "سرفصل"),
        ("secret.docx", OLE_SIGNATURE + b"\x00" * 600, "رمزگذاری"),
        ("macro.docx", with_extra_entry(docx_bytes(), "word/vbaProject.bin", b"x"), "ماکرو"),
        (
            "bomb.docx",
            with_extra_entry(docx_bytes(), "word/media/zeros.bin", b"\0" * 3_000_000),
            "فشرده",
        ),
        ("broken.docx", b"PK\x03\x04 not a zip", "درستی"),
        ("sheet.xlsx", b"x", "DOCX یا Markdown"),
        ("empty.md", "متن بی‌سرفصل".encode(), "سرفصل"),
        ("latin1.md", "# é".encode("latin-1"), "UTF-8"),
    ],
)
def test_bad_files_are_refused_in_persian_and_write_nothing(
    scene: Scene, name: str, content: bytes, says: str
) -> None:
    with pytest.raises(SourceFileError) as caught:
        start(scene, name, content)
    assert says in caught.value.message
    assert (Draft.objects.count(), Section.objects.count()) == (0, 0)
