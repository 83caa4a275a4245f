"""The newsroom admin cleans article text as the newsroom page does and adds no photos."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory

from jahesh.newsroom import services
from jahesh.newsroom.models import Article, ArticleKind

pytestmark = pytest.mark.django_db


def admin_form(article: Article, user: Any, **changes: Any) -> Any:
    request = RequestFactory().post("/")
    request.user = user
    model_admin = admin.site._registry[Article]
    form_class = model_admin.get_form(request, article, change=True)
    data = {k: v for k, v in model_to_dict(article).items() if v is not None}
    data.update(changes)
    return form_class(data=data, instance=article)


def test_text_saved_in_the_admin_holds_no_markup_or_override(city_a, staff, admin_user):
    article = services.article_create(
        by=staff.reporter, municipality=city_a, kind=ArticleKind.NEWS, title="خبر"
    )
    form = admin_form(
        article,
        admin_user,
        title="تیتر \u202egnp.exe",
        lead="&lt;img src=x onerror=alert(1)&gt; <<img src=x>img src=x>",
        body="<script>alert(1)</script>متن",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "تیتر gnp.exe"
    assert "<img" not in form.cleaned_data["lead"]
    assert form.cleaned_data["body"] == "متن"


def test_an_over_long_lead_is_refused_in_persian_in_the_admin(city_a, staff, admin_user):
    article = services.article_create(
        by=staff.reporter, municipality=city_a, kind=ArticleKind.NEWS, title="خبر"
    )
    form = admin_form(article, admin_user, lead="الف" * 5_000)
    assert not form.is_valid()
    assert "نویسه" in str(form.errors["lead"])


def test_photos_are_never_uploaded_through_the_admin(admin_user):
    [inline] = admin.site._registry[Article].inlines
    request = RequestFactory().get("/")
    request.user = admin_user
    instance = inline(Article, admin.site)
    assert not instance.has_add_permission(request)
    assert {"file", "content_type"} <= set(instance.readonly_fields)
