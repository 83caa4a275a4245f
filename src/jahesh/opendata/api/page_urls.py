"""Addresses of the API token pages, mounted at /staff/api-tokens/."""

from __future__ import annotations

from django.urls import URLPattern, path

from jahesh.opendata.api import pages

app_name = "api_tokens"
urlpatterns: list[URLPattern] = [
    path("", pages.token_cities, name="index"),
    path("<slug:slug>/", pages.token_page, name="city"),
]
