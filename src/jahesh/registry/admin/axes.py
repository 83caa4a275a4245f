"""django-axes' records in the back office, shown as the project shows every row: Persian titles,
Jalali times, Persian digits (``display.PersianDisplayAdmin``), and each row named in Persian.

django-axes' own admins name a row by its model's ``__str__``, an English sentence with a
Gregorian time («Attempted Access: 2025-03-21 08:30:00+00:00»), and that name is the title of a
row's page, its breadcrumb, the deletion page and the admin's log of recent actions. The models
stay as django-axes wrote them: these admins hand Django's pages the row wrapped in ``Named``,
which answers ``str()`` with ``row_name`` and everything else from the row.

All three are read-only (they are logs of what happened). A lock-out record alone may be deleted,
by whoever holds Django's delete permission on it: deleting it is the unlock (config/signin.py),
as in django-axes' own admin; ``jahesh axes_reset_username`` does the same from a shell.
"""

from __future__ import annotations

from typing import Any

from axes.admin import IsLockedOutFilter
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessBase, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from jahesh import persian
from jahesh.core import audit, lockout
from jahesh.registry.admin.display import EMPTY, PersianDisplayAdmin


def row_name(row: AccessBase) -> str:
    """A record in Persian words: what, when and who (the address is on the row's page).

    The username comes last: Latin letters followed by digits would carry the digits of the
    date into their left-to-right run and scramble the line.
    """
    who = f"با نام کاربری «{row.username}»" if row.username else "با نام کاربری نامعلوم"
    when = persian.format_jalali(row.attempt_time, "datetime") if row.attempt_time else EMPTY
    if isinstance(row, AccessAttempt):
        return f"تلاش‌های ورود در {when} {who}"
    if isinstance(row, AccessFailureLog):
        locked = "، و ورود قفل شد" if row.locked_out else ""
        return f"ورود ناموفق در {when} {who}{locked}"
    return f"ورود در {when} {who}"


class Named:
    """A row whose ``str()`` is its Persian name; every attribute is the row's own."""

    def __init__(self, row: AccessBase) -> None:
        self._row = row
        self._name = row_name(row)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._row, attribute)

    def __str__(self) -> str:
        return self._name


# How much of a browser's name the lists show (its row's page shows all of it).
BROWSER_CHARS = 30
# What django-axes stores when the request did not say (a sign-in made without a browser).
AXES_UNKNOWN = "<unknown>"


def _machine_text(value: str | None, chars: int | None = None) -> SafeString | str:
    # What a browser or a form sent, as it was sent: left to right, as code; in a list, its
    # first ``chars`` characters (a browser's whole name would stretch the column).
    if not value:
        return EMPTY
    if value == AXES_UNKNOWN:
        return "نامعلوم"
    shown = value if chars is None else Truncator(value).chars(chars)
    return format_html('<code dir="ltr">{}</code>', shown)


# Shown in place of the raw fields of a record; with no right to change, every other field of
# the fieldsets is read-only too (Django's view-only form), dates in Jalali.
SHOWN: tuple[str, ...] = ("path", "address", "browser", "accepts")


class AxesRecordAdmin(PersianDisplayAdmin):
    """The shared part: read-only, searchable, named in Persian on every page of one row."""

    search_fields = ("ip_address", "username", "user_agent", "path_info")
    readonly_fields = SHOWN
    meta_fields = ("address", "browser", "accepts")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="مرورگر")
    def browser(self, row: AccessBase) -> SafeString | str:
        return _machine_text(row.user_agent)

    @admin.display(description="مرورگر")
    def browser_short(self, row: AccessBase) -> SafeString | str:
        return _machine_text(row.user_agent, chars=BROWSER_CHARS)

    @admin.display(description="قالب‌های پذیرفته‌ی مرورگر")
    def accepts(self, row: AccessBase) -> SafeString | str:
        return _machine_text(row.http_accept)

    @admin.display(description="مسیر", ordering="path_info")
    def path(self, row: AccessBase) -> SafeString | str:
        return _machine_text(row.path_info)

    @admin.display(description="نشانی IP", ordering="ip_address")
    def address(self, row: AccessBase) -> SafeString | str:
        return _machine_text(row.ip_address)

    def action_checkbox(self, obj: Any) -> SafeString:
        # Its spoken label names the row.
        box: SafeString = super().action_checkbox(Named(obj))
        return box

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        row = self.get_object(request, unquote(object_id))
        named = {} if row is None else {"original": Named(row), "subtitle": row_name(row)}
        return super().change_view(request, object_id, form_url, {**named, **(extra_context or {})})

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        row = self.get_object(request, unquote(object_id))
        named = (
            {}
            if row is None
            else {"object": Named(row), "title": _("Change history: %s") % row_name(row)}
        )
        return super().history_view(request, object_id, {**named, **(extra_context or {})})

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        row = self.get_object(request, unquote(object_id))
        if row is not None:
            request.jahesh_row_name = row_name(row)  # type: ignore[attr-defined]
        named = {} if row is None else {"object": Named(row)}
        return super().delete_view(request, object_id, {**named, **(extra_context or {})})

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: Any) -> HttpResponse:
        # Django names the deleted row by its str(), taken before the row is gone.
        shown = getattr(request, "jahesh_row_name", obj_display)
        return super().response_delete(request, shown, obj_id)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        # The log of recent actions keeps the row's name: the Persian one.
        named: Any = [Named(row) for row in queryset]  # Django reads each one's pk and str()
        return super().log_deletions(request, named)

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        names = {
            str(conditional_escape(str(row))): str(conditional_escape(row_name(row)))
            for row in objs
        }
        return _renamed(to_delete, names), counts, perms_needed, _renamed(protected, names)


