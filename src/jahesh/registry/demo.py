"""Illustrative demo cities, built through the services so they stay valid as the models change.

Every name, figure and person here is made up for demonstration; the cities are marked
``is_illustrative`` and say «نمونه نمایشی» in their names. The data are generated from a fixed seed,
so two builds on two machines give the same rows.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from jahesh import persian
from jahesh.registry import services
from jahesh.registry.demo_timelines import build_demo_timelines
from jahesh.registry.models import (
    CeremonyKind,
    District,
    Municipality,
    Official,
    OfficialKind,
    Project,
    ProjectStatus,
    Readiness,
    Role,
    Sector,
    SectorCode,
    Unit,
    UnitKind,
)

DEMO_SLUG = "shiraz-demo"
SECOND_DEMO_SLUG = "isfahan-demo"
# Printed by `jahesh demo` on purpose: these logins exist only in the illustrative data.
DEMO_PASSWORD = "demo-only-1402"
DEMO_USERS: list[tuple[str, str]] = [(role.value, role.label) for role in Role]

RIAL_PER_BILLION_TOMAN = 10 * 10**9


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def _jalali(year: int, month: int, day: int) -> dt.date:
    return persian.jalali_to_gregorian(year, month, day)


# Ceremonies are ready from about seven months before the day the demo is built to about six
# months after it, the span over which the leaps demo lays its waves out.
READY_BEFORE_DAYS = 210
READY_AFTER_DAYS = 180


def ready_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day a demo ceremony can be ready on, for a demo built on ``today``."""
    return (
        today - dt.timedelta(days=READY_BEFORE_DAYS),
        today + dt.timedelta(days=READY_AFTER_DAYS),
    )


@dataclass(frozen=True, slots=True)
class Template:
    """One kind of project: title pattern, sector, unit, credit range (billion tomans)."""

    title: str
    sector: str
    unit: str  # unit code; "district" means the district's own municipality office
    credit_bn: tuple[float, float]
    shape: str = "point"  # point, line (length_m), area (area_m2)
    weight: int = 1


SECTORS: tuple[tuple[str, str, str], ...] = (
    ("roads", "راه، تقاطع و پل", SectorCode.TRANSPORT_ROAD),
    ("transit", "حمل‌ونقل عمومی", SectorCode.TRANSPORT_URBAN),
    ("walking", "پیاده‌راه و دوچرخه", SectorCode.TRANSPORT_LOW_CARBON),
    ("parks", "بوستان و فضای سبز", SectorCode.CULTURE_SPORTS_AND_RECREATION),
    ("sports", "ورزش", SectorCode.CULTURE_SPORTS_AND_RECREATION),
    ("culture", "فرهنگ و هنر", SectorCode.CULTURE_SPORTS_AND_RECREATION),
    ("fire", "آتش‌نشانی و ایمنی", SectorCode.GOVERNANCE),
    ("relief", "محرومیت‌زدایی و بازآفرینی محله‌ها", SectorCode.SOCIAL_HOUSING),
    ("buildings", "ساختمان‌های خدمات شهری", SectorCode.GOVERNANCE),
    ("flood", "هدایت آب‌های سطحی", SectorCode.NATURAL_RESOURCES_FLOOD_PROTECTION),
    ("waste", "پسماند و بازیافت", SectorCode.WATER_AND_WASTE),
)

UNITS: tuple[tuple[str, str, str], ...] = (
    ("FANI", "معاونت فنی و عمرانی", UnitKind.DEPUTY),
    ("TRAFFIC", "معاونت حمل‌ونقل و ترافیک", UnitKind.DEPUTY),
    ("SERVICES", "معاونت خدمات شهری", UnitKind.DEPUTY),
    ("URBAN", "معاونت شهرسازی و معماری", UnitKind.DEPUTY),
    ("PARKS", "سازمان پارک‌ها و فضای سبز", UnitKind.ORGANISATION),
    ("CULTURE", "سازمان فرهنگی، اجتماعی و ورزشی", UnitKind.ORGANISATION),
    ("FIRE", "سازمان آتش‌نشانی و خدمات ایمنی", UnitKind.ORGANISATION),
    ("METRO", "سازمان قطار شهری", UnitKind.ORGANISATION),
    ("BUS", "سازمان اتوبوسرانی و حمل‌ونقل عمومی", UnitKind.ORGANISATION),
    ("RENEW", "سازمان نوسازی و بهسازی", UnitKind.ORGANISATION),
    ("WASTE", "سازمان مدیریت پسماند", UnitKind.ORGANISATION),
)

