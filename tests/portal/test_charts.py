"""Server-rendered SVG charts: accessible, escaped, proportional."""

from __future__ import annotations

import re

from jahesh.portal import charts


def test_bars_are_proportional_and_labelled_for_screen_readers():
    svg = charts.bar_chart_svg(
        bars=[charts.Bar("حمل‌ونقل", 200, "۲۰"), charts.Bar("فرهنگ", 50, "۵")],
        title="اعتبار به تفکیک حوزه",
        chart_id="t",
    )
    widths = [int(w) for w in re.findall(r'<rect[^>]* width="(\d+)"', svg)]
    assert widths == [charts.BAR_AREA_PX, charts.BAR_AREA_PX // 4]
    assert 'role="img"' in svg
    assert 'aria-labelledby="t-title t-desc"' in svg
    assert '<title id="t-title">اعتبار به تفکیک حوزه</title>' in svg


def test_labels_are_escaped():
    svg = charts.bar_chart_svg(
        bars=[charts.Bar("<script>x</script>", 1, "&")], title="<b>", chart_id="e"
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&lt;b&gt;" in svg


def test_an_empty_or_zero_chart_draws_no_bars():
    assert "<rect" not in charts.bar_chart_svg(bars=[], title="خالی", chart_id="z")
    zero = charts.bar_chart_svg(bars=[charts.Bar("صفر", 0, "۰")], title="صفر", chart_id="z")
    assert "<rect" not in zero


def test_credit_bars_use_the_press_style():
    from jahesh import persian

    bars = charts.credit_bars([("آموزش", 25_000_000_000)], unit="toman")
    assert bars[0].value_text == persian.credit_phrase(25_000_000_000, "toman")
