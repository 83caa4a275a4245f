"""The adoption map: member cities placed by longitude and latitude on a plain SVG, each dot
coloured by where the city stands in adopting an approved draft. No tiles and no script: the
public page shows the same facts as a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Iran's bounding box, with a margin, in degrees.
WEST, EAST, SOUTH, NORTH = 43.5, 63.8, 24.8, 40.0
WIDTH, HEIGHT = 400, 300
COLOURS = {"adopted": "#2e7d32", "in_progress": "#f9a825", "not_started": "#9e9e9e"}


@dataclass(frozen=True, slots=True)
class CityDot:
    name: str
    latitude: float
    longitude: float
    status: str
    label: str


def adoption_map_svg(dots: Sequence[CityDot], title: str) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="adoption-title" font-family="Vazirmatn, Tahoma, sans-serif">',
        f'<title id="adoption-title">{escape(title)}</title>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f4f1ea" stroke="#ccc"/>',
    ]
    for dot in dots:
        x = (dot.longitude - WEST) / (EAST - WEST) * WIDTH
        y = (NORTH - dot.latitude) / (NORTH - SOUTH) * HEIGHT
        colour = COLOURS.get(dot.status, COLOURS["not_started"])
        parts.append(
            f'<g><circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}" stroke="#333">'
            f"<title>{escape(dot.name)}: {escape(dot.label)}</title></circle>"
            f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" font-size="10">'
            f"{escape(dot.name)}</text></g>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