TEMPLATES: tuple[Template, ...] = (
    Template("تقاطع غیرهم‌سطح {street}", "roads", "FANI", (150, 950), "line", 4),
    Template("تعریض و بهسازی {street}", "roads", "FANI", (20, 140), "line", 5),
    Template("ادامه {street} تا کمربندی", "roads", "FANI", (80, 420), "line", 2),
    Template("پل {tree} روی رودخانه خشک", "roads", "FANI", (40, 260), "line", 2),
    Template("زیرگذر {street}", "roads", "FANI", (60, 320), "line", 2),
    Template("روکش آسفالت معابر محله {hood}", "roads", "district", (4, 35), "area", 4),
    Template("ایستگاه {street} قطار شهری", "transit", "METRO", (180, 780), "point", 2),
    Template("پایانه اتوبوسرانی {tree}", "transit", "BUS", (30, 160), "area", 2),
    Template("خط ویژه اتوبوس {street}", "transit", "BUS", (40, 210), "line", 2),
    Template("ورود {count} دستگاه اتوبوس نو به ناوگان", "transit", "BUS", (120, 480), "none", 1),
    Template("پیاده‌راه {street}", "walking", "TRAFFIC", (10, 70), "line", 2),
    Template("مسیر دوچرخه {street}", "walking", "TRAFFIC", (3, 22), "line", 2),
    Template("بوستان محله‌ای {flower}", "parks", "PARKS", (5, 45), "area", 6),
    Template("بوستان {poet}", "parks", "PARKS", (25, 160), "area", 2),
    Template("کمربند سبز {tree}", "parks", "PARKS", (10, 70), "area", 2),
    Template("بهسازی بوستان {flower}", "parks", "PARKS", (3, 20), "area", 3),
    Template("سالن ورزشی چندمنظوره محله {hood}", "sports", "CULTURE", (15, 85), "area", 5),
    Template("زمین چمن مصنوعی محله {hood}", "sports", "CULTURE", (2, 12), "area", 4),
    Template("استخر سرپوشیده {flower}", "sports", "CULTURE", (40, 160), "area", 1),
    Template("فرهنگسرای {poet}", "culture", "CULTURE", (20, 130), "area", 2),
    Template("کتابخانه محله {hood}", "culture", "CULTURE", (5, 30), "area", 3),
    Template("خانه فرهنگ محله {hood}", "culture", "CULTURE", (5, 25), "area", 2),
    Template("ایستگاه آتش‌نشانی شماره {station}", "fire", "FIRE", (15, 65), "area", 4),
    Template("سرای محله {hood}", "relief", "district", (3, 15), "area", 5),
    Template("بازآفرینی محله {hood}", "relief", "RENEW", (10, 85), "area", 3),
    Template("بهسازی و روشنایی معابر محله {hood}", "relief", "district", (2, 14), "line", 3),
    Template("مرمت گذر تاریخی {tree}", "relief", "RENEW", (5, 60), "line", 2),
    Template("ساختمان خدمات شهری محله {hood}", "buildings", "district", (8, 40), "area", 2),
    Template("کانال هدایت آب‌های سطحی {street}", "flood", "FANI", (10, 110), "line", 3),
    Template("ایستگاه بازیافت محله {hood}", "waste", "WASTE", (3, 20), "area", 3),
)

