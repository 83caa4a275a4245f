"""Word-level differences between two versions of a draft, per section, the way a Persian reader
sees them.

A word is what lies between spaces, so words joined by a zero-width non-joiner (می‌شود،
روابط‌عمومی) stay one word. Two words are the same when they differ only in ways a reader does
not count as a change: Arabic ي/ك for ی/ک, Persian, Arabic-Indic or Latin digits, diacritics,
or a non-joiner written or left out. Sections are matched by their stable key, so one that was
renamed or moved is shown as renamed or moved, never as a deletion and an insertion.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from jahesh import persian

Op = Literal["same", "added", "removed"]
Status = Literal["unchanged", "changed", "added", "removed"]


@dataclass(frozen=True, slots=True)
class SectionText:
    key: str
    title: str
    body: str
    parent_key: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Piece:
    op: Op
    text: str


@dataclass(frozen=True, slots=True)
class SectionChange:
    key: str
    status: Status
    old: SectionText | None
    new: SectionText | None
    title: tuple[Piece, ...]
    body: tuple[Piece, ...]
    renamed: bool = False
    moved: bool = False

    @property
    def shown(self) -> SectionText:
        section = self.new or self.old
        assert section is not None  # a change always has one side
        return section


@functools.lru_cache(maxsize=65_536)
def word_key(word: str) -> str:
    """What a word is compared by: its publish form with one digit script and no non-joiner."""
    return persian.to_latin_digits(persian.normalize_for_publish(word)).replace("\u200c", "")


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Split both texts into words and return the runs kept, removed and added, in reading order."""
    if old == new:  # most sections of a new version are untouched: no tokenising for them
        return (Piece("same", " ".join(new.split())),) if new.strip() else ()
    old_words, new_words = old.split(), new.split()
    matcher = SequenceMatcher(
        None, [word_key(w) for w in old_words], [word_key(w) for w in new_words], autojunk=False
    )
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            # The newer spelling is shown: a fixed ي becomes ی without being marked.
            pieces.append(Piece("same", " ".join(new_words[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", " ".join(old_words[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", " ".join(new_words[j1:j2])))
    return tuple(pieces)


def _unchanged(pieces: Sequence[Piece]) -> bool:
    return all(piece.op == "same" for piece in pieces)


def _moved_keys(old: Sequence[SectionText], new: Sequence[SectionText]) -> set[str]:
    """Keys whose parent changed, or whose place among the sections both versions hold did."""
    new_by_key = {s.key: s for s in new}
    common_old = [s.key for s in old if s.key in new_by_key]
    old_keys = set(common_old)
    common_new = [s.key for s in new if s.key in old_keys]
    matcher = SequenceMatcher(None, common_old, common_new, autojunk=False)
    kept: set[str] = set()
    for block in matcher.get_matching_blocks():
        kept.update(common_old[block.a : block.a + block.size])
    moved = set(common_old) - kept
    old_by_key = {s.key: s for s in old}
    moved.update(k for k in common_old if old_by_key[k].parent_key != new_by_key[k].parent_key)
    return moved


def diff_sections(old: Sequence[SectionText], new: Sequence[SectionText]) -> list[SectionChange]:
    """Compare two versions section by section, in the newer version's order.

    A section only in the older version is placed after the section that preceded it there.
    """
    old_by_key = {s.key: s for s in old}
    new_keys = {s.key for s in new}
    moved = _moved_keys(old, new)
    changes: dict[str, SectionChange] = {}
    for section in new:
        before = old_by_key.get(section.key)
        if before is None:
            changes[section.key] = SectionChange(
                section.key,
                "added",
                None,
                section,
                (Piece("added", section.title),),
                (Piece("added", section.body),) if section.body else (),
            )
            continue
        title = word_diff(before.title, section.title)
        body = word_diff(before.body, section.body)
        renamed = not _unchanged(title)
        changed = renamed or not _unchanged(body) or section.key in moved
        changes[section.key] = SectionChange(
            section.key,
            "changed" if changed else "unchanged",
            before,
            section,
            title,
            body,
            renamed=renamed,
            moved=section.key in moved,
        )
    # Removed sections are slotted in after the surviving section that came before them.
    after: dict[str, list[SectionChange]] = {}
    anchor = ""
    for section in old:
        if section.key in new_keys:
            anchor = section.key
            continue
        after.setdefault(anchor, []).append(
            SectionChange(
                section.key,
                "removed",
                section,
                None,
                (Piece("removed", section.title),),
                (Piece("removed", section.body),) if section.body else (),
            )
        )
    ordered = list(after.get("", []))
    for section in new:
        ordered.append(changes[section.key])
        ordered.extend(after.get(section.key, []))
    return ordered
