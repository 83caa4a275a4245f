"""Documents of a draft, as PDF and DOCX through the committee's document tools
(``documents.py``): one version as a text, the summing-up report of a round (per section: the
stances, the proposals and their dispositions), and the submission package (a cover letter, the
structure with its org chart, the job descriptions, the glossary, and an annex with the opinion
matrix and the dispositions).

What a visitor may read of other cities' opinions comes from the same matrix selector as the
page, so a document never shows an opinion the page would hide.

The package is written for size: at the scale of the benchmark (2,300 sections, 30 cities, 8,000
proposals) a table row costs WeasyPrint about ten times a line of text, so its annex is compact
lines, not tables (``Annex``), and its PDF is printed as independent sheets in parallel and
joined (``documents.html_strings_to_pdf``). The summing-up report keeps its full tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from jahesh import persian
from jahesh.committee import documents, orgchart
from jahesh.committee.drafting import post_data
from jahesh.committee.glossary import Term
from jahesh.committee.models import (
    Draft,
    DraftKind,
    DraftVersion,
    Opinion,
    Outcome,
    SectionKind,
    Submission,
)
from jahesh.committee.selectors.drafts import (
    Matrix,
    Node,
    flatten,
    glossary_terms,
    opinion_matrix,
    proposals_to_dispose,
    section_tree,
)
from jahesh.committee.selectors.sessions import Seat


def _fa(value: object) -> str:
    return persian.to_persian_digits(str(value))


@dataclass
class Part:
    title: str
    kind: str
    nodes: list[Node] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    svg: str = ""
    chart_note: str = ""

    @property
    def lines(self) -> list[tuple[str, int, bool]]:
        """Each section as one line of text, with its depth and whether it is a heading."""
        return [
            (_node_line(n), n.depth, n.section.kind in (SectionKind.UNIT, SectionKind.HEADING))
            for n in self.nodes
        ]

    @property
    def term_lines(self) -> list[str]:
        return [term_line(t) for t in self.terms]


def term_line(term: Term) -> str:
    """A glossary entry as a dictionary prints it; the English equivalent in a left-to-right
    isolate (U+2066…U+2069), so its letters and digits keep their order in the Persian line."""
    line = term.term
    if term.english:
        line += f" (\u2066{term.english}\u2069)"
    line += f": {term.definition}" if term.definition else ""
    if term.related:
        line += f" — مرتبط: {'، '.join(term.related)}"
    return line


@dataclass
class DraftDocument:
    committee: str
    assembly: str
    title: str
    subtitle: str
    cover: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    matrix: Matrix | None = None
    proposals: list[Opinion] = field(default_factory=list)
    annex: Annex | None = None
    """The package's compact annex; the summing-up report shows ``matrix`` and ``proposals``."""
    footer: str = ""
    """Named at the foot of each page beside its number (a package's sheets are numbered apart)."""

    @property
    def footer_css(self) -> str:
        """``footer`` as the inside of a CSS string (the template puts it in ``@page``)."""
        return "".join(f"\\{ord(c):x} " if c in '\\"<>\n\r' else c for c in self.footer)


ANNEX_TITLE = "پیوست: نظر شهرهای عضو و نتیجه بررسی پیشنهادها"
MATRIX_ENTRIES_PER_LINE = 3
DISPOSITION_ENTRIES_PER_LINE = 4
# Between a line's entries: wide spaces HTML does not collapse, and right-to-left marks so the
# bidi algorithm keeps each entry of digits in its own place.
MATRIX_GAP = "\u200f\u2003\u2003·\u2003\u2003\u200f"


@dataclass
class Annex:
    """The opinion matrix and the dispositions in tight lines, sections named by their numbers
    in the text: counts per section and stance, the cities that did not answer (grouped by who
    they are), and per section what became of each city's proposal."""

    legend: str
    matrix_lines: list[str]
    silent_lines: list[str]
    dispositions: list[tuple[str, list[str]]]
    """Per outcome (with its reason): the sections and the cities whose proposal had it."""
    hidden_note: str = ""


