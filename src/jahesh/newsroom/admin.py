"""Admin of the newsroom. Channel secrets are write-only here: only their last four characters
are ever shown back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from jahesh.newsroom.credentials import encrypt_secret, secret_hint
from jahesh.newsroom.models import Article, ArticlePhoto, Channel, Dispatch, Publication


class ArticlePhotoInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ArticlePhoto
    extra = 0


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("code", "title", "municipality", "kind", "status", "published_at")
    list_filter = ("municipality", "kind", "status")
    search_fields = ("title", "lead")
    readonly_fields = ("code", "created_by", "approved_by", "approved_at", "published_at")
    filter_horizontal = ("waves", "projects", "ceremonies")
    inlines = (ArticlePhotoInline,)


class ChannelAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    new_secret = forms.CharField(
        label="توکن یا کلید تازه",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="خالی یعنی بدون تغییر؛ راز ذخیره‌شده هرگز نشان داده نمی‌شود.",
    )

    class Meta:
        model = Channel
        fields = ("municipality", "kind", "name", "is_active", "is_default", "config")


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ChannelAdminForm
    list_display = ("name", "municipality", "kind", "is_active", "is_default", "masked_secret")
    list_filter = ("municipality", "kind")
    readonly_fields = ("masked_secret",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        secret = form.cleaned_data.get("new_secret", "").strip()
        if secret:
            obj.secret_encrypted = encrypt_secret(secret)
            obj.secret_hint = secret_hint(secret)
        super().save_model(request, obj, form, change)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "idempotency_key",
        "article",
        "channel",
        "state",
        "attempts",
        "due_at",
        "sent_at",
    )
    list_filter = ("state", "channel__kind", "municipality")
    search_fields = ("idempotency_key", "article__title")
    readonly_fields = (
        "idempotency_key",
        "claimed_at",
        "claimed_by",
        "sent_at",
        "external_id",
        "attempts",
        "last_error",
    )


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("pk", "municipality", "wave", "due_at", "fired_at", "cancelled_at")
    list_filter = ("municipality",)
