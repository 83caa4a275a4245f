"""A member's personal calendar address (issue, revoke) and the feed it serves."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from jahesh.committee import calendar
from jahesh.committee.selectors import seat_for
from jahesh.committee.selectors.calendar import calendar_feed_of, calendar_feed_sessions
from jahesh.committee.services.calendar import calendar_feed_issue, calendar_feed_revoke
from jahesh.committee.views.common import public_page, staff_form


@staff_form
def calendar_page(request: HttpRequest, slug: str) -> HttpResponse:
    seat = seat_for(user=request.user, slug=slug)
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            feed = calendar_feed_of(committee=seat.committee, user=request.user)
            if feed is not None:
                calendar_feed_revoke(feed=feed, by=request.user)
            messages.success(request, "نشانی تقویم شما باطل شد.")
        else:
            calendar_feed_issue(committee=seat.committee, by=request.user)
            messages.success(request, "نشانی تازه تقویم ساخته شد؛ نشانی پیشین دیگر کار نمی‌کند.")
        return HttpResponseRedirect(reverse("committee:calendar", args=[slug]))
    feed = calendar_feed_of(committee=seat.committee, user=request.user)
    address = (
        request.build_absolute_uri(reverse("committee:calendar-feed", args=[feed.token]))
        if feed is not None
        else ""
    )
    context = {"seat": seat, "committee": seat.committee, "feed": feed, "address": address}
    return render(request, "committee/calendar.html", context)


@public_page
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed, sessions = calendar_feed_sessions(token=token)
    numbers = calendar.sequences(sessions)
    events = [
        event
        for s in sessions
        if (event := calendar.session_event(s, sequence=numbers.get(s.pk, 0))) is not None
    ]
    text = calendar.render(events, method="PUBLISH", stamp=timezone.now(), name=feed.committee.name)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    # The address is the secret: no shared cache may keep it, nor tell it to a referrer.
    patch_cache_control(response, private=True, max_age=300)
    response["Referrer-Policy"] = "no-referrer"
    return response