def compact_annex(
    matrix: Matrix, proposals: Sequence[tuple[int, str, str | None, str | None]]
) -> Annex:
    """``proposals``: (section id, city, outcome or None while undecided, reason) of each."""
    stances = [value for value, _ in matrix.stance_labels]
    labels = [label for _, label in matrix.stance_labels]
    entries = [
        f"{row.node.number}: "
        + " / ".join(_fa(n) for n in [*(row.counts[v] for v in stances), len(row.silent)])
        for row in matrix.rows
    ]
    matrix_lines = [
        MATRIX_GAP.join(entries[i : i + MATRIX_ENTRIES_PER_LINE])
        for i in range(0, len(entries), MATRIX_ENTRIES_PER_LINE)
    ]
    everywhere = {m.pk for m in matrix.silent_members}
    by_silence: dict[tuple[str, ...], list[str]] = {}
    if everywhere:
        names = tuple(m.name for m in matrix.silent_members)
        by_silence[names] = ["همه بخش‌ها"]
    for row in matrix.rows:
        names = tuple(m.name for m in row.silent if m.pk not in everywhere)
        if names:
            by_silence.setdefault(names, []).append(row.node.number)
    silent_lines = [f"{'، '.join(n)}: {'، '.join(where)}" for n, where in by_silence.items()]
    numbers = {row.node.section.pk: row.node.number for row in matrix.rows}
    # Outcome (with its reason) → section → the cities whose proposal had it.
    grouped: dict[str, dict[int, list[str]]] = {}
    for section_id, city, outcome, reason in proposals:
        grouped.setdefault(outcome_text(outcome, reason), {}).setdefault(section_id, []).append(
            city
        )
    dispositions = []
    for outcome, sections in grouped.items():
        entries = [f"{numbers.get(s, '')}: {'، '.join(cities)}" for s, cities in sections.items()]
        count = _fa(f"{sum(len(c) for c in sections.values()):,}".replace(",", "٬"))
        dispositions.append(
            (
                f"{outcome} ({count} پیشنهاد)",
                [
                    "؛ ".join(entries[i : i + DISPOSITION_ENTRIES_PER_LINE])
                    for i in range(0, len(entries), DISPOSITION_ENTRIES_PER_LINE)
                ],
            )
        )
    return Annex(
        f"هر بخش با شماره‌اش در متن آمده است؛ شمارها به ترتیب: {'، '.join(labels)}، بی‌پاسخ.",
        matrix_lines,
        silent_lines,
        dispositions,
        "" if matrix.open_to_all else "نظر شهرهای دیگر تا پایان مهلت پنهان است.",
    )


def org_units(nodes: list[Node], levels: int | None = None) -> list[orgchart.OrgUnit]:
    """The units of a structure tree with their posts, for the SVG chart (``levels``: only so
    many levels from the top)."""
    units = []
    for node in nodes:
        if node.section.kind != SectionKind.UNIT:
            continue
        posts = [
            f"{c.section.title} ({_fa(post_data(c.section.data).count)})"
            for c in node.children
            if c.section.kind == SectionKind.POST
        ]
        below = (
            [] if levels == 1 else org_units(node.children, None if levels is None else levels - 1)
        )
        units.append(orgchart.OrgUnit(node.section.title, posts, below))
    return units


# Boxes side by side that an A4 page still prints legibly.
PAGE_CHART_LEAVES = 6


def page_chart(tree: list[Node], title: str) -> tuple[str, str]:
    """The org chart for a printed page (HTML over SVG, so Persian is shaped), and a note when
    it stops above the lowest level: as many levels from the top as stay legible across A4
    (every unit is in the list below it)."""
    full = org_units(tree)
    depth = _levels(full)
    levels = depth
    while levels > 1 and _leaves(org_units(tree, levels)) > PAGE_CHART_LEAVES:
        levels -= 1
    svg = orgchart.org_chart_print_html(org_units(tree, levels) if levels < depth else full, title)
    note = ""
    if levels < depth:
        note = f"نمودار تا سطح {_fa(levels)} از {_fa(depth)} سطح؛ همه واحدها در فهرست زیر آمده‌اند."
    return svg, note


def _levels(units: list[orgchart.OrgUnit]) -> int:
    return max((1 + _levels(u.children) for u in units), default=0)


def _leaves(units: list[orgchart.OrgUnit]) -> int:
    return sum(_leaves(u.children) if u.children else 1 for u in units)


