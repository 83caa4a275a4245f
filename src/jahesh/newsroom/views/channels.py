"""Staff pages of channels; a stored secret is never shown back."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from jahesh import persian
from jahesh.core.errors import (
    PermissionDeniedError,
    ValidationError,
    require,
)
from jahesh.newsroom import forms, selectors, services
from jahesh.newsroom import permissions as perms
from jahesh.newsroom.models import Channel, ChannelKind
from jahesh.newsroom.views.common import city_for, staff_page

# Characters of an identifier (a chat id) shown at its end; the rest is masked like a secret's.
SHOWN_TAIL = 4


def _host_of(address: str) -> str:
    """Only the host of an address: a path or query may carry a token (``…`` says one is cut)."""
    parts = urlsplit(address)
    host = parts.hostname or "?"
    return f"{host}/…" if parts.path.strip("/") or parts.query else host


def _tail(value: str) -> str:
    return value if len(value) <= SHOWN_TAIL else "…" + value[-SHOWN_TAIL:]


def channel_summary(channel: Channel) -> list[tuple[str, str]]:
    """Say in Persian where a channel sends, as (label, value) pairs: hosts of addresses only,
    chat ids by their last characters, recipients by their addresses; never a whole URL."""
    config = channel.config or {}
    parts: list[tuple[str, str]] = []
    if config.get("base_url"):
        parts.append(("سرور بات", _host_of(str(config["base_url"]))))
    if config.get("chat_id"):
        parts.append(("گفت‌وگو", _tail(str(config["chat_id"]))))
    if config.get("url"):
        parts.append(("نشانی", _host_of(str(config["url"]))))
    recipients = config.get("recipients") or []
    if isinstance(recipients, str):
        recipients = [r.strip() for r in recipients.split(",") if r.strip()]
    if recipients:
        count = persian.to_persian_digits(str(len(recipients)))
        parts.append((f"{count} گیرنده", "، ".join(str(r) for r in recipients)))
    return parts


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
            "channels": [
                (channel, channel_summary(channel))
                for channel in selectors.channel_list(user=request.user, municipality=municipality)
            ],
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
