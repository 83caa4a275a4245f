"""The minutes as a Persian document: the PDF's text read back in order, the DOCX right to left,
and the downloads only for the committee's members."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from jahesh.committee import documents, services
from jahesh.committee.minutes_document import minutes_docx, minutes_lines, minutes_pdf
from jahesh.committee.models import AttendanceHeld, Session
from jahesh.committee.selectors import minutes_get, session_get
from jahesh.core.errors import NotFoundError
from tests.committee.conftest import TIR_1_1402, Scene

pytestmark = pytest.mark.django_db

ITEM_TITLE = "ساختار ادارات کل ارتباطات و امور بین‌الملل کلان‌شهرها"
DECISION = "دبیرخانه پیش‌نویس شرح وظایف را تا ۱۵ مرداد ۱۴۰۲ برای شهرهای عضو می‌فرستد."


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def minutes_session(scene: Scene, *, items: int = 3, number: int = 31) -> Session:
    """A held session with written minutes, two cities present and one apologised."""
    session = services.session_plan(
        committee=scene.committee,
        by=scene.secretary,
        host=scene.tehran,
        date=TIR_1_1402,
        number=number,
        host_unit="مرکز ارتباطات و امور بین‌الملل شهرداری تهران",
        starts_at=dt.time(10, 0),
        ends_at=dt.time(12, 30),
        venue="تالار شهر",
    )
    for n in range(items):
        title = ITEM_TITLE if n == 0 else f"بند شماره {n + 1} درباره‌ی همکاری رسانه‌ای"
        services.agenda_item_add(session=session, by=scene.secretary, title=title)
    services.session_invite(session=session, by=scene.secretary)
    services.session_hold(
        session=session,
        by=scene.secretary,
        attendance={
            scene.tehran: (AttendanceHeld.PRESENT, "علی رضایی"),
            scene.shiraz: (AttendanceHeld.DEPUTY, "مریم جاویدی"),
            scene.yazd: (AttendanceHeld.APOLOGISED, ""),
        },
    )
    for item in session.items.order_by("position"):
        services.minutes_item_write(
            item=item,
            by=scene.secretary,
            discussion="نمایندگان شهرها دیدگاه‌های خود را گفتند.",
            decision=DECISION if item.position == 1 else "",
            is_finished=True,
        )
    services.resolution_record(
        session=session,
        by=scene.secretary,
        text="هر شهر تا پایان تیر نماینده‌ی خود را معرفی کند.",
        responsible=[scene.shiraz],
        secretariat_responsible=True,
        due_on=dt.date(2023, 7, 22),
        is_public=False,
    )
    return session


def loaded(session: Session) -> Any:
    return minutes_get(session=session_get(committee=session.committee, number=session.number))


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text in reading order, by poppler's pdftotext (pypdf gives table rows and
    numbers in visual order, which proves nothing about the logical order)."""
    if not shutil.which("pdftotext"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI requires pdftotext (poppler-utils) to read the minutes back")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_zwnj(text: str) -> str:
    # A PDF stores glyphs; ZWNJ has none (it only changes the forms of its neighbours), so text
    # read back from any PDF lacks it. The shaping test below checks what ZWNJ did to the glyphs.
    return text.replace("\u200c", "")


def test_the_minutes_pdf_gives_back_joined_persian_words_and_persian_digits_in_order(
    scene: Scene, tmp_path: Path
) -> None:
    pdf = minutes_pdf(loaded(minutes_session(scene)))
    assert pdf.startswith(b"%PDF-")
    # Spaces next to digits and colons move where bidi runs meet (pdftotext places them by
    # position), so the comparison ignores spaces; the words and their order are what count.
    text = "".join(pdf_text(pdf, tmp_path).translate(BIDI_CONTROLS).split())
    expected_in_order = [
        "صورت‌جلسه سی‌ویکمین نشست کمیته ارتباطات و امور بین‌الملل",
        "تهران — مرکز ارتباطات و امور بین‌الملل شهرداری تهران",
        "حاضران و غایبان",
        "۲ شیراز جانشین مریم جاویدی",
        ITEM_TITLE,  # «۱.» before it: pdftotext misplaces the neutral dot, the page does not
        "نمایندگان شهرها دیدگاه‌های خود را گفتند.",
        "پیش‌نویس شرح وظایف را تا ۱۵ مرداد ۱۴۰۲ برای شهرهای عضو می‌فرستد.",
        "بند شماره ۳ درباره‌ی همکاری رسانه‌ای",
        "۳۱/۱",
        "دبیرخانه، شیراز",
        "۳۱ تیر ۱۴۰۲",
        "امضای حاضران",
    ]
    wanted = ["".join(without_zwnj(phrase).split()) for phrase in expected_in_order]
    positions = [text.find(phrase) for phrase in wanted]
    missing = [p for p, at in zip(expected_in_order, positions, strict=True) if at < 0]
    assert missing == [], text
    assert positions == sorted(positions), text
    assert "مجمعشهردارانکلانشهرها" in text
    assert "پنجشنبه۱تیر۱۴۰۲" in text


def glyph_runs(pdf: bytes) -> list[list[bytes]]:
    """The glyph codes of each text-showing operation on the first page, in drawing order.

    WeasyPrint writes one glyph per string of a TJ array (kerning numbers between them).
    """
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    def code(value: Any) -> bytes:
        return bytes(value.original_bytes) if hasattr(value, "original_bytes") else bytes(value)

    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    runs: list[list[bytes]] = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"TJ":
            runs.append([code(o) for o in operands[0] if not isinstance(o, int | float)])
        elif operator == b"Tj":
            runs.append([code(operands[0])])
    return [[glyph for glyph in run if glyph] for run in runs if any(run)]


def paragraphs_pdf(*texts: str) -> bytes:
    body = "".join(f"<p>{t}</p>" for t in texts)
    return documents.html_string_to_pdf(
        f'<html lang="fa" dir="rtl"><body style="font-family: {documents.font_stack_css()}">'
        f"{body}</body></html>"
    )


def test_the_pdf_shapes_persian_letters_joined_and_honours_zwnj() -> None:
    # The same letters drawn apart, joined, and with a ZWNJ: shaping must pick other glyphs.
    apart, joined, with_zwnj, without = glyph_runs(
        paragraphs_pdf("ب ب ب", "ببب", "کلان‌شهرها", "کلانشهرها")
    )
    letters_apart = apart[::2] if len(apart) == 5 else apart  # spaces may or may not be glyphs
    assert len(set(letters_apart)) == 1  # every isolated ب is one glyph
    assert len(joined) == 3
    assert len(set(joined)) == 3  # initial, medial and final forms
    assert with_zwnj != without


def test_the_pdf_is_a4_and_uses_a_persian_font(scene: Scene) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(minutes_pdf(loaded(minutes_session(scene)))))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210,
        297,
    )
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Naskh" in f or "Farsi" in f or "Vazir" in f for f in fonts), fonts


