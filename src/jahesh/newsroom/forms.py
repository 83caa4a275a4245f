"""Forms of the staff newsroom. They only collect input; the services clean and judge it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jahesh import persian
from jahesh.core.widgets import JalaliDatePicker
from jahesh.newsroom.composition import TEHRAN
from jahesh.newsroom.models import ArticleKind, ChannelKind

_TEXTAREA = {"rows": 4, "dir": "rtl"}


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label="گونه", choices=ArticleKind.choices)
    kicker = forms.CharField(label="روتیتر", required=False)
    title = forms.CharField(label="تیتر", required=False)
    lead = forms.CharField(label="لید", required=False, widget=forms.Textarea(attrs=_TEXTAREA))
    body = forms.CharField(
        label="متن",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "dir": "rtl"}),
    )
    reporter_name = forms.CharField(label="نام گزارشگر در خبر", required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label="یادداشت", widget=forms.Textarea(attrs=_TEXTAREA))


class CorrectionForm(forms.Form):
    title = forms.CharField(label="تیتر", required=False)
    lead = forms.CharField(label="لید", required=False, widget=forms.Textarea(attrs=_TEXTAREA))
    body = forms.CharField(
        label="متن", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    note = forms.CharField(label="متن اصلاحیه", widget=forms.Textarea(attrs=_TEXTAREA))


class ScheduleForm(forms.Form):
    """A Jalali (or Gregorian) date and a Tehran time; the services reject a past moment."""

    date = forms.CharField(label="تاریخ (مثل ۱۴۰۵/۰۴/۰۳)", widget=JalaliDatePicker)
    # The browser's own clock field: keyboard-accessible, and it posts 12:30 whatever it shows.
    time = forms.CharField(
        label="ساعت (مثل ۱۲:۳۰)", widget=forms.TimeInput(attrs={"type": "time", "step": 300})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            day = persian.parse_date(data.get("date", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        raw_time = persian.to_latin_digits(str(data.get("time", ""))).strip()
        try:
            clock = dt.time.fromisoformat(raw_time if len(raw_time) > 4 else f"0{raw_time}")
        except ValueError as exc:
            raise forms.ValidationError(f"ساعت «{data.get('time')}» درست نیست.") from exc
        data["at"] = dt.datetime.combine(day, clock, tzinfo=TEHRAN)
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(label="عکس")
    caption = forms.CharField(label="زیرنویس", required=False)


class ComposeForm(forms.Form):
    GENRES = (
        ("wave_announcement", "پیش‌اعلام مرحله"),
        ("wave_report", "گزارش مرحله"),
        ("programme_report", "گزارش کارنامه برنامه"),
    )
    genre = forms.ChoiceField(label="گونه", choices=GENRES)
    wave = forms.IntegerField(label="مرحله", required=False)
    programme = forms.IntegerField(label="برنامه", required=False)


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label="گونه", choices=ChannelKind.choices)
    name = forms.CharField(label="نام")
    base_url = forms.CharField(label="نشانی API بات", required=False)
    chat_id = forms.CharField(label="شناسه کانال بات", required=False)
    url = forms.CharField(label="نشانی وب‌هوک", required=False)
    recipients = forms.CharField(label="گیرندگان رایانامه (با ویرگول)", required=False)
    secret = forms.CharField(
        label="توکن یا کلید (خالی یعنی بدون تغییر)",
        required=False,
        widget=forms.PasswordInput(render_value=False),
    )
    is_default = forms.BooleanField(label="در انتشار مرحله‌ها", required=False, initial=True)
    is_active = forms.BooleanField(label="فعال", required=False, initial=True)

    def config(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        if kind == ChannelKind.BOT:
            return {"base_url": data["base_url"], "chat_id": data["chat_id"]}
        if kind == ChannelKind.WEBHOOK:
            return {"url": data["url"]}
        if kind == ChannelKind.EMAIL:
            return {"recipients": data["recipients"]}
        return {}
