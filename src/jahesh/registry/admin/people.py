"""The people who sign in, as superusers see them in the admin: Django's own user admin with the
project's display (Jalali dates, Persian history and deletion wording).

The sign-in times are the system's record, so they are read-only here: shown in Jalali, never
typed over in Django's Gregorian date-and-time inputs.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from jahesh.registry.admin.display import PersianDisplayAdmin

User = get_user_model()

if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PersianUserAdmin(PersianDisplayAdmin, UserAdmin):  # type: ignore[type-arg]
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "last_login", "date_joined") if obj is not None else fields
