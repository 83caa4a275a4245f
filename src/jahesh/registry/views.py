"""Staff pages of the registry: the projects import (check with a dry run, then import)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jahesh.core.errors import PermissionDeniedError
from jahesh.registry import forms, selectors
from jahesh.registry.importing import ImportRejectedError, ImportResult, projects_import
from jahesh.registry.importing.template import template_headers
from jahesh.registry.models import Role

SHOWN_ROWS = 500


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request: HttpRequest) -> HttpResponse:
    """Upload a projects file for one city; a dry run lists what would change or what is wrong."""
    user = request.user
    if not selectors.municipality_list_for(user, minimum=Role.EDITOR).exists():
        raise PermissionDenied("شما در هیچ شهرداری اجازه ورود پروژه ندارید.")
    result: ImportResult | None = None
    rejected: ImportRejectedError | None = None
    status = 200
    if request.method == "POST":
        form = forms.ProjectImportForm(request.POST, request.FILES, user=user)
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
        form = forms.ProjectImportForm(user=user)
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