def test_the_minutes_docx_holds_the_items_and_a_right_to_left_attendance_table(
    scene: Scene,
) -> None:
    opened = Document(io.BytesIO(minutes_docx(loaded(minutes_session(scene)))))
    paragraphs = [p.text for p in opened.paragraphs]
    assert f"۱. {ITEM_TITLE}" in paragraphs
    assert "۳. بند شماره ۳ درباره‌ی همکاری رسانه‌ای" in paragraphs
    assert f"تصمیم: {DECISION}" in paragraphs
    attendance = opened.tables[0]
    rows = [[cell.text for cell in row.cells] for row in attendance.rows]
    assert rows == [
        ["ردیف", "شهر", "حضور", "نام‌ها"],
        ["۱", "تهران", "حاضر", "علی رضایی"],
        ["۲", "شیراز", "جانشین", "مریم جاویدی"],
        ["۳", "مشهد", "ثبت نشده", ""],
        ["۴", "یزد", "غایب با عذر", ""],
    ]
    assert attendance._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    body = opened.element.body
    assert all(
        p.pPr is not None and p.pPr.find(qn("w:bidi")) is not None for p in body.iter(qn("w:p"))
    )
    signatures = opened.tables[2]
    assert [row.cells[0].text for row in signatures.rows] == ["شهر", "تهران", "شیراز"]


def test_docx_property_elements_keep_the_schema_order_word_requires(scene: Scene) -> None:
    opened = Document(io.BytesIO(minutes_docx(loaded(minutes_session(scene)))))
    heading = opened.styles["Heading 1"].element.pPr
    tags = [child.tag.split("}")[1] for child in heading]
    assert tags.index("bidi") < tags.index("spacing")


def test_a_session_not_held_has_no_minutes_to_print(scene: Scene) -> None:
    session = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.tehran, date=TIR_1_1402
    )
    with pytest.raises(NotFoundError, match="هنوز نوشته نشده"):
        loaded(session)


@pytest.mark.parametrize(("name", "mime"), [("minutes-pdf", "pdf"), ("minutes-docx", "docx")])
@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretary", 200), ("representative", 200), ("outsider", 404), ("city_staff", 404)],
)
def test_minutes_downloads_go_to_members_only_and_are_never_shared_caches(
    scene: Scene, name: str, mime: str, persona: str, status: int
) -> None:
    session = minutes_session(scene)
    address = reverse(f"committee:{name}", args=[scene.committee.slug, session.number])
    response = client_for(getattr(scene, persona)).get(address)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == (
            documents.PDF_MIME if mime == "pdf" else documents.DOCX_MIME
        )
        assert f'filename="communications-minutes-31.{mime}"' in response["Content-Disposition"]
        assert "private" in response["Cache-Control"]


def test_the_session_page_links_its_minutes(scene: Scene) -> None:
    session = minutes_session(scene)
    page = client_for(scene.representative).get(
        reverse("committee:session", args=[scene.committee.slug, session.number])
    )
    assert (
        reverse("committee:minutes-pdf", args=[scene.committee.slug, 31]) in page.content.decode()
    )


def test_the_lines_say_draft_until_approved(scene: Scene) -> None:
    lines = minutes_lines(loaded(minutes_session(scene)))
    assert lines.status == "پیش‌نویس دبیرخانه"
    assert lines.signers == [("تهران", "علی رضایی", "حاضر"), ("شیراز", "مریم جاویدی", "جانشین")]
