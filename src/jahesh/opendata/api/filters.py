"""The query parameters of each list, declared as schemas (so OpenAPI documents them and Ninja
refuses a wrong type with 422), and the readings Ninja cannot do: Jalali or Gregorian dates,
a bounding box, the Persian search key, ``fields=``. Those refuse bad input with 400 and a
Persian sentence naming the parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from ninja import Schema
from pydantic import Field

from jahesh import persian
from jahesh.newsroom.models import ArticleKind
from jahesh.opendata.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from jahesh.opendata.api.problems import ApiInputError
from jahesh.registry.models import CeremonyKind, ProjectStatus

MAX_ID = 2**63 - 1
MAX_TEXT = 200
MAX_QUERY_WORDS = 8
MAX_RADIUS_M = 200_000
DEFAULT_RADIUS_M = 5_000
_WORD = re.compile(r"\w+", re.UNICODE)

# Draft waves are never public, so the filter does not offer them.
WaveStatusCode = Literal["announced", "held"]
Id = Field(None, ge=1, le=MAX_ID)


class ListQuery(Schema):
    # Every list names its own orders (a Literal) and its default.
    sort: str
    cursor: str | None = Field(None, max_length=1000, description="نشانگر صفحه بعد («next_cursor»)")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="اندازه صفحه")
    fields: str | None = Field(
        None, max_length=1000, description="فهرست فیلدهای خواسته، جدا با ویرگول؛ «id» همیشه هست"
    )


class CityQuery(ListQuery):
    municipality: str | None = Field(None, max_length=60, description="نامک شهرداری")


class MunicipalityQuery(ListQuery):
    sort: Literal["slug", "-slug", "name", "-name"] = "slug"


class DistrictQuery(CityQuery):
    sort: Literal["number", "-number", "name", "-name", "id", "-id"] = "number"


class SectorQuery(CityQuery):
    sort: Literal["code", "-code", "name", "-name", "id", "-id"] = "code"


class ProjectQuery(CityQuery):
    district: int | None = Id
    sector: str | None = Field(None, max_length=60, description="کد حوزه")
    status: ProjectStatus | None = None
    programme: str | None = Field(None, max_length=120, description="نامک برنامه")
    wave: int | None = Id
    start_from: str | None = Field(
        None, max_length=40, description="تاریخ شروع از (جلالی یا میلادی)"
    )
    start_to: str | None = Field(None, max_length=40)
    end_from: str | None = Field(None, max_length=40, description="پایان برنامه‌ریزی‌شده از")
    end_to: str | None = Field(None, max_length=40)
    q: str | None = Field(None, max_length=400, description="جست‌وجو در عنوان، کد و شرح")
    bbox: str | None = Field(
        None, max_length=200, description="کمینه طول، کمینه عرض، بیشینه طول، بیشینه عرض (WGS84)"
    )
    headline: bool | None = None
    near: str | None = Field(
        None, max_length=100, description="عرض و طول جغرافیایی یک نقطه (WGS84)، مانند 29.61,52.53"
    )
    radius_m: int | None = Field(
        None, ge=1, le=MAX_RADIUS_M, description="شعاع جست‌وجو گرد «near» به متر (پیش‌فرض ۵۰۰۰)"
    )
    sort: Literal[
        "code", "-code", "title", "-title", "credit_rial", "-credit_rial",
        "physical_progress_pct", "-physical_progress_pct", "updated_at", "-updated_at",
        "id", "-id", "distance", "-distance",
    ] = "code"  # fmt: skip


class CeremonyQuery(CityQuery):
    kind: CeremonyKind | None = None
    programme: str | None = Field(None, max_length=120)
    wave: int | None = Id
    district: int | None = Id
    project: int | None = Id
    day_from: str | None = Field(None, max_length=40, description="روز از (جلالی یا میلادی)")
    day_to: str | None = Field(None, max_length=40)
    sort: Literal["day", "-day", "id", "-id"] = "day"


class ProgrammeQuery(CityQuery):
    sort: Literal["name", "-name", "id", "-id"] = "name"


class WaveQuery(CityQuery):
    programme: str | None = Field(None, max_length=120)
    status: WaveStatusCode | None = None
    date_from: str | None = Field(
        None, max_length=40, description="مرحله‌هایی که تا این روز یا پس از آن‌اند"
    )
    date_to: str | None = Field(None, max_length=40)
    sort: Literal["start_date", "-start_date", "number", "-number", "id", "-id"] = "start_date"


class ArticleQuery(CityQuery):
    kind: ArticleKind | None = None
    programme: str | None = Field(None, max_length=120)
    wave: int | None = Id
    project: int | None = Id
    published_from: str | None = Field(None, max_length=40, description="منتشرشده از روز")
    published_to: str | None = Field(None, max_length=40)
    sort: Literal["published_at", "-published_at", "code", "-code", "id", "-id"] = "-published_at"


def day(name: str, raw: str | None) -> dt.date | None:
    """Read a Jalali («۱۴۰۲/۰۳/۱۵») or Gregorian (2023-06-05) day."""
    if raw is None or not raw.strip():
        return None
    try:
        return persian.parse_date(raw)
    except ValueError as error:
        raise ApiInputError(f"پارامتر «{name}»: {error}", field=name) from None


@dataclass(frozen=True, slots=True)
class Box:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


BAD_BOX = (
    "پارامتر «bbox» باید چهار عدد جدا با ویرگول باشد: کمینه طول، کمینه عرض، بیشینه طول، "
    "بیشینه عرض جغرافیایی (مانند 52.4,29.5,52.7,29.8)، با طول میان ۱۸۰- و ۱۸۰ و عرض میان ۹۰- و ۹۰."
)


def box(raw: str | None) -> Box | None:
    if raw is None or not raw.strip():
        return None
    try:
        parts = [float(part) for part in persian.to_latin_digits(raw).split(",")]
    except ValueError:
        raise ApiInputError(BAD_BOX, field="bbox") from None
    if len(parts) != 4:
        raise ApiInputError(BAD_BOX, field="bbox")
    found = Box(*parts)
    if not (
        -180 <= found.min_lon <= found.max_lon <= 180
        and -90 <= found.min_lat <= found.max_lat <= 90
    ):
        raise ApiInputError(BAD_BOX, field="bbox")
    return found


@dataclass(frozen=True, slots=True)
class Circle:
    latitude: float
    longitude: float
    radius_m: int


BAD_NEAR = (
    "پارامتر «near» باید دو عدد جدا با ویرگول باشد: عرض و طول جغرافیایی (مانند 29.61,52.53)، "
    "با عرض میان ۹۰- و ۹۰ و طول میان ۱۸۰- و ۱۸۰."
)
NO_NEAR = "ترتیب «distance» و پارامتر «radius_m» فقط همراه «near» (نقطهٔ مرکز) معنا دارند."


def circle(raw: str | None, radius_m: int | None) -> Circle | None:
    if raw is None or not raw.strip():
        if radius_m is not None:
            raise ApiInputError(NO_NEAR, field="radius_m")
        return None
    try:
        parts = [float(part) for part in persian.to_latin_digits(raw).split(",")]
    except ValueError:
        raise ApiInputError(BAD_NEAR, field="near") from None
    if len(parts) != 2 or not (-90 <= parts[0] <= 90 and -180 <= parts[1] <= 180):
        raise ApiInputError(BAD_NEAR, field="near")
    return Circle(parts[0], parts[1], radius_m or DEFAULT_RADIUS_M)


def search_words(raw: str | None) -> tuple[str, ...]:
    """Key the query as the registry keys projects (``persian.search_key``), keep word
    characters only, at most a few words."""
    if not raw:
        return ()
    key = persian.search_key(raw[: MAX_TEXT * 2])[:MAX_TEXT]
    words: list[str] = []
    for word in _WORD.findall(key):
        if word not in words:
            words.append(word)
    return tuple(words[:MAX_QUERY_WORDS])


def chosen_fields(raw: str | None, known: set[str]) -> set[str] | None:
    """The fields ``fields=`` asks for, with ``id``; None for all of them."""
    if raw is None or not raw.strip():
        return None
    asked = {part.strip() for part in raw.split(",") if part.strip()}
    unknown = sorted(asked - known)
    if unknown:
        listed = "، ".join(f"«{name}»" for name in unknown)
        raise ApiInputError(
            f"پارامتر «fields» فیلدی را می‌خواهد که نیست: {listed}. فیلدها: "
            + "، ".join(sorted(known)),
            field="fields",
        )
    return asked | {"id"}
