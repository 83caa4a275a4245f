"""How the back office shows stored values: dates in Jalali, stored JSON as code, history and
deletion summaries in Persian words. Display only: nothing here changes what is stored.

``PersianDisplayAdmin`` is the base of ``CityScopedAdmin``, so every model admin of the project
shows its rows this way. Digits are the output step's work (``persian_output``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from jahesh import persian

EMPTY = "—"
# How much of a long old or new value the history's change column shows.
HISTORY_VALUE_CHARS = 100

Shown = Callable[[Any], Any]
_shown_cache: dict[tuple[str, str], Shown] = {}


def show_value(field: models.Field[Any, Any] | None, value: Any) -> str:
    """A stored value in Persian words: a choice's label, a Jalali date, yes or no."""
    if value is None or value == "":
        return EMPTY
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if isinstance(value, dt.datetime):
        return persian.format_jalali(value, "datetime")
    if isinstance(value, dt.date):
        return persian.format_jalali(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _date_column(field: models.DateField[Any, Any]) -> Shown:
    @admin.display(description=capfirst(field.verbose_name), ordering=field.name)
    def shown(obj: Any) -> str:
        return show_value(field, getattr(obj, field.attname))

    return shown


def _json_block(field: models.JSONField[Any, Any]) -> Shown:
    # Stored machine data (solver figures, settings): shown as it is stored, as code.
    @admin.display(description=capfirst(field.verbose_name))
    def shown(obj: Any) -> SafeString | str:
        value = getattr(obj, field.attname)
        if value in (None, "", {}, []):
            return EMPTY
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html('<pre dir="ltr" class="jahesh-stored">{}</pre>', text)

    return shown


def shown_instead(model: type[models.Model], name: Any) -> Any:
    """What the admin shows in place of the field ``name`` of ``model``: a Jalali date or a code
    block for a date or JSON field, else ``name`` itself. One function per field, named as it."""
    if not isinstance(name, str):
        return name
    key = (model._meta.label, name)
    if key in _shown_cache:
        return _shown_cache[key]
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if isinstance(field, models.DateField):  # DateTimeField too
        shown = _date_column(field)
    elif isinstance(field, models.JSONField):
        shown = _json_block(field)
    else:
        return name
    shown.__name__ = name  # the page's CSS classes and help text follow the field's name
    _shown_cache[key] = shown
    return shown


def _replaced(fields: Sequence[Any], swap: dict[Any, Any]) -> tuple[Any, ...]:
    return tuple(
        _replaced(f, swap) if isinstance(f, (list, tuple)) else swap.get(f, f) for f in fields
    )


def persian_readonly(adminform: Any, model: type[models.Model]) -> None:
    """Show the read-only date and JSON fields of a change form through ``shown_instead``."""
    swap = {
        name: shown
        for name in adminform.readonly_fields
        if (shown := shown_instead(model, name)) is not name
    }
    if not swap:
        return
    adminform.readonly_fields = _replaced(adminform.readonly_fields, swap)
    adminform.fieldsets = [
        (title, {**options, "fields": _replaced(options.get("fields", ()), swap)})
        for title, options in adminform.fieldsets
    ]


_FIELD_NAME = re.compile(r"\b[a-z][a-z0-9_]*\b")


def reason_in_words(model: type[models.Model], reason: str | None) -> str:
    """A stored change reason with the fields it names (``ویرایش: status، title``, as the
    services write them) shown by their Persian names."""

    def named(match: re.Match[str]) -> str:
        try:
            field = model._meta.get_field(match.group())
        except FieldDoesNotExist:
            return match.group()
        return str(getattr(field, "verbose_name", match.group()))

    return _FIELD_NAME.sub(named, reason or "")


class PersianHistoryHelper(HistoricalRecordContextHelper):  # type: ignore[misc]
    """The history's change column: labels of choices, Jalali dates, yes and no, names of rows;
    a long value cut around where it changed, with «…» (simple-history writes «[N chars]»)."""

    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):
            return "، ".join(str(v) for v in value) or EMPTY
        if isinstance(field, models.JSONField):
            return EMPTY if value in (None, {}, []) else "(داده‌ی ساختاریافته)"
        return show_value(field, value)

    def stringify_delta_change_values(
        self, change: Any, old: Any, new: Any
    ) -> tuple[SafeString, SafeString]:
        old, new = str(old), str(new)
        limit = HISTORY_VALUE_CHARS
        if max(len(old), len(new)) <= limit:
            return conditional_escape(old), conditional_escape(new)
        same = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
            min(len(old), len(new)),
        )
        start = max(0, same - limit // 4)

        def cut(text: str) -> str:
            piece = text[start : start + limit]
            return ("…" if start else "") + piece + ("…" if start + limit < len(text) else "")

        return conditional_escape(cut(old)), conditional_escape(cut(new))


def _through_link(obj: models.Model) -> str | None:
    """«پیوند پروژه «…» با حوزه «…»» for a row of an automatic many-to-many table, else None."""
    if not obj._meta.auto_created:
        return None
    ends = [f for f in obj._meta.fields if isinstance(f, models.ForeignKey)]
    if len(ends) != 2:
        return None
    (first, second) = ends
    return (
        f"پیوند {first.related_model._meta.verbose_name} «{getattr(obj, first.name)}» "
        f"با {second.related_model._meta.verbose_name} «{getattr(obj, second.name)}»"
    )


def _through_name(model: Any) -> str:
    owner: Any = model._meta.auto_created
    if owner:
        for field in owner._meta.many_to_many:
            if field.remote_field.through is model:
                return f"پیوندهای {owner._meta.verbose_name} با {field.verbose_name}"
    return str(model._meta.verbose_name_plural)


def deleted_objects(
    objs: Sequence[models.Model], request: HttpRequest, admin_site: admin.AdminSite
) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
    """Django's ``get_deleted_objects`` with rows of many-to-many tables named in Persian (Django
    names them «Project_sectors object (12)» under the English model names)."""
    if not objs:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed: set[str] = set()

    def named(obj: models.Model) -> Any:
        through = _through_link(obj)
        if through is not None:
            return through
        opts = obj._meta
        label = f"{capfirst(opts.verbose_name)}: {obj}"
        if not admin_site.is_registered(type(obj)):
            return label
        if not admin_site.get_model_admin(type(obj)).has_delete_permission(request, obj):
            perms_needed.add(str(opts.verbose_name))
        try:
            url = reverse(
                f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=(quote(obj.pk),),
            )
        except NoReverseMatch:
            return label
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

    to_delete = collector.nested(named)
    protected = [named(obj) for obj in collector.protected]
    counts = {_through_name(model): len(rows) for model, rows in collector.model_objs.items()}
    return to_delete, counts, perms_needed, protected


class PersianDisplayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Dates in Jalali in the change list, the change form's read-only fields and the history;
    the history and the deletion summary in Persian words."""

    # simple-history's pages, with the app's and the model's Persian names (its own name the
    # historical model «historical …» and the app by its label) and Jalali dates.
    object_history_list_template = "admin/jahesh/history_list.html"
    object_history_form_template = "admin/jahesh/history_form.html"

    class Media:
        js = ("registry/admin-digits.js",)

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        # Django's own history page (admins without simple-history), with Jalali times.
        if not isinstance(self, SimpleHistoryAdmin) and self.object_history_template is None:
            self.object_history_template = "admin/jahesh/object_history.html"  # type: ignore[misc]

    def get_list_display(self, request: HttpRequest) -> Any:
        return tuple(shown_instead(self.model, name) for name in super().get_list_display(request))

    def render_change_form(  # noqa: PLR0917 - Django's own signature
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        if context.get("adminform") is not None:
            persian_readonly(context["adminform"], self.model)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def render_history_view(
        self, request: HttpRequest, template: str, context: dict[str, Any], **kwargs: Any
    ) -> HttpResponse:
        # simple-history's page of one past version is a change form of its own.
        if context.get("adminform") is not None:
            persian_readonly(context["adminform"], self.model)
        shown: HttpResponse = super().render_history_view(  # type: ignore[misc]
            request, template, context, **kwargs
        )
        return shown

    def set_history_delta_changes(
        self, request: HttpRequest, historical_records: Any, foreign_keys_are_objs: bool = True
    ) -> None:
        super().set_history_delta_changes(  # type: ignore[misc]
            request, historical_records, foreign_keys_are_objs
        )
        for record in historical_records:
            record.reason_shown = reason_in_words(self.model, record.history_change_reason)

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: Any
    ) -> HistoricalRecordContextHelper:
        return PersianHistoryHelper(self.model, historical_record)

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        return deleted_objects(objs, request, self.admin_site)
