"""A city's promises and their outcomes as open data: CSV and JSON downloads.

Rows come from ``leaps.selectors.promises`` (computed from history); fields are machine-friendly
as in ``tabular``: ISO dates, integer rials, Latin digits, with Persian labels beside the codes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from jahesh.core.csv_files import CsvWriter
from jahesh.leaps.selectors.promises import Promise, PromiseFigures, city_promises
from jahesh.registry.models import Municipality

CSV_COLUMNS = [
    ("kind", "گونه وعده"),
    ("kind_label", "گونه وعده (فارسی)"),
    ("project_code", "کد پروژه"),
    ("project_title", "عنوان پروژه"),
    ("ceremony_id", "شناسه آیین"),
    ("ceremony_kind", "نوع آیین"),
    ("programme", "برنامه"),
    ("wave_number", "شماره مرحله"),
    ("district", "منطقه"),
    ("sectors", "حوزه‌ها"),
    ("made_at", "زمان وعده"),
    ("promised_date", "تاریخ وعده‌داده‌شده"),
    ("promised_date_today", "همان تاریخ امروز در سامانه"),
    ("promised_credit_rial", "اعتبار اعلام‌شده (ریال)"),
    ("final_credit_rial", "اعتبار در زمان انجام (ریال)"),
    ("outcome", "سرانجام"),
    ("outcome_label", "سرانجام (فارسی)"),
    ("outcome_date", "تاریخ سرانجام"),
    ("delay_days", "روز تأخیر یا گذشته از موعد"),
]


def _iso(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def promise_fields(p: Promise) -> dict[str, Any]:
    """One promise as flat fields (the CSV's columns and the JSON's keys)."""
    return {
        "kind": p.kind,
        "kind_label": p.kind_label,
        "project_code": p.project_code,
        "project_title": p.project_title,
        "ceremony_id": p.ceremony_id,
        "ceremony_kind": p.ceremony_kind,
        "programme": p.programme_slug,
        "wave_number": p.wave_number,
        "district": p.district_name,
        "sectors": "؛ ".join(p.sectors),
        "made_at": _iso(timezone.localtime(p.made_at)),
        "promised_date": _iso(p.promised_date),
        "promised_date_today": _iso(p.promised_date_today),
        "promised_credit_rial": p.promised_credit_rial,
        "final_credit_rial": p.final_credit_rial,
        "outcome": p.outcome,
        "outcome_label": p.outcome_label,
        "outcome_date": _iso(p.outcome_date),
        "delay_days": p.delay_days,
    }


def figures_fields(f: PromiseFigures) -> dict[str, Any]:
    return {
        "label": f.label,
        "total": f.total,
        "due": f.due,
        "on_time": f.on_time,
        "late": f.late,
        "overdue": f.overdue,
        "postponed": f.postponed,
        "cancelled": f.cancelled,
        "pending": f.pending,
        "done_undated": f.done_undated,
        "on_time_rate_pct": f.on_time_rate_pct,
        "median_delay_days": f.median_delay_days,
    }


def csv_lines(city: Municipality) -> Iterator[str]:
    """A UTF-8 BOM (Excel reads Persian then), the header, one line per promise; the Persian
    names of the columns are in docs/accountability.md."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow([name for name, _ in CSV_COLUMNS])
    yield "\ufeff" + buffer.getvalue()
    for promise in city_promises(city=city).promises:
        buffer.seek(0)
        buffer.truncate()
        fields = promise_fields(promise)
        writer.writerow(fields[name] for name, _ in CSV_COLUMNS)
        yield buffer.getvalue()


def json_document(city: Municipality) -> dict[str, Any]:
    data = city_promises(city=city)
    return {
        "municipality": city.slug,
        "as_of": data.today.isoformat(),
        "figures": {
            "overall": figures_fields(data.overall),
            "by_kind": [figures_fields(f) for f in data.by_kind],
            "by_programme": [figures_fields(f) for f in data.by_programme],
            "by_district": [figures_fields(f) for f in data.by_district],
            "by_sector": [figures_fields(f) for f in data.by_sector],
        },
        "promises": [promise_fields(p) for p in data.promises],
    }
