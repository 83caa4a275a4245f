"""What a city's open data holds: every dataset, its files and its fields, in one place.

The catalogue page, its DCAT description in JSON-LD, the data dictionary and the bulk ZIP are all
written from these descriptions, and the CSV writers take their columns from them, so a column
cannot be written without being described (tests/opendata/test_bulk.py checks the headers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"
OC4IDS_SCHEMA_URL = "https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-package-schema.json"
GEOJSON_SPEC_URL = "https://www.rfc-editor.org/rfc/rfc7946"
CSV_SPEC_URL = "https://www.rfc-editor.org/rfc/rfc4180"
# The EU vocabulary DCAT-AP names for how often a dataset changes: every file is built again
# after each public change of the city (see downloads), so it is continuous.
FREQUENCY_URL = "http://publications.europa.eu/resource/authority/frequency/CONT"
FREQUENCY_LABEL = "پیوسته: با هر تغییر در داده‌های منتشرشده، همان دم"
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"

TYPE_LABELS = {
    "text": "متن",
    "integer": "عدد صحیح",
    "decimal": "عدد اعشاری",
    "boolean": "۰ یا ۱",
    "date": "تاریخ",
    "datetime": "زمان",
    "url": "نشانی وب",
    "code": "کد",
}
GREGORIAN_DATE = "میلادی، ISO 8601 (سال-ماه-روز)"
GREGORIAN_TIME = "میلادی، ISO 8601 به وقت جهانی (UTC)"


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a CSV (or key of a JSON record): its name, what it holds in Persian, its
    type, and its unit or calendar where it has one."""

    name: str
    description: str
    kind: str
    unit: str = ""

    @property
    def kind_label(self) -> str:
        return TYPE_LABELS[self.kind]


@dataclass(frozen=True, slots=True)
class Distribution:
    """One file of a dataset: the URL name in ``opendata.urls``, its name inside the bulk ZIP
    (empty: not in it) and what it is."""

    url_name: str
    title: str
    media_type: str
    format_label: str
    zip_name: str = ""
    conforms_to: str = ""


@dataclass(frozen=True, slots=True)
class Dataset:
    key: str
    title: str
    description: str
    keywords: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    fields: tuple[Field, ...] = ()
    # Whether ``fields`` are a CSV's columns (the data dictionary lists those).
    tabular: bool = True


PROJECT_FIELDS = (
    Field("code", "کد پروژه در شهرداری؛ نشانی پروژه در سامانه با آن ساخته می‌شود", "code"),
    Field("title", "عنوان پروژه", "text"),
    Field("status", "وضعیت پروژه به کدهای وضعیت استاندارد OC4IDS", "code"),
    Field("status_label", "وضعیت پروژه به فارسی", "text"),
    Field("physical_progress_pct", "پیشرفت فیزیکی", "integer", "درصد (۰ تا ۱۰۰)"),
    Field("credit_rial", "اعتبار پروژه", "integer", "ریال (هر تومان ده ریال است)"),
    Field("district", "نام منطقه شهرداری", "text"),
    Field("unit", "نام واحد اجرایی (معاونت یا سازمان)", "text"),
    Field("sectors", "نام حوزه‌های پروژه، جداشده با «؛ »", "text"),
    Field("start_date", "تاریخ شروع", "date", GREGORIAN_DATE),
    Field("planned_end_date", "تاریخ پایان برنامه‌ریزی‌شده", "date", GREGORIAN_DATE),
    Field("latitude", "عرض جغرافیایی نقطه پروژه", "decimal", "درجه (WGS84)"),
    Field("longitude", "طول جغرافیایی نقطه پروژه", "decimal", "درجه (WGS84)"),
    Field("is_headline", "پروژه شاخص هست (۱) یا نیست (۰)", "boolean"),
)

