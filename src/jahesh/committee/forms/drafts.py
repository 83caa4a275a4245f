"""Forms of the drafts' pages: dates typed in Jalali, numbers in either digits."""

from __future__ import annotations

from django import forms

from jahesh.committee.forms.sessions import PersianIntegerField
from jahesh.committee.models import (
    AdoptionStatus,
    DraftKind,
    Outcome,
    SectionKind,
    Stance,
    SubmissionStatus,
    Visibility,
)
from jahesh.leaps.forms import JalaliDateField


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label="نوع", choices=DraftKind.choices)
    title = forms.CharField(label="عنوان", max_length=300)


class DraftImportForm(DraftForm):
    file = forms.FileField(label="پرونده DOCX یا Markdown")


class SectionForm(forms.Form):
    kind = forms.ChoiceField(label="نوع بخش", choices=SectionKind.choices)
    title = forms.CharField(label="عنوان", max_length=300, required=False)
    body = forms.CharField(label="متن", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    parent = forms.CharField(label="کلید بخش بالادست", max_length=20, required=False)
    count = forms.CharField(label="تعداد پست", max_length=8, required=False)
    grade = forms.CharField(label="رده", max_length=200, required=False)
    qualifications = forms.CharField(label="شرایط احراز", required=False)
    english = forms.CharField(label="معادل انگلیسی", max_length=300, required=False)
    related = forms.CharField(label="واژه‌های مرتبط (با ، جدا)", required=False)
    source = forms.CharField(label="منبع", max_length=500, required=False)

    def data_for(self, kind: str) -> dict[str, str]:
        """The kind-specific fields of the section, for the service to type and validate."""
        data = self.cleaned_data
        if kind == SectionKind.POST:
            fields = ("count", "grade", "qualifications")
        elif kind == SectionKind.TERM:
            fields = ("english", "related", "source")
        else:
            return {}
        return {name: data[name] for name in fields if data.get(name)}


class CirculateForm(forms.Form):
    deadline = JalaliDateField(label="مهلت اظهارنظر", help_text="مانند ۱۴۰۲/۰۴/۱۵")
    visibility = forms.ChoiceField(label="دیده‌شدن نظرها", choices=Visibility.choices)
    reminder_days = PersianIntegerField(label="یادآوری چند روز پیش از مهلت", required=False)
    note = forms.CharField(
        label="یادداشت", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class OpinionForm(forms.Form):
    stance = forms.ChoiceField(label="نظر", choices=Stance.choices)
    comment = forms.CharField(
        label="توضیح", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    proposed_text = forms.CharField(
        label="متن پیشنهادی",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="برای یک پست، هر ویژگی را در سطری جدا بنویسید: «عنوان: …»، «تعداد: …»، "
        "«رده: …»، «شرایط احراز: …»؛ سطرهای دیگر شرح پست می‌شوند.",
    )


class WholeAnswerForm(forms.Form):
    stance = forms.ChoiceField(label="نظر درباره باقی بخش‌ها", choices=Stance.choices)
    comment = forms.CharField(label="توضیح", required=False)


class DispositionForm(forms.Form):
    outcome = forms.ChoiceField(label="نتیجه", choices=Outcome.choices)
    reason = forms.CharField(label="دلیل", required=False)


class SubmissionForm(forms.Form):
    authority = forms.CharField(label="مرجع تصویب", max_length=300)
    letter_number = forms.CharField(label="شماره نامه", max_length=60)
    letter_date = JalaliDateField(label="تاریخ نامه")


class SubmissionAnswerForm(forms.Form):
    status = forms.ChoiceField(label="وضعیت", choices=SubmissionStatus.choices)
    comments = forms.CharField(label="نظر مرجع", required=False)
    approval_number = forms.CharField(label="شماره مصوبه", max_length=60, required=False)
    approval_date = JalaliDateField(label="تاریخ تصویب", required=False)


class AdoptionForm(forms.Form):
    status = forms.ChoiceField(label="وضعیت", choices=AdoptionStatus.choices)
    adopted_on = JalaliDateField(label="تاریخ به کارگیری", required=False)
