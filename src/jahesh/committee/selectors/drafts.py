"""Reads of the committee's drafts: the list, the working copy as a tree, a version with the
visitor's city's opinions, the secretariat's matrix, the diff of two versions, what became of a
city's proposals, and the public glossary.

Who sees other cities' opinions is decided once, in ``permissions.opinions_open_to_all``:
the matrix, the version page and every export read it from here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from jahesh import persian
from jahesh.committee import permissions as perms
from jahesh.committee.diffing import SectionChange, SectionText, diff_sections
from jahesh.committee.drafting import term_data
from jahesh.committee.errors import DraftNotFoundError
from jahesh.committee.glossary import Term
from jahesh.committee.models import (
    Committee,
    CommitteeMember,
    CommitteeRoleKind,
    Draft,
    DraftVersion,
    Opinion,
    Section,
    SectionKind,
    Stance,
    SubmissionStatus,
    VersionSection,
    WholeDraftAnswer,
)
from jahesh.committee.models.drafts import SectionFields
from jahesh.committee.selectors.sessions import Seat, committee_get

STANCE_ORDER = (Stance.AGREE, Stance.AGREE_WITH_CHANGES, Stance.DISAGREE, Stance.NO_OPINION)


def draft_list(*, seat: Seat) -> list[Draft]:
    return list(
        Draft.objects.filter(committee=seat.committee)
        .annotate(last_version=Max("versions__number"))
        .order_by("kind", "title")
    )


def draft_get(*, seat: Seat, draft_id: int) -> Draft:
    """A draft of the seat's committee; another committee's draft is not found, by any address."""
    draft = (
        Draft.objects.select_related("committee")
        .filter(pk=draft_id, committee=seat.committee)
        .first()
    )
    if draft is None:
        raise DraftNotFoundError()
    return draft


def version_get(*, draft: Draft, number: int) -> DraftVersion:
    version = DraftVersion.objects.filter(draft=draft, number=number).first()
    if version is None:
        raise DraftNotFoundError("این نسخه پیدا نشد.")
    version.draft = draft
    return version


def latest_version(draft: Draft) -> DraftVersion | None:
    return draft.versions.order_by("-number").first()


# ---- the working copy as a tree --------------------------------------------------------------


@dataclass
class Node:
    section: SectionFields
    number: str
    depth: int
    children: list[Node] = field(default_factory=list)


def section_tree(sections: Iterable[SectionFields]) -> list[Node]:
    """Nest sections by parent key and number them «۱»، «۱.۲»… in order; orphans go to the top."""
    rows = list(sections)
    keys = {s.key for s in rows}
    by_parent: dict[str, list[SectionFields]] = {}
    for section in rows:
        parent = section.parent_key if section.parent_key in keys else ""
        by_parent.setdefault(parent, []).append(section)

    def build(parent: str, prefix: str, depth: int, seen: frozenset[str]) -> list[Node]:
        nodes = []
        for index, section in enumerate(by_parent.get(parent, []), start=1):
            if section.key in seen:  # a cycle in stored data must not hang a page
                continue
            number = f"{prefix}{index}"
            node = Node(section, persian.to_persian_digits(number), depth)
            node.children = build(section.key, f"{number}.", depth + 1, seen | {section.key})
            nodes.append(node)
        return nodes

    return build("", "", 0, frozenset())


def flatten(nodes: Sequence[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def working_copy(draft: Draft) -> list[Node]:
    return section_tree(draft.sections.order_by("position"))


# ---- the matrix -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    member: CommitteeMember
    stance: str | None
    """None: no answer (or hidden from this visitor)."""
    implicit: bool = False
    """Taken from the city's whole-draft answer."""
    proposes: bool = False
    hidden: bool = False

    @property
    def label(self) -> str:
        if self.hidden:
            return "پنهان تا پایان مهلت"
        if self.stance is None:
            return "بی‌پاسخ"
        text = str(Stance(self.stance).label)
        return f"{text} (پاسخ کلی)" if self.implicit else text


@dataclass
class MatrixRow:
    node: Node
    cells: list[Cell]
    counts: dict[str, int]
    silent: list[CommitteeMember]


@dataclass
class Matrix:
    version: DraftVersion
    members: list[CommitteeMember]
    rows: list[MatrixRow]
    open_to_all: bool
    silent_members: list[CommitteeMember]
    """Cities that have said nothing at all in this round (shown to the secretariat)."""
    stance_labels: list[tuple[str, str]]
    page: int = 1
    pages: int = 1


