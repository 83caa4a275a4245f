"""The audit log and the people's authenticators in the admin, for superusers only.

The log is read-only here as everywhere; a city's admin reads their city's events on the staff
page (``/staff/security/``). django-otp's own device admins are replaced: they would show
secrets and English, and could not reset a person in one step.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from jahesh import persian
from jahesh.core.errors import JaheshError
from jahesh.core.models import AuditEvent, CitySecurityPolicy, TwoFactorDevice
from jahesh.core.twofactor import devices

for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class SuperuserOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(SuperuserOnly):
    list_display = ("when", "kind", "actor_username", "subject_username", "summary", "cities_shown")
    list_filter = ("kind",)
    search_fields = ("actor_username", "subject_username", "summary", "target_label")
    list_per_page = 50
    # The stored model label (``registry.project``) is for queries, not for reading.
    fields = (
        "when",
        "kind",
        "actor_username",
        "subject_username",
        "target_label",
        "summary",
        "address",
        "cities_shown",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return super().get_queryset(request).prefetch_related("cities")

    @admin.display(description="زمان", ordering="at")
    def when(self, event: AuditEvent) -> str:
        return persian.format_jalali(event.at, "datetime")

    @admin.display(description="شهرداری‌ها")
    def cities_shown(self, event: AuditEvent) -> str:
        return "، ".join(c.city_name for c in event.cities.all()) or "—"


@admin.register(CitySecurityPolicy)
class CitySecurityPolicyAdmin(SuperuserOnly):
    list_display = ("city_id", "require_two_factor", "changed_by_username")


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(SuperuserOnly):
    list_display = ("person", "is_confirmed", "last_used")
    search_fields = ("user__username",)
    fields = ()
    actions = ("reset",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("user")

    @admin.display(description="کاربر", ordering="user__username")
    def person(self, device: TOTPDevice) -> str:
        return str(device.user.get_username())

    @admin.display(description="راه‌اندازی کامل", boolean=True)
    def is_confirmed(self, device: TOTPDevice) -> bool:
        return bool(device.confirmed)

    @admin.display(description="آخرین به‌کارگیری")
    def last_used(self, device: TOTPDevice) -> str:
        used = device.last_used_at
        return persian.format_jalali(used, "datetime") if used else "—"

    @admin.action(description="بازنشانی ورود دومرحله‌ای کاربران برگزیده (برنامه و کدهای پشتیبان)")
    def reset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        done = 0
        for user in {device.user for device in queryset.select_related("user")}:
            try:
                devices.devices_reset(by=request.user, user=user)
            except JaheshError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                done += 1
        self.message_user(
            request, f"ورود دومرحله‌ای {persian.to_persian_digits(str(done))} کاربر بازنشانی شد."
        )
