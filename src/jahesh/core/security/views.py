from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from jahesh import persian
from jahesh.core import audit, cities
from jahesh.core.errors import JaheshError, PermissionDeniedError
from jahesh.core.security.forms import CodeForm, EventFilterForm, PolicyForm
from jahesh.core.twofactor import devices, policy
from jahesh.core.twofactor.devices import CodesLockedError

EVENTS_PER_PAGE = 50
TOO_MANY_REQUESTS = 429
CITY_NOT_FOUND = "این شهرداری پیدا نشد یا رویدادهای آن را نمی‌بینید."


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("security:index")


def _with_next(name: str, request: HttpRequest) -> str:
    # Encoded: an "&" inside the address the person was headed for stays inside it.
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _refused(error: JaheshError) -> int:
    return TOO_MANY_REQUESTS if isinstance(error, CodesLockedError) else 400


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    admin_of = cities.city_names(cities.admin_city_ids(user))
    return render(
        request,
        "core/security/index.html",
        {
            "has_device": devices.confirmed_totp(user) is not None,
            "codes_left": devices.backup_codes_left(user),
            "required": policy.is_required(user),
            "verified": user.is_verified(),  # type: ignore[union-attr]
            "cities": sorted(admin_of.items(), key=lambda pair: pair[1]),
        },
    )


@never_cache
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if devices.confirmed_totp(user) is not None:
        if user.is_verified():  # type: ignore[union-attr]
            return HttpResponseRedirect(reverse("security:index"))
        return HttpResponseRedirect(_with_next("security:verify", request))
    device = devices.enrolment_start(user=user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            confirmed, codes = devices.enrolment_confirm(
                user=user, code=form.cleaned_data["code"], request=request
            )
        except JaheshError as error:
            form.add_error("code", error.message)
            status = _refused(error)
        else:
            otp_login(request, confirmed)
            policy.session_need(request, fresh=True)
            return render(
                request, "core/security/codes.html", {"codes": codes, "next": _next(request)}
            )
    return render(
        request,
        "core/security/enrol.html",
        {
            "form": form,
            "secret": devices.secret_groups(device),
            "required": policy.is_required(user),
            "next": _next(request),
        },
        status=status,
    )


@never_cache
@login_required
def qr(request: HttpRequest) -> HttpResponse:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=False).first()
    if device is None:
        raise Http404("دستگاهی در حال راه‌اندازی نیست.")
    return HttpResponse(devices.qr_svg(device), content_type="image/svg+xml")


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if devices.confirmed_totp(user) is None and not devices.backup_codes_left(user):
        return HttpResponseRedirect(_with_next("security:enrol", request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = devices.code_check(user=user, code=form.cleaned_data["code"], request=request)
        except JaheshError as error:
            form.add_error("code", error.message)
            status = _refused(error)
        else:
            otp_login(request, device)
            left = devices.backup_codes_left(user)
            if not hasattr(device, "config_url") and left <= 2:
                messages.warning(
                    request,
                    f"تنها {persian.to_persian_digits(str(left))} کد پشتیبان مانده است؛ "
                    "کدهای تازه بگیرید.",
                )
            return HttpResponseRedirect(_next(request))
    return render(
        request, "core/security/verify.html", {"form": form, "next": _next(request)}, status=status
    )


@never_cache
@login_required
@require_POST
def codes_renew(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():  # type: ignore[union-attr]
        return HttpResponseRedirect(reverse("security:verify"))
    try:
        codes = devices.backup_codes_renew(user=request.user)
    except JaheshError as error:
        return render(request, "core/security/error.html", {"message": error.message}, status=403)
    return render(
        request, "core/security/codes.html", {"codes": codes, "next": reverse("security:index")}
    )


def _city(request: HttpRequest, city_id: int) -> Any:
    if city_id not in cities.admin_city_ids(request.user):
        raise PermissionDeniedError(CITY_NOT_FOUND)
    city = cities.city_model()._default_manager.filter(pk=city_id).first()
    if city is None:
        raise PermissionDeniedError(CITY_NOT_FOUND)
    return city


@never_cache
@login_required
def city_events(request: HttpRequest, city_id: int) -> HttpResponse:
    try:
        city = _city(request, city_id)
    except PermissionDeniedError as error:
        return render(request, "core/security/error.html", {"message": error.message}, status=404)
    if request.method == "POST":
        policy_form = PolicyForm(request.POST)
        if policy_form.is_valid():
            policy.policy_set(
                by=request.user,
                city=city,
                require_two_factor=policy_form.cleaned_data["require_two_factor"],
            )
            policy.session_need(request, fresh=True)
            messages.success(request, "سیاست ورود این شهرداری ذخیره شد.")
        return HttpResponseRedirect(request.get_full_path())
    filters = EventFilterForm(request.GET or None, people=audit.city_people(city_id=city.pk))
    kind = person = ""
    if filters.is_valid():
        kind, person = filters.cleaned_data["kind"], filters.cleaned_data["person"]
    rows = audit.city_events(city_id=city.pk, kind=kind, person=person)
    page = Paginator(rows, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/security/city.html",
        {
            "city": city,
            "policy_form": PolicyForm(
                initial={"require_two_factor": policy.city_requires(city.pk)}
            ),
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
        },
    )


@never_cache
@login_required
@require_POST
def device_reset(request: HttpRequest, city_id: int) -> HttpResponse:
    try:
        _city(request, city_id)
        person = (
            get_user_model()
            ._default_manager.filter(username=request.POST.get("username", ""))
            .first()
        )
        if person is None:
            raise JaheshError("کاربری با این نام نیست.")
        devices.devices_reset(by=request.user, user=person)
    except JaheshError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"ورود دومرحله‌ای «{person.get_username()}» بازنشانی شد.")
    return HttpResponseRedirect(reverse("security:city", args=[city_id]))
