from django.urls import path

from jahesh.opendata import files, views

app_name = "opendata"
urlpatterns = [
    path("<str:city>/", views.index, name="index"),
    path("<str:city>/catalogue/", views.catalogue_page, name="catalogue"),
    *(
        path(f"<str:city>/{row.path}", views.download, {"name": row.name}, name=row.name)
        for row in files.DOWNLOADS
    ),
    path("api/<str:city>/projects.json", views.api_projects, name="api_projects"),
    path("api/<str:city>/waves.json", views.api_waves, name="api_waves"),
]