FACT_FIELDS = (
    Field("fact_id", "شناسه رقم؛ صفحه رقم در سامانه با آن ساخته می‌شود", "integer"),
    Field("article_code", "کد خبری که رقم در آن نوشته شد", "integer"),
    Field("article_title", "عنوان آن خبر", "text"),
    Field("article_url", "نشانی پایدار آن خبر", "url"),
    Field("published_at", "زمان انتشار خبر", "datetime", GREGORIAN_TIME),
    Field("programme", "نام برنامه‌ای که رقم درباره آن است", "text"),
    Field("wave_number", "شماره مرحله‌ای که رقم درباره آن است (خالی: کل برنامه)", "integer"),
    Field("measure", "آنچه شمرده یا جمع زده شد، به کد", "code"),
    Field("measure_label", "آنچه شمرده یا جمع زده شد، به فارسی", "text"),
    Field("printed", "واژه‌هایی که در خبر نوشته شد", "text"),
    Field(
        "exact_value",
        "مقدار دقیق در زمان نوشتن",
        "integer",
        "ریال برای جمع اعتبار؛ شمار برای دیگر سنجه‌ها",
    ),
    Field(
        "current_value",
        "مقدار امروز، از آخرین بازبینی (خالی: هنوز بازبینی نشده)",
        "integer",
        "همان یکای مقدار دقیق",
    ),
    Field("out_of_date", "رقم نوشته‌شده دیگر درست نیست (۱) یا هست (۰)", "boolean"),
    Field("rows", "شمار ردیف‌های پشت رقم که امروز عمومی است", "integer"),
    Field("rows_withheld", "شمار ردیف‌هایی که دیگر عمومی نیست و نشان داده نمی‌شود", "integer"),
    Field("fact_url", "نشانی صفحه رقم با ردیف‌هایش", "url"),
)

PROMISE_FIELDS = (
    Field("kind", "گونه وعده، به کد", "code"),
    Field("kind_label", "گونه وعده، به فارسی", "text"),
    Field("project_code", "کد پروژه", "code"),
    Field("project_title", "عنوان پروژه", "text"),
    Field("ceremony_id", "شناسه آیین", "integer"),
    Field("ceremony_kind", "نوع آیین، به کد", "code"),
    Field("programme", "نامک برنامه", "code"),
    Field("wave_number", "شماره مرحله‌ای که وعده در آن اعلام شد", "integer"),
    Field("district", "نام منطقه", "text"),
    Field("sectors", "نام حوزه‌ها، جداشده با «؛ »", "text"),
    Field("made_at", "زمان وعده (اعلام مرحله)", "datetime", "میلادی، ISO 8601 به وقت تهران"),
    Field("promised_date", "تاریخ وعده‌داده‌شده", "date", GREGORIAN_DATE),
    Field("promised_date_today", "همان تاریخ، امروز در سامانه", "date", GREGORIAN_DATE),
    Field("promised_credit_rial", "اعتبار اعلام‌شده", "integer", "ریال"),
    Field("final_credit_rial", "اعتبار در زمان انجام", "integer", "ریال"),
    Field("outcome", "سرانجام، به کد", "code"),
    Field("outcome_label", "سرانجام، به فارسی", "text"),
    Field("outcome_date", "تاریخ سرانجام", "date", GREGORIAN_DATE),
    Field("delay_days", "روزهای تأخیر یا گذشته از موعد", "integer", "روز"),
)

WAVE_FIELDS = (
    Field("programme", "نام برنامه", "text"),
    Field("programme_slug", "نامک برنامه", "code"),
    Field("number", "شماره مرحله", "integer"),
    Field("theme", "شعار مرحله", "text"),
    Field("occasion", "مناسبت", "text"),
    Field("start_date", "روز نخست", "date", GREGORIAN_DATE),
    Field("end_date", "روز پایان", "date", GREGORIAN_DATE),
    Field("status", "وضعیت مرحله، به کد", "code"),
)

