from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "جهش — میز کار کارکنان"
admin.site.site_title = "جهش"
admin.site.index_title = "مدیریت"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/leaps/", include("jahesh.leaps.urls")),
    path("staff/newsroom/", include("jahesh.newsroom.urls")),
    path("staff/registry/", include("jahesh.registry.urls")),
    path("committee/", include("jahesh.committee.urls")),
    path("opendata/", include("jahesh.opendata.urls")),
    path("", include("jahesh.portal.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
