from django.urls import path

from jahesh.opendata import views

app_name = "opendata"
urlpatterns = [
    path("<str:city>/", views.index, name="index"),
    path("<str:city>/oc4ids.json", views.oc4ids_package, name="oc4ids"),
    path("<str:city>/projects.csv", views.projects_csv, name="csv"),
    path("<str:city>/projects.geojson", views.projects_geojson, name="geojson"),
    path("api/<str:city>/projects.json", views.api_projects, name="api_projects"),
    path("api/<str:city>/waves.json", views.api_waves, name="api_waves"),
]
