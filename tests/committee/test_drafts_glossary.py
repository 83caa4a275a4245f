"""The glossary for other systems: SKOS that parses as Turtle, CSV safe in a spreadsheet, and
the SVG org chart drawn right to left."""

from __future__ import annotations

import csv
import io
import re

from jahesh.committee.glossary import Term, glossary_csv, glossary_skos, turtle_string
from jahesh.committee.orgchart import OrgUnit, org_chart_svg

BASE = "https://example.org/committee/c/glossary/1/"
TERMS = [
    Term(
        "s1",
        "دیپلماسی شهری",
        "City diplomacy",
        'ارتباط "شهر" با شهرهای جهان\nو نهادها',
        ("امیدآفرینی",),
        "کمیته",
    ),
    Term(
        "s2", "امیدآفرینی", "", "پدید آوردن امید \\ در شهروندان", ("دیپلماسی شهری", "ناموجود"), ""
    ),
]

# A small reader for the Turtle subset the serialiser writes: @prefix lines, IRIs, prefixed names,
# `a`, string literals with escapes and language tags, and the `;` `,` `.` punctuation.
_TOKEN = re.compile(
    r'\s*(?:(?P<prefix>@prefix)|(?P<iri><[^<>"{}|^`\\\s]*>)|(?P<string>"(?:[^"\\\n\r]|\\[tbnrf"\\]|\\u[0-9A-Fa-f]{4})*")(?P<lang>@[a-z]+(?:-[a-zA-Z0-9]+)*)?'
    r"|(?P<pname>[a-z]*:[A-Za-z0-9_]*)|(?P<a>a)(?=\s)|(?P<punct>[;,.]))"
)


def parse_turtle(text: str) -> list[tuple[str, str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        assert match is not None, f"not Turtle at {text[position : position + 40]!r}"
        kind = match.lastgroup if match.lastgroup != "lang" else "string"
        value = match.group(kind) + (match.group("lang") or "" if kind == "string" else "")
        tokens.append((kind, value))
        position = match.end()
    prefixes: dict[str, str] = {}
    triples: list[tuple[str, str, str]] = []
    i = 0

    def term(token: tuple[str, str]) -> str:
        kind, value = token
        if kind == "pname":
            prefix, local = value.split(":", 1)
            assert prefix in prefixes, f"undeclared prefix {prefix}"
            return "<" + prefixes[prefix] + local + ">"
        if kind == "a":
            return "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        assert kind in ("iri", "string"), token
        return value

    while i < len(tokens):
        if tokens[i][0] == "prefix":
            name, iri, dot = tokens[i + 1], tokens[i + 2], tokens[i + 3]
            assert name[0] == "pname"
            assert iri[0] == "iri"
            assert dot == ("punct", ".")
            prefixes[name[1][:-1]] = iri[1][1:-1]
            i += 4
            continue
        subject = term(tokens[i])
        i += 1
        while True:
            predicate = term(tokens[i])
            i += 1
            while True:
                triples.append((subject, predicate, term(tokens[i])))
                i += 1
                if tokens[i] != ("punct", ","):
                    break
                i += 1
            if tokens[i] == ("punct", "."):
                i += 1
                break
            assert tokens[i] == ("punct", ";"), tokens[i]
            i += 1
    return triples


def test_the_skos_output_parses_as_turtle_with_one_concept_per_term() -> None:
    triples = parse_turtle(glossary_skos(base_iri=BASE, title="واژه‌نامه", terms=TERMS))
    concepts = {s for s, p, o in triples if o == "<http://www.w3.org/2004/02/skos/core#Concept>"}
    assert concepts == {f"<{BASE}#s1>", f"<{BASE}#s2>"}
    labels = {o for s, p, o in triples if p.endswith("#prefLabel>")}
    assert labels == {'"دیپلماسی شهری"@fa', '"City diplomacy"@en', '"امیدآفرینی"@fa'}
    related = {(s, o) for s, p, o in triples if p.endswith("#related>")}
    # A related term the glossary does not hold is left out rather than pointing nowhere.
    assert related == {(f"<{BASE}#s1>", f"<{BASE}#s2>"), (f"<{BASE}#s2>", f"<{BASE}#s1>")}


def test_turtle_strings_escape_quotes_backslashes_and_line_breaks() -> None:
    assert turtle_string('a "b"\\\nc\x01') == '"a \\"b\\"\\\\\\nc\\u0001"'
    triples = parse_turtle(glossary_skos(base_iri=BASE, title='عنوان "نقل"', terms=TERMS))
    assert any('\\"شهر\\"' in o for _, _, o in triples)


def test_the_csv_has_a_persian_header_and_neutralises_formulas() -> None:
    text = glossary_csv([Term("k", "=HYPERLINK()", "", "-1", (), "")])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "واژه"
    assert rows[1][0] == "'=HYPERLINK()"
    assert rows[1][2] == "'-1"


def test_the_org_chart_puts_the_first_unit_at_the_right() -> None:
    svg = org_chart_svg(
        [OrgUnit("اداره کل", [], [OrgUnit("نخست", ["کارشناس (۲)"]), OrgUnit("دوم")])], "ساختار"
    )
    first = float(re.search(r'<text x="([\d.]+)"[^>]*>نخست<', svg).group(1))  # type: ignore[union-attr]
    second = float(re.search(r'<text x="([\d.]+)"[^>]*>دوم<', svg).group(1))  # type: ignore[union-attr]
    root = float(re.search(r'<text x="([\d.]+)"[^>]*>اداره کل<', svg).group(1))  # type: ignore[union-attr]
    assert first > root > second
    assert '<title id="org-title">ساختار</title>' in svg


def test_the_org_chart_escapes_names() -> None:
    svg = org_chart_svg([OrgUnit("<script>")], "<b>")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
