"""Persian documents a secretariat sends: PDF from an HTML template, DOCX built right to left.

Generic on purpose: the minutes use both today, and drafts (issue 13) can build on the same two
tools. The traps are Persian ones:

- PDF: WeasyPrint shapes text with HarfBuzz, so joined letters, ZWNJ and the bidi algorithm come
  out right, but only with a font that has Arabic-script glyphs; ``PERSIAN_FONT_STACK`` names the
  ones Debian ships (fonts-freefarsi, fonts-noto-core). A missing font falls back silently to one
  without them and prints empty boxes, which the test that reads the text back would catch.
- DOCX: Word lays a paragraph out right to left only when the paragraph says ``w:bidi``, a table
  only with ``w:bidiVisual``, and shapes a run as Persian only when the run is marked ``w:rtl``
  and its complex-script font (``w:rFonts w:cs``) has the glyphs; sizes for such runs are
  ``w:szCs``. Setting only the ordinary font or alignment gives left-to-right tables and
  reversed punctuation.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.template.loader import render_to_string
from docx import Document as new_document
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

# Families by name, as fontconfig knows them; the first one installed wins.
PERSIAN_FONT_STACK = ("Vazirmatn", "Noto Naskh Arabic", "FreeFarsi")
DOCX_FONT = "Noto Naskh Arabic"
DOCX_SIZE_PT = 12
PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def html_to_pdf(template_name: str, context: Mapping[str, Any]) -> bytes:
    """Render a Django template and print it to PDF bytes.

    The template carries its own ``@page`` rules and styles; ``font_stack`` (the CSS value of
    ``PERSIAN_FONT_STACK``) is added to the context for its ``font-family``. No resource is
    fetched over the network: the base URL is unset and templates must inline what they need.
    """
    html = render_to_string(template_name, {**context, "font_stack": font_stack_css()})
    return html_string_to_pdf(html)


def html_string_to_pdf(html: str) -> bytes:
    """Print a complete HTML document (styles inline) to PDF bytes, fetching nothing."""
    from weasyprint import HTML  # imported here: loading pango and fonts costs ~0.3 s

    pdf = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    if pdf is None:  # only when given a target to write to, which we never give
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)


def font_stack_css() -> str:
    return ", ".join(f'"{family}"' for family in PERSIAN_FONT_STACK) + ", serif"


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # A document built from members' text must not make the server fetch addresses.
    raise ValueError(f"documents fetch nothing: {url}")


# ---- DOCX ------------------------------------------------------------------------------------


def rtl_document(*, font: str = DOCX_FONT, size_pt: int = DOCX_SIZE_PT) -> Document:
    """Return an empty A4 document whose default paragraphs and runs are right to left."""
    document = new_document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin = section.bottom_margin = Cm(2)
    style = document.styles["Normal"]
    _mark_run_properties(style.element.get_or_add_rPr(), font, size_pt)
    _set_bidi(style.element.get_or_add_pPr())
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        heading = document.styles[name]
        _mark_run_properties(heading.element.get_or_add_rPr(), font, None)
        _set_bidi(heading.element.get_or_add_pPr())
    return document


def rtl_paragraph(
    document: Document,
    text: str = "",
    *,
    style: str | None = None,
    bold: bool = False,
    center: bool = False,
) -> Paragraph:
    """Add a right-to-left paragraph holding one right-to-left run."""
    paragraph = document.add_paragraph(style=style)
    rtl_text(paragraph, text, bold=bold, center=center)
    return paragraph


def rtl_heading(document: Document, text: str, *, level: int = 1) -> Paragraph:
    paragraph: Paragraph = document.add_heading(level=level)
    rtl_text(paragraph, text)
    return paragraph


def rtl_text(paragraph: Paragraph, text: str, *, bold: bool = False, center: bool = False) -> None:
    """Mark a paragraph right to left and add ``text`` to it as a Persian run."""
    _set_bidi(paragraph._p.get_or_add_pPr())
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.rtl = True
        run.font.complex_script = True
        if bold:
            # Word reads bold for complex-script text from w:bCs, not w:b.
            run._r.get_or_add_rPr().get_or_add_bCs()


def rtl_table(
    document: Document,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    widths_cm: Sequence[float] | None = None,
) -> Table:
    """Add a table whose first column is on the right, with a bold header row."""
    body = [list(row) for row in rows]
    table: Table = document.add_table(rows=1 + len(body), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table._tbl.tblPr.get_or_add_bidiVisual()
    for n, (table_row, texts) in enumerate(zip(table.rows, [list(header), *body], strict=True)):
        for cell, text in zip(table_row.cells, texts, strict=True):
            rtl_text(cell.paragraphs[0], text, bold=n == 0)
    if widths_cm is not None:
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
    return table


def docx_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Word refuses a file whose property elements are out of the schema's order, so w:bidi goes
# before the first of these that the paragraph already has.
_AFTER_BIDI = tuple(
    f"w:{tag}"
    for tag in [
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)


def _set_bidi(p_pr: Any) -> None:
    if p_pr.find(qn("w:bidi")) is None:
        p_pr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _mark_run_properties(r_pr: Any, font: str, size_pt: int | None) -> None:
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), font)
    r_pr.get_or_add_rtl()
    if size_pt is not None:
        half_points = str(int(Pt(size_pt).pt * 2))
        size = r_pr.get_or_add_sz()
        size.set(qn("w:val"), half_points)
        complex_size = r_pr.find(qn("w:szCs"))
        if complex_size is None:
            complex_size = OxmlElement("w:szCs")
            size.addnext(complex_size)  # w:szCs comes right after w:sz
        complex_size.set(qn("w:val"), half_points)
