"""Import files sent through the staff API: kept as a job, imported by the queue with the
registry's importer (its checks, its per-row Persian problems, nothing half-written), polled
by the client until the job is done."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from jahesh.core.errors import JaheshError, NotFoundError, ValidationError, require
from jahesh.opendata.models import ApiImportJob, ApiToken, ImportJobStatus
from jahesh.registry.importing import MAX_FILE_BYTES, ImportRejectedError, projects_import

logger = logging.getLogger(__name__)

JOB_NOT_FOUND = "کار ورودی با این شناسه در شهرداری این کلید نیست."
EMPTY_FILE = "فایل خالی است؛ فایل XLSX یا CSV پروژه‌ها را بفرستید."
# The outcome of each row is kept for the first rows only; the counts cover them all.
KEPT_ROWS = 1000
# The longest an import runs: the largest file the importer takes is read and written in a few
# minutes. A job still "running" after this lost its worker (killed, restarted, out of memory).
RUNNING_DEADLINE = dt.timedelta(minutes=30)
STALE_SUMMARY = (
    "ورود فایل تمام نشد: کارگر صف در میانهٔ کار از کار افتاد. ورود همه یا هیچ است، پس هیچ "
    "پروژه‌ای از این فایل ذخیره نشد؛ فایل را دوباره بفرستید."
)


@transaction.atomic
def import_job_create(
    *, token: ApiToken, file_name: str, data: bytes, dry_run: bool
) -> ApiImportJob:
    """Keep the file and queue its import (once this transaction commits)."""
    require(bool(data), ValidationError(EMPTY_FILE, field="file"))
    require(
        len(data) <= MAX_FILE_BYTES,
        ValidationError("فایل از بیشینهٔ اندازهٔ ورود بزرگ‌تر است.", field="file"),
    )
    job = ApiImportJob.objects.create(
        municipality=token.municipality,
        token=token,
        user=token.user,
        file_name=(file_name or "")[:200],
        data=data,
        dry_run=dry_run,
    )
    from jahesh.opendata.tasks import api_import_task

    transaction.on_commit(lambda: api_import_task(job.pk))
    return job


def import_job_of(token: ApiToken, pk: int) -> ApiImportJob:
    found = (
        ApiImportJob.objects.filter(municipality_id=token.municipality_id, pk=pk)
        .select_related("municipality")
        .defer("data")
        .first()
    )
    if found is None:
        raise NotFoundError(JOB_NOT_FOUND)
    if found.status == ImportJobStatus.RUNNING and stale_jobs_fail(pk=found.pk):
        found.refresh_from_db(fields=["status", "summary", "result", "finished_at"])
    return found


def stale_jobs_fail(*, pk: int | None = None) -> int:
    """Mark failed the jobs running past ``RUNNING_DEADLINE`` (all of them, or job ``pk``).

    Their worker died: the import is one transaction, so nothing of the file was written, and
    the client is told to send it again. Not re-queued: a worker that is only slow, not dead,
    would then run the same file twice at once. Should such a worker still finish, its own
    outcome (done or rejected) replaces this one, as it is the truth. Returns how many.
    """
    stale = ApiImportJob.objects.filter(
        status=ImportJobStatus.RUNNING, started_at__lt=timezone.now() - RUNNING_DEADLINE
    )
    if pk is not None:
        stale = stale.filter(pk=pk)
    failed = stale.update(
        status=ImportJobStatus.FAILED,
        summary=STALE_SUMMARY,
        result={},
        data=b"",
        finished_at=timezone.now(),
    )
    if failed:
        logger.warning("%s API import job(s) ran past the deadline and were marked failed", failed)
    return failed


def import_job_execute(*, job_id: int) -> ApiImportJob | None:
    """Run a queued job once; a job already taken by another worker is left alone."""
    with transaction.atomic():
        taken = ApiImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
            status=ImportJobStatus.RUNNING, started_at=timezone.now()
        )
    if not taken:
        return None
    job = ApiImportJob.objects.select_related("municipality", "user").get(pk=job_id)
    try:
        result = projects_import(
            by=job.user, municipality=job.municipality, data=bytes(job.data), dry_run=job.dry_run
        )
    except ImportRejectedError as exc:
        job.status = ImportJobStatus.REJECTED
        job.summary = exc.message
        job.result = {
            "problems": [
                {"row": p.row, "column": p.column, "detail": p.detail, "message": p.message}
                for p in exc.problems
            ]
        }
    except JaheshError as exc:
        job.status = ImportJobStatus.REJECTED
        job.summary = exc.message
        job.result = {
            "problems": [
                {"row": None, "column": None, "detail": exc.message, "message": exc.message}
            ]
        }
    except Exception:
        logger.exception("API import job %s failed", job_id)
        job.status = ImportJobStatus.FAILED
        job.summary = "ورود فایل با خطای سامانه روبه‌رو شد و ثبت شد؛ هیچ پروژه‌ای ذخیره نشد."
        job.result = {}
    else:
        job.status = ImportJobStatus.DONE
        job.summary = result.summary()
        job.result = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rows": [
                {
                    "row": r.row,
                    "code": r.code,
                    "title": r.title,
                    "action": r.action,
                    "changed": list(r.changed),
                }
                for r in result.rows[:KEPT_ROWS]
            ],
        }
    job.data = b""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "summary", "result", "data", "finished_at"])
    return job
