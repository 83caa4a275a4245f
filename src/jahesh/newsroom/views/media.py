"""Article photos under /media/newsroom/: a draft's only to its city's staff, the rest to all.

Stored names are random (services.photo_file_stem), but a name can leak with a draft (a shared
link, an older name from before), so the gate decides, not the name. A production proxy must
send /media/newsroom/ here (or honour this view's decision) instead of serving the folder.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from jahesh.newsroom import selectors
from jahesh.newsroom.models import ArticlePhoto
from jahesh.newsroom.permissions import can_see_unpublished_media

# Long enough for a proxy or browser to keep a published photo; short enough that a withdrawn
# article's photo leaves shared caches within the hour.
PUBLISHED_PHOTO_MAX_AGE_S = 3600
_NOT_FOUND = "عکس پیدا نشد."


@require_safe
def photo(request: HttpRequest, path: str) -> FileResponse:
    """Serve one stored article photo, if the article is public or the visitor is its city's."""
    row = (
        ArticlePhoto.objects.select_related("article__municipality")
        .filter(file=f"newsroom/{path}")
        .first()
    )
    if row is None:
        raise Http404(_NOT_FOUND)
    article = row.article
    city = article.municipality
    if selectors.public_article_list(municipality=city).filter(pk=article.pk).exists():
        cache_control = f"public, max-age={PUBLISHED_PHOTO_MAX_AGE_S}"
    elif can_see_unpublished_media(request.user, city):
        cache_control = "private, no-store"
    else:
        # The same answer as for a name that was never stored: nothing tells a draft exists.
        raise Http404(_NOT_FOUND)
    try:
        handle = default_storage.open(str(row.file.name), "rb")
    except FileNotFoundError as exc:
        raise Http404(_NOT_FOUND) from exc
    response = FileResponse(handle, content_type=row.content_type)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    # A photo is never a document: nothing in it may run, even if a browser sniffs it as one.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
