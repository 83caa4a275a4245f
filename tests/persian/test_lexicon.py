"""The non-joiner lexicon: its data, its rules and its lazy, thread-safe loading."""

from __future__ import annotations

import importlib.util
import threading
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from jahesh.persian import lexicon as lexicon_module
from jahesh.persian.letters import ZWNJ
from jahesh.persian.lexicon import Lexicon, Repairer, load_lexicon, repairer

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fixer() -> Repairer:
    return repairer()


@pytest.mark.parametrize(
    ("joined", "repaired"),
    [
        ("شهرداریها", "شهرداری‌ها"),
        ("میرسد", "می‌رسد"),
        ("بهرهبرداری", "بهره‌برداری"),
        ("بینالملل", "بین‌الملل"),
        ("کلانشهرها", "کلان‌شهرها"),
        ("عمومیها", "عمومی‌ها"),
        ("واژهای", "واژه‌ای"),
        ("حوزههای", "حوزه‌های"),
        ("پروژههای", "پروژه‌های"),
        ("کلنگزنی", "کلنگ‌زنی"),
        ("محرومیتزدایی", "محرومیت‌زدایی"),
        ("کلانشهر", "کلان‌شهر"),
        ("زیستمحیطی", "زیست‌محیطی"),
        ("غیرهمسطح", "غیرهم‌سطح"),
        ("آیتالله", "آیت‌الله"),
        ("نجفآباد", "نجف‌آباد"),
        ("حسنآباد", "حسن‌آباد"),
        ("خرمآبادی", "خرم‌آبادی"),
        ("فوقالعادهای", "فوق‌العاده‌ای"),
        ("میپردازد", "می‌پردازد"),
        ("نمیشود", "نمی‌شود"),
        ("برمیگردد", "برمی‌گردد"),
        ("میتوان", "می‌توان"),
        ("گفتهاند", "گفته‌اند"),
        ("مهمترین", "مهم‌ترین"),
        ("سیویکمین", "سی‌ویکمین"),
    ],
)
def test_municipal_words_written_joined_get_their_non_joiners(
    fixer: Repairer, joined: str, repaired: str
) -> None:
    assert fixer.repair(joined) == repaired


@pytest.mark.parametrize(
    "word",
    [
        "امیدآفرینی",
        "خسروبیگ",
        "جاویدی",
        "پیشتازان",
        "تیرماه",
        "میدان",
        "میزان",
        "فیلتر",
        "تنها",
        "شهرهای",
        "دستاوردهای",
        "پسماند",
        "کارها",
    ],
)
def test_correct_words_and_proper_names_survive(fixer: Repairer, word: str) -> None:
    assert fixer.repair(word) == word


@pytest.mark.parametrize(("word", "first"), [("نامهای", "نام‌های"), ("خانهای", "خانه‌ای")])
def test_a_word_with_two_readings_is_left_alone_but_both_are_known(
    fixer: Repairer, word: str, first: str
) -> None:
    assert fixer.repair(word) == word
    assert first in fixer.readings(word)
    assert len(fixer.readings(word)) == 2


def test_a_run_of_letters_longer_than_any_word_is_left_alone(fixer: Repairer) -> None:
    run = "شهرداری" * 10 + "ها"
    assert fixer.repair(run) == run


def test_a_non_joiner_is_only_added_where_it_shows(fixer: Repairer) -> None:
    # After ر the plural suffix does not join anyway: no invisible character is added.
    assert ZWNJ not in fixer.repair("کلانشهرها").split(ZWNJ, 1)[1]


def test_every_piece_of_a_repair_is_itself_final(fixer: Repairer) -> None:
    for word in ["شهرداریها", "فوقالعادهای", "کلانشهرهای", "برمیگردد"]:
        for piece in fixer.repair(word).split(ZWNJ):
            assert fixer.repair(piece) == piece


