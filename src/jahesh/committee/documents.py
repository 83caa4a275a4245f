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
import multiprocessing
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from django.template.loader import render_to_string
from docx import Document as new_document
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import Cm, Length, Pt
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
    return html_string_to_pdf(render_html(template_name, context))


def render_html(template_name: str, context: Mapping[str, Any]) -> str:
    """The HTML ``html_to_pdf`` prints, with ``font_stack`` added to the context."""
    return render_to_string(template_name, {**context, "font_stack": font_stack_css()})


def html_strings_to_pdf(htmls: Sequence[str]) -> bytes:
    """Print independent HTML documents and join them, in that order, into one PDF.

    WeasyPrint lays out in one thread, about a millisecond a line; a document of hundreds of
    pages printed as independent sheets takes the machine's cores: the largest sheet here, the
    others in worker processes (``spawn``: a fork of a threaded server could inherit held
    locks). Each sheet keeps its own page numbers. Joined with pypdf (docs/adr/0009).
    """
    if len(htmls) == 1:
        return html_string_to_pdf(htmls[0])
    order = sorted(range(len(htmls)), key=lambda n: -len(htmls[n]))
    workers = min(len(htmls) - 1, max(0, (os.cpu_count() or 1) - 1))
    pdfs: dict[int, bytes] = {}
    if workers == 0:
        pdfs = {n: html_string_to_pdf(htmls[n]) for n in order}
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {n: pool.submit(html_string_to_pdf, htmls[n]) for n in order[1:]}
            pdfs[order[0]] = html_string_to_pdf(htmls[order[0]])
            pdfs.update({n: future.result() for n, future in futures.items()})
    return join_pdfs([pdfs[n] for n in range(len(htmls))])


def join_pdfs(pdfs: Sequence[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


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
) -> None:
    """Add a table whose first column is on the right, with a bold header row.

    The table's XML is written in one piece and parsed once: python-docx's cell-by-cell API
    costs about a millisecond a cell, which a table of thousands of rows cannot afford.
    """
    columns = len(header)
    if widths_cm is not None:
        twips = [int(Cm(width).twips) for width in widths_cm]
    else:
        section = document.sections[-1]
        usable = (
            (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        )
        twips = [Length(usable).twips // columns] * columns
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    parts = [
        f'<w:tbl {_W_NS}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:bidiVisual/>'
        '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    ]
    for n, texts in enumerate([list(header), *(list(row) for row in rows)]):
        if len(texts) != columns:
            raise ValueError(f"row {n} has {len(texts)} cells, the header {columns}")
        parts.append("<w:tr>")
        for text, width in zip(texts, twips, strict=True):
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
                f"{_paragraph_xml(text, bold=n == 0)}</w:tc>"
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    _append_to_body(document, [parse_xml("".join(parts))])


def rtl_paragraphs(document: Document, lines: Iterable[tuple[str, bool]]) -> None:
    """Add many right-to-left paragraphs at once, each ``(text, bold)``; same XML as
    ``rtl_paragraph`` gives, written in bulk (see ``rtl_table``)."""
    body = "".join(_paragraph_xml(text, bold=bold) for text, bold in lines)
    if body:
        _append_to_body(document, list(parse_xml(f"<w:body {_W_NS}>{body}</w:body>")))


_W_NS = f'xmlns:w="{nsmap["w"]}"'
# Characters XML 1.0 cannot hold; python-docx refuses them, the bulk writer drops them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _paragraph_xml(text: str, *, bold: bool = False) -> str:
    """A paragraph marked right to left holding one Persian run, as ``rtl_text`` writes it;
    line breaks and tabs become ``w:br`` and ``w:tab`` as python-docx's ``add_run`` makes them."""
    run = ""
    if text:
        weight = "<w:b/><w:bCs/>" if bold else ""
        pieces = []
        for n, line in enumerate(_NOT_XML.sub("", text).split("\n")):
            if n:
                pieces.append("<w:br/>")
            for m, chunk in enumerate(line.split("\t")):
                if m:
                    pieces.append("<w:tab/>")
                if chunk:
                    pieces.append(f'<w:t xml:space="preserve">{xml_escape(chunk)}</w:t>')
        run = f"<w:r><w:rPr>{weight}<w:rtl/><w:cs/></w:rPr>{''.join(pieces)}</w:r>"
    return f"<w:p><w:pPr><w:bidi/></w:pPr>{run}</w:p>"


def _append_to_body(document: Document, elements: Sequence[Any]) -> None:
    # Before the body's closing w:sectPr, where python-docx adds its own blocks.
    body = document.element.body
    anchor = body.find(qn("w:sectPr"))
    for element in elements:
        if anchor is None:
            body.append(element)
        else:
            anchor.addprevious(element)


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
