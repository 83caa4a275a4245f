"""Staff pages of the registry: the projects import (check with a dry run, then import) and a
project's timeline (milestones and progress updates)."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jahesh.core.errors import NotFoundError, PermissionDeniedError, ValidationError, require
from jahesh.registry import forms, progress, selectors, timeline
from jahesh.registry import permissions as perms
from jahesh.registry.importing import ImportRejectedError, ImportResult, projects_import
from jahesh.registry.importing.template import template_headers
from jahesh.registry.models import ProgressUpdate, Project, ProjectMilestone, Role
from jahesh.registry.staff_views import staff_city, staff_view

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


registry_staff_page = staff_view("registry/error.html")


@registry_staff_page
@require_http_methods(["GET", "POST"])
def project_timeline(request: HttpRequest, city: str, code: str) -> HttpResponse:
    """A project's milestones and progress updates, and the forms that add to them; the city's
    editors and above may."""
    municipality = staff_city(request, city, may_view=perms.is_member)
    project = Project.objects.filter(municipality=municipality, code=code).first()
    if project is None:
        raise NotFoundError("این پروژه در این شهرداری نیست.")
    require(perms.can_change_project(request.user, project), PermissionDeniedError())
    update_form = forms.ProgressUpdateForm(prefix="progress")
    milestone_form = forms.MilestoneForm(prefix="milestone")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "progress":
            update_form = forms.ProgressUpdateForm(request.POST, request.FILES, prefix="progress")
            if _progress_saved(request, project, update_form):
                return redirect(request.path)
            status = 400
        elif action == "milestone":
            milestone_form = forms.MilestoneForm(request.POST, prefix="milestone")
            if _milestone_saved(request, project, milestone_form):
                return redirect(request.path)
            status = 400
        elif action in ("delete_progress", "delete_milestone"):
            _timeline_row_delete(request, project, action, request.POST.get("pk", ""))
            return redirect(request.path)
        else:
            raise ValidationError("این کار شناخته نیست.")
    context = {
        **admin.site.each_context(request),
        "title": f"گاه‌شمار پروژه «{project.title}»",
        "project": project,
        "city": municipality,
        "rows": timeline.staff_timeline(project=project),
        "update_form": update_form,
        "milestone_form": milestone_form,
        # The portal's short address redirects to the canonical one; the registry cannot import
        # the portal (layering), so it names the route.
        "public_url": reverse(
            "portal:project_short", kwargs={"city": municipality.slug, "code": project.code}
        )
        if project.is_public
        else "",
    }
    return render(request, "registry/project_timeline.html", context, status=status)


def _form_refused(form: django_forms.Form, exc: ValidationError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _progress_saved(request: HttpRequest, project: Project, form: forms.ProgressUpdateForm) -> bool:
    if not form.is_valid():
        return False
    photos = [
        progress.PhotoUpload(data=upload.read(), name=upload.name, alt_text=alt)
        for upload, alt in form.photo_slots()
    ]
    try:
        progress.progress_update_record(
            by=request.user,
            project=project,
            reported_on=form.cleaned_data["reported_on"],
            physical_progress_pct=form.cleaned_data["physical_progress_pct"],
            note=form.cleaned_data["note"],
            photos=photos,
        )
    except ValidationError as exc:
        _form_refused(form, exc)
        return False
    messages.success(request, "گزارش پیشرفت ثبت شد.")
    return True


def _milestone_saved(request: HttpRequest, project: Project, form: forms.MilestoneForm) -> bool:
    if not form.is_valid():
        return False
    try:
        progress.milestone_record(by=request.user, project=project, **form.cleaned_data)
    except ValidationError as exc:
        _form_refused(form, exc)
        return False
    messages.success(request, "گام پروژه ثبت شد.")
    return True


def _timeline_row_delete(request: HttpRequest, project: Project, action: str, pk: str) -> None:
    if action == "delete_progress":
        update = ProgressUpdate.objects.filter(project=project, pk=int(pk) if pk.isdigit() else 0)
        found_update = update.first()
        if found_update is None:
            raise NotFoundError("این گزارش پیشرفت پیدا نشد.")
        progress.progress_update_delete(by=request.user, update=found_update)
        messages.success(request, "گزارش پیشرفت پاک شد.")
        return
    milestone = ProjectMilestone.objects.filter(
        project=project, pk=int(pk) if pk.isdigit() else 0
    ).first()
    if milestone is None:
        raise NotFoundError("این گام پیدا نشد.")
    progress.milestone_delete(by=request.user, milestone=milestone)
    messages.success(request, "گام پروژه پاک شد.")
