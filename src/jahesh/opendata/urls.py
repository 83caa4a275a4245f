from django.urls import path

from jahesh.opendata import promises, views

app_name = "opendata"
urlpatterns = [
    path("<str:city>/", views.index, name="index"),
    path("<str:city>/catalogue/", views.catalogue_page, name="catalogue"),
    path("<str:city>/catalogue.jsonld", views.catalogue_jsonld, name="catalogue_jsonld"),
    path("<str:city>/oc4ids.json", views.oc4ids_package, name="oc4ids"),
    path(
        "<str:city>/projects/<str:code>/oc4ids.json",
        views.oc4ids_project,
        name="oc4ids_project",
    ),
    path("<str:city>/projects.csv", views.projects_csv, name="csv"),
    path("<str:city>/projects.geojson", views.projects_geojson, name="geojson"),
    path("<str:city>/facts.csv", views.facts_csv, name="facts_csv"),
    path("<str:city>/facts.json", views.facts_json, name="facts_json"),
    path("<str:city>/promises.csv", promises.promises_csv, name="promises_csv"),
    path("<str:city>/promises.json", promises.promises_json, name="promises_json"),
    path("<str:city>/data-dictionary.csv", views.dictionary, name="dictionary"),
    path("<str:city>/opendata.zip", views.bulk_zip, name="bulk"),
    path("<str:city>/opendata.zip.sha256", views.bulk_checksum, name="bulk_checksum"),
    path("api/<str:city>/projects.json", views.api_projects, name="api_projects"),
    path("api/<str:city>/waves.json", views.api_waves, name="api_waves"),
]
