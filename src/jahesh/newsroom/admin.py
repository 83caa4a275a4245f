"""Admin of the newsroom. Channel secrets are write-only here: only their last four characters
are ever shown back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from jahesh.core.errors import ValidationError
from jahesh.newsroom.credentials import encrypt_secret, secret_hint
from jahesh.newsroom.models import Article, ArticlePhoto, Channel, Dispatch, Publication
from jahesh.newsroom.services.articles import clean_text


class ArticlePhotoInline(admin.TabularInline):  # type: ignore[type-arg]
    """Captions and order only: a photo is added on the newsroom page, which checks its bytes and
    gives it a random name (an upload here would keep the sender's name and claimed type)."""

    model = ArticlePhoto
    extra = 0
    readonly_fields = ("file", "content_type")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Text fields pass the same cleaning as on the newsroom page (plain text, no overrides)."""

    class Meta:
        model = Article
        # The admin adds the rest of the editable fields itself (ModelAdmin.get_form).
        fields = ("title", "kicker", "lead", "body", "reporter_name")

    def _cleaned(self, field: str, *, required: bool = False) -> str:
        try:
            return clean_text(self.cleaned_data.get(field), field=field, required=required)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean_title(self) -> str:
        return self._cleaned("title", required=True)

    def clean_kicker(self) -> str:
        return self._cleaned("kicker")

    def clean_lead(self) -> str:
        return self._cleaned("lead")

    def clean_body(self) -> str:
        return self._cleaned("body")

    def clean_reporter_name(self) -> str:
        return self._cleaned("reporter_name")


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    form = ArticleAdminForm
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
