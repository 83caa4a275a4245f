"""Staff pages of channels; a stored secret is never shown back."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from jahesh.core.errors import (
    PermissionDeniedError,
    ValidationError,
    require,
)
from jahesh.newsroom import forms, selectors, services
from jahesh.newsroom import permissions as perms
from jahesh.newsroom.models import ChannelKind
from jahesh.newsroom.views.common import city_for, staff_page


@staff_page
def channels(request: HttpRequest, city: str) -> HttpResponse:
    """Channels of the city; secrets are never shown back, only their last four characters."""
    municipality = city_for(request, city)
    require(perms.can_manage_channels(request.user, municipality), PermissionDeniedError())
    form = forms.ChannelForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.channel_create(
                by=request.user,
                municipality=municipality,
                kind=data["kind"],
                name=data["name"],
                config=form.config(),
                secret=data["secret"],
                is_default=data["is_default"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.message)
            status = 400
        else:
            messages.success(request, "مجرا افزوده شد.")
            return HttpResponseRedirect(reverse("newsroom:channels", args=[municipality.slug]))
    return render(
        request,
        "newsroom/channels.html",
        {
            "municipality": municipality,
            "channels": selectors.channel_list(user=request.user, municipality=municipality),
            "form": form,
            "kinds": ChannelKind.choices,
        },
        status=status,
    )


@staff_page
def channel_edit(request: HttpRequest, city: str, pk: int) -> HttpResponse:
    """Change a channel; the stored secret is never put back into the form."""
    municipality = city_for(request, city)
    channel = selectors.channel_get(user=request.user, municipality=municipality, pk=pk)
    config = channel.config or {}
    recipients = config.get("recipients", [])
    initial = {
        "kind": channel.kind,
        "name": channel.name,
        "base_url": config.get("base_url", ""),
        "chat_id": config.get("chat_id", ""),
        "url": config.get("url", ""),
        "recipients": ", ".join(recipients) if isinstance(recipients, list) else recipients,
        "is_default": channel.is_default,
        "is_active": channel.is_active,
    }
    form = forms.ChannelForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.channel_update(
                by=request.user,
                channel=channel,
                name=data["name"],
                config=form.config(),
                secret=data["secret"] or None,
                is_active=data["is_active"],
                is_default=data["is_default"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.message)
            status = 400
        else:
            messages.success(request, "مجرا به‌روز شد.")
            return HttpResponseRedirect(reverse("newsroom:channels", args=[municipality.slug]))
    return render(
        request,
        "newsroom/channel_edit.html",
        {"municipality": municipality, "channel": channel, "form": form},
        status=status,
    )