def test_the_lexicon_ships_with_its_licence_notice() -> None:
    data = resources.files("jahesh.persian").joinpath("data")
    notice = data.joinpath("LICENSE-hazm.txt").read_text(encoding="utf-8")
    assert "MIT" in notice
    assert "Permission is hereby granted" in notice
    assert "hazm" in data.joinpath("lexicon.txt").read_text(encoding="utf-8").splitlines()[1]


def test_the_data_file_round_trips_through_parse_and_serialise() -> None:
    lexicon = Lexicon(
        keep=frozenset({"تنها"}),
        words=frozenset({"شهرداری"}),
        compounds={"بینالملل": "بین‌الملل"},
        rank={"تنها": 7},
        adjectives=frozenset({"مهم"}),
        present_stems=frozenset({"رس"}),
        past_stems=frozenset({"رسید"}),
    )
    again = Lexicon.parse(lexicon.serialise(["header"]))
    assert again == lexicon
    assert Repairer(again).repair("شهرداریها") == "شهرداری‌ها"
    assert Repairer(again).repair("میرسد") == "می‌رسد"


def test_the_lexicon_is_loaded_once_even_when_many_threads_ask_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []
    real_load = lexicon_module.load_lexicon

    def counting_load() -> Lexicon:
        calls.append(threading.get_ident())
        return real_load()

    monkeypatch.setattr(lexicon_module, "_REPAIRER", None)
    monkeypatch.setattr(lexicon_module, "load_lexicon", counting_load)
    barrier = threading.Barrier(8)
    seen: list[Repairer] = []

    def ask() -> None:
        barrier.wait()
        seen.append(lexicon_module.repairer())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(seen) == 8
    assert all(item is seen[0] for item in seen)


def test_loading_the_lexicon_from_disk_gives_the_municipal_vocabulary() -> None:
    lexicon = load_lexicon()
    assert lexicon.compounds["کلنگزنی"] == "کلنگ‌زنی"
    assert "میدان" in lexicon.keep
    assert lexicon.present_stems
    assert lexicon.past_stems


def _build_script() -> ModuleType:
    path = REPO_ROOT / "scripts" / "build_lexicon.py"
    spec = importlib.util.spec_from_file_location("build_lexicon", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_script_derives_keep_compounds_and_stems_from_hazm_style_data() -> None:
    build = _build_script()
    words_dat = "\n".join(
        [
            "همزمان\t1176\tN,AJ",
            "هم‌زمان\t2830176\tN,AJ,ADV",
            "خوشحال\t1270351\tAJ",
            "خوش‌حال\t2529749\tAJ",
            "سالها\t0\t0",
            "سال‌ها\t0\t0",
            "شيراز\t500\tN",
            "بُزُرگ\t5000\tAJ",
            "abc\t5\tN",
        ]
    )
    lexicon = build.build(words_dat, "رسید#رس\n#هست\n")
    # A joined spelling seen far less often than its twin is repaired; a close race is not.
    assert lexicon.compounds["همزمان"] == "هم‌زمان"
    assert "خوشحال" in lexicon.keep
    assert "خوشحال" not in lexicon.compounds
    assert lexicon.compounds["سالها"] == "سال‌ها"
    assert "شیراز" in lexicon.keep
    assert "abc" not in lexicon.keep | lexicon.words
    assert "بزرگ" in lexicon.adjectives
    assert lexicon.present_stems == {"رس", "هست"}
    assert lexicon.past_stems == {"رسید"}
    assert lexicon.compounds["کلنگزنی"] == "کلنگ‌زنی"


def test_the_build_script_spells_compound_ordinals_like_ordinal_word() -> None:
    from jahesh.persian import ordinal_word

    forms = set(_build_script().compound_numbers())
    for n in (21, 31, 58, 121, 345, 961):
        assert ordinal_word(n) in forms
    # Where no letter joins the «و», nothing needs repairing and nothing is listed.
    assert ordinal_word(99) == "نودونهمین"
    assert ordinal_word(99) not in forms
