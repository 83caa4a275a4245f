"""Progress photos under /media/progress/: a public project's for everyone, the rest only for its
city's staff.

Stored names are random (``progress.progress_update_record``), but a name outlives the project's
visibility: a project hidden after its page was shared, or a city that stops showing itself,
keeps the same files. So the gate decides from the row, not the name, and the question "may a
citizen see this project?" is asked of ``Project.objects`` (its one home), never spelt here. A
production proxy must send /media/progress/ here instead of serving the folder (deploy/nginx).
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from jahesh.registry import permissions as perms
from jahesh.registry.models import ProgressPhoto, ProjectQuerySet

PHOTO_PREFIX = "progress/"
# Long enough for a browser or proxy to keep a public project's photo; short enough that a
# project hidden again leaves shared caches within the hour (as the newsroom's article photos).
PUBLIC_PHOTO_MAX_AGE_S = 3600
_NOT_FOUND = "عکس پیدا نشد."


@require_safe
def progress_photo(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """Serve one stored progress photo (web size or thumbnail) if its project may be seen."""
    name = f"{PHOTO_PREFIX}{path}"
    row = (
        ProgressPhoto.objects.filter(Q(image=name) | Q(thumbnail=name))
        .select_related("update__project__municipality")
        .annotate(
            is_public=ExpressionWrapper(
                ProjectQuerySet.public_q("update__project"), output_field=BooleanField()
            )
        )
        .first()
    )
    if row is None:
        raise Http404(_NOT_FOUND)
    city = row.update.project.municipality
    if row.is_public:
        cache_control = f"public, max-age={PUBLIC_PHOTO_MAX_AGE_S}"
    elif perms.is_member(request.user, city):
        cache_control = "private, no-store"
    else:
        # The same answer as for a name never stored: nothing tells a hidden project exists.
        raise Http404(_NOT_FOUND)
    # A stored photo never changes (a new one gets a new name): its row's birth is its age.
    modified = int(row.created_at.timestamp())
    if row.is_public and not was_modified_since(request.headers.get("If-Modified-Since"), modified):
        not_modified = HttpResponseNotModified()
        not_modified["Cache-Control"] = cache_control
        return not_modified
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404(_NOT_FOUND) from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = cache_control
    if row.is_public:
        response["Last-Modified"] = http_date(modified)
    response["X-Content-Type-Options"] = "nosniff"
    # A photo is never a document: nothing in it may run, even if a browser sniffs it as one.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
