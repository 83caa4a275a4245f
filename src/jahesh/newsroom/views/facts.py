"""Staff page of published figures that data no longer bear out, and their one-step correction."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jahesh.newsroom import permissions as perms
from jahesh.newsroom import selectors, services
from jahesh.newsroom.models import Article
from jahesh.newsroom.views.common import city_for, staff_page


@staff_page
def figures(request: HttpRequest, city: str) -> HttpResponse:
    municipality = city_for(request, city)
    facts = selectors.facts_out_of_date(user=request.user, municipality=municipality)
    by_article: dict[int, tuple[Article, list[object]]] = {}
    for fact in facts:
        by_article.setdefault(fact.article_id, (fact.article, []))[1].append(fact)
    return render(
        request,
        "newsroom/figures.html",
        {
            "municipality": municipality,
            "articles": [
                (article, rows, perms.can_correct_article(request.user, article))
                for article, rows in by_article.values()
            ],
        },
    )


@staff_page
@require_POST
def figures_correct(request: HttpRequest, city: str, code: int) -> HttpResponse:
    municipality = city_for(request, city)
    article = selectors.article_get(user=request.user, municipality=municipality, code=code)
    services.article_correct_figures(by=request.user, article=article)
    messages.success(request, "اصلاحیه ارقام منتشر شد؛ نشانی و کد مطلب همان است.")
    return HttpResponseRedirect(reverse("newsroom:figures", args=[municipality.slug]))
