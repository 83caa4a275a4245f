from django.urls import path

from jahesh.opendata import promises, views

app_name = "opendata"
urlpatterns = [
    path("<str:city>/", views.index, name="index"),
    path("<str:city>/oc4ids.json", views.oc4ids_package, name="oc4ids"),
    path("<str:city>/projects.csv", views.projects_csv, name="csv"),
    path("<str:city>/projects.geojson", views.projects_geojson, name="geojson"),
    path("<str:city>/promises.csv", promises.promises_csv, name="promises_csv"),
    path("<str:city>/promises.json", promises.promises_json, name="promises_json"),
    path("api/<str:city>/projects.json", views.api_projects, name="api_projects"),
    path("api/<str:city>/waves.json", views.api_waves, name="api_waves"),
]
