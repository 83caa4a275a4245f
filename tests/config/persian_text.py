"""What a reader sees of a page, and the two ways it can fail to be Persian: Latin digits inside
Persian text, and English words a translation missed. Used by the crawl of every page
(test_crawl_persian.py); pure, so its own tests need no server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

PERSIAN_LETTER = re.compile("[\u0600-\u06ff]")
LATIN_DIGITS = re.compile("[0-9]+")
LATIN_WORD = re.compile("[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# Whole tokens that are addresses, e-mail addresses, codes or identifiers, not prose.
TECHNICAL = re.compile(
    r"""^(?:
        [a-z][a-z0-9+.-]*://\S*          # a URL
      | www\.\S+
      | /\S*                            # a path
      | \S+@\S+\.\S+                    # an e-mail address
      | [\w.-]+\.(?:csv|json|geojson|xlsx|xml|ics|pdf|docx|odt|txt|html|svg|png|jpg)
      | [A-Z]{2,}[\w-]*                 # an acronym or a code: OC4IDS, CSV, API, RSS
      | [a-z0-9]+(?:[-_][a-z0-9]+)+     # a slug or an identifier: shiraz-demo, planner_1
      | (?=[\w.-]*[A-Za-z])(?=[\w.-]*[0-9])[\w.-]+  # a code of letters and digits: P-0012, v1
    )$""",
    re.VERBOSE,
)
# English words that stay English in Persian text: names of formats, standards and products.
ALLOWED_WORDS = frozenset(
    {
        "Atom",
        "GeoJSON",
        "OpenStreetMap",
        "contributors",  # «© OpenStreetMap contributors», the tiles' required attribution
        "Leaflet",
        "Jahesh",
        "Excel",
        "LibreOffice",
        "Telegram",
        "Bale",
        "Eitaa",
        "Soroush",
        "Rubika",
        "Splus",
        "Gap",
        "iCalendar",
        "Google",
        "Calendar",
        "Outlook",
        "Django",
        "Ninja",
        "Huey",
        "Redis",
        "PostgreSQL",
        "SQLite",
        "Markdown",
        "Vazirmatn",
        "Word",  # «Word (DOCX)», the program a minutes file opens in
        "Turtle",  # «SKOS (Turtle)», an RDF format's name
        "Control",  # Django's help for multiple choice names the keys «Control» and «Command»
        "Command",
        "Mac",
    }
)
# Names that hold digits by nature: a licence, a standard.
ALLOWED_PHRASES = ("CC BY 4.0", "ISO 8601")
HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noscript", "svg", "math"})
# Elements whose content is code or machine text by nature.
CODE_ELEMENTS = frozenset({"code", "kbd", "samp", "pre", "var"})
SPOKEN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"})


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # "latin-digits" or "english"
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:160]}"


class _Reader(HTMLParser):
    """Collect the visible text runs of a page, each with whether it is marked left-to-right
    or code (then digits and English are expected)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[tuple[str, bool]] = []
        self._stack: list[tuple[str, bool, bool]] = []  # tag, hidden, technical

    def _state(self) -> tuple[bool, bool]:
        if not self._stack:
            return False, False
        return self._stack[-1][1], self._stack[-1][2]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        hidden, technical = self._state()
        hidden = hidden or tag in HIDDEN_ELEMENTS or "hidden" in values
        technical = technical or tag in CODE_ELEMENTS or values.get("dir") == "ltr"
        technical = technical or values.get("lang", "fa")[:2] not in ("fa", "")
        if not hidden:
            for name in SPOKEN_ATTRIBUTES:
                if values.get(name):
                    self.runs.append((values[name], technical))
            is_button = values.get("type") in ("submit", "button")
            if tag == "input" and is_button and values.get("value"):
                self.runs.append((values["value"], technical))
        if tag not in VOID:
            self._stack.append((tag, hidden, technical))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        hidden, technical = self._state()
        if not hidden and data.strip():
            self.runs.append((data, technical))


def visible_runs(html: str) -> list[tuple[str, bool]]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.runs


def _prose_tokens(text: str) -> list[str]:
    """The tokens of a run that are prose: addresses, codes and identifiers left out."""
    tokens = []
    for raw in text.split():
        token = raw.strip("«»()[]{}،؛:؟!.,;\"'—–-…٪%+")
        if token and not TECHNICAL.match(token):
            tokens.append(token)
    return tokens


def findings(html: str, allowed: frozenset[str] = frozenset()) -> list[Finding]:
    """Return what is not Persian in what a reader of ``html`` sees; ``allowed`` holds more
    words to take as identifiers (the usernames of the people signed in)."""
    found: list[Finding] = []
    for run, technical in visible_runs(html):
        if technical:
            continue
        text = " ".join(run.split())
        prose = text
        for phrase in ALLOWED_PHRASES:
            prose = prose.replace(phrase, " ")
        tokens = [t for t in _prose_tokens(prose) if t not in allowed]
        if PERSIAN_LETTER.search(text) and any(LATIN_DIGITS.search(t) for t in tokens):
            found.append(Finding("latin-digits", text))
        english = [
            word
            for token in tokens
            for word in LATIN_WORD.findall(token)
            if word not in ALLOWED_WORDS and word not in allowed and len(word) > 1
        ]
        if english:
            found.append(Finding("english", text))
    return found
