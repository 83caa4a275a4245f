"""Regenerate ``src/jahesh/persian/data/lexicon.txt`` from hazm's word and verb lists.

hazm (https://pypi.org/project/hazm/, MIT licence) ships ``hazm/data/words.dat`` (word, corpus
count, part-of-speech tags) and ``hazm/data/verbs.dat`` (past#present stems). Only those data
files are read; hazm is not installed and not a dependency.

    python scripts/build_lexicon.py                  # downloads the hazm wheel with pip
    python scripts/build_lexicon.py --wheel hazm-0.10.0-py3-none-any.whl
    python scripts/build_lexicon.py --review review.tsv   # also list every rule-made change

The output is deterministic: the same wheel gives the same bytes.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from jahesh.persian.letters import JOINING, ZWNJ, fold_publish
from jahesh.persian.lexicon import Lexicon, Repairer

HAZM_VERSION = "0.10.0"
REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "src" / "jahesh" / "persian" / "data"
LETTERS = set("ءآأؤإئابتثجحخدذرزسشصضطظعغفقلمنهوپچژکگیةۀ")

# A joined spelling is replaced by its twin with non-joiners when the corpus shows the twin at
# least this many times more often (همزمان 1,176 against هم‌زمان 2,830,176).
DOMINANCE = 20

# Municipal and press vocabulary that hazm lacks or spells joined, written for this project.
_SUPPLEMENT_COMPOUNDS_TEXT = """
کلنگ‌زنی کلنگ‌زنی‌ها غیرهم‌سطح هم‌سطح آیت‌الله حجت‌الاسلام کلان‌شهر بهره‌برداری بهره‌بردار
محرومیت‌زدایی زیست‌محیطی بین‌الملل بین‌المللی پیش‌بینی پیش‌نویس ذی‌ربط ذی‌نفع
ذی‌صلاح ذی‌حساب فوق‌العاده برنامه‌ریزی اطلاع‌رسانی جمع‌بندی آسفالت‌ریزی لکه‌گیری جدول‌گذاری
پیاده‌راه پیاده‌رو پیاده‌روسازی آیین‌نامه شیوه‌نامه تفاهم‌نامه صورت‌جلسه هم‌افزایی کم‌برخوردار
حاشیه‌نشین حاشیه‌نشینی تصفیه‌خانه ماشین‌آلات آتش‌نشانی آتش‌نشان خدمات‌رسانی
دوچرخه‌سواری ایمن‌سازی مقاوم‌سازی روان‌سازی یکپارچه‌سازی نیمه‌تمام
پل‌سازی راه‌سازی آب‌نما هم‌زمان هم‌اکنون سرمایه‌گذاری سرمایه‌گذار ساخت‌وساز
حمل‌ونقل بی‌شک بی‌نظیر کم‌نظیر
"""
SUPPLEMENT_COMPOUNDS = _SUPPLEMENT_COMPOUNDS_TEXT.split()

# The vocabulary of municipal news, by the kinds docs/persian.md lists: each kind's fixed words
# with their non-joiners, looked up by their joined spelling. Written for Jahesh from the genre
# (wave reports, press releases, session reports); hazm lacks them or spells them joined.
GENRE_COMPOUNDS = {
    "credit": """
        بالغ‌بر هزینه‌کرد هزینه‌کردها تخصیص‌یافته اختصاص‌یافته پیش‌بینی‌شده صرفه‌جویی
        بودجه‌ریزی درآمدزایی مابه‌التفاوت حق‌الزحمه تملک‌دارایی مشارکت‌جویی سرمایه‌پذیری
        ارزش‌افزوده تأمین‌شده جذب‌شده هزینه‌شده مصوب‌شده
    """,
    "office": """
        قائم‌مقام نایب‌رئیس هیئت‌مدیره هیئت‌رئیسه هیئت‌امنا رئیس‌کل امام‌جمعه ائمه‌جمعه
        حجت‌الاسلام‌والمسلمین ریاست‌جمهوری معظم‌له مشارالیه عالی‌رتبه صاحب‌نظر صاحب‌نظران
    """,
    "ceremony": """
        کلنگ‌زنی کلنگ‌زنی‌شده بهره‌برداری‌شده افتتاح‌شده افتتاح‌نشده آغازشده
        سنگ‌بنا نوارچینی غبارروبی گل‌باران عطرافشانی درخت‌کاری
    """,
    "infrastructure": """
        پیاده‌راه‌سازی مناسب‌سازی عریض‌سازی دیواره‌سازی پارک‌سوار لوله‌گذاری کانال‌کشی
        خط‌کشی سنگ‌فرش کف‌پوش سایه‌بان دوربرگردان آب‌رسانی برق‌رسانی گازرسانی جمع‌آوری
        تفکیک‌شده نگه‌داری بازآفرینی روکش‌کاری زیرسازی‌شده
        ساخت‌وساز حمل‌ونقل نقل‌وانتقال رفت‌وآمد جست‌وجو گفت‌وگو پرس‌وجو شست‌وشو
    """,
    "arabic": """
        علی‌رغم فی‌مابین مع‌الوصف حتی‌الامکان علی‌الخصوص من‌جمله فی‌الفور علی‌حده
        فوق‌الذکر لازم‌الاجرا لازم‌الاتباع فارغ‌التحصیل حسب‌الامر بیت‌المال دارالقرآن
        ذی‌نفعان ذی‌ربط ذی‌صلاح ذی‌حساب الی‌آخر
    """,
}

# Place names in آباد written joined that must keep their non-joiner.
_SUPPLEMENT_PLACES_TEXT = """
نجف‌آباد علی‌آباد خرم‌آباد دولت‌آباد اسلام‌آباد حسن‌آباد محمودآباد شاهین‌شهر قاسم‌آباد
سعادت‌آباد یوسف‌آباد عباس‌آباد کاظم‌آباد حسین‌آباد معالی‌آباد
"""
SUPPLEMENT_PLACES = _SUPPLEMENT_PLACES_TEXT.split()

# Joined words hazm lists untagged that the rules would split, but that are words as they are.
_KEEP_AS_WRITTEN_TEXT = """
منهای تنها اشتها رها بها کهربا هما ماها شماها امیدآفرینی پیشتاز پیشتازان خسروبیگ
میرزا میراث میزان میدان میلیون میلیارد میانه میهن میهمان میوه میکروب مینیاتور پسماند
فیلتر منتتر میمونی تئاتر لوستر درستر بیشترین ابدالآخر ساماندهی بهسازی
"""
KEEP_AS_WRITTEN = _KEEP_AS_WRITTEN_TEXT.split()

# Words in which «به» is part of the stem and never the preposition (دستور خط فارسی writes the
# preposition apart, except in these): the repairer sets «به» apart only in words not listed
# here, alone or with an ending (بهاران، بهترین، بهره‌ها), and not known as words of their own.
_BE_STEMS_TEXT = """
بهتر بهره بهار بهداشت بهداری بهشت بها بهانه بهمن بهبود بهینه بهزیستی بهسازی بهرام بهزاد
بهروز بهنام بهراد بهنود بهادر بهاء بهائی بهت بهجت بهین بهنجار بهنگام بهگزین بهی بهل بهرو
بهارستان بهبهان بهشهر بهشتی بهمنشیر بهادری بهسزا بهناز بهنوش بهروزی بهکیش بهپور بهزادی
بهنیا بهمنش بهفر بهنیه بهامین بهاروند بهبد بهتا بهداور بهدخت بهدین بهدیس بهرمان بهروزه
بهزان بهسود بهسودان بهمرد بهرج بهرستاق بهرمه بهرون بهلق بهمانی بهمتان بهستون بهترک
"""
BE_STEMS = _BE_STEMS_TEXT.split()

# Joined words to repair though the corpus list keeps them (tagged) as they are.
FORCE_REPAIR = {"آنها": "آن‌ها", "اینها": "این‌ها"}

UNITS = ["یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
TENS = ["بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
HUNDREDS = ["صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]


def ordinal_stem(unit: str) -> str:
    """Return the ordinal of a unit word without ین (یکم، دوم، سوم، نهم)."""
    if unit == "سه":
        return "سوم"
    if unit.endswith("ی"):
        return unit + ZWNJ + "ام"
    return unit + "م"


def compound_numbers() -> list[str]:
    """Spell 21..999 the way ordinal_word does (سی‌ویک، سی‌ویکم، سی‌ویکمین، صدوسی‌ویکمین)."""
    forms: list[str] = []

    def join(*parts: str) -> str:
        text = parts[0]
        for part in parts[1:]:
            text = text + (ZWNJ if text[-1] in JOINING else "") + "و" + part
        return text

    pairs = [(tens, unit) for tens in TENS for unit in UNITS]
    for tens, unit in pairs:
        forms.append(join(tens, unit))
        forms.append(join(tens, ordinal_stem(unit)))
        forms.append(join(tens, ordinal_stem(unit)) + "ین")
    for hundred in HUNDREDS:
        for tail in UNITS + TENS:
            forms.append(join(hundred, ordinal_stem(tail)) + "ین")
        for tens, unit in pairs:
            forms.append(join(hundred, tens, ordinal_stem(unit)) + "ین")
    return [form for form in forms if ZWNJ in form]


def clean(word: str) -> str | None:
    """Fold a hazm entry to the published spelling; None when it is not a plain Persian word."""
    word = fold_publish(word).replace("\u064b", "").replace("\u0654", "")
    word = word.replace("\u200d", "")
    pieces = [piece for piece in word.split(ZWNJ) if piece]
    if not pieces or any(c not in LETTERS for piece in pieces for c in piece):
        return None
    text = pieces[0]
    for piece in pieces[1:]:
        text = text + (ZWNJ if text[-1] in JOINING else "") + piece
    return text


def fetch_wheel(into: Path) -> Path:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    subprocess.run([*command, "-d", str(into), f"hazm=={HAZM_VERSION}"], check=True)
    return next(into.glob("hazm-*.whl"))


def read_wheel(wheel: Path) -> tuple[str, str, str]:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        licence_name = next(n for n in names if n.endswith(".dist-info/LICENSE"))
        return (
            archive.read("hazm/data/words.dat").decode("utf-8"),
            archive.read("hazm/data/verbs.dat").decode("utf-8"),
            archive.read(licence_name).decode("utf-8"),
        )


def build(words_dat: str, verbs_dat: str) -> Lexicon:
    counts: dict[str, int] = {}
    tagged: set[str] = set()
    adjectives: set[str] = set()
    for line in words_dat.splitlines():
        fields = line.split("\t")
        word = clean(fields[0])
        if word is None or len(word) < 2:
            continue
        count = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 0
        counts[word] = max(counts.get(word, 0), count)
        if len(fields) > 2 and fields[2] not in ("", "0"):
            tagged.add(word)
            if "AJ" in fields[2].split(","):
                adjectives.add(word)

    compounds: dict[str, str] = {}
    for word, count in sorted(counts.items()):
        if ZWNJ not in word:
            continue
        key = word.replace(ZWNJ, "")
        rival = compounds.get(key)
        if rival is None or counts[rival] < count:
            compounds[key] = word

    keep: set[str] = set()
    plain: set[str] = set()
    for word, count in counts.items():
        if ZWNJ in word:
            continue
        plain.add(word)
        twin = compounds.get(word)
        if word in tagged:
            if twin is not None and counts[twin] >= DOMINANCE * max(count, 1):
                continue
            keep.add(word)
            compounds.pop(word, None)

    genre = [form for text in GENRE_COMPOUNDS.values() for form in text.split()]
    for form in SUPPLEMENT_COMPOUNDS + genre + SUPPLEMENT_PLACES + compound_numbers():
        key = form.replace(ZWNJ, "")
        if ZWNJ in form:
            compounds[key] = form
            keep.discard(key)
        else:
            keep.add(key)
        plain.discard(key)
    for word in KEEP_AS_WRITTEN:
        keep.add(word)
        compounds.pop(word, None)
    for word, form in FORCE_REPAIR.items():
        keep.discard(word)
        plain.discard(word)
        compounds[word] = form

    rank = {w: int(math.log10(c)) for w, c in counts.items() if c >= 10 and ZWNJ not in w}
    present: set[str] = set()
    past: set[str] = set()
    for line in verbs_dat.splitlines():
        past_stem, _, present_stem = line.strip().partition("#")
        for stem, into in ((past_stem, past), (present_stem, present)):
            cleaned = clean(stem) if stem else None
            if cleaned and ZWNJ not in cleaned:
                into.add(cleaned)
    return Lexicon(
        keep=frozenset(keep),
        words=frozenset(plain - keep),
        compounds=compounds,
        rank=rank,
        adjectives=frozenset(w for w in adjectives if w in rank and ZWNJ not in w),
        present_stems=frozenset(present),
        past_stems=frozenset(past),
        be_stems=frozenset(BE_STEMS),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded hazm wheel")
    parser.add_argument("--review", type=Path, help="write every rule-made change to this TSV")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        wheel = args.wheel or fetch_wheel(Path(scratch))
        words_dat, verbs_dat, licence = read_wheel(wheel)
    lexicon = build(words_dat, verbs_dat)
    header = [
        "Jahesh Persian lexicon: which joined words take a zero-width non-joiner.",
        f"Derived from the data files of hazm {HAZM_VERSION} (MIT, see LICENSE-hazm.txt),",
        "plus vocabulary written for Jahesh. Regenerate: python scripts/build_lexicon.py",
    ]
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    (DATA_DIR / "lexicon.txt").write_text(lexicon.serialise(header), encoding="utf-8")
    notice = (
        "The word and verb lists behind lexicon.txt come from hazm "
        f"{HAZM_VERSION} (https://github.com/roshan-research/hazm), under this licence:\n\n"
    )
    (DATA_DIR / "LICENSE-hazm.txt").write_text(notice + licence, encoding="utf-8")
    print(
        f"keep {len(lexicon.keep)}, other words {len(lexicon.words)}, "
        f"compounds {len(lexicon.compounds)}, ranked {len(lexicon.rank)}, "
        f"present stems {len(lexicon.present_stems)}, past stems {len(lexicon.past_stems)}"
    )
    if args.review:
        repairer = Repairer(lexicon)
        rows = []
        for word in sorted(lexicon.words):
            fixed = repairer.repair(word)
            if fixed != word:
                rows.append(f"{word}\t{fixed}")
        args.review.write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"{len(rows)} listed words change under the rules; see {args.review}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