MATRIX_PAGE_SIZE = 100


def voice_of(seat: Seat) -> CommitteeMember | None:
    """The city whose opinions this visitor writes: a member city's representative's own."""
    if seat.role is None or seat.role.kind != CommitteeRoleKind.MEMBER:
        return None
    return seat.role.member


def _members(committee: Committee) -> list[CommitteeMember]:
    return list(committee.members.filter(left_on__isnull=True).order_by("name"))


def _visible_to(seat: Seat, version: DraftVersion, today: dt.date) -> CommitteeMember | bool | None:
    """True: every city's opinions; a member: only that city's; None: nobody's."""
    if seat.manages or perms.opinions_open_to_all(version, today):
        return True
    return voice_of(seat)


def opinion_matrix(
    *,
    seat: Seat,
    version: DraftVersion,
    today: dt.date | None = None,
    page: int | None = 1,
    page_size: int = MATRIX_PAGE_SIZE,
) -> Matrix:
    """Sections × member cities with each stance, the counts and who has not answered.

    One page of ``page_size`` sections at a time (``page=None``: every section, for documents),
    in a fixed number of queries whatever the size: sections, members, the page's opinions,
    whole-draft answers, and the cities that said anything. Before the deadline of a round whose
    opinions are hidden, a member city sees its own column only.
    """
    today = today or timezone.localdate()
    members = _members(seat.committee)
    visible = _visible_to(seat, version, today)
    if visible is True:
        shown_ids = {m.pk for m in members}
    else:
        shown_ids = {visible.pk} if isinstance(visible, CommitteeMember) else set()
    nodes = flatten(
        section_tree(
            version.sections.order_by("position").only(
                "pk", "version_id", "key", "kind", "parent_key", "position", "title"
            )
        )
    )
    pages = max(1, -(-len(nodes) // page_size))
    if page is not None:
        page = min(max(page, 1), pages)
        nodes = nodes[(page - 1) * page_size : page * page_size]
    opinions = Opinion.objects.filter(member_id__in=shown_ids).values_list(
        "section_id", "member_id", "stance", "proposed_text"
    )
    if page is not None:
        opinions = opinions.filter(section_id__in=[n.section.pk for n in nodes])
    else:
        opinions = opinions.filter(section__version=version)
    given = {(s, m): (stance, bool(text)) for s, m, stance, text in opinions}
    whole = dict(
        WholeDraftAnswer.objects.filter(version=version, member_id__in=shown_ids).values_list(
            "member_id", "stance"
        )
    )
    # One EXISTS per city stops at its first opinion; a DISTINCT over the round would read all.
    spoke = set(whole) | set(
        CommitteeMember.objects.filter(pk__in=shown_ids)
        .filter(Exists(Opinion.objects.filter(member_id=OuterRef("pk"), section__version=version)))
        .values_list("pk", flat=True)
    )
    rows: list[MatrixRow] = []
    for node in nodes:
        cells: list[Cell] = []
        counts: Counter[str] = Counter()
        silent: list[CommitteeMember] = []
        for member in members:
            if member.pk not in shown_ids:
                cells.append(Cell(member, None, hidden=True))
                continue
            found = given.get((node.section.pk, member.pk))
            if found is not None:
                cell = Cell(member, found[0], proposes=found[1])
            elif member.pk in whole:
                cell = Cell(member, whole[member.pk], implicit=True)
            else:
                cell = Cell(member, None)
                silent.append(member)
            if cell.stance is not None:
                counts[cell.stance] += 1
            cells.append(cell)
        rows.append(MatrixRow(node, cells, {s: counts[s] for s in STANCE_ORDER}, silent))
    return Matrix(
        version,
        members,
        rows,
        visible is True,
        [m for m in members if m.pk in shown_ids and m.pk not in spoke],
        [(str(s), str(Stance(s).label)) for s in STANCE_ORDER],
        page or 1,
        1 if page is None else pages,
    )


# ---- a version as one city sees it ----------------------------------------------------------


@dataclass
class VersionSectionView:
    node: Node
    mine: Opinion | None
    others: list[Opinion]


def version_for_city(
    *, seat: Seat, version: DraftVersion, today: dt.date | None = None
) -> list[VersionSectionView]:
    """Each section with the visitor's city's opinion and, when the round allows, the others'."""
    today = today or timezone.localdate()
    visible = _visible_to(seat, version, today)
    opinions = Opinion.objects.filter(section__version=version).select_related(
        "member", "disposition"
    )
    if visible is not True:
        member_id = visible.pk if isinstance(visible, CommitteeMember) else -1
        opinions = opinions.filter(member_id=member_id)
    by_section: dict[int, list[Opinion]] = {}
    for opinion in opinions.order_by("member__name"):
        by_section.setdefault(opinion.section_id, []).append(opinion)
    me = voice_of(seat)
    views = []
    for node in flatten(section_tree(version.sections.order_by("position"))):
        found = by_section.get(node.section.pk, [])
        mine = next((o for o in found if me is not None and o.member_id == me.pk), None)
        views.append(VersionSectionView(node, mine, [o for o in found if o is not mine]))
    return views


def whole_answer_of(
    version: DraftVersion, member: CommitteeMember | None
) -> WholeDraftAnswer | None:
    if member is None:
        return None
    return WholeDraftAnswer.objects.filter(version=version, member=member).first()


def proposals_of(*, draft: Draft, member: CommitteeMember) -> QuerySet[Opinion]:
    """What became of each of a city's proposals, in every version of a draft."""
    return (
        Opinion.objects.filter(section__version__draft=draft, member=member)
        .exclude(stance__in=(Stance.AGREE, Stance.NO_OPINION), proposed_text="")
        .select_related("section__version", "disposition")
        .order_by("section__version__number", "section__position")
    )


def proposals_to_dispose(version: DraftVersion) -> QuerySet[Opinion]:
    """Every proposal of a round for the secretariat's summing-up."""
    return (
        Opinion.objects.filter(section__version=version)
        .exclude(stance__in=(Stance.AGREE, Stance.NO_OPINION), proposed_text="")
        .select_related("section", "member", "disposition")
        .order_by("section__position", "member__name")
    )


# ---- diff ------------------------------------------------------------------------------------


def _texts(rows: Iterable[SectionFields]) -> list[SectionText]:
    return [SectionText(r.key, r.title, r.body, r.parent_key, r.kind) for r in rows]


def version_diff(*, draft: Draft, old: int, new: int | None) -> list[SectionChange]:
    """Compare two versions (``new=None``: the working copy) of a draft, section by section."""
    old_rows = version_get(draft=draft, number=old).sections.order_by("position")
    new_rows: Iterable[SectionFields] = (
        draft.sections.order_by("position")
        if new is None
        else version_get(draft=draft, number=new).sections.order_by("position")
    )
    return diff_sections(_texts(old_rows), _texts(new_rows))


# ---- the public glossary ----------------------------------------------------------------------


def public_draft(*, slug: str, draft_id: int) -> Draft:
    committee = committee_get(slug=slug)
    draft = Draft.objects.filter(pk=draft_id, committee=committee).first()
    if draft is None or not perms.can_view_draft_publicly(draft):
        raise DraftNotFoundError()
    draft.committee = committee
    return draft


def public_drafts(committee: Committee) -> list[Draft]:
    return list(
        Draft.objects.public()
        .filter(committee=committee)
        .prefetch_related("adoptions")
        .order_by("kind", "title")
    )


def glossary_terms(rows: Iterable[Section | VersionSection], query: str = "") -> list[Term]:
    """Terms in Persian dictionary order; ``query`` matches any spelling of term or definition."""
    wanted = persian.search_key(query)
    terms = []
    for row in rows:
        if row.kind != SectionKind.TERM:
            continue
        data = term_data(row.data)
        if wanted and not any(
            wanted in persian.search_key(text)
            for text in (row.title, row.body, data.english, *data.related)
        ):
            continue
        terms.append(Term(row.key, row.title, data.english, row.body, data.related, data.source))
    return sorted(terms, key=lambda t: persian.collation_key(t.term))


def adopted_version(draft: Draft) -> DraftVersion | None:
    """The committee's adopted text: the newest version an authority approved, which stays
    adopted while a revision goes through its rounds."""
    return (
        DraftVersion.objects.filter(draft=draft, submissions__status=SubmissionStatus.APPROVED)
        .order_by("-number")
        .first()
    )


def glossary_rows(draft: Draft) -> QuerySet[Section] | QuerySet[VersionSection]:
    """The text others see: the adopted version once there is one, else the latest circulated
    version, else the copy."""
    version = adopted_version(draft) or latest_version(draft)
    if version is not None:
        return version.sections.all()
    return draft.sections.all()
