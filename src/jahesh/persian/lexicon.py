"""The zero-width non-joiner lexicon, and the rules that repair words written joined.

The data file ``data/lexicon.txt`` is derived from hazm's word list (MIT, notice beside it) by
``scripts/build_lexicon.py``. It is loaded once per process, lazily, under a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

from jahesh.persian.letters import JOINING, ZWNJ

# Longest first, so that a reading with the longest suffix is tried before a shorter one.
PLURAL_SUFFIXES = (
    "هایشان",
    "هایتان",
    "هایمان",
    "هاشان",
    "هاتان",
    "هامان",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "های",
    "ها",
)
# Suffixes that take a non-joiner after a final he: واژه‌ای، خانه‌ام، نامه‌اش، گفته‌اند.
# ات is left out: after he it mostly ends Arabic plurals (موجهات، منزهات).
HE_SUFFIXES = ("ایم", "اید", "اند", "ای", "ام", "اش")
COMPARATIVE_SUFFIXES = ("ترین", "تر")
# Participles and agent nouns that make compound adjectives of official prose with the word
# before them, written with a non-joiner (تکمیل‌شده، اختصاص‌یافته، مصرف‌کننده). The word before
# must be common, and no longer reading may compete: the tail is only a reading, not a repair.
PARTICIPLE_TAILS = ("شده", "نشده", "یافته", "کننده", "کنندگان", "دهنده", "دهندگان")
PARTICIPLE_STEM_MIN_RANK = 4
VERB_PREFIXES = ("نمی", "می")
PREVERBS = ("", "بر", "در", "فرو", "فرا", "باز", "وا")
PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند", "یی", "ییم", "یید", "یند")
PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند")
# Impersonal forms that take می without a personal ending.
BARE_VERBS = frozenset({"توان", "بایست", "بایستی", "شاید"})
# A stem known only from the dictionary part of the list (no corpus count) must be at least this
# long to take a plural suffix: short dictionary entries (مت، بان) are more often parts of words.
UNRANKED_STEM_MIN_LENGTH = 4
# A reading wins over another only when its stem is this much more common (log10 steps).
AMBIGUITY_MARGIN = 3
# Score of a stem with no corpus count: a tagged word, or a compound of the list.
UNRANKED_KNOWN_SCORE = 3
# Person endings after a final he only follow participles (گفته‌اند، آماده‌ام), not any noun.
PARTICIPLE_ENDINGS = ("ده", "ته")
PERSON_SUFFIXES = frozenset({"ایم", "اید", "اند", "ام"})
# The preposition «به» is written apart from the word after it (دستور خط فارسی): a joined
# «بهعنوان» is repaired to «به‌عنوان» (a non-joiner, so that the word count of the text does not
# change). The rest must be a common word, and the whole must not be a word of its own: in
# بهتر، بهره، بهار، بهداشت، بهشت، بها … «به» is part of the stem (the lexicon's ``be_stems``).
BE = "به"
BE_REST_MIN_RANK = 3
BE_WORD_MIN_RANK = 3
# Endings a «به» stem takes and stays one word: بهاران، بهشتی، بهره‌ها، بهترین.
STEM_ENDINGS = frozenset(
    (*PLURAL_SUFFIXES, *HE_SUFFIXES, *COMPARATIVE_SUFFIXES, "ی", "یی", "ان", "ای", "ات", "ش", "م")
)
# Two words written with no space between them (بلوارچمران) are only suggested apart when both
# are this common (log10 of the corpus count) and each is at least two letters long.
SPLIT_PART_MIN_RANK = 4
SPLIT_MIN_PART_LENGTH = 2
SPLIT_ENDINGS = ("های", "ها", "ان", "ی")
# Entries of the dictionary part of the list (no corpus count) count as parts from this length.
SPLIT_DICTIONARY_MIN_LENGTH = 5
SPLIT_VERBS = frozenset({"است", "هست", "نیست", "بود", "شد", "شود", "کرد", "کند", "دارد"})
_CACHE_LIMIT = 200_000
# No Persian word, compound or inflected, is longer; longer runs of letters are left alone and
# not cached, so that a pathological input cannot fill memory through the cache.
MAX_WORD_LENGTH = 40


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Words known to the repairer, as loaded from the data file."""

    keep: frozenset[str]
    """Words written joined that are correct as they are: no rule changes them."""
    words: frozenset[str]
    """Every other known word (joined spelling); usable as a stem, but rules may still apply."""
    compounds: Mapping[str, str]
    """Joined spelling -> spelling with its non-joiners (بینالملل -> بین‌الملل)."""
    rank: Mapping[str, int]
    """log10 of a word's corpus count, for words seen at least ten times."""
    adjectives: frozenset[str]
    """Adjectives that take تر and ترین."""
    present_stems: frozenset[str]
    past_stems: frozenset[str]
    be_stems: frozenset[str] = frozenset()
    """Words in which «به» is part of the stem, not the preposition (بهتر، بهره، بهار)."""

    @classmethod
    def parse(cls, text: str) -> Lexicon:
        """Read the data file format: one ``name<TAB>space separated values`` line a section."""
        sections: dict[str, list[str]] = {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            name, _, body = line.partition("\t")
            sections[name] = body.split(" ") if body else []
        compounds = {form.replace(ZWNJ, ""): form for form in sections.get("compounds", [])}
        rank: dict[str, int] = {}
        for item in sections.get("rank", []):
            word, _, value = item.rpartition(":")
            rank[word] = int(value)
        return cls(
            keep=frozenset(sections.get("keep", [])),
            words=frozenset(sections.get("words", [])),
            compounds=compounds,
            rank=rank,
            adjectives=frozenset(sections.get("adjectives", [])),
            present_stems=frozenset(sections.get("present", [])),
            past_stems=frozenset(sections.get("past", [])),
            be_stems=frozenset(sections.get("be_stems", [])),
        )

    def serialise(self, header: Iterable[str] = ()) -> str:
        """Write the data file format, sorted so that a rebuild gives the same bytes."""
        lines = [f"# {line}" if line else "#" for line in header]
        lines.append("keep\t" + " ".join(sorted(self.keep)))
        lines.append("words\t" + " ".join(sorted(self.words - self.keep)))
        lines.append("compounds\t" + " ".join(sorted(self.compounds.values())))
        lines.append("rank\t" + " ".join(f"{w}:{r}" for w, r in sorted(self.rank.items())))
        lines.append("adjectives\t" + " ".join(sorted(self.adjectives)))
        lines.append("present\t" + " ".join(sorted(self.present_stems)))
        lines.append("past\t" + " ".join(sorted(self.past_stems)))
        lines.append("be_stems\t" + " ".join(sorted(self.be_stems)))
        return "\n".join(lines) + "\n"


def attach(form: str, suffix: str) -> str:
    """Join ``suffix`` to ``form``, with a non-joiner only where the last letter would join it."""
    if form and form[-1] in JOINING:
        return form + ZWNJ + suffix
    return form + suffix


class Repairer:
    """Restore the non-joiners of words written joined, from a :class:`Lexicon`.

    Results are cached per word; the cache is a plain dict holding results of a pure function,
    so concurrent use from several threads can at worst compute a word twice.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._cache: dict[str, str] = {}
        self._indefinite: dict[str, str | None] = {}

    def repair(self, word: str) -> str:
        """Return ``word`` (Persian letters only, no non-joiner) with its non-joiners restored."""
        if len(word) > MAX_WORD_LENGTH:
            return word
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result = self._repair(word)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache = {}
        self._cache[word] = result
        return result

    def readings(self, word: str) -> list[str]:
        """Every spelling with non-joiners that the rules can read ``word`` as, best first."""
        scored = self._readings(word)
        ordered = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        return [form for form, _ in ordered if form != word]

    def _repair(self, word: str) -> str:
        if len(word) < 3:
            return word
        lex = self.lexicon
        best = lex.compounds.get(word)
        if best is None:
            if word in lex.keep:
                return word
            best = self._choose(self._readings(word))
            if best is None and word.startswith(BE):
                best = self._be_reading(word)
            if best is None or best == word:
                return word
        # A repair must be final: each piece between non-joiners must stay as it is when the
        # text is normalised again, or the normaliser would not be idempotent.
        for piece in best.split(ZWNJ):
            if piece != word and self.repair(piece) != piece:
                return word
        return best

    @staticmethod
    def _choose(scored: dict[str, int]) -> str | None:
        if not scored:
            return None
        if len(scored) == 1:
            return next(iter(scored))
        ordered = sorted(scored.items(), key=lambda item: -item[1])
        if ordered[0][1] - ordered[1][1] >= AMBIGUITY_MARGIN:
            return ordered[0][0]
        return None

    def _be_reading(self, word: str) -> str | None:
        """Return ``word`` with the preposition «به» set apart, when the rule says so."""
        lex = self.lexicon
        rest = word[len(BE) :]
        if len(rest) < 2 or word in lex.keep or lex.rank.get(word, 0) >= BE_WORD_MIN_RANK:
            return None
        # The dictionary part of the list holds rare words and names (بهرخ، بهدل): a short rest
        # after «به» is too often a word of its own there.
        if self.has_be_stem(word) or (word in lex.words and len(rest) < 3):
            return None
        form = self._stem_form(rest)
        if form is not None and self._score(rest) >= BE_REST_MIN_RANK:
            return BE + ZWNJ + form
        # An abstract noun or adjective in ی of a common word (به‌راحتی، به‌سادگی is not: گی).
        base = rest[:-1]
        if rest.endswith("ی") and len(base) >= 2 and self._score(base) >= BE_REST_MIN_RANK:
            base_form = self._stem_form(base)
            if base_form is not None and ZWNJ not in base_form:
                return BE + ZWNJ + rest
        return None

    def indefinite_reading(self, word: str) -> str | None:
        """Return the «-ای» reading (خانه‌ای) of a word the rules leave alone because it reads
        two ways (خان‌های or خانه‌ای), for a context that decides between them."""
        if len(word) < 5 or not word.endswith("های") or len(word) > MAX_WORD_LENGTH:
            return None
        if word in self._indefinite:
            return self._indefinite[word]
        found = None
        if self.repair(word) == word:
            for form in self.readings(word):
                if form.endswith("ه" + ZWNJ + "ای"):
                    found = form
                    break
        if len(self._indefinite) >= _CACHE_LIMIT:
            self._indefinite = {}
        self._indefinite[word] = found
        return found

    def has_be_stem(self, word: str) -> bool:
        """Tell whether ``word`` is a «به» stem, alone or with an ending (بهاران، بهترین)."""
        stems = self.lexicon.be_stems
        for end in range(len(BE) + 1, len(word) + 1):
            if word[:end] in stems and (end == len(word) or word[end:] in STEM_ENDINGS):
                return True
        return False

    def split_reading(self, word: str) -> str | None:
        """Return ``word`` as two words with a space, when it is two common words written with
        no space between them (بلوارچمران -> بلوار چمران) and not a word of its own."""
        lex = self.lexicon
        if word in lex.keep or word in lex.words or word in lex.compounds or word in lex.rank:
            return None
        if self._readings(word) or (word.startswith(BE) and self._be_reading(word)):
            return None
        # A verb form (کشید، نوشتند), or a known word with an ending (چشمگیری، کارشناسان), is
        # one word.
        if self.is_verb(word) or any(
            word.endswith(ending) and self._split_base_known(word[: -len(ending)])
            for ending in SPLIT_ENDINGS
        ):
            return None
        found: list[tuple[int, str]] = []
        for index in range(SPLIT_MIN_PART_LENGTH, len(word) - SPLIT_MIN_PART_LENGTH + 1):
            left, right = word[:index], word[index:]
            if right in STEM_ENDINGS:
                continue
            score = min(self._split_part_score(left), self._split_part_score(right))
            if score >= SPLIT_PART_MIN_RANK:
                # Parts known only from the dictionary part of the list lose a tie
                # (بوستان بانوان, not بوستانبان وان).
                weak = sum(
                    1
                    for part in (left, right)
                    if part in lex.words and part not in lex.keep and part not in lex.rank
                )
                found.append((2 * score - weak, self.repair(left) + " " + self.repair(right)))
        if len(found) == 1:
            return found[0][1]
        found.sort(reverse=True)
        if len(found) > 1 and found[0][0] > found[1][0]:
            return found[0][1]
        return None

    def _split_part_score(self, part: str) -> int:
        # The corpus counts leave out verbs and many derived words (است، فرهنگی): a tagged word
        # of three letters or more counts as common enough.
        lex = self.lexicon
        rank = lex.rank.get(part, 0)
        if rank >= SPLIT_PART_MIN_RANK:
            return rank
        if (
            part in SPLIT_VERBS
            or (len(part) >= 3 and part in lex.keep)
            or (len(part) >= SPLIT_DICTIONARY_MIN_LENGTH and part in lex.words)
        ):
            return SPLIT_PART_MIN_RANK
        # a common word with an ending: فرهنگی، شهروندان، سرای، پروژههای
        for ending in SPLIT_ENDINGS:
            base = part[: -len(ending)]
            if part.endswith(ending) and len(base) >= 2 and self._split_base_known(base):
                return SPLIT_PART_MIN_RANK
        return rank

    def _split_base_known(self, base: str) -> bool:
        lex = self.lexicon
        return (
            lex.rank.get(base, 0) >= SPLIT_PART_MIN_RANK
            or (len(base) >= 3 and base in lex.keep)
            or base in lex.compounds
        )

    def _stem_form(self, stem: str, *, min_unranked_length: int = 0) -> str | None:
        """Return how ``stem`` is written, if it is a known word.

        A word known only from the dictionary part of the list counts when it is at least
        ``min_unranked_length`` letters long (0: never).
        """
        lex = self.lexicon
        compound = lex.compounds.get(stem)
        if compound is not None:
            return compound
        if stem in lex.rank or stem in lex.keep:
            return stem
        if min_unranked_length and len(stem) >= min_unranked_length and stem in lex.words:
            return stem
        return None

    def is_verb(self, rest: str) -> bool:
        """Tell whether ``rest`` is a verb form that takes می (رسد، گفتند، توان)."""
        lex = self.lexicon
        if rest in BARE_VERBS:
            return True
        for ending in PRESENT_ENDINGS:
            if rest.endswith(ending) and rest[: len(rest) - len(ending)] in lex.present_stems:
                return True
        for ending in PAST_ENDINGS:
            stem = rest[: len(rest) - len(ending)] if ending else rest
            if rest.endswith(ending) and stem in lex.past_stems:
                return True
        return False

    def _score(self, stem: str) -> int:
        lex = self.lexicon
        score = lex.rank.get(stem)
        if score is not None:
            return score
        if stem in lex.keep or stem in lex.compounds:
            return UNRANKED_KNOWN_SCORE
        return 0

    def _readings(self, word: str) -> dict[str, int]:
        lex = self.lexicon
        score = self._score
        scored: dict[str, int] = {}

        # A reading that leaves the word as it is counts too: شهرهای reads as شهر + های (no
        # change) far more likely than as شهره + ای.
        def add(form: str, score: int) -> None:
            if scored.get(form, -1) < score:
                scored[form] = score

        for suffix in PLURAL_SUFFIXES:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 2:
                form = self._stem_form(stem, min_unranked_length=UNRANKED_STEM_MIN_LENGTH)
                if form is not None:
                    add(attach(form, suffix), score(stem))
        for suffix in HE_SUFFIXES:
            stem = word[: -len(suffix)]
            # A he after alef or vav is pronounced (ماه، کوه): the suffix joins it (ماهی).
            if not (word.endswith(suffix) and len(stem) >= 3 and stem[-1] == "ه"):
                continue
            if stem[-2] in "او" or (
                suffix in PERSON_SUFFIXES and stem[-2:] not in PARTICIPLE_ENDINGS
            ):
                continue
            form = self._stem_form(stem)
            if form is not None:
                add(attach(form, suffix), score(stem))
        for suffix in COMPARATIVE_SUFFIXES:
            stem = word[: -len(suffix)]
            if (
                word.endswith(suffix)
                and len(stem) >= 3
                and (stem in lex.adjectives or stem in lex.compounds)
            ):
                form = self._stem_form(stem)
                if form is not None:
                    add(attach(form, suffix), score(stem))
        for tail in PARTICIPLE_TAILS:
            stem = word[: -len(tail)]
            if word.endswith(tail) and len(stem) >= 3 and stem[-1] in JOINING:
                form = self._stem_form(stem)
                if form is not None and score(stem) >= PARTICIPLE_STEM_MIN_RANK:
                    add(form + ZWNJ + tail, score(stem))
        for preverb in PREVERBS:
            for prefix in VERB_PREFIXES:
                head = preverb + prefix
                rest = word[len(head) :]
                if word.startswith(head) and len(rest) >= 2 and self.is_verb(rest):
                    add(head + ZWNJ + rest, 9)
        start = 2
        while (index := word.find("آ", start)) != -1:
            start = index + 1
            left, right = word[:index], word[index:]
            if left[-1] not in JOINING or len(right) < 3:
                continue
            left_form = self._stem_form(left)
            right_form = self._stem_form(right) or (right if right.startswith("آباد") else None)
            if right.startswith("آباد") or (left_form is not None and right_form is not None):
                add((left_form or left) + ZWNJ + (right_form or right), score(left))
        return scored


_LOCK = threading.Lock()
_REPAIRER: Repairer | None = None


def load_lexicon() -> Lexicon:
    """Read the packaged lexicon from disk (no caching; see :func:`repairer`)."""
    data = resources.files("jahesh.persian").joinpath("data/lexicon.txt")
    return Lexicon.parse(data.read_text(encoding="utf-8"))


def repairer() -> Repairer:
    """Return the process-wide repairer, loading the lexicon on first use."""
    global _REPAIRER  # noqa: PLW0603 -- a lazily built, process-wide singleton
    current = _REPAIRER
    if current is None:
        with _LOCK:
            if _REPAIRER is None:
                _REPAIRER = Repairer(load_lexicon())
            current = _REPAIRER
    return current
