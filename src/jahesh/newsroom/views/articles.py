"""Staff pages of articles: lists, writing, composing, editing, the workflow steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jahesh import persian
from jahesh.core.errors import (
    JaheshError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    require,
)
from jahesh.leaps.models import Programme, Wave
from jahesh.newsroom import composition, forms, selectors, services
from jahesh.newsroom import permissions as perms
from jahesh.newsroom.errors import SelfApprovalForbiddenError
from jahesh.newsroom.models import Article, ArticleStatus
from jahesh.newsroom.views.common import article_address, city_for, staff_page
from jahesh.registry.models import Municipality
from jahesh.registry.permissions import can_write_articles, is_superuser, municipality_ids_for
from jahesh.registry.staff_views import refusals_flashed


@staff_page
def index(request: HttpRequest) -> HttpResponse:
    cities = Municipality.objects.order_by("name")
    if not is_superuser(request.user):
        cities = cities.filter(pk__in=municipality_ids_for(request.user))
    cities_list = [c for c in cities if can_write_articles(request.user, c)]
    if len(cities_list) == 1:
        return HttpResponseRedirect(reverse("newsroom:city", args=[cities_list[0].slug]))
    return render(request, "newsroom/index.html", {"cities": cities_list})


@staff_page
def city(request: HttpRequest, city: str) -> HttpResponse:
    municipality = city_for(request, city)
    status = request.GET.get("status") or None
    articles = selectors.article_list(user=request.user, municipality=municipality, status=status)
    return render(
        request,
        "newsroom/city.html",
        {
            "municipality": municipality,
            "articles": articles[:200],
            "status": status,
            "statuses": ArticleStatus.choices,
            "counts": selectors.publication_counts(municipality=municipality),
            "waves": selectors.waves_for_publishing(municipality=municipality)[:30],
            "programmes": Programme.objects.filter(municipality=municipality),
            "compose_form": forms.ComposeForm(),
            "can_publish": perms.can_publish_wave(request.user, municipality),
        },
    )


@staff_page
def article_new(request: HttpRequest, city: str) -> HttpResponse:
    municipality = city_for(request, city)
    require(perms.can_create_article(request.user, municipality), PermissionDeniedError())
    form = forms.ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(
                by=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "پیش‌نویس ذخیره شد.")
            return HttpResponseRedirect(article_address(article))
    return render(
        request, "newsroom/article_new.html", {"municipality": municipality, "form": form}
    )


@staff_page
@require_POST
def compose(request: HttpRequest, city: str) -> HttpResponse:
    """Draft a wave announcement, wave report or programme report from the data alone."""
    municipality = city_for(request, city)
    form = forms.ComposeForm(request.POST)
    require(form.is_valid(), ValidationError("گونه و مرحله یا برنامه را برگزینید."))
    genre = form.cleaned_data["genre"]
    try:
        if genre in ("wave_announcement", "wave_report"):
            wave = (
                Wave.objects.select_related("programme__municipality", "occasion")
                .filter(pk=form.cleaned_data.get("wave") or 0, programme__municipality=municipality)
                .first()
            )
            require(wave is not None, ValidationError("مرحله را برگزینید."))
            assert wave is not None
            facts = selectors.wave_facts(wave=wave)
            require(bool(facts.projects), ValidationError("این مرحله هنوز آیینی در برنامه ندارد."))
            composed = (
                composition.wave_announcement(facts, written_on=timezone.localdate())
                if genre == "wave_announcement"
                else composition.wave_report(facts)
            )
            article = services.article_create_for_wave(
                by=request.user, wave=wave, composed=composed, facts=facts
            )
        else:
            programme = Programme.objects.filter(
                pk=form.cleaned_data.get("programme") or 0, municipality=municipality
            ).first()
            require(programme is not None, ValidationError("برنامه را برگزینید."))
            assert programme is not None
            pfacts = selectors.programme_facts(programme=programme, as_of=timezone.localdate())
            require(
                bool(pfacts.waves), ValidationError("هنوز مرحله‌ای از این برنامه برگزار نشده است.")
            )
            article = services.article_create_for_programme(
                by=request.user,
                programme=programme,
                composed=composition.programme_report(pfacts),
                facts=pfacts,
            )
    except ValidationError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("newsroom:city", args=[municipality.slug]))
    messages.success(request, "پیش‌نویس از روی داده‌ها نوشته شد؛ آن را بخوانید و ویرایش کنید.")
    return HttpResponseRedirect(article_address(article))


def _article_context(request: HttpRequest, article: Article, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "municipality": article.municipality,
        "article": article,
        "history": selectors.article_history(article=article),
        "publications": article.publications.select_related("channel").order_by("channel__name"),
        "can_change": perms.can_change_article(user, article),
        "can_submit": perms.can_submit_article(user, article),
        "can_review": perms.can_review_article(user, article)
        and article.status in (ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW),
        "is_author": perms.is_author(user, article),
        "can_schedule": perms.can_schedule_article(user, article)
        and article.status in (ArticleStatus.APPROVED, ArticleStatus.SCHEDULED),
        "can_correct": perms.can_correct_article(user, article) and article.is_visible,
        "stale_facts": [f for f in article.facts.all() if f.is_out_of_date],
        "figure_warnings": selectors.hand_figure_warnings(article=article),
        "can_withdraw": perms.can_withdraw_article(user, article)
        and article.status
        in (ArticleStatus.SCHEDULED, ArticleStatus.PUBLISHED, ArticleStatus.CORRECTED),
        "can_manage": perms.can_manage_publications(user, article.municipality),
        "schedule_form": forms.ScheduleForm(),
        "photo_form": forms.PhotoForm(),
        "note_form": forms.NoteForm(),
        "correction_form": forms.CorrectionForm(
            initial={"title": article.title, "lead": article.lead, "body": article.body}
        ),
        **extra,
    }


@staff_page
def article(request: HttpRequest, city: str, code: int) -> HttpResponse:
    """Read and edit one article; after saving, show what normalisation changed and suggests."""
    municipality = city_for(request, city)
    item = selectors.article_get(user=request.user, municipality=municipality, code=code)
    initial = {
        "kind": item.kind,
        "kicker": item.kicker,
        "title": item.title,
        "lead": item.lead,
        "body": item.body,
        "reporter_name": item.reporter_name,
    }
    form = forms.ArticleForm(request.POST or None, initial=initial)
    reports: list[selectors.NormalisationReport] = []
    status = 200
    if request.method == "POST":
        require(perms.can_change_article(request.user, item), PermissionDeniedError())
        if form.is_valid():
            try:
                item = services.article_update(by=request.user, article=item, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 400
            except JaheshError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                for name in ("kicker", "title", "lead", "body"):
                    report = selectors.normalisation_report(
                        field=name, raw=form.cleaned_data[name], stored=getattr(item, name)
                    )
                    if report.changes or report.suggestions:
                        reports.append(report)
                messages.success(request, "ذخیره شد.")
                form = forms.ArticleForm(
                    initial={**initial, **{k: getattr(item, k) for k in initial}}
                )
    elif item.status in (ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW):
        for name in ("lead", "body"):
            report = selectors.normalisation_report(
                field=name, raw=getattr(item, name), stored=getattr(item, name)
            )
            if report.suggestions:
                reports.append(report)
    return render(
        request,
        "newsroom/article.html",
        _article_context(request, item, form=form, reports=reports),
        status=status,
    )


@staff_page
@require_POST
def article_action(request: HttpRequest, city: str, code: int, action: str) -> HttpResponse:
    """One workflow step: submit, approve, return, schedule, publish now, correct, withdraw,
    photo."""
    municipality = city_for(request, city)
    item = selectors.article_get(user=request.user, municipality=municipality, code=code)
    user = request.user
    with refusals_flashed(request):
        if action == "submit":
            services.article_submit(by=user, article=item)
            messages.success(request, "برای بازبینی فرستاده شد.")
        elif action == "approve":
            try:
                services.article_approve(by=user, article=item)
            except SelfApprovalForbiddenError as exc:
                # The writer is a member who may see the article: say why, on the article.
                messages.error(request, exc.message)
            else:
                messages.success(request, "تأیید شد.")
        elif action == "return":
            note = forms.NoteForm(request.POST)
            require(note.is_valid(), ValidationError("یادداشت بازگرداندن را بنویسید."))
            services.article_return(by=user, article=item, note=note.cleaned_data["note"])
            messages.success(request, "به نویسنده بازگردانده شد.")
        elif action == "schedule":
            schedule = forms.ScheduleForm(request.POST)
            if not schedule.is_valid():
                raise ValidationError(
                    " ".join(str(e) for e in schedule.non_field_errors()) or "زمان را بنویسید."
                )
            services.article_schedule(by=user, article=item, at=schedule.cleaned_data["at"])
            messages.success(
                request,
                "برای انتشار در "
                f"{persian.format_jalali(schedule.cleaned_data['at'], 'datetime')} زمان‌بندی شد.",
            )
        elif action == "publish-now":
            rows = services.article_publish_now(by=user, article=item)
            messages.success(
                request,
                f"منتشر شد: {persian.to_persian_digits(str(len(rows)))} انتشار همین حالا "
                "به صف ارسال رفت.",
            )
        elif action == "correct":
            correction = forms.CorrectionForm(request.POST)
            require(correction.is_valid(), ValidationError("متن اصلاحیه را بنویسید."))
            data = correction.cleaned_data
            changes = {k: data[k] for k in ("title", "lead", "body") if data.get(k)}
            services.article_correct(by=user, article=item, note=data["note"], **changes)
            messages.success(request, "اصلاحیه ثبت شد؛ کد و نشانی مطلب همان است.")
        elif action == "withdraw":
            note = forms.NoteForm(request.POST)
            require(note.is_valid(), ValidationError("دلیل بازپس‌گیری را بنویسید."))
            services.article_withdraw(by=user, article=item, reason=note.cleaned_data["note"])
            messages.success(request, "مطلب بازپس گرفته شد.")
        elif action == "photo":
            photo = forms.PhotoForm(request.POST, request.FILES)
            require(photo.is_valid(), ValidationError("پرونده عکس را برگزینید."))
            services.article_photo_add(
                by=user,
                article=item,
                file=photo.cleaned_data["photo"],
                caption=photo.cleaned_data["caption"],
            )
            messages.success(request, "عکس افزوده شد.")
        else:
            raise NotFoundError("این کار شناخته نیست.")
    return HttpResponseRedirect(article_address(item))