def version_part(version: DraftVersion) -> Part:
    draft = version.draft
    rows = list(version.sections.order_by("position"))
    title = f"{draft.title} — نسخه {_fa(version.number)}"
    if draft.kind == DraftKind.GLOSSARY:
        return Part(title, draft.kind, terms=glossary_terms(rows))
    tree = section_tree(rows)
    svg = note = ""
    if draft.kind == DraftKind.STRUCTURE:
        svg, note = page_chart(tree, draft.title)
    return Part(title, draft.kind, nodes=flatten(tree), svg=svg, chart_note=note)


def _header(draft: Draft) -> tuple[str, str]:
    return draft.committee.name, draft.committee.assembly_name


def version_document(version: DraftVersion) -> DraftDocument:
    committee, assembly = _header(version.draft)
    deadline = persian.format_jalali(version.deadline)
    return DraftDocument(
        committee,
        assembly,
        version.draft.title,
        f"نسخه {_fa(version.number)} — مهلت اظهارنظر {deadline}",
        parts=[version_part(version)],
    )


def summing_up_document(*, seat: Seat, version: DraftVersion) -> DraftDocument:
    committee, assembly = _header(version.draft)
    matrix = opinion_matrix(seat=seat, version=version, page=None)
    proposals = list(proposals_to_dispose(version)) if _proposals_shown(seat, matrix) else []
    return DraftDocument(
        committee,
        assembly,
        f"جمع‌بندی نظرهای شهرهای عضو درباره «{version.draft.title}»",
        f"نسخه {_fa(version.number)}",
        matrix=matrix,
        proposals=proposals,
    )


def _proposals_shown(seat: Seat, matrix: Matrix) -> bool:
    """Every city's proposals: to the secretariat, and to members once the round shows all."""
    return seat.manages or matrix.open_to_all


def package_document(*, seat: Seat, version: DraftVersion) -> DraftDocument:
    """The submission package: the version, the committee's latest structure, job descriptions and
    glossary beside it, and the annex of opinions and dispositions."""
    draft = version.draft
    committee, assembly = _header(draft)
    submission = Submission.objects.filter(version=version).order_by("-created_at").first()
    authority = submission.authority if submission is not None else "مرجع تصویب"
    cover = [
        f"به: {authority}",
        f"موضوع: «{draft.title}» (نسخه {_fa(version.number)})",
        "با سلام و احترام، به پیوست متن پیشنهادی کمیته، که نظر شهرهای عضو درباره آن گرفته و "
        "در جمع‌بندی نهایی بررسی شده است، برای بررسی و تصویب تقدیم می‌شود.",
    ]
    if submission is not None:
        cover.append(
            f"شماره نامه: {submission.letter_number} — تاریخ: "
            f"{persian.format_jalali(submission.letter_date)}"
        )
    parts = [version_part(version)]
    for kind in (DraftKind.STRUCTURE, DraftKind.JOB_DESCRIPTIONS, DraftKind.GLOSSARY):
        if kind == draft.kind:
            continue
        other = (
            Draft.objects.filter(committee=draft.committee, kind=kind)
            .order_by("-updated_at")
            .first()
        )
        latest = other.versions.order_by("-number").first() if other is not None else None
        if latest is not None and other is not None:
            latest.draft = other
            parts.append(version_part(latest))
    matrix = opinion_matrix(seat=seat, version=version, page=None)
    outcomes = (
        list(
            proposals_to_dispose(version).values_list(
                "section_id", "member__name", "disposition__outcome", "disposition__reason"
            )
        )
        if _proposals_shown(seat, matrix)
        else []
    )
    return DraftDocument(
        committee,
        assembly,
        f"بسته ارسال برای تصویب: {draft.title}",
        f"نسخه {_fa(version.number)}",
        cover=cover,
        parts=parts,
        annex=compact_annex(matrix, outcomes),
    )


def package_sheets(document: DraftDocument) -> list[DraftDocument]:
    """The package as independent sheets printed apart: the cover letter with the submitted
    version, each further part, and the annex; each numbers its own pages."""
    lead = replace(document, parts=document.parts[:1], annex=None, footer=document.title)
    sheets = [lead]
    for part in document.parts[1:]:
        sheets.append(replace(document, cover=[], parts=[part], annex=None, footer=part.title))
    if document.annex is not None:
        sheets.append(replace(document, cover=[], parts=[], footer=ANNEX_TITLE))
    return sheets


def document_pdf(document: DraftDocument) -> bytes:
    if document.annex is None:
        return documents.html_to_pdf("committee/drafts/document.html", {"d": document})
    return documents.html_strings_to_pdf(
        [
            documents.render_html("committee/drafts/document.html", {"d": sheet})
            for sheet in package_sheets(document)
        ]
    )


