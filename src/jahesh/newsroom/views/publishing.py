"""Staff pages of publishing: the publications with their errors, and a wave's publishing."""

from __future__ import annotations

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
    require,
)
from jahesh.leaps.models import Wave
from jahesh.newsroom import forms, selectors, services
from jahesh.newsroom import permissions as perms
from jahesh.newsroom.models import Article
from jahesh.newsroom.views.common import city_for, staff_page
from jahesh.registry.staff_views import refusals_flashed


@staff_page
def publications(request: HttpRequest, city: str) -> HttpResponse:
    municipality = city_for(request, city)
    state = request.GET.get("state") or None
    rows = selectors.publication_list(user=request.user, municipality=municipality, state=state)
    return render(
        request,
        "newsroom/publications.html",
        {
            "municipality": municipality,
            "publications": rows[:500],
            "state": state,
            "counts": selectors.publication_counts(municipality=municipality),
            "can_manage": perms.can_manage_publications(request.user, municipality),
        },
    )


@staff_page
@require_POST
def publication_action(request: HttpRequest, city: str, pk: int, action: str) -> HttpResponse:
    municipality = city_for(request, city)
    row = selectors.publication_get(user=request.user, municipality=municipality, pk=pk)
    with refusals_flashed(request):
        if action == "retry":
            services.publication_retry(by=request.user, publication=row)
            messages.success(request, "دوباره در صف ارسال گذاشته شد (با همان کلید یکتایی).")
        elif action == "mark-sent":
            services.publication_mark_sent(by=request.user, publication=row)
            messages.success(request, "«ارسال شد» ثبت شد.")
        else:
            raise NotFoundError("این کار شناخته نیست.")
    return HttpResponseRedirect(reverse("newsroom:publications", args=[municipality.slug]))


@staff_page
def wave_publish(request: HttpRequest, city: str, wave_id: int) -> HttpResponse:
    """Put every approved article of a wave on the chosen channels for one moment."""
    municipality = city_for(request, city)
    require(perms.can_publish_wave(request.user, municipality), PermissionDeniedError())
    wave = (
        Wave.objects.select_related("programme__municipality")
        .filter(pk=wave_id, programme__municipality=municipality)
        .first()
    )
    require(wave is not None, NotFoundError("این مرحله پیدا نشد."))
    assert wave is not None
    channels = list(
        selectors.channel_list(user=request.user, municipality=municipality).filter(is_active=True)
    )
    articles = Article.objects.filter(waves=wave).order_by("code")
    publish_now = request.method == "POST" and "now" in request.POST
    # Publishing now needs no date: the form is only read when a moment is asked for.
    form = forms.ScheduleForm(None if publish_now else (request.POST or None))
    status = 200
    if request.method == "POST":
        # Only the ids of the channels listed on the page: "²" passes str.isdigit() and then
        # breaks int(), and an id of another city's channel must not pass either.
        listed = {str(c.pk): c for c in channels}
        picked = [persian.to_latin_digits(v).strip() for v in request.POST.getlist("channel")]
        chosen = [listed[v] for v in picked if v in listed]
        channels_ok = len(chosen) == len(picked)
        if not channels_ok:
            form.add_error(None, "مجرای برگزیده در فهرست مجراهای فعال این شهر نیست.")
        if channels_ok and (publish_now or form.is_valid()):
            at = timezone.now() if publish_now else form.cleaned_data["at"]
            try:
                rows = services.wave_publish(
                    wave=wave, by=request.user, at=at, channels=chosen, now=at
                )
            except JaheshError as exc:
                if isinstance(exc, PermissionDeniedError):
                    raise
                form.add_error(None, exc.message)
                status = 400
            else:
                count = persian.to_persian_digits(str(len(rows)))
                messages.success(
                    request,
                    f"{count} انتشار همین حالا به صف ارسال رفت."
                    if publish_now
                    else f"{count} انتشار برای "
                    f"{persian.format_jalali(at, 'datetime')} زمان‌بندی شد.",
                )
                return HttpResponseRedirect(
                    reverse("newsroom:publications", args=[municipality.slug])
                )
        else:
            status = 400
    return render(
        request,
        "newsroom/wave_publish.html",
        {
            "municipality": municipality,
            "wave": wave,
            "articles": articles,
            "channels": channels,
            "form": form,
        },
        status=status,
    )
