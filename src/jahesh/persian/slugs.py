"""Persian slugs for URLs."""

from __future__ import annotations

import re

from jahesh.persian.letters import ZWNJ
from jahesh.persian.normalize import normalize_words

SLUG_MAX_LENGTH = 80
_NOT_SLUG = re.compile(r"[^\w\s-]+|_+")
_SEPARATORS = re.compile(r"[\s-]+")


def slugify_fa(title: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Turn a title into a URL slug that keeps its Persian words: «جهش-عمرانی-مرحله-۹».

    The title is normalised first (letters, non-joiners; nothing protected: a slug holds no
    URL); a non-joiner, space or punctuation
    becomes one hyphen; Latin is lower-cased; digits keep their script. The slug is cut at a
    word boundary to at most ``max_length`` characters. A title with no letter or digit gives "".
    """
    # Kept marks go first: a mark between two letters would otherwise split a word the first
    # time and not the second, and the slug would change when slugified again.
    title = title.replace("\u064b", "").replace("\u0654", "")
    text = normalize_words(title).lower().replace(ZWNJ, "-")
    text = _NOT_SLUG.sub(" ", text)
    slug = _SEPARATORS.sub("-", text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")