def _renamed(items: list[Any], names: dict[str, str]) -> list[Any]:
    """The deletion summary's lines with each row's English name put in Persian words."""
    shown: list[Any] = []
    for item in items:
        if isinstance(item, list):
            shown.append(_renamed(item, names))
            continue
        text = str(conditional_escape(item))
        for english, persian_name in names.items():
            text = text.replace(english, persian_name)
        shown.append(mark_safe(text))  # built from escaped text only
    return shown


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
if admin.site.is_registered(AccessLog):
    admin.site.unregister(AccessLog)
if admin.site.is_registered(AccessFailureLog):
    admin.site.unregister(AccessFailureLog)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesRecordAdmin):
    list_display = (
        "attempt_time",
        "username",
        "address",
        "path",
        "failures_since_start",
        "status",
        "browser_short",
    )
    list_filter = ("attempt_time", IsLockedOutFilter)
    fieldsets = (
        (
            None,
            {"fields": ("username", "path", "attempt_time", "failures_since_start", "status")},
        ),
        ("داده‌های فرم", {"fields": ("sent_query", "sent_form")}),
        ("درخواست", {"fields": AxesRecordAdmin.meta_fields}),
    )
    readonly_fields = (*SHOWN, "status", "sent_query", "sent_form")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting a lock-out record is the unlock.
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    # The deletion is the unlock: each one is in the audit log, under the unlocked person's
    # cities, with who lifted it.
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.unlock_record(by=request.user, usernames=[obj.username], request=request)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        usernames = list(queryset.values_list("username", flat=True))
        audit.unlock_record(by=request.user, usernames=usernames, request=request)
        super().delete_queryset(request, queryset)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # The deletion is the unlock: named as the locked-out person was told (core/lockout.py).
        actions: dict[str, Any] = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (function, name, lockout.UNLOCK_ACTION)
        return actions

    @admin.display(description="وضعیت")
    def status(self, row: AccessAttempt) -> str:
        limit = axes_settings.AXES_FAILURE_LIMIT
        if not isinstance(limit, int):
            return EMPTY
        if row.failures_since_start >= limit:
            return lockout.STATUS_LOCKED
        return f"{limit - row.failures_since_start} تلاش مانده تا قفل"

    @admin.display(description="داده‌های نشانی (GET)")
    def sent_query(self, row: AccessAttempt) -> SafeString | str:
        return _machine_text(row.get_data)

    @admin.display(description="داده‌های فرم (POST)")
    def sent_form(self, row: AccessAttempt) -> SafeString | str:
        return _machine_text(row.post_data)


@admin.register(AccessLog)
class AccessLogAdmin(AxesRecordAdmin):
    list_display = ("attempt_time", "logout_time", "username", "address", "path", "browser_short")
    list_filter = ("attempt_time", "logout_time")
    fieldsets = (
        (None, {"fields": ("username", "path", "attempt_time", "logout_time")}),
        ("درخواست", {"fields": AxesRecordAdmin.meta_fields}),
    )


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(AxesRecordAdmin):
    list_display = ("attempt_time", "username", "address", "path", "locked_out", "browser_short")
    list_filter = ("attempt_time", "locked_out")
    fieldsets = (
        (None, {"fields": ("username", "path", "attempt_time", "locked_out")}),
        ("درخواست", {"fields": AxesRecordAdmin.meta_fields}),
    )
