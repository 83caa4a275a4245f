"""The per-wave balance of sectors or districts as a small stacked-bar SVG, drawn on the server.

Right-to-left: each bar starts at the right edge, the wave's label sits to its right, and the
browser shapes the Persian text. Colours repeat after twelve categories; the legend tells them
apart and every segment carries a <title> with its count for screen readers and tooltips.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from jahesh import persian

PALETTE = (
    "#1b7f79",
    "#e07a1f",
    "#4062bb",
    "#c0392b",
    "#7d5ba6",
    "#2e8b57",
    "#b8860b",
    "#d35d90",
    "#5d6d7e",
    "#16a3c4",
    "#8e6c3a",
    "#95a838",
)


def stacked_bars_svg(
    *,
    title: str,
    rows: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    width: int = 760,
    bar_height: int = 18,
    label_width: int = 110,
) -> str:
    """Return an SVG with one 100 % bar per row; ``rows`` is [(label, [(category, count)…])]."""
    categories: list[str] = []
    for _label, parts in rows:
        for category, _count in parts:
            if category not in categories:
                categories.append(category)
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}
    gap = 8
    bars_top = 28
    bar_space = width - label_width - 10
    legend_top = bars_top + len(rows) * (bar_height + gap) + 6
    columns = 3
    legend_rows = (len(categories) + columns - 1) // columns
    height = legend_top + legend_rows * 20 + 8
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'direction="rtl" font-family="Vazirmatn, Tahoma, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="{width - 4}" y="16" text-anchor="start" font-weight="bold">'
        f"{escape(title)}</text>",
    ]
    for index, (label, parts) in enumerate(rows):
        y = bars_top + index * (bar_height + gap)
        total = sum(count for _c, count in parts)
        out.append(
            f'<text x="{width - 4}" y="{y + bar_height - 5}" text-anchor="start">'
            f"{escape(label)}</text>"
        )
        right = float(width - label_width)
        if total == 0:
            out.append(
                f'<rect x="{right - bar_space}" y="{y}" width="{bar_space}" '
                f'height="{bar_height}" fill="#eee"><title>بدون آیین</title></rect>'
            )
            continue
        # Every bar stacks the categories in one order, so a colour sits in the same place.
        for category, count in sorted(parts, key=lambda part: categories.index(part[0])):
            segment = bar_space * count / total
            right -= segment
            share = round(100 * count / total)
            tip = persian.to_persian_digits(f"{category}: {count} آیین ({share}٪)")
            out.append(
                f'<rect x="{right:.1f}" y="{y}" width="{segment:.1f}" height="{bar_height}" '
                f'fill="{colour[category]}"><title>{escape(tip)}</title></rect>'
            )
    for index, category in enumerate(categories):
        column, line = index % columns, index // columns
        x = width - 4 - column * (width // columns)
        y = legend_top + line * 20
        out.append(
            f'<rect x="{x - 12}" y="{y}" width="12" height="12" fill="{colour[category]}"/>'
            f'<text x="{x - 16}" y="{y + 11}" text-anchor="start">{escape(category)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
