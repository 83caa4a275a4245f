"""What every staff newsroom page shares: sign-in, Persian errors, the city from the address."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jahesh.core.errors import (
    JaheshError,
    NotFoundError,
    PermissionDeniedError,
    require,
)
from jahesh.newsroom import permissions as perms
from jahesh.newsroom.models import Article
from jahesh.registry.models import Municipality

View = Callable[..., HttpResponse]


def staff_view(view: View) -> View:
    """Sign-in required; a domain error answers with its Persian sentence and a fitting status."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDeniedError as exc:
            return error_page(request, exc.message, 403)
        except NotFoundError as exc:
            return error_page(request, exc.message, 404)
        except JaheshError as exc:
            return error_page(request, exc.message, 400)

    return login_required(wrapper)


def error_page(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "newsroom/error.html", {"message": message}, status=status)


def city_for(request: HttpRequest, slug: str) -> Municipality:
    city = Municipality.objects.filter(slug=slug).first()
    require(city is not None, NotFoundError("شهرداری پیدا نشد."))
    assert city is not None
    require(perms.can_view_newsroom(request.user, city), PermissionDeniedError())
    return city


def article_address(article: Article) -> str:
    return reverse("newsroom:article", args=[article.municipality.slug, article.code])
