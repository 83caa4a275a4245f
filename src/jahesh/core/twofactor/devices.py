"""A person's authenticator (a TOTP device) and backup codes: set up, check, reset.

Wrong codes are throttled the way django-axes throttles passwords: after
``JAHESH_TWO_FACTOR_FAILURE_LIMIT`` wrong codes within ``AXES_COOLOFF_TIME``, no code is checked
(nor counted) until the first of them is a cool-off old, or an admin resets the person's devices.
The failures are counted in the audit log, which records each of them anyway. django-otp's own
exponential delay is turned off (``OTP_*_THROTTLE_FACTOR = 0``): it refuses even the right code
a second after a typo.
"""

from __future__ import annotations

import datetime as dt
import io
from base64 import b32encode
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp import devices_for_user, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from jahesh import persian
from jahesh.core import audit, cities, lockout
from jahesh.core.errors import JaheshError, PermissionDeniedError, require
from jahesh.core.models import AuditEvent, AuditKind

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "جهش"


class WrongCodeError(JaheshError):
    default_message = (
        "کد واردشده درست نیست یا پیش‌تر به کار رفته است. "
        "کد شش‌رقمی تازه‌ای را که برنامه احراز هویت نشان می‌دهد، یا یکی از کدهای پشتیبان را بنویسید."
    )


class CodesLockedError(JaheshError):
    def __init__(self, until: dt.datetime, minutes: int) -> None:
        super().__init__(lockout.codes_locked(until=until, minutes=minutes))


def clean_code(raw: str) -> str:
    """A typed code with Persian or Arabic digits, spaces and dashes, as the devices read it."""
    text = persian.to_latin_digits(str(raw or ""))
    return "".join(ch for ch in text if ch.isalnum()).lower()


