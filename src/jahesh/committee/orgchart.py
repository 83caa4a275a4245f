"""The organisational structure as an SVG chart, drawn right to left.

The first unit of each level stands at the right, as a Persian reader starts there. Boxes are
laid out by leaf slots: each leaf takes one slot, a parent is centred over its children. The SVG
names itself (``role="img"`` with a title); the page shows the same content as a nested list for
screen readers, so the drawing never has to carry meaning alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from jahesh import persian

SLOT_W = 190
BOX_W = 170
LINE_H = 18
HEAD_H = 30
GAP_Y = 40
MAX_POST_LINES = 4
MAX_CHARS = 26


@dataclass
class OrgUnit:
    name: str
    posts: list[str] = field(default_factory=list)
    children: list[OrgUnit] = field(default_factory=list)


@dataclass
class _Placed:
    unit: OrgUnit
    x: float
    depth: int


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def _box_h(unit: OrgUnit) -> int:
    return HEAD_H + LINE_H * min(len(unit.posts), MAX_POST_LINES) + 6


def _place(
    units: Sequence[OrgUnit], depth: int, next_slot: list[int], width: int, out: list[_Placed]
) -> list[float]:
    centres = []
    for unit in units:
        if unit.children:
            child_centres = _place(unit.children, depth + 1, next_slot, width, out)
            x = (child_centres[0] + child_centres[-1]) / 2
        else:
            # Slots are handed out from the right edge leftwards.
            x = width - (next_slot[0] + 0.5) * SLOT_W
            next_slot[0] += 1
        out.append(_Placed(unit, x, depth))
        centres.append(x)
    return centres


def _leaves(units: Sequence[OrgUnit]) -> int:
    return sum(_leaves(u.children) if u.children else 1 for u in units)


def _layout(roots: Sequence[OrgUnit]) -> tuple[list[_Placed], int, int, int]:
    """Every box placed, with the drawing's width, height and the height of one level."""
    width = max(_leaves(roots), 1) * SLOT_W
    placed: list[_Placed] = []
    _place(roots, 0, [0], width, placed)
    depth_count = max((p.depth for p in placed), default=0) + 1
    level_h = max((_box_h(p.unit) for p in placed), default=HEAD_H) + GAP_Y
    return placed, width, depth_count * level_h, level_h


def _connectors(placed: list[_Placed], level_h: int) -> list[str]:
    where = {id(p.unit): p for p in placed}
    paths = []
    for p in placed:
        top = p.depth * level_h + 10
        for child in p.unit.children:
            c = where[id(child)]
            mid = top + _box_h(p.unit) + GAP_Y / 2 - 10
            paths.append(
                f'<path d="M{p.x:.1f} {top + _box_h(p.unit)} V{mid:.1f} H{c.x:.1f} '
                f'V{c.depth * level_h + 10}" fill="none" stroke="#7a6a8a"/>'
            )
    return paths


def _shown_posts(unit: OrgUnit) -> list[str]:
    shown = unit.posts[:MAX_POST_LINES]
    if len(unit.posts) > MAX_POST_LINES:
        more = persian.to_persian_digits(str(len(unit.posts) - MAX_POST_LINES + 1))
        shown = [*shown[: MAX_POST_LINES - 1], f"و {more} پست دیگر"]
    return [_clip(post) for post in shown]


def org_chart_print_html(roots: Sequence[OrgUnit], title: str, *, width_mm: float = 170) -> str:
    """The same chart for print (WeasyPrint), ``width_mm`` wide: the connectors and boxes as SVG,
    the names as HTML laid over them. WeasyPrint draws SVG text glyph by glyph, without joining
    Persian letters or ordering them right to left; HTML text it shapes like any paragraph."""
    placed, width, height, level_h = _layout(roots)
    mm = width_mm / width
    parts = [
        f'<div class="org-print" role="img" aria-label="{escape(title)}" '
        f'style="position: relative; width: {width_mm:.1f}mm; height: {height * mm:.1f}mm">',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'style="position: absolute; top: 0; right: 0; width: {width_mm:.1f}mm; '
        f'height: {height * mm:.1f}mm">',
        *_connectors(placed, level_h),
    ]
    boxes = []
    for p in placed:
        top = p.depth * level_h + 10
        parts.append(
            f'<rect x="{p.x - BOX_W / 2:.1f}" y="{top}" width="{BOX_W}" height="{_box_h(p.unit)}" '
            f'rx="6" fill="#fff" stroke="#3b2a4a"/>'
        )
        lines = "".join(f"<div>{escape(post)}</div>" for post in _shown_posts(p.unit))
        boxes.append(
            f'<div style="position: absolute; right: {(width - p.x - BOX_W / 2) * mm:.2f}mm; '
            f"top: {(top + 6) * mm:.2f}mm; width: {BOX_W * mm:.2f}mm; text-align: center; "
            f'line-height: 1.25; font-size: {11 * mm:.2f}mm">'
            f'<div style="font-weight: bold; font-size: {13 * mm:.2f}mm; '
            f'margin-bottom: {4 * mm:.2f}mm">{escape(_clip(p.unit.name))}</div>{lines}</div>'
        )
    parts.append("</svg>")
    parts.extend(boxes)
    parts.append("</div>")
    return "".join(parts)


def org_chart_svg(roots: Sequence[OrgUnit], title: str) -> str:
    """Return a standalone SVG of the tree under ``roots``."""
    placed, width, height, level_h = _layout(roots)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="org-title" direction="rtl" '
        f'font-family="Vazirmatn, Tahoma, sans-serif" font-size="13">',
        f'<title id="org-title">{escape(title)}</title>',
    ]
    parts.extend(_connectors(placed, level_h))
    for p in placed:
        top = p.depth * level_h + 10
        left = p.x - BOX_W / 2
        parts.append(
            f'<g><rect x="{left:.1f}" y="{top}" width="{BOX_W}" height="{_box_h(p.unit)}" '
            f'rx="6" fill="#fff" stroke="#3b2a4a"/>'
            f'<text x="{p.x:.1f}" y="{top + 20}" text-anchor="middle" font-weight="bold">'
            f"{escape(_clip(p.unit.name))}</text>"
        )
        for line, post in enumerate(_shown_posts(p.unit)):
            parts.append(
                f'<text x="{p.x:.1f}" y="{top + HEAD_H + 12 + line * LINE_H}" '
                f'text-anchor="middle" font-size="11">{escape(post)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)
