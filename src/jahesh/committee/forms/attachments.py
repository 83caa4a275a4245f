"""The form that carries a file to an agenda item; the service decides what the file is."""

from __future__ import annotations

from django import forms


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="پیوست",
        error_messages={
            "required": "پیوست: پرونده‌ای برای پیوست برگزینید.",
            "empty": "پیوست: پرونده فرستاده‌شده خالی است.",
            "invalid": "پیوست: چیزی که فرستاده شد پرونده نیست.",
        },
    )
