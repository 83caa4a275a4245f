"""The word-level Persian diff: what a reader counts as a change, and sections recognised by key."""

from __future__ import annotations

from jahesh.committee.diffing import Piece, SectionText, diff_sections, word_diff


def changed(old: str, new: str) -> list[tuple[str, str]]:
    return [(p.op, p.text) for p in word_diff(old, new) if p.op != "same"]


def test_a_word_joined_by_a_non_joiner_is_one_word() -> None:
    assert changed("روابط‌عمومی شهرداری", "روابط‌عمومی‌ها شهرداری") == [
        ("removed", "روابط‌عمومی"),
        ("added", "روابط‌عمومی‌ها"),
    ]


def test_arabic_yeh_and_kaf_and_digit_scripts_are_not_changes() -> None:
    assert changed("مديريت ارتباطات در ٢٤ ساعت", "مدیریت ارتباطات در ۲۴ ساعت") == []
    assert changed("پاسخ در 24 ساعت", "پاسخ در ۲۴ ساعت") == []
    # The newer spelling is what the reader sees.
    assert word_diff("مديريت", "مدیریت") == (Piece("same", "مدیریت"),)


def test_a_non_joiner_written_or_left_out_is_not_a_change() -> None:
    assert changed("اطلاع رسانی میشود", "اطلاع رسانی می‌شود") == []


def test_a_changed_number_is_a_change() -> None:
    assert changed("پاسخ در ۲۴ ساعت", "پاسخ در ۴۸ ساعت") == [("removed", "۲۴"), ("added", "۴۸")]


def test_words_added_and_removed_keep_reading_order() -> None:
    pieces = word_diff("تهیه گزارش ماهانه", "تهیه و انتشار گزارش هفتگی")
    assert [(p.op, p.text) for p in pieces] == [
        ("same", "تهیه"),
        ("added", "و انتشار"),
        ("same", "گزارش"),
        ("removed", "ماهانه"),
        ("added", "هفتگی"),
    ]


def test_a_renamed_section_is_one_change_not_a_delete_and_an_insert() -> None:
    old = [SectionText("s1", "اداره روابط عمومی", "متن"), SectionText("s2", "اداره رسانه", "")]
    new = [
        SectionText("s1", "اداره روابط عمومی الکترونیک", "متن"),
        SectionText("s2", "اداره رسانه", ""),
    ]
    changes = diff_sections(old, new)
    assert [(c.key, c.status, c.renamed, c.moved) for c in changes] == [
        ("s1", "changed", True, False),
        ("s2", "unchanged", False, False),
    ]


def test_a_moved_section_is_recognised_by_its_key() -> None:
    old = [SectionText("a", "الف", ""), SectionText("b", "ب", ""), SectionText("c", "ج", "")]
    new = [SectionText("c", "ج", ""), SectionText("a", "الف", ""), SectionText("b", "ب", "")]
    changes = {c.key: c for c in diff_sections(old, new)}
    assert changes["c"].moved
    assert changes["c"].status == "changed"
    assert not changes["a"].moved
    assert not changes["b"].moved


def test_a_section_moved_under_another_unit_is_moved() -> None:
    old = [SectionText("u1", "واحد ۱", ""), SectionText("p", "پست", "", parent_key="u1")]
    new = [SectionText("u1", "واحد ۱", ""), SectionText("p", "پست", "", parent_key="u2")]
    assert {c.key: c.moved for c in diff_sections(old, new)} == {"u1": False, "p": True}


def test_removed_sections_stay_where_they_were_and_added_ones_are_marked() -> None:
    old = [SectionText("a", "الف", ""), SectionText("b", "ب", "متن ب"), SectionText("c", "ج", "")]
    new = [SectionText("a", "الف", ""), SectionText("c", "ج", ""), SectionText("d", "د", "تازه")]
    changes = diff_sections(old, new)
    assert [(c.key, c.status) for c in changes] == [
        ("a", "unchanged"),
        ("b", "removed"),
        ("c", "unchanged"),
        ("d", "added"),
    ]
    assert changes[1].body == (Piece("removed", "متن ب"),)
