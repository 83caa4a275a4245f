"""Send staff who owe a second step to it before any staff page (the admin's included).

Runs after django-otp's ``OTPMiddleware``, which tells whether this session passed the second
step. Until it has, a person who owes one reaches only the second-step pages and the sign-out on
staff addresses, and is anonymous everywhere else: half a sign-in opens nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from jahesh.core.twofactor.policy import Need, session_need


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie nobody is signed in; reading request.user would load the
        # session and add "Vary: Cookie" to every public answer, which splits shared caches.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        need = session_need(request)
        if need is Need.NOTHING or user.is_verified():
            return self.get_response(request)
        path = request.path_info
        if any(path.startswith(p) for p in settings.JAHESH_TWO_FACTOR_OPEN_PATHS) or (
            path.startswith(reverse("security:enrol"))
        ):
            return self.get_response(request)
        if any(path.startswith(p) for p in settings.JAHESH_TWO_FACTOR_STAFF_PATHS):
            step = "security:verify" if need is Need.VERIFY else "security:enrol"
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(step)}?{query}")
        request.user = AnonymousUser()
        return self.get_response(request)
