"""Publish-grade normalisation of Persian text, and suggestions for what it will not change."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from jahesh.persian.letters import (
    KEPT_MARK_CLASS,
    LETTER_CLASS,
    ZWNJ,
    fold_publish,
)
from jahesh.persian.lexicon import (
    HE_SUFFIXES,
    PLURAL_SUFFIXES,
    VERB_PREFIXES,
    Repairer,
    attach,
    repairer,
)

_DIGIT = "0-9\u06f0-\u06f9\u0660-\u0669"
_LATIN = "A-Za-z\u00c0-\u024f"

# Spans kept byte for byte: URLs, e-mail addresses, Latin words (with digits and inner
# punctuation: COVID-19, v2.0) and numbers with group or decimal separators (13,410، ۱۳٬۴۱۰، 2.5).
# The leading lookahead lets the regex engine skip Persian letters without trying each branch.
PROTECTED = re.compile(
    rf"""(?=[{_LATIN}{_DIGIT}._%+\-])(
      (?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[^\s<>"«»]*[^\s<>"«».,;:!?)\]،؛؟]
    | [A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+
    | [{_LATIN}0-9_]*[{_LATIN}][{_LATIN}0-9_]*(?:[.\-'’/@:][{_LATIN}0-9_]+)*
    | [{_DIGIT}]+(?:[.,٫٬،][{_DIGIT}]+)+
    )""",
    re.VERBOSE,
)
# Stands for a protected span while the rest of the text is normalised in one pass: it is no
# letter, digit, space or punctuation, so no rule touches it or sees through it.
_MARK = "\ufffc"
# Passes after which the normaliser stops looking for protected spans to settle.
_MAX_PASSES = 4

_LATIN_TO_PERSIAN_DIGITS = tuple((str(d), chr(0x06F0 + d)) for d in range(10))
_WORD = re.compile(f"[{LETTER_CLASS}]+")
_LETTERISH = LETTER_CLASS + KEPT_MARK_CLASS
# Each pattern starts with a literal or a small class so that the engine scans fast.
_ZWNJ_RUN = re.compile(f"{ZWNJ}[{ZWNJ}\u200d]+|\u200d+{ZWNJ}[{ZWNJ}\u200d]*")
_STRAY_ZWNJ = re.compile(f"{ZWNJ}(?:(?<![{_LETTERISH}]{ZWNJ})|(?![{_LETTERISH}]))")
_SPACE_AT_LINE_EDGE = re.compile(r" +(?=\n)|(?<=\n) +")
# Closing punctuation preceded by a space; a full stop counts only where a sentence ends (before
# white space or at the very end), so that «.NET» or «...» keep theirs.
_PUNCT_AFTER_SPACE = re.compile(r"(?:[،؛؟!?:;)»\]}]|\.(?=\s|\Z))(?<= .)")
_SPACE_AFTER_OPENING = re.compile(r"([(«\[{]) +")
_PUNCT_BEFORE_LETTER = re.compile(f"([،؛؟!:»])(?=[{LETTER_CLASS}])")
_LETTER_BEFORE_QUOTE = re.compile(f"«(?<=[{LETTER_CLASS}]«)")


# Explicit embeddings and overrides (LRE, RLE, PDF, LRO, RLO) reorder what follows them, even
# across the text around a title: U+202E makes «exe.pdf» read «fdp.exe». No Persian text needs
# them (isolates and the marks LRM, RLM, ALM do the honest job), so they are dropped.
_OVERRIDES = "\u202a\u202b\u202c\u202d\u202e"
_ISOLATE_OPENERS = "\u2066\u2067\u2068"
_ISOLATE_CLOSER = "\u2069"
_BIDI_EXPLICIT = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Where the bidi algorithm ends a paragraph, and with it every isolate still open.
_ISOLATE_OR_PARAGRAPH_END = re.compile("[\u2066-\u2069\n\r\x1c-\x1e\x85\u2029]")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A change the normaliser will not make on its own, for an editor to accept or not."""

    start: int
    """Index of the first character of ``original`` in the text given."""
    end: int
    original: str
    replacement: str
    reason: str
    """Why, in Persian, for the editor."""


def remove_bidi_overrides(text: str) -> str:
    """Drop directional embeddings and overrides, and isolates that open or close nothing.

    Balanced isolates (LRI, RLI, FSI ... PDI within one paragraph) stay: they cannot leak
    out of their span. Idempotent.
    """
    if _BIDI_EXPLICIT.search(text) is None:
        return text
    for char in _OVERRIDES:
        if char in text:
            text = text.replace(char, "")
    dropped: list[int] = []
    opened: list[int] = []
    for match in _ISOLATE_OR_PARAGRAPH_END.finditer(text):
        char = match.group()
        if char in _ISOLATE_OPENERS:
            opened.append(match.start())
        elif char == _ISOLATE_CLOSER:
            if opened:
                opened.pop()
            else:
                dropped.append(match.start())
        else:
            dropped.extend(opened)
            opened.clear()
    dropped.extend(opened)
    if not dropped:
        return text
    drop = set(dropped)
    return "".join(c for i, c in enumerate(text) if i not in drop)


# Words before which a noun is singular, so that a word that reads as a plural or as a noun with
# the indefinite «-ای» (خان‌های / خانه‌ای) can only be the latter: «یک خانه‌ای», «هر نامه‌ای».
_SINGULAR_BEFORE = frozenset(
    {"یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "بیست", "سی", "صد", "هزار"}
    | {"هر"}
)
_NUMBER = re.compile(f"[{_DIGIT}]+")


def indefinite_decided(previous: str | None, following: str | None) -> bool:
    """Tell whether the words around a word that reads as a plural or as «-ای» (نامهای) decide
    it is «-ای»: before «از» (a plural with its ezafe does not stand before «از»), or after «یک»,
    «هر» or a number (they take a singular). Before an adjective both readings stand
    (محل‌های جدید، محله‌ای جدید), so that stays a suggestion."""
    if following == "از":
        return True
    return previous is not None and (
        previous in _SINGULAR_BEFORE or _NUMBER.fullmatch(previous) is not None
    )


def _repair_words(text: str, fixer: Repairer) -> str:
    # Splitting on spaces is the cheapest way through the text; each distinct space-separated
    # token is then repaired word by word, and each word's repair is cached by the repairer.
    tokens = text.split(" ")
    repair = fixer.repair
    fixes: dict[str, str] = {}
    undecided: dict[str, str] = {}
    for token in set(tokens):
        fixed = _WORD.sub(lambda m: repair(m.group()), token)
        if fixed != token:
            fixes[token] = fixed
        elif (form := fixer.indefinite_reading(token)) is not None:
            undecided[token] = form
    if undecided:
        last = len(tokens) - 1
        for index in [i for i, token in enumerate(tokens) if token in undecided]:
            previous = tokens[index - 1] if index else None
            following = tokens[index + 1] if index < last else None
            if indefinite_decided(previous, following):
                tokens[index] = undecided[tokens[index]]
    if not fixes:
        return " ".join(tokens) if undecided else text
    return " ".join(map(fixes.get, tokens, tokens))


def _tidy_zwnj(text: str) -> str:
    if ZWNJ not in text:
        return text
    if ZWNJ + ZWNJ in text or "\u200d" in text:
        text = _ZWNJ_RUN.sub(ZWNJ, text)
    return _STRAY_ZWNJ.sub("", text)


def _remove_space_before_punctuation(text: str) -> str:
    pieces = []
    position = 0
    for match in _PUNCT_AFTER_SPACE.finditer(text):
        pieces.append(text[position : match.start()].rstrip(" "))
        position = match.start()
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _normalise_masked(text: str, fixer: Repairer, *, persian_digits: bool) -> str:
    text = fold_publish(text)  # also makes Arabic-Indic digits Persian
    if persian_digits:
        for latin, persian in _LATIN_TO_PERSIAN_DIGITS:
            if latin in text:
                text = text.replace(latin, persian)
    text = _tidy_zwnj(text)
    text = _repair_words(text, fixer)
    if "\t" in text:
        text = text.replace("\t", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    text = _remove_space_before_punctuation(text)
    text = _SPACE_AFTER_OPENING.sub(r"\1", text)
    text = _PUNCT_BEFORE_LETTER.sub(r"\1 ", text)
    return _LETTER_BEFORE_QUOTE.sub(" «", text)


def _normalise(text: str, *, persian_digits: bool, protect: bool = True) -> str:
    fixer = repairer()
    # Before protected spans are cut out: a URL may carry an override as well as a title can.
    text = remove_bidi_overrides(text)
    if not protect:
        return _normalise_masked(text, fixer, persian_digits=persian_digits)
    result, protected = _normalise_once(text, fixer, persian_digits=persian_digits)
    # Protected spans are found by regex, and a change next to one (a dropped mark, a space
    # removed before a colon) can make the next pass find different spans. Normalise again
    # until the spans found are the spans kept, so that the result is idempotent.
    for _ in range(_MAX_PASSES):
        if not protected or PROTECTED.findall(result) == protected:
            break
        result, protected = _normalise_once(result, fixer, persian_digits=persian_digits)
    return result


def _normalise_once(text: str, fixer: Repairer, *, persian_digits: bool) -> tuple[str, list[str]]:
    parts = PROTECTED.split(text)
    gaps, protected = parts[0::2], parts[1::2]
    if _MARK in text:
        # The placeholder is taken: normalise the gaps one by one, each between placeholders
        # as it would be in one pass.
        last = len(gaps) - 1
        done = []
        for index, gap in enumerate(gaps):
            before, after = (_MARK if index else ""), (_MARK if index < last else "")
            result = _normalise_masked(before + gap + after, fixer, persian_digits=persian_digits)
            done.append(result[len(before) : len(result) - len(after)])
    else:
        done = _normalise_masked(_MARK.join(gaps), fixer, persian_digits=persian_digits).split(
            _MARK
        )
        if len(done) != len(gaps):  # pragma: no cover - no rule adds or drops the placeholder
            raise AssertionError("a protected span was lost while normalising")
    joined = [done[0]]
    for index, span in enumerate(protected, start=1):
        gap = done[index]
        # A gap between two protected spans that normalises to nothing (a stray non-joiner,
        # a tatweel) stays as it was: dropping it would join the spans, and the joined text
        # may be read differently the next time (idempotence).
        if not gap and index < len(protected):
            gap = gaps[index]
        joined.append(span)
        joined.append(gap)
    return "".join(joined), protected


def normalize_for_publish(text: str) -> str:
    """Make ``text`` ready to publish: Persian letters and digits, non-joiners, spacing.

    URLs, e-mail addresses, Latin words and numbers with separators are kept byte for byte.
    Words written joined get their zero-width non-joiners back from the lexicon
    (شهرداریها -> شهرداری‌ها); words with a space between them are never joined (see
    :func:`normalization_suggestions`). Idempotent.
    """
    text = _normalise(text, persian_digits=True)
    if " \n" in text or "\n " in text:
        text = _SPACE_AT_LINE_EDGE.sub("", text)
    return text.strip()


def normalize_words(text: str) -> str:
    """Normalise letters, non-joiners and spacing with nothing protected (for slugs and keys)."""
    return _normalise(" ".join(text.split()), persian_digits=False, protect=False).strip()


def normalize_name(text: str) -> str:
    """Normalise a short name or title on the way in: one line, letters and non-joiners.

    Digits keep their script (Arabic-Indic ones become Persian); protected spans as in
    :func:`normalize_for_publish`.
    """
    return _normalise(" ".join(text.split()), persian_digits=False).strip()


# A pair written with a space is offered as one word without a non-joiner only when that word
# is common in the corpus (log10 of its count): the list also holds rare joined spellings
# (موردبررسی) of what is correctly two words.
SPACED_WORD_MIN_RANK = 3
# Function words a compound rarely starts with: «به صورت» is correct with its space.
_NOT_COMPOUND_HEADS = frozenset({"به", "در", "از", "با", "را", "و", "که", "تا", "یا"})
_TOKEN_WITH_ZWNJ = re.compile(f"[{LETTER_CLASS}][{LETTER_CLASS}{ZWNJ}]*")


def normalization_suggestions(text: str) -> list[Suggestion]:
    """List changes an editor may want that :func:`normalize_for_publish` will not make.

    Two kinds: words separated by a space that the lexicon knows as one word
    (کلان شهر -> کلان‌شهر، بخش ها -> بخش‌ها، می رسد -> می‌رسد), and words written joined that
    read two ways (نامهای: نام‌های or نامه‌ای). Positions index ``text`` as given.
    """
    fixer = repairer()
    lex = fixer.lexicon
    suggestions: list[Suggestion] = []
    tokens = [
        (m.start(), m.end(), m.group())
        for segment in _unprotected_segments(text)
        for m in _TOKEN_WITH_ZWNJ.finditer(text, segment[0], segment[1])
    ]
    for (start, _, first), (next_start, end, second) in itertools.pairwise(tokens):
        between = text[start + len(first) : next_start]
        if not between or between.strip(" ") or first in _NOT_COMPOUND_HEADS:
            continue
        if first.startswith("به") and fixer.repair(fold_publish(first)).startswith("به" + ZWNJ):
            continue  # «به» set apart by the normaliser heads no compound (بهعنوان مثال)
        replacement = _spaced_compound(
            fold_publish(first).replace(ZWNJ, ""), fold_publish(second).replace(ZWNJ, ""), fixer
        )
        if replacement is not None:
            suggestions.append(
                Suggestion(
                    start=start,
                    end=end,
                    original=text[start:end],
                    replacement=replacement,
                    reason="این دو بخش یک واژه‌اند و با نیم‌فاصله نوشته می‌شوند.",
                )
            )
    for index, (start, end, word) in enumerate(tokens):
        folded = fold_publish(word)
        if ZWNJ in folded or folded in lex.keep or folded in lex.compounds:
            continue
        readings = fixer.readings(folded)
        if not readings and (split := fixer.split_reading(folded)) is not None:
            suggestions.append(
                Suggestion(
                    start=start,
                    end=end,
                    original=word,
                    replacement=split,
                    reason="این دو واژه بی‌فاصله به هم چسبیده‌اند: " + split + ".",
                )
            )
            continue
        indefinite = fixer.indefinite_reading(folded)
        if indefinite is not None:
            if indefinite_decided(*_neighbours(text, tokens, index)):
                continue  # normalize_for_publish repairs it
            # The word as written may be one of its readings (دورهای: دور + های).
            readings = [*readings, folded] if len(readings) == 1 else readings
        if len(readings) > 1 and fixer.repair(folded) == folded:
            suggestions.append(
                Suggestion(
                    start=start,
                    end=end,
                    original=word,
                    replacement=readings[0],
                    reason="این واژه دو خوانش دارد: " + " یا ".join(readings[:2]) + ".",
                )
            )
    suggestions.sort(key=lambda s: (s.start, s.end))
    return suggestions


def _spaced_compound(first: str, second: str, fixer: Repairer) -> str | None:
    """Return how ``first second`` is written as one word, when the lexicon says it is one."""
    lex = fixer.lexicon
    if first in VERB_PREFIXES and fixer.is_verb(second):
        return first + ZWNJ + second
    if second in PLURAL_SUFFIXES or (second in HE_SUFFIXES and first.endswith("ه")):
        stem = lex.compounds.get(first, first)
        known = stem != first or first in lex.words or first in lex.keep
        return attach(stem, second) if known else None
    # A participle after a noun is usually a verb of its own (تعریف شده، سال گذشته).
    if second.endswith("ه") and second[:-1] in lex.past_stems:
        return None
    joined = first + second
    compound = lex.compounds.get(joined)
    if compound is not None:
        return compound
    if joined in lex.keep and lex.rank.get(joined, 0) >= SPACED_WORD_MIN_RANK:
        return joined
    return None


# How far before and after a word its neighbours are looked for (longer words are not numbers).
_NEIGHBOUR_REACH = 40


def _neighbours(
    text: str, tokens: list[tuple[int, int, str]], index: int
) -> tuple[str | None, str | None]:
    """Return the words just before and after token ``index`` when only spaces part them."""
    start, end, _ = tokens[index]
    before = text[max(0, start - _NEIGHBOUR_REACH) : start].split(" ")
    after = text[end : end + _NEIGHBOUR_REACH].split(" ")
    previous = fold_publish(before[-2]) if len(before) > 1 and before[-2] else None
    following = fold_publish(after[1]) if len(after) > 1 and after[1] else None
    return previous, following


def _unprotected_segments(text: str) -> list[tuple[int, int]]:
    segments = []
    position = 0
    for match in PROTECTED.finditer(text):
        segments.append((position, match.start()))
        position = match.end()
    segments.append((position, len(text)))
    return segments
