"""Persian layer II measured on the golden sentences of municipal news.

    python benchmarks/persian_golden.py             # figures by kind, then every miss
    python benchmarks/persian_golden.py --quiet     # figures only

The sentences are in ``tests/persian/golden/layer-two.txt``, marked with what each must become
(the marks are explained at the top of that file). Printed: repairs made against repairs needed,
repairs missed (left as written) and wrong (changed to something else); unwanted changes to text
that was right; damage (a URL, e-mail address, Latin word, number with separators or name not
kept byte for byte); suggestions expected and offered, and other suggestions offered.
Exits 1 when there is damage, an unwanted or wrong change, or a result that changes again.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jahesh.persian import normalization_suggestions, normalize_for_publish

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "persian" / "golden" / "layer-two.txt"
_MARK = re.compile(r"\{([^|}]*)\|([^}]*)\}|\[([^|\]]*)\|([^\]]*)\]|<([^>]*)>")
ANY = "*"


@dataclass
class Sentence:
    kind: str
    source: str = ""
    expected: str = ""
    repairs: list[tuple[int, str, str]] = field(default_factory=list)
    """(token index, as written, as it must become)"""
    suggestions: list[tuple[str, str]] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)


def parse(line: str) -> Sentence:
    """Read one ``KIND<TAB>marked text`` line into its input, its expected text and its marks."""
    kind, _, marked = line.partition("\t")
    sentence = Sentence(kind)
    position = 0
    for match in _MARK.finditer(marked):
        plain = marked[position : match.start()]
        sentence.source += plain
        sentence.expected += plain
        written, repaired, glued, offered, kept = match.groups()
        if written is not None:
            sentence.repairs.append((sentence.expected.count(" "), written, repaired))
            sentence.source += written
            sentence.expected += repaired
        elif glued is not None:
            sentence.suggestions.append((glued, offered))
            sentence.source += glued
            sentence.expected += glued
        else:
            sentence.protected.append(kept)
            sentence.source += kept
            sentence.expected += kept
        position = match.end()
    sentence.source += marked[position:]
    sentence.expected += marked[position:]
    return sentence


def load(path: Path = GOLDEN) -> list[Sentence]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse(line) for line in lines if line and not line.startswith("#")]


@dataclass
class Figures:
    sentences: Counter[str] = field(default_factory=Counter)
    needed: Counter[str] = field(default_factory=Counter)
    made: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    unwanted: Counter[str] = field(default_factory=Counter)
    damage: Counter[str] = field(default_factory=Counter)
    unstable: Counter[str] = field(default_factory=Counter)
    suggestions_expected: Counter[str] = field(default_factory=Counter)
    suggestions_offered: Counter[str] = field(default_factory=Counter)
    suggestions_other: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def total(self, name: str) -> int:
        counter: Counter[str] = getattr(self, name)
        return sum(counter.values())


def measure(sentences: list[Sentence]) -> Figures:
    figures = Figures()
    for sentence in sentences:
        kind = sentence.kind
        figures.sentences[kind] += 1
        published = normalize_for_publish(sentence.source)
        if normalize_for_publish(published) != published:
            figures.unstable[kind] += 1
            figures.notes.append(f"unstable: {published}")
        for span in sentence.protected:
            if span not in published:
                figures.damage[kind] += 1
                figures.notes.append(f"damage: {span} in {published}")
        got, want = published.split(" "), sentence.expected.split(" ")
        written = sentence.source.split(" ")
        marked = {index for index, _, _ in sentence.repairs}
        if len(got) != len(want):
            figures.unwanted[kind] += 1
            figures.notes.append(f"words added or lost: {published}")
            got = (got + [""] * len(want))[: len(want)]
        for index, before, after in sentence.repairs:
            figures.needed[kind] += 1
            if got[index] == want[index]:
                figures.made[kind] += 1
            elif got[index] == written[index]:
                figures.missed[kind] += 1
                figures.notes.append(f"missed ({kind}): {before} -> {after}")
            else:
                figures.wrong[kind] += 1
                figures.notes.append(f"wrong ({kind}): {before} -> {got[index]}, not {after}")
        for index, (mine, theirs) in enumerate(zip(got, want, strict=True)):
            if index not in marked and mine != theirs:
                figures.unwanted[kind] += 1
                figures.notes.append(f"unwanted ({kind}): {theirs} -> {mine}")
        offered = {(s.original, s.replacement) for s in normalization_suggestions(sentence.source)}
        for original, replacement in sentence.suggestions:
            figures.suggestions_expected[kind] += 1
            hit = [
                pair
                for pair in offered
                if pair[0] == original and (replacement == ANY or pair[1] == replacement)
            ]
            if hit:
                figures.suggestions_offered[kind] += 1
                offered -= set(hit)
            else:
                figures.notes.append(f"not suggested ({kind}): {original} -> {replacement}")
        figures.suggestions_other[kind] += len(offered)
        figures.notes.extend(f"other suggestion ({kind}): {a} -> {b}" for a, b in sorted(offered))
    return figures


def failures(figures: Figures) -> int:
    """What must stay zero: damage, unwanted or wrong changes, results that change again."""
    return sum(figures.total(name) for name in ("damage", "unwanted", "wrong", "unstable"))


def report(figures: Figures) -> str:
    columns = (
        "sentences",
        "needed",
        "made",
        "missed",
        "wrong",
        "unwanted",
        "damage",
        "suggestions_expected",
        "suggestions_offered",
        "suggestions_other",
    )
    kinds = list(figures.sentences)
    rows = [["kind", *(c.replace("suggestions_", "sugg. ") for c in columns)]]
    for kind in [*kinds, "all"]:
        values = [figures.total(c) if kind == "all" else getattr(figures, c)[kind] for c in columns]
        rows.append([kind, *(str(v) for v in values)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    made, needed = figures.total("made"), figures.total("needed")
    lines.append(f"repairs made / needed: {made} / {needed}")
    offered, expected = figures.total("suggestions_offered"), figures.total("suggestions_expected")
    lines.append(f"suggestions offered / expected: {offered} / {expected}")
    lines.append(f"damage: {figures.total('damage')}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    parser.add_argument(
        "--file", type=Path, default=GOLDEN, help=f"marked sentences (default: {GOLDEN.name})"
    )
    args = parser.parse_args(argv)
    figures = measure(load(args.file))
    print(report(figures))
    if not args.quiet:
        print("\n".join(figures.notes))
    return 1 if failures(figures) else 0


if __name__ == "__main__":
    sys.exit(main())
