"""Spreadsheet bombs: XLSX files a few kilobytes long that would make the reader allocate
gigabytes are refused, before anything is loaded, with a Persian sentence."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable
from typing import Any

import pytest

from jahesh.registry.importing import archive
from jahesh.registry.importing.cells import MAX_CELL_CHARS
from jahesh.registry.models import Municipality, Project, Role
from tests.registry.spreadsheets import HEADERS, messages_of, rejection, row, xlsx_bytes
from tests.registry.test_views import URL, signed_in, upload

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def with_parts(parts: dict[str, Iterable[bytes]]) -> bytes:
    """A real two-row XLSX whose ``parts`` are replaced by the given streams of bytes; each is
    deflated piece by piece, so a part of hundreds of megabytes costs kilobytes here."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADERS, row(code="P-1", title="یک")])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info, source.read(info))
        for name, pieces in parts.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with target.open(info, "w", force_zip64=True) as stream:
                for piece in pieces:
                    stream.write(piece)
    return out.getvalue()


def sheet(*rows_xml: bytes, dimension: bytes = b"A1:B2") -> list[bytes]:
    header = b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), text.encode())
        for i, text in enumerate(["کد پروژه", "عنوان"])
    )
    return [
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet %s><dimension ref="%s"/><sheetData>'
        % (_NS.encode(), dimension),
        b'<row r="1">%s</row>' % header,
        *rows_xml,
        b"</sheetData></worksheet>",
    ]


def only_message(editor: Any, city: Municipality, data: bytes) -> str:
    error = rejection(editor, city, data)
    assert len(error.problems) == 1, messages_of(error)
    assert not Project.objects.exists()
    return error.problems[0].message


