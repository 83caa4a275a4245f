"""The admin's pages with Persian digits: one output step for every page of the Django admin.

Why an output step and not localisation or templates: Django's ``fa`` formats keep Latin digits
(``number_format`` and ``date_format`` never change the digits), and the numbers a person reads in
the admin come from a dozen of Django's and simple-history's templates *and* from Python
(``display_for_field``, paginators, ``str()`` of rows, validators' messages, the boolean icons),
so template overrides would each fix one place and miss the rest. This step runs only on HTML
answers of views in the ``admin`` namespace and changes only what a reader sees:

- digits in text between tags, and in the spoken attributes ``title``, ``aria-label`` and ``alt``,
  become Persian digits (with «٫» and «٬» between digits of a number);
- never inside other attributes (addresses, form values, ``data-*``), ``<script>``, ``<style>``,
  ``<textarea>``, ``<pre>``, ``<code>``, ``<kbd>``, ``<samp>``, ``<var>`` or an element marked
  ``dir="ltr"``; never in a word that holds a Latin letter or ``@`` (project codes such as
  ``SHZ-0012``, usernames, addresses stay as stored), nor in an IP address or a character
  reference;
- the alt texts Django writes in English on its own icons (``True``, ``False``, ``None`` on the
  boolean icons, ``Search`` on the search bar) become Persian.

Dates are not a matter of digits: they are shown Jalali by the admins themselves
(``registry.admin.display``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from jahesh import persian

# Text inside these is code or a value being edited, not prose.
SKIPPED_ELEMENTS = frozenset({"textarea", "pre", "code", "kbd", "samp", "var"})
SPOKEN_ATTRIBUTES = ("title", "aria-label", "alt")
# Django's icons and the alt texts it writes on them in English, whatever the language.
ICON_ALT_TEXTS = {
    ("icon-yes.svg", "True"): "بله",
    ("icon-no.svg", "False"): "خیر",
    ("icon-unknown.svg", "None"): "نامعلوم",
    ("search.svg", "Search"): "جست‌وجو",
}

_PIECES = re.compile(
    r"<!--.*?-->"  # a comment
    r"|<(?P<raw>script|style)\b[^>]*>.*?</(?P=raw)\s*>"  # raw text elements, whole
    r"|<[^>]*>"  # a tag
    r"|[^<]+"  # text
    r"|<",  # a lone «<»
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*?)(/?)>", re.DOTALL)
_LTR = re.compile(r"""\bdir\s*=\s*["']?ltr\b""", re.IGNORECASE)
_SPOKEN = re.compile(r"""\b(title|aria-label|alt)(\s*=\s*")([^"]*)(")""", re.IGNORECASE)
_ALT = re.compile(r"""\balt="([^"]*)\"""")
_SRC = re.compile(r"""\bsrc="[^"]*/admin/img/([\w-]+\.svg)\"""")
_WORDS = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);|[^\s&]+|&")
_LATIN_DIGIT = re.compile("[0-9]")
_KEPT_WORD = re.compile(r"[A-Za-z@]|^\d{1,3}(?:\.\d{1,3}){3}$")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def _word(match: re.Match[str]) -> str:
    word = match.group()
    if word.startswith("&") or not _LATIN_DIGIT.search(word) or _KEPT_WORD.search(word):
        return word
    word = _THOUSANDS_COMMA.sub("٬", _DECIMAL_POINT.sub("٫", word))
    return persian.to_persian_digits(word)


def persian_digits_in_text(text: str) -> str:
    """Persian digits in the words of ``text`` (escaped HTML text) that are numbers, not codes."""
    if not _LATIN_DIGIT.search(text):
        return text
    return _WORDS.sub(_word, text)


def _spoken(match: re.Match[str]) -> str:
    name, equals, value, quote = match.groups()
    return f"{name}{equals}{persian_digits_in_text(value)}{quote}"


def _tag(tag: str) -> str:
    if "=" not in tag:
        return tag
    if tag[:4].lower() == "<img":
        source, alt = _SRC.search(tag), _ALT.search(tag)
        if source and alt and (source.group(1), alt.group(1)) in ICON_ALT_TEXTS:
            persian_alt = ICON_ALT_TEXTS[source.group(1), alt.group(1)]
            tag = f"{tag[: alt.start(1)]}{persian_alt}{tag[alt.end(1) :]}"
    return _SPOKEN.sub(_spoken, tag)


def persian_digits_in_html(html: str) -> str:
    """Return ``html`` with Persian digits where a reader sees numbers (see the module's text)."""
    out: list[str] = []
    skipping: str | None = None  # the element whose content is left alone
    depth = 0
    for match in _PIECES.finditer(html):
        piece = match.group()
        if match.group("raw") or piece.startswith("<!--") or piece == "<":
            out.append(piece)
            continue
        tag = _TAG.fullmatch(piece) if piece.startswith("<") else None
        if tag is None and piece.startswith("<"):
            out.append(piece)  # a doctype or a stray mark
            continue
        if tag is None:
            out.append(piece if skipping else persian_digits_in_text(piece))
            continue
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if skipping:
            if name == skipping and tag.group(4) != "/":
                depth += -1 if closing else 1
                if depth == 0:
                    skipping = None
            out.append(piece)
            continue
        opens = not closing and name not in VOID_ELEMENTS and tag.group(4) != "/"
        if opens and (name in SKIPPED_ELEMENTS or _LTR.search(tag.group(3))):
            skipping, depth = name, 1
        out.append(_tag(piece) if not closing else piece)
    return "".join(out)


class AdminPersianDigitsMiddleware:
    """Apply ``persian_digits_in_html`` to the HTML answers of the admin's views only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or "admin" not in match.namespaces:
            return response
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        charset = response.charset or "utf-8"
        response.content = persian_digits_in_html(response.content.decode(charset)).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
