"""The session report's actions on the session page: the secretariat composes and publishes the
committee's report; a member city's representative takes it into the city's newsroom."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from jahesh import persian
from jahesh.committee import selectors, services
from jahesh.committee.views.common import staff_action
from jahesh.core.errors import NotFoundError
from jahesh.registry.staff_views import refusals_flashed


@staff_action
def session_report_action(
    request: HttpRequest, slug: str, number: int, action: str
) -> HttpResponse:
    """``compose`` and ``publish`` come back to the session; ``take`` goes to the city's draft."""
    seat = selectors.seat_for(user=request.user, slug=slug)
    session = selectors.session_get(committee=seat.committee, number=number)
    back = HttpResponseRedirect(
        reverse("committee:session", args=[seat.committee.slug, session.number]) + "#report"
    )
    if action == "compose":
        with refusals_flashed(request):
            services.session_report_compose(session=session, by=request.user)
            messages.success(request, "گزارش نشست از داده‌های نشست نوشته شد.")
        return back
    if action == "publish":
        with refusals_flashed(request):
            services.session_report_publish(session=session, by=request.user)
            messages.success(request, "گزارش نشست در صفحه عمومی کمیته منتشر شد.")
        return back
    if action != "take":
        raise NotFoundError("این کار شناخته نیست.")
    with refusals_flashed(request):
        taken = services.session_report_take(session=session, by=request.user)
        article = taken.link.article
        code = persian.to_persian_digits(str(article.code))
        city = taken.link.member.name
        if taken.created:
            messages.success(
                request,
                f"گزارش به صورت پیش‌نویس (مطلب {code}) به اتاق خبر {city} رفت؛ "
                "آن را ویرایش کنید و برای بازبینی بفرستید.",
            )
        else:
            messages.info(
                request,
                f"گزارش این نشست پیش‌تر به اتاق خبر {city} برده شده است: مطلب {code}.",
            )
        return HttpResponseRedirect(
            reverse("newsroom:article", args=[article.municipality.slug, article.code])
        )
    return back
