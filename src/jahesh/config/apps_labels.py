"""Persian names for third-party apps whose own AppConfig has none, so the admin index reads
«قفل ورود» rather than "Axes". Each class only adds ``verbose_name`` to the package's config:
the app's ``name`` and ``label`` stay, so its tables, migrations and permissions are untouched
(a verbose name is not part of any migration). Referenced from ``INSTALLED_APPS`` in place of the
package's own name.
"""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as OtpStaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OtpTotpConfig


class AxesConfig(AxesAppConfig):  # type: ignore[misc]
    verbose_name = "قفل ورود"


class OtpTotpLabelConfig(OtpTotpConfig):  # type: ignore[misc]
    verbose_name = "ورود دومرحله‌ای: برنامهٔ احراز هویت"


class OtpStaticLabelConfig(OtpStaticConfig):  # type: ignore[misc]
    verbose_name = "ورود دومرحله‌ای: کدهای پشتیبان"
