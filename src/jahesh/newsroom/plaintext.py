"""What an article's text fields hold: plain text that no reader can take for markup.

Titles, kickers, leads, bodies, captions and notes are plain text. Markup pasted into them is
removed; entities typed into them stay the characters typed (``&lt;b&gt;`` is eight characters,
never a tag), and a ``<`` that would open a tag, a comment or a declaration is dropped, so the
stored text is the same whether a reader treats it as text or as HTML. Pages escape it; the feeds
escape it again where their format says HTML (RSS ``description``, Atom ``summary``).
"""

from __future__ import annotations

import html
import re

import nh3

from jahesh.persian import remove_bidi_overrides

# What the HTML tokenizer reads after "<" as the start of a tag, an end tag, a comment, a
# doctype or a processing instruction. A run of "<" goes with it: dropping only the last one of
# "<<img" would leave "<img".
_TAG_OPENER = re.compile(r"<+(?=[A-Za-z!/?])")


def strip_markup(text: str) -> str:
    """Remove tags, comments and scripts; keep every other character as typed."""
    if "<" not in text:
        return text
    # nh3 reads its input as HTML and so decodes entities; escaping "&" first keeps the ones the
    # person typed as text, and the unescape afterwards undoes only nh3's own escaping.
    cleaned = nh3.clean(text.replace("&", "&amp;"), tags=set(), attributes={})
    return html.unescape(cleaned)


def drop_tag_openers(text: str) -> str:
    """Drop every ``<`` that an HTML parser would read as the start of markup."""
    if "<" not in text:
        return text
    return _TAG_OPENER.sub("", text)


def as_text(text: str) -> str:
    """Stored text made safe to emit: no directional override, nothing a parser takes for a tag.

    For rows written before the cleaning rules and for text that never went through them
    (a user's own name); text cleaned on the way in comes out unchanged.
    """
    return drop_tag_openers(remove_bidi_overrides(text))


def as_html(text: str) -> str:
    """Plain text as an HTML fragment that shows exactly that text (for HTML feed fields)."""
    return html.escape(as_text(text), quote=False)
