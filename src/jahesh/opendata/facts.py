"""The figures of a city's published articles as open data: a CSV of the figures and a JSON
document that also holds the rows behind each one.

Only figures of published articles are read (``selectors.published_facts``), and of a figure's
frozen rows only those whose project is public today are written; the others are counted in
``rows_withheld``, as on the public fact page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from jahesh.newsroom.models import Fact, FactMeasure
from jahesh.opendata import catalogue, selectors, tabular
from jahesh.registry.models import CeremonyKind, Municipality


def fact_fields(fact: Fact, shown: int, withheld: int, site_url: str) -> dict[str, Any]:
    """The flat fields of a figure (the CSV's row), Latin digits and ISO times like the other
    files."""
    article = fact.article
    city = article.municipality.slug
    article_path = reverse("portal:article_short", kwargs={"city": city, "code": article.code})
    fact_path = reverse("portal:fact", kwargs={"city": city, "pk": fact.pk})
    published = article.published_at
    return {
        "fact_id": fact.pk,
        "article_code": article.code,
        "article_title": article.title,
        "article_url": site_url + article_path,
        "published_at": published.isoformat().replace("+00:00", "Z") if published else "",
        "programme": fact.programme.name if fact.programme else "",
        "wave_number": fact.wave.number if fact.wave else "",
        "measure": fact.measure,
        "measure_label": FactMeasure(fact.measure).label,
        "printed": fact.printed,
        "exact_value": fact.exact_value,
        "current_value": "" if fact.current_value is None else fact.current_value,
        "out_of_date": "1" if fact.is_out_of_date else "0",
        "rows": shown,
        "rows_withheld": withheld,
        "fact_url": site_url + fact_path,
    }


def _visible_rows(fact: Fact, public_codes: dict[int, str]) -> tuple[list[dict[str, Any]], int]:
    """The rows of a figure a citizen may see, and how many are withheld."""
    if "wave" not in fact.definition:
        # A programme report's figure adds up waves, each already counted from public rows.
        waves = [
            {
                "wave": int(row["wave"]),
                "start_date": str(row["start_date"]),
                "project_count": int(row["project_count"]),
                "credit_rial": int(row["credit_rial"]),
            }
            for row in fact.rows
        ]
        return waves, 0
    shown = []
    for row in fact.rows:
        code = public_codes.get(int(row.get("project") or 0))
        if code is None:
            continue
        shown.append(
            {
                "project_code": code,
                "title": row["title"],
                "ceremony_kind": row["kind"],
                "ceremony_kind_label": CeremonyKind(row["kind"]).label,
                "district": row["district"],
                "sectors": list(row["sectors"]),
                "credit_rial": int(row["credit_rial"]),
            }
        )
    return shown, len(fact.rows) - len(shown)


def _records(city: Municipality, site_url: str) -> Iterator[tuple[dict[str, Any], list[Any]]]:
    for fact, public_codes in selectors.fact_rows(city):
        fact.article.municipality = city
        rows, withheld = _visible_rows(fact, public_codes)
        yield fact_fields(fact, len(rows), withheld, site_url), rows


def csv_lines(city: Municipality, site_url: str) -> Iterator[str]:
    """Yield the figures' CSV (BOM, header, one line per figure)."""
    return tabular.csv_text(
        catalogue.FACT_FIELDS, (fields for fields, _ in _records(city, site_url))
    )


def json_chunks(city: Municipality, site_url: str) -> Iterator[str]:
    """Yield ``{"facts": [...]}``, each figure with its visible rows under ``rows_shown``."""
    yield '{"facts":['
    first = True
    for fields, rows in _records(city, site_url):
        record = {**fields, "out_of_date": fields["out_of_date"] == "1", "rows_shown": rows}
        if record["current_value"] == "":
            record["current_value"] = None
        if record["wave_number"] == "":
            record["wave_number"] = None
        yield ("" if first else ",") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "]}"
