"""Attachments on agenda items: told by their bytes, size-limited, stored under random names
apart from public media, and handed only to the committee's members."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jahesh.committee import services
from jahesh.committee.attachments import sniff
from jahesh.committee.errors import CommitteeNotFoundError
from jahesh.committee.models import AgendaAttachment, AttachmentKind, Session
from jahesh.core.errors import PermissionDeniedError, ValidationError
from tests.committee.conftest import TIR_1_1402, Scene

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def content_types(main: str) -> bytes:
    return (
        '<?xml version="1.0"?><Types><Override PartName="/main" '
        f'ContentType="application/vnd.{main}.main+xml"/></Types>'
    ).encode()


DOCX = zipped(
    {
        "[Content_Types].xml": content_types(
            "openxmlformats-officedocument.wordprocessingml.document"
        ),
        "word/document.xml": b"<w:document/>",
    }
)
DOCM = zipped(
    {
        "[Content_Types].xml": content_types("ms-word.document.macroEnabled"),
        "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"\x00",
    }
)
XLSX = zipped(
    {
        "[Content_Types].xml": content_types("openxmlformats-officedocument.spreadsheetml.sheet"),
        "xl/workbook.xml": b"<workbook/>",
    }
)
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Path, monkeypatch: Any) -> Path:
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    settings.COMMITTEE_ATTACHMENT_MAX_BYTES = 1024 * 1024
    # The field resolved its storage when the model class was built.
    monkeypatch.setattr(AgendaAttachment._meta.get_field("file"), "storage", storages["private"])
    return root


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def planned(scene: Scene) -> Session:
    session = services.session_plan(
        committee=scene.committee, by=scene.secretary, host=scene.tehran, date=TIR_1_1402, number=31
    )
    services.agenda_item_add(
        session=session, by=scene.secretary, title="گزارش شیراز", presenter_member=scene.shiraz
    )
    services.agenda_item_add(session=session, by=scene.secretary, title="گزارش یزد")
    return session


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, AttachmentKind.PDF),
        (PNG, AttachmentKind.PNG),
        (JPEG, AttachmentKind.JPEG),
        (b"GIF89a" + b"\x00" * 10, AttachmentKind.GIF),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", AttachmentKind.WEBP),
        (DOCX, AttachmentKind.DOCX),
        (XLSX, AttachmentKind.XLSX),
        (ODT, AttachmentKind.ODT),
        (DOCM, None),
        (zipped({"a.txt": b"x"}), None),
        (b"plain text", None),
    ],
)
def test_a_file_is_told_by_its_bytes(data: bytes, kind: AttachmentKind | None) -> None:
    assert sniff(io.BytesIO(data)) == kind


def test_the_secretary_attaches_a_pdf_stored_under_a_random_name_outside_media(
    scene: Scene, private_files: Path, settings: Any
) -> None:
    item = planned(scene).items.get(position=1)
    added = services.attachment_add(item=item, by=scene.secretary, upload=upload("طرح.pdf", PDF))
    assert added.kind == AttachmentKind.PDF
    assert added.original_name == "طرح.pdf"
    assert "طرح" not in added.file.name
    assert len(Path(added.file.name).stem) >= 32
    stored = private_files / added.file.name
    assert stored.read_bytes() == PDF
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))


def test_an_executable_renamed_pdf_is_refused_in_persian_and_nothing_is_stored(
    scene: Scene, private_files: Path
) -> None:
    item = planned(scene).items.get(position=1)
    with pytest.raises(ValidationError, match=r"پیوست: «گزارش\.pdf» برنامه اجرایی است") as raised:
        services.attachment_add(item=item, by=scene.secretary, upload=upload("گزارش.pdf", EXE))
    assert raised.value.field == "attachment"
    assert AgendaAttachment.objects.count() == 0
    assert not private_files.exists() or not any(private_files.rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("نامه.docx", b"just text, named docx", "هیچ‌یک از گونه‌های پذیرفته نیست"),
        ("ماکرو.docx", DOCM, "هیچ‌یک از گونه‌های پذیرفته نیست"),
        ("تهی.pdf", b"", "خالی است"),
        ("بزرگ.pdf", PDF + b"\x00" * (1024 * 1024), "بیش از حد مجاز ۱ مگابایت"),
    ],
)
def test_each_refusal_names_the_field_and_writes_nothing(
    scene: Scene, name: str, data: bytes, says: str
) -> None:
    item = planned(scene).items.get(position=1)
    with pytest.raises(ValidationError, match=says) as raised:
        services.attachment_add(item=item, by=scene.secretary, upload=upload(name, data))
    assert raised.value.message.startswith("پیوست:")
    assert AgendaAttachment.objects.count() == 0


def test_the_presenting_citys_representative_may_attach_to_its_own_item_only(scene: Scene) -> None:
    session = planned(scene)
    own, other = session.items.order_by("position")
    services.attachment_add(item=own, by=scene.representative, upload=upload("a.png", PNG))
    with pytest.raises(PermissionDeniedError):
        services.attachment_add(item=other, by=scene.representative, upload=upload("b.png", PNG))


def test_an_observer_and_an_outsider_cannot_attach(scene: Scene) -> None:
    item = planned(scene).items.get(position=1)
    with pytest.raises(PermissionDeniedError):
        services.attachment_add(item=item, by=scene.observer, upload=upload("a.pdf", PDF))
    with pytest.raises(CommitteeNotFoundError):
        services.attachment_add(item=item, by=scene.outsider, upload=upload("a.pdf", PDF))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretary", 200), ("representative", 200), ("outsider", 404), ("city_staff", 404)],
)
def test_the_download_goes_to_members_only_and_privately(
    scene: Scene, persona: str, status: int
) -> None:
    session = planned(scene)
    item = session.items.get(position=1)
    added = services.attachment_add(item=item, by=scene.secretary, upload=upload("طرح.pdf", PDF))
    address = reverse(
        "committee:attachment", args=[scene.committee.slug, session.number, item.pk, added.pk]
    )
    response = client_for(getattr(scene, persona)).get(address)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]


def test_an_attachment_is_not_reached_through_another_item(scene: Scene) -> None:
    session = planned(scene)
    first, second = session.items.order_by("position")
    added = services.attachment_add(item=first, by=scene.secretary, upload=upload("a.pdf", PDF))
    address = reverse(
        "committee:attachment", args=[scene.committee.slug, session.number, second.pk, added.pk]
    )
    assert client_for(scene.secretary).get(address).status_code == 404


def test_uploading_through_the_page_shows_the_persian_refusal(scene: Scene) -> None:
    session = planned(scene)
    item = session.items.get(position=1)
    address = reverse(
        "committee:attachment-upload", args=[scene.committee.slug, session.number, item.pk]
    )
    client = client_for(scene.secretary)
    response = client.post(address, {"file": upload("x.pdf", EXE)}, follow=True)
    assert "برنامه اجرایی است" in response.content.decode()
    response = client.post(address, {"file": upload("طرح.pdf", PDF)}, follow=True)
    page = response.content.decode()
    assert "طرح.pdf" in page
    assert AgendaAttachment.objects.get().item == item


def test_an_outsider_posting_a_file_gets_the_missing_committee(scene: Scene) -> None:
    session = planned(scene)
    item = session.items.get(position=1)
    address = reverse(
        "committee:attachment-upload", args=[scene.committee.slug, session.number, item.pk]
    )
    response = client_for(scene.outsider).post(address, {"file": upload("a.pdf", PDF)})
    assert response.status_code == 404
    assert AgendaAttachment.objects.count() == 0


def test_removing_an_attachment_deletes_its_file_after_commit(
    scene: Scene, private_files: Path, django_capture_on_commit_callbacks: Any
) -> None:
    item = planned(scene).items.get(position=1)
    added = services.attachment_add(item=item, by=scene.secretary, upload=upload("a.pdf", PDF))
    stored = private_files / added.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(attachment=added, by=scene.secretary)
    assert not stored.exists()
    assert AgendaAttachment.objects.count() == 0
