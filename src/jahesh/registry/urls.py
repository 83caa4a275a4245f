from django.urls import URLPattern, path

from jahesh.registry import views

app_name = "registry"
urlpatterns: list[URLPattern] = [
    path("import/", views.project_import, name="project-import"),
    path(
        "<str:city>/projects/<str:code>/timeline/",
        views.project_timeline,
        name="project-timeline",
    ),
]