@pytest.mark.parametrize(
    ("rows_xml", "words"),
    [
        ([b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'], "ردیف ۱٬۰۴۸٬۵۷۶"),
        ([b'<row r="2"><c r="XFD2"><v>1</v></c></row>'], "ستون XFD"),
        ([b'<row r="200000"><c r="ZZ200000"><v>1</v></c></row>'], "ردیف ۲۰۰٬۰۰۰"),
        ([b"<row>" + b"<c><v>1</v></c>" * 65 + b"</row>"], "ستون BM"),
        ([b'<row r="50000"/>', b"<row/><row/>" * 100], "ردیف ۵۰٬۱۰۱"),
        ([b'<x:row xmlns:x="urn:x" r="2"><x:c x:r="AAA2"><x:v>1</x:v></x:c></x:row>'], "ستون AAA"),
        ([b'<row r="2"><c s="1" a=">" r="XFD2"><v>1</v></c></row>'], "ستون XFD"),
    ],
)
def test_a_sheet_placing_cells_past_the_limits_is_refused_before_loading(
    city: Municipality, editor: Any, rows_xml: list[bytes], words: str
) -> None:
    data = with_parts({SHEET: sheet(*rows_xml)})
    started = time.process_time()

    message = only_message(editor, city, data)

    assert len(data) < 10_000
    assert time.process_time() - started < 2
    assert message.startswith("فایل اکسل بزرگ‌تر از آن است که خوانده شود"), message
    assert words in message


def test_a_declared_dimension_past_the_limits_is_refused(city: Municipality, editor: Any) -> None:
    data = with_parts({SHEET: sheet(dimension=b"A1:XFD1048576")})

    assert "ردیف ۱٬۰۴۸٬۵۷۶" in only_message(editor, city, data)


def test_an_entity_in_a_cell_reference_is_decoded_as_the_reader_decodes_it(
    city: Municipality, editor: Any
) -> None:
    data = with_parts({SHEET: sheet(b'<row r="2"><c r="&#88;FD2"><v>1</v></c></row>')})

    assert "ستون XFD" in only_message(editor, city, data)


def test_a_huge_shared_string_is_refused_by_its_inflated_size(
    city: Municipality, editor: Any
) -> None:
    megabyte = b"A" * (1024 * 1024)
    size_mb = archive.MAX_PART_BYTES // (1024 * 1024) + 1
    strings = [
        b'<?xml version="1.0"?><sst %s count="1" uniqueCount="1"><si><t>' % _NS.encode(),
        *(megabyte for _ in range(size_mb)),
        b"</t></si></sst>",
    ]
    data = with_parts({STRINGS: strings})

    message = only_message(editor, city, data)

    assert len(data) < 1024 * 1024
    assert "sharedStrings.xml" in message
    assert "مگابایت" in message


def test_a_part_whose_stream_inflates_past_its_declared_size_is_measured_by_the_stream(
    city: Municipality, editor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_PART_BYTES", 1024 * 1024)
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADERS, row(code="P-1", title="یک")])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != STRINGS:
                target.writestr(info, source.read(info))
        target.writestr(STRINGS, b"<sst>" + b"B" * (2 * 1024 * 1024) + b"</sst>")
    data = bytearray(out.getvalue())
    # The archive claims the part inflates to 10 bytes, in its local and central headers.
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(STRINGS)
    data[member.header_offset + 22 : member.header_offset + 26] = (10).to_bytes(4, "little")
    # The central directory comes last; its entry holds the name 46 bytes after its start.
    central = data.rindex(STRINGS.encode()) - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(STRINGS).file_size == 10

    message = only_message(editor, city, bytes(data))

    assert "sharedStrings.xml" in message
    assert "مگابایت" in message


def test_one_long_shared_string_in_many_cells_is_refused(city: Municipality, editor: Any) -> None:
    strings = [
        b'<?xml version="1.0"?><sst %s><si><t>' % _NS.encode(),
        b"A" * 30_000,
        b"</t></si></sst>",
    ]
    cells = b"".join(b'<c t="s"><v>0</v></c>' for _ in range(20))
    rows = [b"<row>%s</row>" % cells for _ in range(3_000)]
    data = with_parts({STRINGS: strings, SHEET: sheet(*rows)})

    message = only_message(editor, city, data)

    assert len(data) < 100_000
    assert "نویسه متن دارند" in message


def test_a_cell_longer_than_excel_allows_gets_a_sentence_on_its_row_and_column(
    city: Municipality, editor: Any
) -> None:
    text = ("ب" * (MAX_CELL_CHARS + 1)).encode()
    cells = b'<c r="A2" t="inlineStr"><is><t>P-2</t></is></c>'
    cells += b'<c r="B2" t="inlineStr"><is><t>%s</t></is></c>' % text
    data = with_parts({SHEET: sheet(b'<row r="2">%s</row>' % cells)})

    message = only_message(editor, city, data)

    assert message.startswith("ردیف ۲، ستون «عنوان»: متن این خانه"), message


def test_the_import_page_refuses_a_bomb_on_a_dry_run_with_the_same_sentence(
    city: Municipality, member_of: Any
) -> None:
    data = with_parts({SHEET: sheet(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')})

    response = signed_in(member_of(city, Role.EDITOR)).post(
        URL, {"municipality": city.pk, "file": upload(data), "dry_run": "on"}
    )

    assert response.status_code == 422
    assert "فایل اکسل بزرگ‌تر از آن است که خوانده شود" in response.content.decode()
    assert not Project.objects.exists()


def test_a_sheet_at_the_limits_is_read(city: Municipality, editor: Any) -> None:
    last = archive.MAX_SHEET_COLUMNS
    cells = b'<c r="A3" t="inlineStr"><is><t>P-2</t></is></c>'
    cells += b'<c r="B3" t="inlineStr"><is><t>x</t></is></c>'
    far = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>P-3</t></is></c>' % (
        archive.MAX_SHEET_ROWS,
        archive.MAX_SHEET_ROWS,
    )
    far += b'<c r="B%d" t="inlineStr"><is><t>y</t></is></c></row>' % archive.MAX_SHEET_ROWS
    data = with_parts(
        {
            SHEET: sheet(
                b'<row r="3">%s</row>' % cells,
                far,
                dimension=b"A1:%s%d"
                % (archive._column_name(last).encode(), archive.MAX_SHEET_ROWS),
            )
        }
    )

    from jahesh.registry.importing import projects_import

    result = projects_import(by=editor, municipality=city, data=data, dry_run=True)

    assert [r.code for r in result.rows] == ["P-2", "P-3"]
