"""Server-rendered, accessible SVG charts: no JavaScript, the same numbers also given as a table.

Bars grow from the right because the page reads right to left; labels are plain SVG text, so the
browser shapes Persian letters itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jahesh import persian

BAR_HEIGHT_PX = 26
GAP_PX = 10
LABEL_WIDTH_PX = 250
VALUE_WIDTH_PX = 230
BAR_AREA_PX = 300
WIDTH_PX = LABEL_WIDTH_PX + BAR_AREA_PX + VALUE_WIDTH_PX


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    value_text: str


def bar_chart_svg(
    *, bars: list[Bar], title: str, chart_id: str, largest: int | None = None
) -> SafeString:
    """Draw horizontal bars right to left; the ``<title>``/``<desc>`` pair names the chart for
    screen readers, which are then pointed at the table that carries the same figures.

    ``largest`` is the value a full-length bar stands for (100 for percentages); by default the
    largest bar's."""
    height = max(1, len(bars)) * (BAR_HEIGHT_PX + GAP_PX) + GAP_PX
    largest = largest or max((bar.value for bar in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH_PX} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" direction="rtl">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape("همین ارقام در جدول زیر نمودار آمده است.")}</desc>',
    ]
    for index, bar in enumerate(bars):
        top = GAP_PX + index * (BAR_HEIGHT_PX + GAP_PX)
        length = round(BAR_AREA_PX * bar.value / largest)
        bar_right = WIDTH_PX - LABEL_WIDTH_PX
        middle = top + BAR_HEIGHT_PX / 2
        parts.append(
            f'<text x="{WIDTH_PX - 4}" y="{middle}" class="chart-label" '
            f'text-anchor="start" dominant-baseline="middle">{escape(bar.label)}</text>'
        )
        if length:
            parts.append(
                f'<rect x="{bar_right - length}" y="{top}" width="{length}" '
                f'height="{BAR_HEIGHT_PX}" rx="3" class="chart-bar"></rect>'
            )
        parts.append(
            f'<text x="{bar_right - length - 6}" y="{middle}" class="chart-value" '
            f'text-anchor="start" dominant-baseline="middle">{escape(bar.value_text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def credit_bars(rows: list[tuple[str, int]], *, unit: str) -> list[Bar]:
    """Turn (label, credit in rials) rows into bars labelled in the press style."""
    return [
        Bar(label=label, value=rial, value_text=persian.credit_phrase(rial, unit))
        for label, rial in rows
    ]
