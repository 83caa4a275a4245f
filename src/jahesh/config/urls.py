from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import URLPattern, URLResolver, include, path, re_path

from jahesh.newsroom.views import photo as newsroom_photo
from jahesh.registry.media import progress_photo

admin.site.site_header = "جهش — میز کار کارکنان"
admin.site.site_title = "جهش"
admin.site.index_title = "مدیریت"


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's). A temporary
    redirect: in production the icon's address carries its content hash, which changes."""
    return HttpResponseRedirect(static("portal/favicon.svg"))


# While the database is out: the Persian 503 page with Retry-After (jahesh.core.unavailable).
handler500 = "jahesh.core.unavailable.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("staff/leaps/", include("jahesh.leaps.urls")),
    path("staff/newsroom/", include("jahesh.newsroom.urls")),
    path("staff/registry/", include("jahesh.registry.urls")),
    path("staff/api-tokens/", include("jahesh.opendata.api.page_urls")),
    path("staff/security/", include("jahesh.core.security.urls")),
    path("committee/", include("jahesh.committee.urls")),
    path("opendata/", include("jahesh.opendata.urls")),
    path("api/v1/", include("jahesh.opendata.api.urls")),
    # Article and progress photos pass their gates whether or not this process serves the rest.
    re_path(r"^media/newsroom/(?P<path>.*)$", newsroom_photo, name="newsroom_photo"),
    re_path(r"^media/progress/(?P<path>.*)$", progress_photo, name="progress_photo"),
    path("", include("jahesh.portal.urls")),
]

if settings.SERVE_FILES:
    from django.contrib.staticfiles.views import serve as serve_static
    from django.http import FileResponse, Http404, HttpResponse
    from django.views.static import serve as django_serve

    def serve_media(
        request: HttpRequest, path: str, document_root: str
    ) -> FileResponse | HttpResponse:
        """Django's file view, with a name the file system refuses (a segment of over 255 bytes:
        128 Persian letters are enough) answered as the missing file it is, not a server error."""
        try:
            return django_serve(request, path, document_root=document_root)
        except OSError as exc:
            raise Http404("پرونده پیدا نشد.") from exc

    # Production pages name collected, content-hashed files, which only STATIC_ROOT holds;
    # elsewhere they are read from the installed packages, with no collectstatic needed.
    static_route = (
        re_path(r"^static/(?P<path>.*)$", serve_media, {"document_root": settings.STATIC_ROOT})
        if settings.PRODUCTION
        else re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True})
    )
    urlpatterns += [
        static_route,
        re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    ]
