"""Every file of a city's open data in one ZIP, its SHA-256 checksum, the data dictionary and
the DCAT catalogue, built from the same writers as the single files.

The ZIP is deterministic: members in catalogue order, each dated by the city's last public
change, so the same data give the same bytes (and the same checksum) in every process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from jahesh.opendata import catalogue, facts, oc4ids, promises, selectors, tabular
from jahesh.registry.models import Municipality

# A ZIP's dates cannot be earlier than 1980.
_EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def address(site: str, url_name: str, city: Municipality) -> str:
    return site + reverse(f"opendata:{url_name}", kwargs={"city": city.slug})


def oc4ids_text(city: Municipality, site: str) -> Iterator[str]:
    package = oc4ids.project_package(city=city, uri=address(site, "oc4ids", city))
    yield json.dumps(package, ensure_ascii=False, cls=DjangoJSONEncoder)


def waves_text(city: Municipality) -> Iterator[str]:
    records = [tabular.wave_fields(wave) for wave in selectors.public_waves(city)]
    yield json.dumps({"results": records}, ensure_ascii=False)


def dictionary_lines() -> Iterator[str]:
    names = [field.name for field in catalogue.DICTIONARY_FIELDS]
    rows = (dict(zip(names, row, strict=True)) for row in catalogue.dictionary_rows())
    return tabular.csv_text(catalogue.DICTIONARY_FIELDS, rows)


def catalogue_document(city: Municipality, site: str) -> dict[str, Any]:
    addresses = {
        distribution.url_name: address(site, distribution.url_name, city)
        for dataset in catalogue.DATASETS
        for distribution in dataset.distributions
    }
    changed = selectors.last_change(city)
    return catalogue.dcat(
        city_name=city.name,
        catalogue_url=address(site, "catalogue", city),
        addresses=addresses,
        modified=_iso(changed) if isinstance(changed, dt.datetime) else None,
    )


def catalogue_text(city: Municipality, site: str) -> Iterator[str]:
    yield json.dumps(catalogue_document(city, site), ensure_ascii=False, indent=1)


def promises_text(city: Municipality) -> Iterator[str]:
    yield json.dumps(promises.json_document(city), ensure_ascii=False)


def members(city: Municipality, site: str) -> dict[str, Callable[[], Iterable[str]]]:
    """The ZIP's files by name, each with the writer the single download uses."""
    return {
        "oc4ids.json": lambda: oc4ids_text(city, site),
        "projects.csv": lambda: tabular.csv_lines(city),
        "projects.geojson": lambda: tabular.geojson_chunks(city, site),
        "waves.json": lambda: waves_text(city),
        "facts.csv": lambda: facts.csv_lines(city, site),
        "facts.json": lambda: facts.json_chunks(city, site),
        "promises.csv": lambda: promises.csv_lines(city),
        "promises.json": lambda: promises_text(city),
        "data-dictionary.csv": dictionary_lines,
        "catalogue.jsonld": lambda: catalogue_text(city, site),
    }


def zip_bytes(city: Municipality, site: str) -> bytes:
    """Write the city's ZIP in memory, member by member (each streamed from its writer)."""
    changed = selectors.last_change(city)
    moment = changed if isinstance(changed, dt.datetime) else _EARLIEST
    local = timezone.localtime(max(moment, _EARLIEST))
    stamp = (local.year, local.month, local.day, local.hour, local.minute, local.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, write in members(city, site).items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w") as member:
                for piece in write():
                    member.write(piece.encode())
    return buffer.getvalue()


def checksum_line(content: bytes) -> str:
    """The ZIP's line in the form ``sha256sum --check`` reads."""
    return f"{hashlib.sha256(content).hexdigest()}  {catalogue.ZIP_NAME}\n"


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