STREETS = (
    "بلوار حافظ",
    "بلوار سعدی",
    "بلوار خواجو",
    "بلوار وحشی",
    "بلوار عرفی",
    "بلوار اهلی",
    "بلوار روزبهان",
    "بلوار آزادی",
    "بلوار استقلال",
    "بلوار جمهوری",
    "بلوار بهار",
    "بلوار امید",
    "بلوار دانش",
    "بلوار فرهنگ",
    "بلوار پردیس",
    "بلوار کوهسار",
    "بلوار مهرگان",
    "بلوار سپهر",
    "خیابان نسیم",
    "خیابان آفتاب",
    "خیابان باغ‌نو",
    "خیابان سرو",
    "خیابان ستاره",
    "خیابان شفق",
)
HOODS = (
    "نسترن",
    "یاس",
    "لاله",
    "ارغوان",
    "سپیدار",
    "نارنج",
    "سرو",
    "بهار",
    "مهر",
    "گلستان",
    "کوهسار",
    "باغ‌نو",
    "چنار",
    "اقاقیا",
    "زیتون",
    "شقایق",
    "میخک",
    "آفتاب",
    "امید",
    "پونه",
    "بیدک",
    "صدرا",
    "پرواز",
    "مهتاب",
    "سپیده",
    "شکوفه",
    "باران",
    "آسمان",
    "رز",
    "سوسن",
)
FLOWERS = ("نسترن", "یاس", "لاله", "ارغوان", "شقایق", "میخک", "سوسن", "نیلوفر", "بنفشه", "نرگس")
TREES = ("سرو", "چنار", "نارنج", "بید", "سپیدار", "کاج", "زیتون", "انار", "اقاقیا", "افرا")
POETS = ("حافظ", "سعدی", "خواجو", "وحشی", "عرفی", "اهلی", "شیخ روزبهان", "قاآنی", "وصال", "فرصت")
CONTRACTORS = (
    "شرکت عمران پارس (نمونه)",
    "شرکت راه و ساختمان زاگرس (نمونه)",
    "شرکت فضای سبز ارم (نمونه)",
    "شرکت سازه‌گستر جنوب (نمونه)",
    "شرکت ابنیه فارس (نمونه)",
    "شرکت تأسیسات نوین (نمونه)",
)


@dataclass(frozen=True, slots=True)
class CitySpec:
    slug: str
    name: str
    city_name: str
    outlet_name: str
    code_prefix: str
    center: tuple[float, float]
    south_west: tuple[float, float]
    north_east: tuple[float, float]
    district_count: int
    project_count: int
    officials: tuple[tuple[str, str, str, int], ...]
    seed: int


SHIRAZ = CitySpec(
    slug=DEMO_SLUG,
    name="شهرداری شیراز (نمونه نمایشی)",
    city_name="شیراز",
    outlet_name="پایگاه خبری شهرداری شیراز (نمونه نمایشی)",
    code_prefix="SHZ",
    center=(29.6100, 52.5300),
    south_west=(29.55, 52.45),
    north_east=(29.68, 52.62),
    district_count=11,
    project_count=300,
    officials=(
        ("مهدی نمونه‌پور", "شهردار شیراز", OfficialKind.MAYOR, 100),
        ("زهرا آزمون‌فر", "رئیس شورای اسلامی شهر", OfficialKind.COUNCIL_CHAIR, 92),
        ("حسین نمایشی", "استاندار فارس", OfficialKind.GOVERNOR, 96),
        ("علی فرضی‌زاده", "وزیر کشور", OfficialKind.MINISTER, 99),
        ("رضا سرمشق", "نماینده مردم شیراز در مجلس", OfficialKind.MP, 80),
        ("مریم الگویی", "معاون فنی و عمرانی شهردار", OfficialKind.DEPUTY, 70),
        ("کاوه طرح‌نژاد", "معاون حمل‌ونقل و ترافیک شهردار", OfficialKind.DEPUTY, 68),
        ("سارا پیش‌نویس", "معاون خدمات شهری شهردار", OfficialKind.DEPUTY, 66),
        ("امید آزمایشی", "عضو شورای اسلامی شهر", OfficialKind.COUNCIL, 60),
    ),
    seed=1401,
)

ISFAHAN = CitySpec(
    slug=SECOND_DEMO_SLUG,
    name="شهرداری اصفهان (نمونه نمایشی)",
    city_name="اصفهان",
    outlet_name="پایگاه خبری شهرداری اصفهان (نمونه نمایشی)",
    code_prefix="ISF",
    center=(32.6540, 51.6680),
    south_west=(32.60, 51.58),
    north_east=(32.72, 51.75),
    district_count=6,
    project_count=40,
    officials=(
        ("بهرام نمونه‌زاده", "شهردار اصفهان", OfficialKind.MAYOR, 100),
        ("نرگس آزمون‌پور", "رئیس شورای اسلامی شهر", OfficialKind.COUNCIL_CHAIR, 92),
        ("جواد نمایشی‌فر", "استاندار اصفهان", OfficialKind.GOVERNOR, 96),
        ("فرهاد الگوزاده", "معاون عمران شهری شهردار", OfficialKind.DEPUTY, 70),
    ),
    seed=1402,
)

