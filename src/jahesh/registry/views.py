"""Staff pages of the registry: the projects import (check with a dry run, then import)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jahesh import persian
from jahesh.core.errors import PermissionDeniedError
from jahesh.registry import permissions as perms
from jahesh.registry import selectors
from jahesh.registry.importing import (
    MAX_FILE_BYTES,
    ImportRejectedError,
    ImportResult,
    projects_import,
)
from jahesh.registry.importing.template import template_headers
from jahesh.registry.models import Municipality, Role
from jahesh.registry.permissions import Actor

SHOWN_ROWS = 500


def importable_municipalities(user: Actor) -> QuerySet[Municipality]:
    """Cities where the user may import projects (editor or above)."""
    cities = selectors.municipality_list_for(user)
    if perms.is_superuser(user):
        return cities
    return cities.filter(pk__in=perms.municipality_ids_for(user, Role.EDITOR))


class ProjectImportForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label="شهرداری",
        queryset=Municipality.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "این شهرداری در فهرست شهرهای شما نیست."},
    )
    file = forms.FileField(
        label="فایل پروژه‌ها (XLSX یا CSV)",
        error_messages={"required": "فایلی برگزینید.", "empty": "فایل خالی است."},
    )
    dry_run = forms.BooleanField(
        label="فقط بررسی شود (چیزی ذخیره نشود)", required=False, initial=True
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = importable_municipalities(user)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            limit = persian.to_persian_digits(str(MAX_FILE_BYTES // (1024 * 1024)))
            raise forms.ValidationError(f"فایل بزرگ‌تر از {limit} مگابایت است.")
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request: HttpRequest) -> HttpResponse:
    """Upload a projects file for one city; a dry run lists what would change or what is wrong."""
    user = request.user
    if not importable_municipalities(user).exists():
        raise PermissionDenied("شما در هیچ شهرداری اجازه ورود پروژه ندارید.")
    result: ImportResult | None = None
    rejected: ImportRejectedError | None = None
    status = 200
    if request.method == "POST":
        form = ProjectImportForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            try:
                result = projects_import(
                    by=user,
                    municipality=form.cleaned_data["municipality"],
                    data=form.cleaned_data["file"].read(),
                    dry_run=form.cleaned_data["dry_run"],
                )
            except PermissionDeniedError as exc:
                raise PermissionDenied(exc.message) from exc
            except ImportRejectedError as exc:
                rejected, status = exc, 422
        else:
            status = 400
    else:
        form = ProjectImportForm(user=user)
    context = {
        **admin.site.each_context(request),
        "title": "ورود پروژه‌ها از فایل",
        "form": form,
        "result": result,
        "shown_outcomes": result.rows[:SHOWN_ROWS] if result else (),
        "rejected": rejected,
        "shown_problems": rejected.problems[:SHOWN_ROWS] if rejected else (),
        "shown_limit": SHOWN_ROWS,
        "template_headers": template_headers(),
    }
    return render(request, "registry/project_import.html", context, status=status)
