"""The minutes of a session as the document a secretariat files: A4, right to left, PDF and DOCX.

Both formats are built from one set of Persian lines (``minutes_lines``) so that they never say
different things: the committee's header, numbered items with what was discussed and decided,
the attendance table, the resolutions, errata, and a signature block.
"""

from __future__ import annotations

from dataclasses import dataclass

from jahesh import persian
from jahesh.committee import documents
from jahesh.committee.models import SessionStatus
from jahesh.committee.selectors.documents import Minutes


def _fa(value: object) -> str:
    return persian.to_persian_digits(str(value))


@dataclass(frozen=True, slots=True)
class MinutesItem:
    number: str
    title: str
    about: str  # kind and presenter, one line
    discussion: str
    decision: str


@dataclass(frozen=True, slots=True)
class MinutesLines:
    """Every text the minutes print, already in Persian digits and Jalali dates."""

    assembly: str
    committee: str
    title: str
    status: str
    facts: list[tuple[str, str]]
    summary: str
    attendance: list[tuple[str, str, str, str]]  # row, city, as held, names
    items: list[MinutesItem]
    resolutions: list[tuple[str, str, str, str]]  # code, text, responsible, due
    errata: list[str]
    signers: list[tuple[str, str, str]]  # city, names, capacity (signature cell left empty)
    officers: list[tuple[str, str]]  # capacity, name


def minutes_lines(minutes: Minutes) -> MinutesLines:
    session = minutes.session
    committee = session.committee
    facts: list[tuple[str, str]] = [("شماره نشست", _fa(session.number))]
    if session.date is not None:
        facts.append(("تاریخ", persian.format_jalali(session.date, "weekday")))
    if session.starts_at is not None:
        hours = f"{session.starts_at:%H:%M}"
        if session.ends_at is not None:
            hours += f" تا {session.ends_at:%H:%M}"
        facts.append(("ساعت", _fa(hours)))
    if session.host is not None:
        unit = f" — {session.host_unit}" if session.host_unit else ""
        facts.append(("میزبان", f"{session.host.name}{unit}"))
    if session.venue:
        facts.append(("محل", session.venue))
    facts.append(("شیوه برگزاری", session.get_mode_display()))
    if session.status == SessionStatus.MINUTES_APPROVED and session.minutes_approved_on:
        status = f"تصویب‌شده در {persian.format_jalali(session.minutes_approved_on)}"
        if session.approved_at is not None:
            status += f" (نشست {_fa(session.approved_at.number)})"
    elif session.status == SessionStatus.MINUTES_CIRCULATED and session.correction_deadline:
        deadline = persian.format_jalali(session.correction_deadline)
        status = f"پیش‌نویس برای اصلاح، تا {deadline}"
    else:
        status = "پیش‌نویس دبیرخانه"
    items = [
        MinutesItem(
            number=_fa(item.position),
            title=item.title,
            about="، ".join(
                part
                for part in (
                    item.get_kind_display(),
                    " ".join(
                        p
                        for p in (
                            item.presenter_member.name if item.presenter_member else "",
                            item.presenter_name,
                        )
                        if p
                    ),
                    _fa(f"{item.minutes_allotted} دقیقه") if item.minutes_allotted else "",
                )
                if part
            ),
            discussion=item.discussion,
            decision=item.decision,
        )
        for item in minutes.items
    ]
    resolutions = [
        (
            resolution.code,
            resolution.text,
            "، ".join(
                (["دبیرخانه"] if resolution.secretariat_responsible else [])
                + [m.name for m in resolution.responsible.all()]
            ),
            persian.format_jalali(resolution.due_on) if resolution.due_on else "—",
        )
        for resolution in minutes.resolutions
    ]
    return MinutesLines(
        assembly=committee.assembly_name,
        committee=committee.name,
        title=f"صورت‌جلسه {session.ordinal_title} {committee.name}",
        status=status,
        facts=facts,
        summary=session.minutes_summary,
        attendance=[
            (_fa(n), a.member.name, a.get_held_display() or "ثبت نشده", a.held_names)
            for n, a in enumerate(minutes.attendance, start=1)
        ],
        items=items,
        resolutions=resolutions,
        errata=[f"{persian.format_jalali(e.created_at)}: {e.text}" for e in minutes.errata],
        signers=[(a.member.name, a.held_names, a.get_held_display()) for a in minutes.attended],
        officers=[(s.capacity, s.name) for s in minutes.signatories],
    )


def minutes_filename(minutes: Minutes, extension: str) -> str:
    """An ASCII file name (headers carry it safely): committee slug, session number, format."""
    session = minutes.session
    slug = session.committee.slug.encode("ascii", "ignore").decode() or "committee"
    return f"{slug}-minutes-{session.number}.{extension}"


def minutes_pdf(minutes: Minutes) -> bytes:
    return documents.html_to_pdf("committee/minutes_document.html", {"m": minutes_lines(minutes)})


def minutes_docx(minutes: Minutes) -> bytes:
    lines = minutes_lines(minutes)
    doc = documents.rtl_document()
    if lines.assembly:
        documents.rtl_paragraph(doc, lines.assembly, center=True)
    documents.rtl_paragraph(doc, lines.committee, bold=True, center=True)
    documents.rtl_heading(doc, lines.title, level=1)
    documents.rtl_paragraph(doc, f"وضعیت: {lines.status}")
    for label, value in lines.facts:
        documents.rtl_paragraph(doc, f"{label}: {value}")
    if lines.summary:
        documents.rtl_paragraph(doc, lines.summary)

    documents.rtl_heading(doc, "حاضران و غایبان", level=2)
    documents.rtl_table(
        doc,
        ["ردیف", "شهر", "حضور", "نام‌ها"],
        lines.attendance,
        widths_cm=[1.2, 4, 3, 8.8],
    )

    documents.rtl_heading(doc, "بندهای دستور کار", level=2)
    for item in lines.items:
        documents.rtl_heading(doc, f"{item.number}. {item.title}", level=3)
        if item.about:
            documents.rtl_paragraph(doc, item.about)
        if item.discussion:
            documents.rtl_paragraph(doc, item.discussion)
        if item.decision:
            paragraph = documents.rtl_paragraph(doc, "تصمیم: ", bold=True)
            documents.rtl_text(paragraph, item.decision)

    if lines.resolutions:
        documents.rtl_heading(doc, "مصوبات", level=2)
        documents.rtl_table(
            doc,
            ["شماره", "متن مصوبه", "مسئول", "مهلت"],
            lines.resolutions,
            widths_cm=[1.6, 9, 3.6, 2.8],
        )
    if lines.errata:
        documents.rtl_heading(doc, "اصلاحیه‌ها پس از تصویب", level=2)
        for erratum in lines.errata:
            documents.rtl_paragraph(doc, erratum)

    documents.rtl_heading(doc, "امضای حاضران", level=2)
    documents.rtl_table(
        doc,
        ["شهر", "نام", "حضور", "امضا"],
        [(city, names, capacity, "") for city, names, capacity in lines.signers],
        widths_cm=[3.5, 6, 3, 4.5],
    )
    if lines.officers:
        documents.rtl_paragraph(doc)
        documents.rtl_table(
            doc,
            [capacity for capacity, _name in lines.officers],
            [[name for _capacity, name in lines.officers], ["امضا:"] * len(lines.officers)],
        )
    return documents.docx_bytes(doc)
