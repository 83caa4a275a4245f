"""What every staff newsroom page shares: sign-in, Persian errors, the city from the address."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from jahesh.newsroom import permissions as perms
from jahesh.newsroom.models import Article
from jahesh.registry.models import Municipality
from jahesh.registry.staff_views import staff_city, staff_view

# Every staff page of the newsroom: sign-in, and the one answer to domain errors.
staff_page = staff_view("newsroom/error.html")


def city_for(request: HttpRequest, slug: str) -> Municipality:
    return staff_city(request, slug, may_view=perms.can_view_newsroom)


def article_address(article: Article) -> str:
    return reverse("newsroom:article", args=[article.municipality.slug, article.code])