def _node_line(node: Node) -> str:
    section = node.section
    if section.kind == SectionKind.DUTY:
        return f"{node.number}. {section.body}"
    line = f"{node.number}. {section.title}"
    if section.kind == SectionKind.POST:
        post = post_data(section.data)
        extra = [f"تعداد {_fa(post.count)}"]
        if post.grade:
            extra.append(f"رده {post.grade}")
        if post.qualifications:
            extra.append(f"شرایط احراز: {post.qualifications}")
        return f"{line} — {'، '.join(extra)}"
    return f"{line}: {section.body}" if section.body else line


def document_docx(document: DraftDocument) -> bytes:
    doc = documents.rtl_document()
    if document.assembly:
        documents.rtl_paragraph(doc, document.assembly, center=True)
    documents.rtl_paragraph(doc, document.committee, bold=True, center=True)
    documents.rtl_heading(doc, document.title, level=1)
    documents.rtl_paragraph(doc, document.subtitle, center=True)
    documents.rtl_paragraphs(doc, ((line, False) for line in document.cover))
    for part in document.parts:
        documents.rtl_heading(doc, part.title, level=2)
        if part.terms:
            documents.rtl_table(
                doc,
                ["واژه", "معادل انگلیسی", "تعریف"],
                [[t.term, t.english, t.definition] for t in part.terms],
            )
        documents.rtl_paragraphs(
            doc, ((_node_line(n), n.section.kind == SectionKind.UNIT) for n in part.nodes)
        )
    if document.annex is not None:
        _annex_docx(doc, document.annex)
    if document.matrix is not None:
        matrix = document.matrix
        documents.rtl_heading(doc, "پیوست: نظر شهرهای عضو", level=2)
        labels = [label for _, label in matrix.stance_labels]
        documents.rtl_table(
            doc,
            ["بخش", *labels, "بی‌پاسخ"],
            [
                [
                    f"{row.node.number}. {row.node.section.title}",
                    *[_fa(row.counts[value]) for value, _ in matrix.stance_labels],
                    _fa(len(row.silent)),
                ]
                for row in matrix.rows
            ],
        )
        if not matrix.open_to_all:
            documents.rtl_paragraph(doc, "نظر شهرهای دیگر تا پایان مهلت پنهان است.")
    if document.proposals:
        documents.rtl_heading(doc, "پیشنهادها و نتیجه بررسی", level=2)
        documents.rtl_table(
            doc,
            ["بخش", "شهر", "نظر", "پیشنهاد", "نتیجه"],
            [
                [
                    o.section.title,
                    o.member.name,
                    o.get_stance_display(),
                    o.proposed_text or o.comment,
                    _disposition_text(o),
                ]
                for o in document.proposals
            ],
        )
    return documents.docx_bytes(doc)


def _annex_docx(doc: Any, annex: Annex) -> None:
    documents.rtl_heading(doc, ANNEX_TITLE, level=2)
    if annex.hidden_note:
        documents.rtl_paragraph(doc, annex.hidden_note)
    documents.rtl_heading(doc, "ماتریس نظرها", level=3)
    documents.rtl_paragraphs(
        doc, [(annex.legend, False), *((t, False) for t in annex.matrix_lines)]
    )
    if annex.silent_lines:
        documents.rtl_heading(doc, "شهرهای بی‌پاسخ", level=3)
        documents.rtl_paragraphs(doc, ((t, False) for t in annex.silent_lines))
    if annex.dispositions:
        documents.rtl_heading(doc, "نتیجه بررسی پیشنهادها", level=3)
        for outcome, lines in annex.dispositions:
            documents.rtl_paragraphs(doc, [(outcome, True), *((t, False) for t in lines)])


def _disposition_text(opinion: Opinion) -> str:
    disposition = getattr(opinion, "disposition", None)
    if disposition is None:
        return outcome_text(None, None)
    return outcome_text(disposition.outcome, disposition.reason)


def outcome_text(outcome: str | None, reason: str | None) -> str:
    """What became of a proposal, in words: its outcome and reason, or that it awaits one."""
    if outcome is None:
        return "در دست بررسی"
    text = str(Outcome(outcome).label)
    return f"{text} — {reason}" if reason else text
