"""Agenda item attachments: uploaded by the secretariat or the presenting city, handed out only
to the committee's members, never cached by anyone else."""

from __future__ import annotations

from django.contrib import messages
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.utils.cache import patch_cache_control

from jahesh.committee.forms.attachments import AttachmentForm
from jahesh.committee.models import AgendaItem, Session
from jahesh.committee.selectors import attachment_get, seat_for, session_get
from jahesh.committee.services.attachments import attachment_add, attachment_remove
from jahesh.committee.views.common import staff_action, staff_page
from jahesh.committee.views.sessions import session_url
from jahesh.core.errors import NotFoundError
from jahesh.registry.staff_views import refusals_flashed


def _item(request: HttpRequest, slug: str, number: int, item_id: int) -> tuple[Session, AgendaItem]:
    seat = seat_for(user=request.user, slug=slug)
    session = session_get(committee=seat.committee, number=number)
    item = next((i for i in session.items.all() if i.pk == item_id), None)
    if item is None:
        raise NotFoundError("این بند در این نشست نیست.")
    item.session = session
    return session, item


@staff_action
def attachment_upload(request: HttpRequest, slug: str, number: int, item_id: int) -> HttpResponse:
    session, item = _item(request, slug, number, item_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        with refusals_flashed(request):
            added = attachment_add(item=item, by=request.user, upload=form.cleaned_data["file"])
            messages.success(request, f"«{added.original_name}» پیوست شد.")
    return HttpResponseRedirect(session_url(session) + f"#item-{item.pk}")


@staff_action
def attachment_delete(
    request: HttpRequest, slug: str, number: int, item_id: int, attachment_id: int
) -> HttpResponse:
    session, item = _item(request, slug, number, item_id)
    attachment = attachment_get(
        committee=session.committee, number=number, item_id=item.pk, attachment_id=attachment_id
    )
    attachment.item = item
    with refusals_flashed(request):
        attachment_remove(attachment=attachment, by=request.user)
        messages.success(request, f"«{attachment.original_name}» برداشته شد.")
    return HttpResponseRedirect(session_url(session) + f"#item-{item.pk}")


@staff_page
def attachment_download(
    request: HttpRequest, slug: str, number: int, item_id: int, attachment_id: int
) -> HttpResponseBase:
    seat = seat_for(user=request.user, slug=slug)
    attachment = attachment_get(
        committee=seat.committee, number=number, item_id=item_id, attachment_id=attachment_id
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise NotFoundError("پرونده این پیوست در انبار پیدا نشد.") from None
    stem, _dot, _ext = attachment.original_name.rpartition(".")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem or attachment.original_name}.{attachment.kind}",
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
