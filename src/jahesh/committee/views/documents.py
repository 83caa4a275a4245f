"""Downloads of a session's minutes as PDF and DOCX, for the committee's members only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from jahesh.committee import documents
from jahesh.committee.minutes_document import minutes_docx, minutes_filename, minutes_pdf
from jahesh.committee.selectors import seat_for, session_get
from jahesh.committee.selectors.documents import minutes_get
from jahesh.committee.views.common import staff_page


def private_download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A file only its viewers may have: no shared cache keeps it, the browser saves it."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@staff_page
def minutes_download(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponse:
    seat = seat_for(user=request.user, slug=slug)
    minutes = minutes_get(session=session_get(committee=seat.committee, number=number))
    if fmt == "pdf":
        return private_download(
            minutes_pdf(minutes),
            content_type=documents.PDF_MIME,
            filename=minutes_filename(minutes, "pdf"),
        )
    return private_download(
        minutes_docx(minutes),
        content_type=documents.DOCX_MIME,
        filename=minutes_filename(minutes, "docx"),
    )
