"""Figures typed by hand: read from Persian text and compared with the wave's data."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from jahesh import persian
from jahesh.newsroom import selectors, services
from jahesh.newsroom.composition import count_of, number
from jahesh.newsroom.composition.reading import CREDIT, PROJECTS, WAVES, read_figures


def only(text: str, **kwargs: str):
    found = read_figures(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("۶۶ پروژه", 66),
        ("66 پروژه", 66),
        ("بیست و یک پروژه", 21),
        ("سی‌وپنج آیین", 35),
        ("صدوپنج پروژه", 105),
        ("۱٬۲۰۴ پروژه", 1204),
    ],
)
def test_a_count_is_read_in_any_digits_or_in_words(text: str, value: int) -> None:
    figure = only(text)

    assert figure.what == PROJECTS
    assert (figure.low, figure.high) == (value, value)


def test_a_range_is_read_as_both_ends() -> None:
    figure = only("۱۰ تا ۱۲ پروژه")

    assert (figure.low, figure.high) == (10, 12)


@pytest.mark.parametrize(
    ("text", "rial"),
    [
        ("۳۴۵ میلیارد تومان", 3_450_000_000_000),
        ("۱۲ هزار میلیارد تومان", 120_000_000_000_000),
        ("۱۳ هزار و ۴۱۰ میلیارد تومان", 134_100_000_000_000),
        ("هزار و ۸۱۰ میلیارد تومان", 18_100_000_000_000),
        ("۲ میلیارد و ۵۰۰ میلیون تومان", 25_000_000_000),
        ("13,410 میلیارد ریال", 13_410_000_000_000),
    ],
)
def test_a_credit_is_read_with_its_scales_and_unit(text: str, rial: int) -> None:
    figure = only(text)

    assert figure.what == CREDIT
    assert figure.admits(rial)
    assert not figure.admits(rial * 2)


def test_bounds_words_make_a_lower_bound_or_an_approximation() -> None:
    above = only("بالغ‌بر ۱۲ هزار میلیارد تومان")
    about = only("حدود ۳۴۵ میلیارد تومان")

    assert above.high is None
    assert above.admits(130_000_000_000_000)
    assert not above.admits(100_000_000_000_000)
    assert about.admits(3_600_000_000_000)
    assert not about.admits(5_000_000_000_000)


def test_the_programme_s_own_wave_noun_is_read() -> None:
    assert only("تاکنون ۹ خوان", wave_noun="خوان").what == WAVES
    assert only("هفته ۱۹۶ پویش", wave_noun="پویش").what == WAVES


@given(st.text(max_size=300))
def test_reading_any_text_never_fails(text: str) -> None:
    for figure in read_figures(text, wave_noun="مرحله"):
        assert figure.low >= 0


@given(st.integers(min_value=1, max_value=10**6))
def test_a_count_written_by_the_composer_is_read_back(n: int) -> None:
    figure = only(f"افتتاح {count_of(n, 'پروژه')} در شهر")

    assert (figure.low, figure.high) == (n, n)


@given(st.integers(min_value=1_000_000_000, max_value=10**16))
def test_a_credit_written_by_the_composer_is_read_back(rial: int) -> None:
    figure = only(f"به ارزش {persian.credit_phrase(rial, 'toman')}")

    assert figure.admits(rial), (persian.credit_phrase(rial, "toman"), figure)


def test_a_hand_typed_figure_the_data_do_not_bear_out_is_named(wave_scene, staff) -> None:
    article = services.article_create(
        by=staff.editor,
        municipality=wave_scene.city,
        kind="news",
        title="افتتاح ۵ پروژه",
        body=f"به ارزش بالغ‌بر ۹۰۰ میلیارد تومان در {number(2)} منطقه و ۴ پروژه دیگر.",
        waves=[wave_scene.wave],
    )

    warnings = selectors.hand_figure_warnings(article=article)

    assert len(warnings) == 2
    on_count = next(w for w in warnings if "«۵ پروژه»" in w)
    assert "۴ پروژه دارد" in on_count
    on_credit = next(w for w in warnings if "«بالغ بر ۹۰۰ میلیارد تومان»" in w)
    assert "۳۴۵ میلیارد تومان است" in on_credit


def test_figures_that_agree_with_the_data_give_no_warning(wave_scene, staff) -> None:
    article = services.article_create(
        by=staff.editor,
        municipality=wave_scene.city,
        kind="news",
        title="چهار پروژه با اعتبار بالغ بر ۳۰۰ میلیارد تومان در مرحله ۹",
        lead="افتتاح ۲ پروژه، یک پروژه به ارزش حدود ۳۲۰ میلیارد تومان",
        waves=[wave_scene.wave],
    )

    assert selectors.hand_figure_warnings(article=article) == []


def test_the_editor_sees_the_warning_on_the_article_page(client, wave_scene, staff) -> None:
    article = services.article_create(
        by=staff.editor,
        municipality=wave_scene.city,
        kind="news",
        title="افتتاح ۷ پروژه",
        waves=[wave_scene.wave],
    )
    client.force_login(staff.editor)

    page = client.get(reverse("newsroom:article", args=["city-a", article.code])).content.decode()

    assert "رقم ناهمخوان" in page
    assert "«۷ پروژه» در متن با داده‌ها نمی‌خواند" in page
