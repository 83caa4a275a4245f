"""The OC4IDS packages pass lib-cove-oc4ids, the Open Contracting Partnership's own checker,
with zero errors and every further check it makes passing or explained here.

lib-cove-oc4ids fetches the schema, the project schema its package schema refers to, and the
codelists over HTTP from a configurable host (``schema_host``, ``schema_codelists``). The tests
serve ``../shared/oc4ids`` on a loopback port of their own and point it there; every other name
lookup is refused, so a check that tried to reach the internet would fail rather than pass.
What the checker reports, and why each report is empty for Jahesh:

- ``validation_errors``: JSON Schema draft 4 with its own keywords (unique ids, …): none.
- ``conformance_checks`` (project id prefixes): ids are ``<OC4IDS_PREFIX>-<city>-<code>``; the
  default ``oc4ids-jahesh`` has the registered prefixes' shape (six lower-case letters or digits),
  but it is not registered with the OCP: a city that publishes for real registers its own and
  sets ``OC4IDS_PREFIX`` (docs/opendata.md).
- ``additional_checks``: empty values, amounts without currency, organisation references without
  a party: none (budgets are IRR, the public authority is a party).
- codelists: every code is in its codelist, closed or open. Ceremony kinds map to the open
  milestoneCode list (``oc4ids.MILESTONE_CODES``); before that mapping «groundbreaking» and
  «inauguration» were reported as additional open codelist values.
- ``data_only`` / additional fields, deprecated fields, structure warnings (missing ids): none.
- ``field_coverage`` is a statistic of which schema fields are used, not a check; not asserted.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from jahesh.opendata import oc4ids
from jahesh.registry.models import CeremonyKind, CeremonyStatus, Municipality
from tests.portal.conftest import build_wave_scene
from tests.registry.factories import CeremonyFactory, ProjectFactory
from tests.shared_data import OC4IDS_SCHEMA_DIR, oc4ids_schema_missing

pytestmark = pytest.mark.django_db

LOOPBACK = "127.0.0.1"


class _SchemaFiles(SimpleHTTPRequestHandler):
    """Serves the shared schema folder and records what was asked for."""

    asked: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        self.asked.append(self.path)


@pytest.fixture(scope="module")
def schema_host() -> Iterator[tuple[str, list[str]]]:
    why = oc4ids_schema_missing()
    if why:
        pytest.skip(why)
    asked: list[str] = []
    handler = type("Handler", (_SchemaFiles,), {"asked": asked})
    server = ThreadingHTTPServer(
        (LOOPBACK, 0), functools.partial(handler, directory=str(OC4IDS_SCHEMA_DIR))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}/", asked
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def cove(schema_host, monkeypatch) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Run lib-cove-oc4ids on a package against the local schema; return its report."""
    libcove = pytest.importorskip(
        "libcoveoc4ids", reason="lib-cove-oc4ids is not installed: pip install -e '.[test]'"
    )
    import jsonschema.validators
    from libcoveoc4ids.common_checks import common_checks_oc4ids
    from libcoveoc4ids.config import LibCoveOC4IDSConfig
    from libcoveoc4ids.schema import SchemaOC4IDS

    host, _asked = schema_host
    real_getaddrinfo = socket.getaddrinfo

    def loopback_only(name: Any, *args: Any, **kwargs: Any) -> Any:
        if name not in (LOOPBACK, "localhost"):
            raise OSError(f"the OC4IDS check tried to reach {name!r}: it must run offline")
        return real_getaddrinfo(name, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
    # lib-cove registers its own draft 4 validator for every later jsonschema user; the old one
    # is put back after the test.
    draft4 = "http://json-schema.org/draft-04/schema#"
    registered = jsonschema.validators._META_SCHEMAS
    monkeypatch.setitem(registered, draft4, registered[draft4])
    config = LibCoveOC4IDSConfig(
        {
            "schema_host": host,
            "schema_version_choices": {"0.9.5": ("0.9.5", host)},
            "schema_codelists": {"0.9": f"{host}codelists/"},
            "cache_all_requests": True,
        }
    )
    assert libcove is not None

    def run(package: dict[str, Any]) -> dict[str, Any]:
        schema = SchemaOC4IDS(lib_cove_oc4ids_config=config)
        report = common_checks_oc4ids(
            {"file_type": "json"}, "", json.loads(json.dumps(package)), schema, cache=False
        )
        # The checker treats an unreachable codelist as an empty one and reports nothing: make
        # sure it read them.
        assert len(schema.core_codelists) >= 10, "the codelists were not read"
        return report

    return run


def assert_clean(report: dict[str, Any]) -> None:
    """Every check lib-cove-oc4ids makes, as the module docstring explains."""
    errors = report["validation_errors"]
    assert report["validation_errors_count"] == 0, errors[:3]
    assert report["conformance_checks"] == []
    assert report["additional_checks"] == []
    assert report["additional_closed_codelist_values"] == {}
    assert report["additional_open_codelist_values"] == {}
    assert report["data_only"] == []
    assert report["additional_fields_count"] == 0
    assert report["deprecated_fields"] == {}
    assert "structure_warnings" not in report


@pytest.fixture
def scene(city_a):
    made = build_wave_scene(city_a)
    for kind in (CeremonyKind.GROUNDBREAKING, CeremonyKind.COMMISSIONING):
        made.add_ceremony(f"پروژه {kind}", kind=kind)
    shape = ProjectFactory(
        municipality=city_a,
        title="خط ۲ قطار شهری",
        slug="metro",
        latitude=None,
        longitude=None,
        district=None,
        unit=None,
        description="",
        geometry={"type": "LineString", "coordinates": [[52.5, 29.6], [52.6, 29.65]]},
    )
    CeremonyFactory(
        project=shape, status=CeremonyStatus.HELD, held_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    )
    ProjectFactory(municipality=city_a, title="پروژه پنهان", slug="hidden", is_public=False)
    return made


def test_the_test_citys_package_passes_every_check_of_lib_cove(client, scene, cove, schema_host):
    response = client.get(reverse("opendata:oc4ids", kwargs={"city": scene.city.slug}))
    package = response.json()
    assert len(package["projects"]) == len(scene.projects) + 1
    codes = {m["code"] for p in package["projects"] for m in p.get("milestones", [])}
    assert codes == {"commencement", "commissioning", "completion"}

    assert_clean(cove(package))
    _host, asked = schema_host
    assert "/project-schema.json" in asked
    assert "/codelists/milestoneCode.csv" in asked


def test_one_projects_package_passes_every_check_of_lib_cove(client, scene, cove):
    project = scene.projects[0]
    url = reverse("opendata:oc4ids_project", kwargs={"city": scene.city.slug, "code": project.code})
    package = client.get(url).json()
    assert [p["id"] for p in package["projects"]] == [oc4ids.project_id(scene.city, project)]
    assert package["uri"].endswith(url)
    assert_clean(cove(package))


@pytest.mark.slow
def test_the_demo_cities_packages_pass_every_check_of_lib_cove(client, cove):
    call_command("demo", no_serve=True, stdout=StringIO())
    cities = list(Municipality.objects.public())
    assert len(cities) >= 2
    for city in cities:
        package = client.get(reverse("opendata:oc4ids", kwargs={"city": city.slug})).json()
        assert package["projects"], city.slug
        assert_clean(cove(package))


def test_lib_cove_here_reports_what_breaks_the_standard(cove, scene):
    """The checker as set up here can fail: a package with a wrong type, an unknown closed code,
    an empty value, an amount without currency and an unprefixed id is reported on each."""
    package = oc4ids.project_package(city=scene.city, uri="https://example.org/oc4ids.json")
    broken = json.loads(json.dumps(package, default=str))
    first = broken["projects"][0]
    first["status"] = "abandoned"
    first["title"] = " "
    first["budget"]["amount"] = {"amount": 5}
    first["id"] = "jahesh-1"
    first["period"] = {"startDate": 12}
    report = cove(broken)
    assert report["validation_errors_count"] >= 1
    assert "projects/status" in report["additional_closed_codelist_values"]
    assert {c["check_id"] for c in report["additional_checks"]} >= {
        "missing-values",
        "missing-currency",
    }
    assert [c["check_id"] for c in report["conformance_checks"]] == ["invalid-project-ids"]


def test_the_offline_guard_refuses_the_internet(cove):
    with pytest.raises(OSError, match="offline"):
        socket.getaddrinfo("standard.open-contracting.org", 443)
