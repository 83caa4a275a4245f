"""Admin of the newsroom: one city per row, every write through the newsroom's services.

Articles are written and edited here through ``article_create``/``article_update``; their status
moves only on the newsroom pages' workflow (submit, approve, publish), so it is read-only here.
Channels go through ``channel_create``/``channel_update``, which check their addresses and keep
the secret write-only (only its last four characters are ever shown back). Publications and
dispatches are the queue's record and are read-only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from jahesh.core.errors import ValidationError
from jahesh.leaps.models import Wave
from jahesh.newsroom import permissions as newsroom_perms
from jahesh.newsroom import services
from jahesh.newsroom.models import Article, ArticlePhoto, Channel, Dispatch, Publication
from jahesh.registry.admin.tenancy import CityScopedAdmin, ReadOnlyCityAdmin, _user
from jahesh.registry.models import Role

# What article_update accepts besides the text; the rest of the row belongs to the workflow.
ARTICLE_TEXT_FIELDS = ("title", "kicker", "lead", "body", "reporter_name")
ARTICLE_LINK_FIELDS = ("waves", "projects", "ceremonies")
# The keys of a channel's settings the help names: a bot's, an e-mail's, a webhook's.
CONFIG_KEYS = ("base_url", "chat_id", "recipients", "url")


class ArticlePhotoInline(admin.TabularInline):  # type: ignore[type-arg]
    """Photos to look at: a photo is added on the newsroom page, which checks its bytes and gives
    it a random name (an upload here would keep the sender's name and claimed type), and no
    service edits a caption, so nothing is written here."""

    model = ArticlePhoto
    extra = 0
    fields = ("file", "content_type", "caption", "position")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Text fields pass the same cleaning as on the newsroom page (plain text, no overrides)."""

    class Meta:
        model = Article
        fields = ("municipality", "kind", *ARTICLE_TEXT_FIELDS, *ARTICLE_LINK_FIELDS)

    def _cleaned(self, field: str, *, required: bool = False) -> str:
        try:
            return services.clean_text(self.cleaned_data.get(field), field=field, required=required)
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
class ArticleAdmin(CityScopedAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    form = ArticleAdminForm
    change_role = Role.EDITOR
    related_city_fields = {Wave: "programme__municipality"}  # noqa: RUF012 - read-only map
    list_display = ("code", "title", "municipality", "kind", "status", "published_at")
    list_filter = (("municipality", admin.RelatedOnlyFieldListFilter), "kind", "status")
    list_select_related = ("municipality",)
    search_fields = ("title", "lead")
    readonly_fields = ("code", "status", "created_by", "approved_by", "approved_at", "published_at")
    filter_horizontal = ARTICLE_LINK_FIELDS
    inlines = (ArticlePhotoInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(self.readonly_fields)
        return (*fields, "municipality") if obj is not None else fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A published, withdrawn or scheduled article changes only through the workflow.
        if obj is not None and not newsroom_perms.can_change_article(_user(request), obj):
            return False
        return super().has_change_permission(request, obj)

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        data = form.cleaned_data
        fields = {name: data[name] for name in (*ARTICLE_TEXT_FIELDS, *ARTICLE_LINK_FIELDS)}
        if change:
            stored = Article.objects.get(pk=obj.pk)
            return services.article_update(
                by=_user(request), article=stored, kind=data["kind"], **fields
            )
        return services.article_create(
            by=_user(request), municipality=data["municipality"], kind=data["kind"], **fields
        )


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
        # The settings' keys are typed as they are, so they are shown as code.
        help_texts = {  # noqa: RUF012 - Django reads this Meta attribute once
            "config": format_html(
                "بات: {} و {}؛ رایانامه: {}؛ وب‌هوک: {}.",
                *(format_html("<code>{}</code>", key) for key in CONFIG_KEYS),
            )
        }


@admin.register(Channel)
class ChannelAdmin(CityScopedAdmin):
    form = ChannelAdminForm
    # Channels carry the city's sending credentials: publishers and above, as on the staff page.
    view_role = Role.PUBLISHER
    change_role = Role.PUBLISHER
    list_display = ("name", "municipality", "kind", "is_active", "is_default", "secret_shown")
    list_filter = (("municipality", admin.RelatedOnlyFieldListFilter), "kind")
    list_select_related = ("municipality",)
    readonly_fields = ("secret_shown",)

    @admin.display(description="راز ذخیره‌شده (چهار نویسهٔ پایانی)")
    def secret_shown(self, channel: Channel) -> str:
        # The last characters of a secret are a code: shown as stored, left to right.
        masked = channel.masked_secret
        return format_html('<code dir="ltr">{}</code>', masked) if masked else "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(self.readonly_fields)
        return (*fields, "municipality", "kind") if obj is not None else fields

    def service_save(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> Any:
        data = form.cleaned_data
        secret = data.get("new_secret", "").strip()
        if change:
            return services.channel_update(
                by=_user(request),
                channel=Channel.objects.get(pk=obj.pk),
                name=data["name"],
                config=data["config"] or {},
                # Empty keeps the stored secret: the field is never filled back in.
                secret=secret or None,
                is_active=data["is_active"],
                is_default=data["is_default"],
            )
        channel = services.channel_create(
            by=_user(request),
            municipality=data["municipality"],
            kind=data["kind"],
            name=data["name"],
            config=data["config"] or {},
            secret=secret,
            is_default=data["is_default"],
        )
        if not data["is_active"]:
            channel = services.channel_update(by=_user(request), channel=channel, is_active=False)
        return channel


@admin.register(Publication)
class PublicationAdmin(ReadOnlyCityAdmin):
    view_role = Role.PUBLISHER
    list_display = (
        "idempotency_key",
        "article",
        "channel",
        "state",
        "attempts",
        "due_at",
        "sent_at",
    )
    list_filter = ("state", "channel__kind", ("municipality", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("article", "channel")
    search_fields = ("idempotency_key", "article__title")


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyCityAdmin):
    view_role = Role.PUBLISHER
    list_display = ("pk", "municipality", "wave", "due_at", "fired_at", "cancelled_at")
    list_filter = (("municipality", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("municipality", "wave")
