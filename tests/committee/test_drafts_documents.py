"""A draft's documents: the version text, the summing-up report and the submission package as
PDF (Persian read back) and right-to-left DOCX; members only, and hidden opinions stay hidden."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jahesh.committee import services
from jahesh.committee.models import (
    CommitteeRole,
    CommitteeRoleKind,
    DraftVersion,
    Stance,
    Visibility,
)
from tests.committee.conftest import Scene
from tests.committee.drafts_scenes import StructureScene, structure_draft
from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hidden_round(scene: Scene) -> tuple[StructureScene, DraftVersion]:
    built = structure_draft(scene)
    today = timezone.localdate()
    version = services.version_circulate(
        draft=built.draft,
        by=scene.secretary,
        deadline=today + dt.timedelta(days=5),
        visibility=Visibility.AFTER_DEADLINE,
        today=today,
    )
    yazd_rep = UserFactory(username="yazd-rep")
    CommitteeRole.objects.create(
        committee=scene.committee, user=yazd_rep, kind=CommitteeRoleKind.MEMBER, member=scene.yazd
    )
    services.opinion_write(
        section=version.sections.get(key=built.duty.key),
        member=scene.yazd,
        by=yazd_rep,
        stance=Stance.DISAGREE,
        comment="نظر محرمانه یزد",
    )
    return built, version


def address(scene: Scene, built: StructureScene, which: str, fmt: str) -> str:
    return reverse(
        "committee:draft-document", args=[scene.committee.slug, built.draft.pk, 1, which, fmt]
    )


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_package_docx_holds_the_structure_and_the_annex_right_to_left(scene: Scene) -> None:
    built, _ = hidden_round(scene)
    response = client_for(scene.secretary).get(address(scene, built, "package", "docx"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = docx_text(response.content)
    assert "اداره روابط عمومی الکترونیک" in text
    assert "کارشناس رسانه‌های اجتماعی — تعداد ۲" in text
    assert "نظر محرمانه یزد" in text
    assert b"w:bidi" in zip_member(response.content, "word/document.xml")


def zip_member(content: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(name)


def test_a_member_citys_summing_up_report_hides_other_cities_before_the_deadline(
    scene: Scene,
) -> None:
    built, _ = hidden_round(scene)
    response = client_for(scene.representative).get(address(scene, built, "summing-up", "docx"))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "نظر محرمانه یزد" not in text
    assert "پنهان" in text


@pytest.mark.parametrize("who", ["outsider", "city_staff"])
def test_strangers_get_no_document(scene: Scene, who: str) -> None:
    built, _ = hidden_round(scene)
    for which in ("text", "summing-up", "package"):
        assert (
            client_for(getattr(scene, who)).get(address(scene, built, which, "pdf")).status_code
            == 404
        )


def test_the_version_pdf_reads_back_as_persian(scene: Scene, tmp_path: Path) -> None:
    built, _ = hidden_round(scene)
    response = client_for(scene.representative).get(address(scene, built, "text", "pdf"))
    assert response.content.startswith(b"%PDF-")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "draft.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    assert "ادارهروابطعمومیالکترونیک" in flat
