"""The staff page of a city's API tokens: a city admin makes (shown once) and revokes them."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jahesh.core.errors import NotFoundError, ValidationError
from jahesh.opendata.api.tokens import (
    DEFAULT_DAYS,
    MAX_DAYS,
    IssuedToken,
    api_token_create,
    api_token_revoke,
    can_manage_tokens,
    token_list_for,
)
from jahesh.opendata.models import TokenKind, TokenScope
from jahesh.registry.models import Municipality
from jahesh.registry.staff_views import refusals_flashed, staff_city, staff_view

staff_page = staff_view("opendata/api_error.html")


@staff_page
@require_http_methods(["GET"])
def token_cities(request: HttpRequest) -> HttpResponse:
    """The cities whose tokens the user manages; with one, its page at once."""
    cities = [
        c for c in Municipality.objects.order_by("name") if can_manage_tokens(request.user, c)
    ]
    if len(cities) == 1:
        return HttpResponseRedirect(reverse("api_tokens:city", args=[cities[0].slug]))
    context = {**admin.site.each_context(request), "title": "کلیدهای API", "cities": cities}
    return render(request, "opendata/api_token_cities.html", context)


def _days(raw: str) -> int:
    try:
        return int(raw.strip() or DEFAULT_DAYS)
    except ValueError:
        raise ValidationError("مدت اعتبار کلید را به روز و با عدد بنویسید.", field="days") from None


@staff_page
@require_http_methods(["GET", "POST"])
def token_page(request: HttpRequest, slug: str) -> HttpResponse:
    city = staff_city(request, slug, may_view=can_manage_tokens)
    issued: IssuedToken | None = None
    status = 200
    if request.method == "POST":
        revoke = request.POST.get("revoke")
        if revoke:
            token = token_list_for(city).filter(prefix=revoke).first()
            if token is None:
                raise NotFoundError("این کلید پیدا نشد.")
            api_token_revoke(by=request.user, token=token)
            messages.success(request, f"کلید «{token.name}» باطل شد.")
            return HttpResponseRedirect(request.path)
        with refusals_flashed(request):
            issued = api_token_create(
                by=request.user,
                municipality=city,
                name=request.POST.get("name", ""),
                kind=request.POST.get("kind", ""),
                scope=request.POST.get("scope", ""),
                days=_days(request.POST.get("days", "")),
            )
        if issued is None:
            status = 400
    context = {
        **admin.site.each_context(request),
        "title": f"کلیدهای API {city.name}",
        "municipality": city,
        "tokens": token_list_for(city),
        "issued": issued,
        "kinds": TokenKind.choices,
        "scopes": TokenScope.choices,
        "default_days": DEFAULT_DAYS,
        "max_days": MAX_DAYS,
    }
    response = render(request, "opendata/api_tokens.html", context, status=status)
    # The page that shows a new token must not stay in any cache.
    response["Cache-Control"] = "no-store"
    return response