DICTIONARY_FIELDS = (
    Field("file", "نام پرونده در بسته", "text"),
    Field("field", "نام ستون", "code"),
    Field("description", "شرح ستون", "text"),
    Field("type", "نوع مقدار", "text"),
    Field("unit", "یکا یا گاه‌شمار", "text"),
)

ZIP_NAME = "opendata.zip"

DATASETS = (
    Dataset(
        key="projects",
        title="پروژه‌های عمرانی",
        description=(
            "همه پروژه‌های عمومی شهرداری با وضعیت، پیشرفت، اعتبار به ریال، منطقه، حوزه‌ها، "
            "تاریخ‌ها و جای آن‌ها؛ پروژه‌های منتشرنشده هرگز در آن نیست."
        ),
        keywords=("پروژه عمرانی", "زیرساخت", "OC4IDS", "اعتبار"),
        distributions=(
            Distribution(
                "oc4ids",
                "بسته پروژه‌ها در استاندارد OC4IDS",
                "application/json",
                "JSON",
                "oc4ids.json",
                OC4IDS_SCHEMA_URL,
            ),
            Distribution("csv", "فهرست پروژه‌ها", "text/csv", "CSV", "projects.csv", CSV_SPEC_URL),
            Distribution(
                "geojson",
                "جای پروژه‌ها",
                "application/geo+json",
                "GeoJSON",
                "projects.geojson",
                GEOJSON_SPEC_URL,
            ),
            Distribution("api_projects", "API پروژه‌ها، صفحه‌بندی‌شده", "application/json", "JSON"),
        ),
        fields=PROJECT_FIELDS,
    ),
    Dataset(
        key="waves",
        title="مرحله‌های برنامه‌ها",
        description="مرحله‌های اعلام‌شده برنامه‌های شهرداری با روزها، مناسبت و شعار.",
        keywords=("مرحله", "جهش", "آیین"),
        distributions=(
            Distribution("api_waves", "مرحله‌ها", "application/json", "JSON", "waves.json"),
        ),
        fields=WAVE_FIELDS,
        tabular=False,
    ),
    Dataset(
        key="facts",
        title="رقم‌های خبرها",
        description=(
            "هر رقمی که در خبرهای منتشرشده نوشته شد: چه چیزی شمرده یا جمع زده شد، مقدار دقیق، "
            "واژه‌های نوشته‌شده و مقدار امروز. نسخه JSON ردیف‌های پشت هر رقم را هم دارد؛ "
            "ردیف پروژه‌ای که دیگر عمومی نیست فقط شمرده می‌شود."
        ),
        keywords=("رقم", "خبر", "پاسخ‌گویی"),
        distributions=(
            Distribution("facts_csv", "فهرست رقم‌ها", "text/csv", "CSV", "facts.csv", CSV_SPEC_URL),
            Distribution(
                "facts_json", "رقم‌ها با ردیف‌هایشان", "application/json", "JSON", "facts.json"
            ),
        ),
        fields=FACT_FIELDS,
    ),
    Dataset(
        key="promises",
        title="وعده‌ها و آنچه شد",
        description=(
            "آنچه هر اعلام گفت (تاریخ و اعتبار) و آنچه شد: برگزار، با تأخیر، به تعویق افتاده، "
            "لغوشده یا گذشته از موعد؛ از تاریخچه ثبت‌ها حساب می‌شود. نسخه JSON ارقام خلاصه را "
            "هم دارد. روزهای گذشته از موعد هر روز بیشتر می‌شود، پس این پرونده‌ها روزانه هم "
            "تازه می‌شوند."
        ),
        keywords=("وعده", "پاسخ‌گویی", "تأخیر"),
        distributions=(
            Distribution(
                "promises_csv", "فهرست وعده‌ها", "text/csv", "CSV", "promises.csv", CSV_SPEC_URL
            ),
            Distribution(
                "promises_json",
                "وعده‌ها با ارقام خلاصه",
                "application/json",
                "JSON",
                "promises.json",
            ),
        ),
        fields=PROMISE_FIELDS,
    ),
    Dataset(
        key="bulk",
        title="همه داده‌ها در یک بسته",
        description=(
            "همه پرونده‌های بالا، فرهنگ داده‌ها و این فهرست در یک پرونده ZIP، با چکیده SHA-256 "
            "برای وارسی درستی بارگیری."
        ),
        keywords=("بسته", "بارگیری"),
        distributions=(
            Distribution("bulk", "بسته ZIP", "application/zip", "ZIP"),
            Distribution("bulk_checksum", "چکیده SHA-256 بسته", "text/plain", "SHA-256"),
            Distribution(
                "dictionary",
                "فرهنگ داده‌ها: هر ستون هر پرونده CSV",
                "text/csv",
                "CSV",
                "data-dictionary.csv",
                CSV_SPEC_URL,
            ),
        ),
        fields=DICTIONARY_FIELDS,
    ),
)