_DISTRICT_WORDS = ("یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "یازده")


def build_demo_city(*, stdout: Writer | None = None, today: dt.date | None = None) -> Municipality:
    """Build the Shiraz-like illustrative city with its demo users, once; later calls return it.

    Its ceremonies are ready around ``today`` (Tehran's today by default)."""
    return _build(SHIRAZ, stdout=stdout, with_users=True, today=today or timezone.localdate())


def build_second_demo_city(
    *, stdout: Writer | None = None, today: dt.date | None = None
) -> Municipality:
    """Build a small Isfahan-like illustrative city (for comparisons across cities), once."""
    return _build(ISFAHAN, stdout=stdout, with_users=False, today=today or timezone.localdate())


def _say(stdout: Writer | None, text: str) -> None:
    if stdout is not None:
        stdout.write(persian.to_persian_digits(text))


@transaction.atomic
def _build(
    spec: CitySpec, *, stdout: Writer | None, with_users: bool, today: dt.date
) -> Municipality:
    existing = Municipality.objects.filter(slug=spec.slug).first()
    if existing is not None:
        _say(stdout, f"  {existing.name} از پیش ساخته شده است؛ چیزی افزوده نشد.")
        return existing

    system = services.system_actor_ensure()
    rng = random.Random(spec.seed)
    city = services.municipality_create(
        by=system,
        slug=spec.slug,
        name=spec.name,
        city_name=spec.city_name,
        outlet_name=spec.outlet_name,
        center_latitude=Decimal(str(spec.center[0])),
        center_longitude=Decimal(str(spec.center[1])),
        is_illustrative=True,
    )
    districts = [
        services.district_create(
            by=system, municipality=city, number=n, name=f"منطقه {_DISTRICT_WORDS[n - 1]}"
        )
        for n in range(1, spec.district_count + 1)
    ]
    units = {
        code: services.unit_create(by=system, municipality=city, code=code, name=name, kind=kind)
        for code, name, kind in UNITS
    }
    district_units = {
        d.number: services.unit_create(
            by=system,
            municipality=city,
            code=f"D{d.number:02d}",
            name=f"شهرداری {d.name}",
            kind=UnitKind.OFFICE,
        )
        for d in districts
    }
    sectors = {
        code: services.sector_create(
            by=system, municipality=city, code=code, name=name, oc4ids_code=oc4ids
        )
        for code, name, oc4ids in SECTORS
    }
    officials = [
        services.official_create(
            by=system, municipality=city, name=name, position=position, kind=kind, rank=rank
        )
        for name, position, kind, rank in spec.officials
    ]
    _say(stdout, f"  {city.name}: {len(districts)} منطقه، {len(units) + len(districts)} واحد")

    centres = _district_centres(spec, rng)
    projects = _build_projects(
        spec,
        city,
        today=today,
        system=system,
        rng=rng,
        districts=districts,
        centres=centres,
        units=units,
        district_units=district_units,
        sectors=sectors,
    )
    ceremonies = _build_ceremonies(system, rng, projects, officials, ready_window(today))
    _say(stdout, f"  {len(projects)} پروژه و {ceremonies} آیین ساخته شد.")
    steps, reports, photos = build_demo_timelines(
        by=system, projects=projects, today=today, count=max(3, len(projects) // 50)
    )
    _say(stdout, f"  گاه‌شمار پروژه‌ها: {steps} گام، {reports} گزارش پیشرفت و {photos} عکس.")

    if with_users:
        _build_users(system, city)
    else:
        # The demo admin also runs the second city, so the back office shows switching cities.
        admin = User.objects.filter(username=Role.ADMIN.value).first()
        if admin is not None:
            services.membership_grant(by=system, user=admin, municipality=city, role=Role.ADMIN)
    return city


def _district_centres(spec: CitySpec, rng: random.Random) -> list[tuple[float, float]]:
    """Spread district centres over the city's box, keeping a margin for their projects."""
    (south, west), (north, east) = spec.south_west, spec.north_east
    margin_lat, margin_lng = (north - south) * 0.12, (east - west) * 0.12
    return [
        (
            rng.uniform(south + margin_lat, north - margin_lat),
            rng.uniform(west + margin_lng, east - margin_lng),
        )
        for _ in range(spec.district_count)
    ]


def _point_near(
    spec: CitySpec, rng: random.Random, centre: tuple[float, float]
) -> tuple[float, float]:
    (south, west), (north, east) = spec.south_west, spec.north_east
    lat = min(max(centre[0] + rng.gauss(0, 0.008), south), north)
    lng = min(max(centre[1] + rng.gauss(0, 0.009), west), east)
    return round(lat, 6), round(lng, 6)


def _title(template: Template, rng: random.Random, station: int) -> str:
    return persian.to_persian_digits(
        template.title.format(
            street=rng.choice(STREETS),
            hood=rng.choice(HOODS),
            flower=rng.choice(FLOWERS),
            tree=rng.choice(TREES),
            poet=rng.choice(POETS),
            count=rng.choice((50, 60, 80, 100, 120)),
            station=station,
        )
    )


def _build_projects(
    spec: CitySpec,
    city: Municipality,
    *,
    today: dt.date,
    system: User,
    rng: random.Random,
    districts: Sequence[District],
    centres: Sequence[tuple[float, float]],
    units: dict[str, Unit],
    district_units: dict[int, Unit],
    sectors: dict[str, Sector],
) -> list[Project]:
    weights = [t.weight for t in TEMPLATES]
    projects: list[Project] = []
    used_titles: set[str] = set()
    station = 20
    this_year = persian.jalali_year(today)
    for n in range(1, spec.project_count + 1):
        # Draw until the title is new; a template with few variants may be used up.
        while True:
            template = rng.choices(TEMPLATES, weights=weights)[0]
            if template.sector == "fire":
                station += 1
            title = _title(template, rng, station)
            if title not in used_titles:
                break
        used_titles.add(title)

        index = rng.randrange(len(districts))
        district: District | None = districts[index]
        if template.shape == "none":
            district = None
        unit = (
            district_units[districts[index].number]
            if template.unit == "district"
            else units[template.unit]
        )
        low, high = template.credit_bn
        credit_bn = round(rng.uniform(low, high), 1)
        status, progress = _status_and_progress(rng)
        start = _jalali(
            this_year - rng.choice((4, 3, 2, 1)), rng.randint(1, 12), rng.randint(1, 28)
        )
        fields: dict[str, object] = {
            "code": f"{spec.code_prefix}-{n:04d}",
            "title": title,
            "description": _description(template, title, district, credit_bn),
            "sectors": [sectors[template.sector]],
            "district": district,
            "unit": unit,
            "contractor": rng.choice(CONTRACTORS),
            "status": status,
            "physical_progress_pct": progress,
            "credit_rial": round(credit_bn * 10) * (RIAL_PER_BILLION_TOMAN // 10),
            "start_date": start,
            "planned_end_date": start + dt.timedelta(days=rng.randint(300, 1100)),
        }
        if district is not None:
            lat, lng = _point_near(spec, rng, centres[index])
            fields["latitude"], fields["longitude"] = Decimal(str(lat)), Decimal(str(lng))
            if template.shape == "line":
                length_m = rng.randint(300, 4000)
                fields["length_m"] = length_m
                fields["geometry"] = _line(rng, lat, lng, length_m)
            elif template.shape == "area":
                fields["area_m2"] = rng.randint(800, 60000)
        projects.append(services.project_create(by=system, municipality=city, **fields))

    # The most expensive twentieth are the city's headline projects.
    for project in sorted(projects, key=lambda p: p.credit_rial, reverse=True)[
        : max(3, len(projects) // 20)
    ]:
        services.project_update(by=system, project=project, is_headline=True)
    return projects


def _status_and_progress(rng: random.Random) -> tuple[str, int]:
    roll = rng.random()
    if roll < 0.30:
        return ProjectStatus.COMPLETION, 100
    if roll < 0.75:
        return ProjectStatus.IMPLEMENTATION, rng.randint(35, 98)
    if roll < 0.93:
        return ProjectStatus.PREPARATION, rng.randint(0, 5)
    return ProjectStatus.MAINTENANCE, 100


def _description(
    template: Template, title: str, district: District | None, credit_bn: float
) -> str:
    where = f"در {district.name}" if district is not None else "در سطح شهر"
    amount = persian.to_persian_digits(f"{credit_bn:g}".replace(".", "٫"))
    return (
        f"پروژه «{title}» {where} با اعتبار {amount} میلیارد تومان. "
        "این پروژه برای نمایش ساخته شده و واقعی نیست."
    )


def _line(rng: random.Random, lat: float, lng: float, length_m: int) -> dict[str, object]:
    """A straight GeoJSON line of about ``length_m`` metres through the point (lng, lat order)."""
    half_deg = length_m / 2 / 111_000
    bearing = rng.uniform(0, math.pi)
    d_lat, d_lng = half_deg * math.cos(bearing), half_deg * math.sin(bearing) * 1.15
    return {
        "type": "LineString",
        "coordinates": [
            [round(lng - d_lng, 6), round(lat - d_lat, 6)],
            [round(lng + d_lng, 6), round(lat + d_lat, 6)],
        ],
    }


def _build_ceremonies(
    system: User,
    rng: random.Random,
    projects: Sequence[Project],
    officials: Sequence[Official],
    window: tuple[dt.date, dt.date],
) -> int:
    """Give most projects one ceremony whose readiness falls inside ``window``."""
    ready_first, ready_last = window
    by_kind = {o.kind: o for o in officials}
    mayor = by_kind[OfficialKind.MAYOR]
    deputies = [o for o in officials if o.kind == OfficialKind.DEPUTY]
    seniors = [o for o in officials if o.rank >= 90 and o.kind != OfficialKind.MAYOR]
    window_days = (ready_last - ready_first).days
    count = 0
    for project in projects:
        if project.status == ProjectStatus.PREPARATION:
            kind = CeremonyKind.GROUNDBREAKING
        elif project.status == ProjectStatus.IMPLEMENTATION and project.physical_progress_pct < 80:
            continue
        else:
            kind = rng.choice((CeremonyKind.INAUGURATION, CeremonyKind.COMMISSIONING))
        ready_from = ready_first + dt.timedelta(days=rng.randint(0, window_days))
        latest = min(ready_from + dt.timedelta(days=rng.randint(20, 120)), ready_last)
        # One more point of importance for every 60 billion tomans (integer rials, no float).
        per_60_bn = project.credit_rial // (60 * RIAL_PER_BILLION_TOMAN)
        importance = min(10, 3 + per_60_bn + (3 if project.is_headline else 0))
        asked = [mayor] if importance >= 5 else [rng.choice(deputies) if deputies else mayor]
        if project.is_headline and seniors:
            asked.append(rng.choice(seniors))
        if project.status in (ProjectStatus.COMPLETION, ProjectStatus.MAINTENANCE):
            readiness = Readiness.READY
        elif kind == CeremonyKind.GROUNDBREAKING:
            readiness = rng.choice((Readiness.READY, Readiness.ALMOST))
        else:
            readiness = rng.choice((Readiness.ALMOST, Readiness.NOT_READY))
        services.ceremony_create(
            by=system,
            project=project,
            kind=kind,
            ready_from=ready_from,
            latest_date=latest,
            duration_min=rng.choice((45, 60, 60, 90)),
            venue="محل پروژه",
            importance=importance,
            readiness=readiness,
            officials_requested=asked,
        )
        count += 1
    return count


# Illustrative people behind the demo logins; bylines and history show these names.
DEMO_PEOPLE: dict[str, tuple[str, str]] = {
    "viewer": ("سارا", "محمدی"),
    "reporter": ("مریم", "کاظمی"),
    "editor": ("علی", "رضایی"),
    "planner": ("حسین", "نوری"),
    "publisher": ("زهرا", "احمدی"),
    "admin": ("مهدی", "کریمی"),
}


def _build_users(system: User, city: Municipality) -> None:
    """One user per role, named after the role, all with the demo password."""
    # One hash for all: the password is public anyway, and hashing is slow on purpose.
    password_hash = make_password(DEMO_PASSWORD)
    for username, _label in DEMO_USERS:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@demo.invalid",
                "password": password_hash,
                "first_name": DEMO_PEOPLE.get(username, ("", ""))[0],
                "last_name": DEMO_PEOPLE.get(username, ("", ""))[1],
            },
        )
        services.membership_grant(by=system, user=user, municipality=city, role=username)
