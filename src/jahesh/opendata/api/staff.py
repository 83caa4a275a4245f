"""The staff API under /api/v1/staff/: a city's own rows, read and written with a Bearer token.

Every route authenticates the token (401), checks its scope (403 for a read-only token that
writes), counts it against its own rate limit (429) and reaches rows of the token's city only
(404 for anything else). Writes go through the registry's services, as the staff pages do.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.params import functions as param

from jahesh import persian
from jahesh.opendata.api import imports, writes
from jahesh.opendata.api.auth import TokenBearer, token_of, writer_of
from jahesh.opendata.api.filters import MAX_ID
from jahesh.opendata.api.idempotency import answered_once, fingerprint
from jahesh.opendata.api.problems import Problem, problem_response
from jahesh.opendata.api.schemas import Item
from jahesh.opendata.api.staff_schemas import (
    CeremonyIn,
    CeremonyPatch,
    ImportJobOut,
    OutcomeIn,
    ProjectIn,
    ProjectPatch,
    StaffCeremonyOut,
    StaffProjectOut,
    TokenOut,
)
from jahesh.opendata.api.throttling import TokenRateThrottle
from jahesh.registry.importing import MAX_FILE_BYTES

router = Router(auth=TokenBearer(), throttle=TokenRateThrottle(), tags=["کارکنان (کلید API)"])

ERRORS: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
    500: Problem,
}
POST_ERRORS: dict[int, Any] = {**ERRORS, 409: Problem}
RowId = param.Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY_NOTE = (
    " With an `Idempotency-Key` header the same key and body get the first answer again "
    "(`Idempotent-Replayed: true`); the same key with another body answers 422."
)


def _json(item: Item, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(item.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type="application/json; charset=utf-8",
        headers={"Content-Language": "fa", "Cache-Control": "private, no-store"},
    )


@router.get("/token", response={200: TokenOut, **ERRORS})
def token_detail(request: HttpRequest) -> HttpResponse:
    """The token of this request: its city, scope and expiry."""
    return _json(TokenOut.of(token_of(request)))


@router.get("/projects/{project_id}", response={200: StaffProjectOut, **ERRORS})
def staff_project_detail(request: HttpRequest, project_id: int = RowId) -> HttpResponse:
    """A project of the token's city, published or not."""
    return _json(StaffProjectOut.of(writes.project_of(token_of(request), project_id)))


@router.post("/projects", response={201: StaffProjectOut, **POST_ERRORS})
def staff_project_create(request: HttpRequest, payload: ProjectIn) -> HttpResponse:
    """Create a project of the token's city (write scope)."""
    token = writer_of(request)
    given = payload.model_dump(exclude_unset=True)

    def run() -> HttpResponse:
        project = writes.project_create(token=token, fields=given)
        return _json(StaffProjectOut.of(writes.project_of(token, project.pk)), 201)

    return answered_once(request, token, fingerprint(given), run)


staff_project_create.__doc__ = (staff_project_create.__doc__ or "") + IDEMPOTENCY_NOTE


@router.patch("/projects/{project_id}", response={200: StaffProjectOut, **ERRORS})
def staff_project_update(
    request: HttpRequest, payload: ProjectPatch, project_id: int = RowId
) -> HttpResponse:
    """Change the fields given of a project of the token's city (write scope)."""
    token = writer_of(request)
    project = writes.project_of(token, project_id)
    writes.project_update(
        token=token, project=project, fields=payload.model_dump(exclude_unset=True)
    )
    return _json(StaffProjectOut.of(writes.project_of(token, project_id)))


@router.get("/ceremonies/{ceremony_id}", response={200: StaffCeremonyOut, **ERRORS})
def staff_ceremony_detail(request: HttpRequest, ceremony_id: int = RowId) -> HttpResponse:
    """A ceremony of the token's city, whatever its status."""
    return _json(StaffCeremonyOut.of(writes.ceremony_of(token_of(request), ceremony_id)))


@router.post("/ceremonies", response={201: StaffCeremonyOut, **POST_ERRORS})
def staff_ceremony_create(request: HttpRequest, payload: CeremonyIn) -> HttpResponse:
    """Propose a ceremony for a project of the token's city (write scope)."""
    token = writer_of(request)
    given = payload.model_dump(exclude_unset=True)

    def run() -> HttpResponse:
        ceremony = writes.ceremony_create(token=token, fields=given)
        return _json(StaffCeremonyOut.of(ceremony), 201)

    return answered_once(request, token, fingerprint(given), run)


@router.patch("/ceremonies/{ceremony_id}", response={200: StaffCeremonyOut, **ERRORS})
def staff_ceremony_update(
    request: HttpRequest, payload: CeremonyPatch, ceremony_id: int = RowId
) -> HttpResponse:
    """Change the fields given of a ceremony of the token's city (write scope)."""
    token = writer_of(request)
    ceremony = writes.ceremony_of(token, ceremony_id)
    fields = payload.model_dump(exclude_unset=True)
    return _json(
        StaffCeremonyOut.of(writes.ceremony_update(token=token, ceremony=ceremony, fields=fields))
    )


@router.post("/ceremonies/{ceremony_id}/outcome", response={200: StaffCeremonyOut, **POST_ERRORS})
def staff_ceremony_outcome(
    request: HttpRequest, payload: OutcomeIn, ceremony_id: int = RowId
) -> HttpResponse:
    """Report what became of a ceremony: held, postponed to a new day, or cancelled."""
    token = writer_of(request)
    ceremony = writes.ceremony_of(token, ceremony_id)
    given = payload.model_dump(exclude_unset=True)

    def run() -> HttpResponse:
        done = writes.ceremony_report_outcome(
            token=token,
            ceremony=ceremony,
            outcome=payload.outcome,
            held_at=payload.held_at,
            new_date=payload.new_date,
        )
        return _json(StaffCeremonyOut.of(done))

    return answered_once(request, token, fingerprint(given), run)


@router.post("/imports", response={202: ImportJobOut, **POST_ERRORS, 413: Problem})
def staff_import_create(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False
) -> HttpResponse:
    """Send a projects file (XLSX or CSV in the import template) to be imported by the queue;
    poll the job's address until its status is done, rejected or failed."""
    token = writer_of(request)
    # Refused before it is read: the size is known from the upload.
    if file.size is not None and file.size > MAX_FILE_BYTES:
        limit = persian.to_persian_digits(str(MAX_FILE_BYTES // (1024 * 1024)))
        return problem_response(
            413, f"فایل از {limit} مگابایت، بیشینهٔ اندازهٔ فایل ورود، بزرگ‌تر است."
        )
    data = file.read()
    body = fingerprint({"file_sha256": hashlib.sha256(data).hexdigest(), "dry_run": dry_run})

    def run() -> HttpResponse:
        job = imports.import_job_create(
            token=token, file_name=file.name or "", data=data, dry_run=dry_run
        )
        response = _json(ImportJobOut.of(job), 202)
        response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{job.pk}")
        return response

    return answered_once(request, token, body, run)


@router.get("/imports/{job_id}", response={200: ImportJobOut, **ERRORS})
def staff_import_detail(request: HttpRequest, job_id: int = RowId) -> HttpResponse:
    """An import job of the token's city: queued, running, done, rejected (with each row's
    problems) or failed."""
    return _json(ImportJobOut.of(imports.import_job_of(token_of(request), job_id)))


__all__ = ["router"]
