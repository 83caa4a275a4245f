"""Documents of a draft, as PDF and DOCX through the committee's document tools
(``documents.py``): one version as a text, the summing-up report of a round (per section: the
stances, the proposals and their dispositions), and the submission package (a cover letter, the
structure with its org chart, the job descriptions, the glossary, and an annex with the opinion
matrix and the dispositions).

What a visitor may read of other cities' opinions comes from the same matrix selector as the
page, so a document never shows an opinion the page would hide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jahesh import persian
from jahesh.committee import documents, orgchart
from jahesh.committee.drafting import post_data
from jahesh.committee.glossary import Term
from jahesh.committee.models import (
    Draft,
    DraftKind,
    DraftVersion,
    Opinion,
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


def org_units(nodes: list[Node]) -> list[orgchart.OrgUnit]:
    """The units of a structure tree with their posts, for the SVG chart."""
    units = []
    for node in nodes:
        if node.section.kind != SectionKind.UNIT:
            continue
        posts = [
            f"{c.section.title} ({_fa(post_data(c.section.data).count)})"
            for c in node.children
            if c.section.kind == SectionKind.POST
        ]
        units.append(orgchart.OrgUnit(node.section.title, posts, org_units(node.children)))
    return units


def version_part(version: DraftVersion) -> Part:
    draft = version.draft
    rows = list(version.sections.order_by("position"))
    title = f"{draft.title} — نسخه {_fa(version.number)}"
    if draft.kind == DraftKind.GLOSSARY:
        return Part(title, draft.kind, terms=glossary_terms(rows))
    tree = section_tree(rows)
    svg = ""
    if draft.kind == DraftKind.STRUCTURE:
        svg = orgchart.org_chart_svg(org_units(tree), draft.title)
    return Part(title, draft.kind, nodes=flatten(tree), svg=svg)


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
    proposals = list(proposals_to_dispose(version)) if seat.manages else []
    matrix = opinion_matrix(seat=seat, version=version, page=None)
    if not seat.manages and matrix.open_to_all:
        proposals = list(proposals_to_dispose(version))
    return DraftDocument(
        committee,
        assembly,
        f"جمع‌بندی نظرهای شهرهای عضو درباره «{version.draft.title}»",
        f"نسخه {_fa(version.number)}",
        matrix=matrix,
        proposals=proposals,
    )


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
    summing = summing_up_document(seat=seat, version=version)
    return DraftDocument(
        committee,
        assembly,
        f"بسته ارسال برای تصویب: {draft.title}",
        f"نسخه {_fa(version.number)}",
        cover=cover,
        parts=parts,
        matrix=summing.matrix,
        proposals=summing.proposals,
    )


def document_pdf(document: DraftDocument) -> bytes:
    return documents.html_to_pdf("committee/drafts/document.html", {"d": document})


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
    for line in document.cover:
        documents.rtl_paragraph(doc, line)
    for part in document.parts:
        documents.rtl_heading(doc, part.title, level=2)
        if part.terms:
            documents.rtl_table(
                doc,
                ["واژه", "معادل انگلیسی", "تعریف"],
                [[t.term, t.english, t.definition] for t in part.terms],
            )
        for node in part.nodes:
            documents.rtl_paragraph(doc, _node_line(node), bold=node.section.kind == "unit")
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


def _disposition_text(opinion: Opinion) -> str:
    disposition = getattr(opinion, "disposition", None)
    if disposition is None:
        return "در دست بررسی"
    text = str(disposition.get_outcome_display())
    return f"{text} — {disposition.reason}" if disposition.reason else text
