"""The glossary for other systems: CSV, JSON and SKOS in Turtle.

The Turtle is written here rather than by an RDF library: the shape is small and fixed (one
concept scheme, one concept per term), and every literal goes through one escaping function.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True, slots=True)
class Term:
    key: str
    term: str
    english: str
    definition: str
    related: tuple[str, ...]
    source: str


CSV_COLUMNS = ("term", "english", "definition", "related", "source")
CSV_HEADER = ("واژه", "معادل انگلیسی", "تعریف", "واژه‌های مرتبط", "منبع")


def glossary_csv(terms: Sequence[Term]) -> str:
    """CSV with a Persian header, UTF-8 with a byte-order mark so spreadsheets read it right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for term in terms:
        row = [term.term, term.english, term.definition, "، ".join(term.related), term.source]
        # A cell a spreadsheet would run as a formula is written as text.
        writer.writerow([f"'{cell}" if cell[:1] in ("=", "+", "-", "@") else cell for cell in row])
    return "\ufeff" + out.getvalue()


def glossary_json(title: str, terms: Sequence[Term]) -> str:
    payload = {
        "title": title,
        "terms": [
            {
                "term": t.term,
                "english": t.english,
                "definition": t.definition,
                "related": list(t.related),
                "source": t.source,
            }
            for t in terms
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def turtle_string(text: str) -> str:
    """A Turtle string literal: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _iri(base: str, key: str) -> str:
    return f"<{base}#{quote(key, safe='')}>"


def glossary_skos(*, base_iri: str, title: str, terms: Sequence[Term]) -> str:
    """The glossary as a SKOS concept scheme in Turtle; ``base_iri`` is its public address."""
    by_label = {t.term: t for t in terms}
    lines = [
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "",
        f"<{base_iri}> a skos:ConceptScheme ;",
        f"    dct:title {turtle_string(title)}@fa .",
    ]
    for term in terms:
        parts = [
            "a skos:Concept",
            f"skos:inScheme <{base_iri}>",
            f"skos:prefLabel {turtle_string(term.term)}@fa",
        ]
        if term.english:
            parts.append(f"skos:prefLabel {turtle_string(term.english)}@en")
        if term.definition:
            parts.append(f"skos:definition {turtle_string(term.definition)}@fa")
        related = [by_label[r] for r in term.related if r in by_label and r != term.term]
        if related:
            parts.append("skos:related " + ", ".join(_iri(base_iri, r.key) for r in related))
        if term.source:
            parts.append(f"dct:source {turtle_string(term.source)}")
        lines.append("")
        lines.append(f"{_iri(base_iri, term.key)} " + " ;\n    ".join(parts) + " .")
    return "\n".join(lines) + "\n"