def secret_groups(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> bytes:
    """The provisioning address as a QR code in SVG, drawn here (no outside service)."""
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return out.getvalue()


def confirmed_totp(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_codes_left(user: Any) -> int:
    device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    return device.token_set.count() if device is not None else 0


@transaction.atomic
def enrolment_start(*, user: Any) -> TOTPDevice:
    """The device being set up: the one started earlier (so a reload keeps the scanned secret),
    or a new one with a fresh random secret."""
    require(confirmed_totp(user) is None, JaheshError("ورود دومرحله‌ای شما پیش‌تر راه افتاده است."))
    # An unconfirmed device that once accepted a code was turned off (a lost phone): its secret
    # is still on that phone, so it is never offered again as the one being set up.
    TOTPDevice.objects.filter(user=user, confirmed=False, last_t__gte=0).delete()
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _failures_window_start(user: Any, now: dt.datetime) -> dt.datetime:
    cooloff: dt.timedelta = settings.AXES_COOLOFF_TIME
    since = now - cooloff
    last_clean = (
        AuditEvent.objects.filter(
            Q(actor_id=user.pk, kind=AuditKind.TWO_FACTOR_PASSED)
            | Q(subject_username=user.get_username(), kind=AuditKind.TWO_FACTOR_RESET)
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return max(since, last_clean) if last_clean else since


def _recent_failures(user: Any, now: dt.datetime) -> list[dt.datetime]:
    """The latest wrong codes that count towards the limit (at most the limit), newest first."""
    return audit.failure_times(
        user=user,
        kinds=(AuditKind.TWO_FACTOR_FAILED,),
        since=_failures_window_start(user, now),
        newest=settings.JAHESH_TWO_FACTOR_FAILURE_LIMIT,
    )


def require_not_locked(*, user: Any, now: dt.datetime | None = None) -> None:
    failures = _recent_failures(user, now or timezone.now())
    if len(failures) >= settings.JAHESH_TWO_FACTOR_FAILURE_LIMIT:
        # No code is checked (nor counted) while locked: the lock ends when the oldest of
        # these failures leaves the cool-off window.
        cooloff: dt.timedelta = settings.AXES_COOLOFF_TIME
        minutes = int(cooloff.total_seconds() // 60)
        raise CodesLockedError(until=failures[-1] + cooloff, minutes=minutes)


def _failed(user: Any, request: Any) -> WrongCodeError:
    # Callers raise this after their transaction has ended: a refused code must stay counted.
    audit.event_record(
        kind=AuditKind.TWO_FACTOR_FAILED,
        summary=f"کد نادرست در مرحله دوم ورود «{user.get_username()}».",
        actor=user,
        request=request,
    )
    if len(_recent_failures(user, timezone.now())) == settings.JAHESH_TWO_FACTOR_FAILURE_LIMIT:
        audit.event_record(
            kind=AuditKind.LOCKED_OUT,
            summary=f"مرحله دوم ورود «{user.get_username()}» پس از کدهای نادرست پیاپی بسته شد.",
            actor=user,
            request=request,
        )
    return WrongCodeError()


def _backup_codes_make(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="کدهای پشتیبان", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def enrolment_confirm(*, user: Any, code: str, request: Any = None) -> tuple[TOTPDevice, list[str]]:
    """Confirm the device being set up with its first code; return it and fresh backup codes."""
    require_not_locked(user=user)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        require(device is not None, JaheshError("راه‌اندازی را از نو آغاز کنید."))
        assert device is not None
        if device.verify_token(clean_code(code)):
            device.confirmed = True
            device.save()
            codes = _backup_codes_make(user)
            audit.event_record(
                kind=AuditKind.TWO_FACTOR_ENROLLED,
                summary=f"«{user.get_username()}» ورود دومرحله‌ای را راه انداخت.",
                actor=user,
                request=request,
            )
            return device, codes
    raise _failed(user, request)


def code_check(*, user: Any, code: str, request: Any = None) -> Device:
    """The device (authenticator or backup codes) that accepts ``code``; each code works once."""
    require_not_locked(user=user)
    token = clean_code(code)
    if token:
        for device in list(devices_for_user(user, confirmed=True)):
            accepted = verify_token(user, device.persistent_id, token)
            if accepted is not None:
                how = "کد پشتیبان" if isinstance(accepted, StaticDevice) else "برنامه احراز هویت"
                audit.event_record(
                    kind=AuditKind.TWO_FACTOR_PASSED,
                    summary=f"«{user.get_username()}» مرحله دوم ورود را با {how} گذراند.",
                    actor=user,
                    request=request,
                )
                return accepted
    raise _failed(user, request)


@transaction.atomic
def backup_codes_renew(*, user: Any) -> list[str]:
    require(confirmed_totp(user) is not None, PermissionDeniedError())
    codes = _backup_codes_make(user)
    audit.event_record(
        kind=AuditKind.TWO_FACTOR_ENROLLED,
        summary=f"«{user.get_username()}» کدهای پشتیبان تازه گرفت.",
        actor=user,
    )
    return codes


def can_reset_devices(by: Any, user: Any) -> bool:
    """A superuser may reset anyone's; a city's admin, those of the city's people."""
    if not (by.is_authenticated and by.is_active):
        return False
    if by.is_superuser:
        return True
    if user.is_superuser:
        return False
    return bool(set(cities.admin_city_ids(by)) & set(cities.roles_by_city(user)))


@transaction.atomic
def devices_reset(*, by: Any, user: Any) -> int:
    """Remove a person's authenticator and backup codes (a lost phone); they set up anew at
    their next sign-in where it is required. Returns how many devices were removed."""
    require(can_reset_devices(by, user), PermissionDeniedError())
    removed: int = TOTPDevice.objects.filter(user=user).count()
    removed += int(StaticDevice.objects.filter(user=user).count())
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.event_record(
        kind=AuditKind.TWO_FACTOR_RESET,
        summary=f"ورود دومرحله‌ای «{user.get_username()}» به دست «{by.get_username()}» بازنشانی شد.",
        actor=by,
        subject=user,
        shown_to=user,
    )
    return removed
