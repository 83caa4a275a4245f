"""The projects spreadsheet template: its columns, their Persian headers and accepted variants.

Import and export share this one definition, so a file written by ``jahesh export projects`` reads
back with ``jahesh import projects`` unchanged.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from jahesh import persian

# Credit columns carry their unit in the header; the multiplier turns a cell into rials.
RIAL_PER_TOMAN = 10


@dataclass(frozen=True, slots=True)
class Column:
    """One template column: ``key`` is what the importer fills, ``header`` what the file shows."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    rial_multiplier: int = 0


_CREDIT_SCALES = (
    ("ریال", 1),
    ("تومان", RIAL_PER_TOMAN),
    ("هزار ریال", 1_000),
    ("هزار تومان", 1_000 * RIAL_PER_TOMAN),
    ("میلیون ریال", 1_000_000),
    ("میلیون تومان", 1_000_000 * RIAL_PER_TOMAN),
    ("میلیارد ریال", 1_000_000_000),
    ("میلیارد تومان", 1_000_000_000 * RIAL_PER_TOMAN),
)
# Other importers (leaps' past waves) read credits in the same units.
CREDIT_SCALES = _CREDIT_SCALES


def _credit_column(unit: str, multiplier: int) -> Column:
    return Column(
        key="credit",
        header=f"اعتبار ({unit})",
        aliases=(
            f"اعتبار {unit}",
            f"اعتبار به {unit}",
            f"مبلغ ({unit})",
            f"مبلغ اعتبار ({unit})",
            f"برآورد هزینه ({unit})",
            f"هزینه ({unit})",
        ),
        rial_multiplier=multiplier,
    )


CODE = Column("code", "کد پروژه", ("کد", "کد طرح", "شماره پروژه", "code"), required=True)
TITLE = Column(
    "title",
    "عنوان",
    ("عنوان پروژه", "نام پروژه", "عنوان طرح", "نام طرح", "پروژه", "title"),
    required=True,
)
DESCRIPTION = Column("description", "شرح", ("شرح پروژه", "توضیحات", "توضیح", "description"))
SECTORS = Column("sectors", "حوزه", ("حوزه‌ها", "حوزه کاری", "حوزه پروژه", "sectors", "sector"))
DISTRICT = Column("district", "منطقه", ("منطقه شهرداری", "شماره منطقه", "district"))
UNIT = Column(
    "unit", "واحد اجرایی", ("واحد", "واحد مجری", "دستگاه اجرایی", "دستگاه مجری", "مجری", "unit")
)
CONTRACTOR = Column("contractor", "پیمانکار", ("نام پیمانکار", "شرکت پیمانکار", "contractor"))
STATUS = Column("status", "وضعیت", ("وضعیت پروژه", "وضعیت طرح", "status"))
PROGRESS = Column(
    "physical_progress_pct",
    "پیشرفت فیزیکی",
    (
        "پیشرفت فیزیکی (درصد)",
        "پیشرفت فیزیکی (%)",
        "درصد پیشرفت",
        "درصد پیشرفت فیزیکی",
        "پیشرفت",
        "physical_progress_pct",
    ),
)
CREDIT_RIAL = _credit_column("ریال", 1)
CREDIT_TOMAN = _credit_column("تومان", RIAL_PER_TOMAN)
START_DATE = Column("start_date", "تاریخ شروع", ("شروع", "تاریخ آغاز", "start_date"))
END_DATE = Column(
    "planned_end_date",
    "تاریخ پایان",
    ("پایان", "تاریخ اتمام", "تاریخ خاتمه", "تاریخ پایان برنامه‌ریزی‌شده", "planned_end_date"),
)
LATITUDE = Column("latitude", "عرض جغرافیایی", ("latitude", "lat"))
LONGITUDE = Column("longitude", "طول جغرافیایی", ("longitude", "lng", "lon"))
# A bare «طول» or «عرض» could mean longitude/latitude or a length/width: not accepted.
LENGTH = Column("length_m", "طول (متر)", ("طول به متر", "طول مسیر (متر)", "length_m"))
AREA = Column(
    "area_m2", "مساحت (مترمربع)", ("مساحت", "مساحت به مترمربع", "زیربنا (مترمربع)", "area_m2")
)
HEADLINE = Column("is_headline", "شاخص", ("پروژه شاخص", "is_headline"))
CEREMONY_KIND = Column("ceremony_kind", "نوع آیین", ("آیین", "نوع مراسم", "ceremony_kind"))
READY_FROM = Column("ready_from", "آماده از", ("تاریخ آمادگی", "آماده برای آیین از", "ready_from"))
LATEST_DATE = Column("latest_date", "آخرین موعد", ("آخرین مهلت", "مهلت آیین", "latest_date"))

# The order a template file is written in.
TEMPLATE: tuple[Column, ...] = (
    CODE,
    TITLE,
    DESCRIPTION,
    SECTORS,
    DISTRICT,
    UNIT,
    CONTRACTOR,
    STATUS,
    PROGRESS,
    CREDIT_RIAL,
    START_DATE,
    END_DATE,
    LATITUDE,
    LONGITUDE,
    LENGTH,
    AREA,
    HEADLINE,
    CEREMONY_KIND,
    READY_FROM,
    LATEST_DATE,
)
CEREMONY_KEYS = frozenset({CEREMONY_KIND.key, READY_FROM.key, LATEST_DATE.key})

_ALL_COLUMNS: tuple[Column, ...] = (
    *(column for column in TEMPLATE if column.key != "credit"),
    *(_credit_column(unit, multiplier) for unit, multiplier in _CREDIT_SCALES),
)
_NOT_A_LETTER = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """Reduce a header to letters and digits, so «اعتبار(ريال)» and «اعتبار ریال» match."""
    return _NOT_A_LETTER.sub("", persian.search_key(text))


@functools.cache
def _lookup() -> dict[str, Column]:
    # Built on first use, not at import: the header keys need the Persian lexicon (about 40 MB),
    # which every process importing the forms loaded at start-up, serving an import or not.
    lookup: dict[str, Column] = {}
    for column in _ALL_COLUMNS:
        for name in (column.header, *column.aliases):
            key = header_key(name)
            if key in lookup and lookup[key] != column:
                raise RuntimeError(f"header variant {name!r} names two columns")
            lookup[key] = column
    return lookup


def column_for_header(text: str) -> Column | None:
    """Return the template column a header names, or None when it names none."""
    return _lookup().get(header_key(text))


def credit_column_for(unit: str) -> Column:
    """The credit column for ``"rial"`` or ``"toman"``."""
    return CREDIT_TOMAN if unit == "toman" else CREDIT_RIAL


def template_headers() -> list[str]:
    return [column.header for column in TEMPLATE]
