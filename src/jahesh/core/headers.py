"""Response headers a public office's site sends that Django's own settings do not cover.

Content-Security-Policy comes from django-csp (settings), Referrer-Policy and
Cross-Origin-Opener-Policy from Django's SecurityMiddleware; this adds Permissions-Policy, which
switches off the browser features no page of ours uses, so an injected script or a framed page
cannot ask a visitor for their camera, microphone or location.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