def tabular_files() -> list[tuple[str, tuple[Field, ...]]]:
    """Each CSV the bulk ZIP holds, by its name there, with its columns."""
    return [
        (distribution.zip_name, dataset.fields)
        for dataset in DATASETS
        if dataset.tabular
        for distribution in dataset.distributions
        if distribution.media_type == "text/csv" and distribution.zip_name
    ]


def dictionary_rows() -> list[list[str]]:
    """The data dictionary: one row per column of every CSV."""
    return [
        [name, field.name, field.description, field.kind_label, field.unit]
        for name, fields in tabular_files()
        for field in fields
    ]


def dcat(
    *, city_name: str, catalogue_url: str, addresses: dict[str, str], modified: str | None
) -> dict[str, Any]:
    """The catalogue as DCAT in JSON-LD. ``addresses`` maps each distribution's URL name to its
    absolute address; ``modified`` is the last public change (ISO 8601) when known."""
    publisher = {"@type": "foaf:Agent", "foaf:name": city_name}
    datasets = []
    for dataset in DATASETS:
        entry: dict[str, Any] = {
            "@id": f"{catalogue_url}#{dataset.key}",
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.key,
            "dct:title": {"@language": "fa", "@value": f"{dataset.title} — {city_name}"},
            "dct:description": {"@language": "fa", "@value": dataset.description},
            "dcat:keyword": [{"@language": "fa", "@value": k} for k in dataset.keywords],
            "dct:publisher": publisher,
            "dct:license": {"@id": LICENCE_URL},
            "dct:language": {
                "@id": "http://publications.europa.eu/resource/authority/language/FAS"
            },
            "dct:accrualPeriodicity": {"@id": FREQUENCY_URL},
            "dcat:landingPage": {"@id": f"{catalogue_url}#{dataset.key}"},
            "dcat:distribution": [
                _distribution(distribution, addresses[distribution.url_name])
                for distribution in dataset.distributions
            ],
        }
        if modified:
            entry["dct:modified"] = {"@type": "xsd:dateTime", "@value": modified}
        datasets.append(entry)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": catalogue_url,
        "@type": "dcat:Catalog",
        "dct:title": {"@language": "fa", "@value": f"داده‌های باز {city_name}"},
        "dct:description": {
            "@language": "fa",
            "@value": f"پروژه‌های عمرانی، مرحله‌ها و رقم‌های خبرهای {city_name}",
        },
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE_URL},
        "foaf:homepage": {"@id": catalogue_url},
        "dcat:dataset": datasets,
    }


def _distribution(distribution: Distribution, address: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "@type": "dcat:Distribution",
        "dct:title": {"@language": "fa", "@value": distribution.title},
        "dcat:accessURL": {"@id": address},
        "dcat:downloadURL": {"@id": address},
        "dcat:mediaType": {"@id": IANA_MEDIA + distribution.media_type},
        "dct:format": distribution.format_label,
        "dct:license": {"@id": LICENCE_URL},
    }
    if distribution.conforms_to:
        entry["dct:conformsTo"] = {"@id": distribution.conforms_to}
    return entry
