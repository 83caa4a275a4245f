"""Forms of the committee pages: dates typed in Jalali, times and numbers in either digits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jahesh import persian
from jahesh.committee.models import (
    AgendaItemKind,
    AttendanceAnswer,
    AttendanceHeld,
    Committee,
    CommitteeMember,
    Draft,
    ResolutionStatus,
    SessionKind,
    SessionMode,
)
from jahesh.leaps.forms import JalaliDateField


class PersianTimeField(forms.CharField):
    """A time typed as «۱۰:۳۰» or 10:30."""

    def to_python(self, value: Any) -> dt.time | None:  # type: ignore[override]
        text = persian.to_latin_digits(super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            return dt.time.fromisoformat(text if ":" in text else f"{int(text):02d}:00")
        except ValueError as exc:
            raise forms.ValidationError(f"ساعت «{text}» خوانا نیست؛ مانند ۱۰:۳۰.") from exc


class PersianIntegerField(forms.CharField):
    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = persian.to_latin_digits(super().to_python(value) or "").strip()
        if not text:
            return None
        if not text.isdigit():
            raise forms.ValidationError(f"«{text}» عدد درستی نیست.")
        return int(text)


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _members_field(members: list[CommitteeMember], label: str, required: bool) -> MemberChoiceField:
    return MemberChoiceField(
        queryset=CommitteeMember.objects.filter(pk__in=[m.pk for m in members]).order_by("name"),
        label=label,
        required=required,
    )


class SessionPlanForm(forms.Form):
    number = PersianIntegerField(label="شماره نشست", required=False, help_text="خالی: شماره بعدی")
    kind = forms.ChoiceField(label="نوع", choices=SessionKind.choices)
    host_unit = forms.CharField(label="واحد میزبان", max_length=200, required=False)
    date = JalaliDateField(label="تاریخ", help_text="مانند ۱۴۰۲/۰۴/۰۱")
    starts_at = PersianTimeField(label="ساعت آغاز", required=False)
    ends_at = PersianTimeField(label="ساعت پایان", required=False)
    venue = forms.CharField(label="محل", max_length=300, required=False)
    mode = forms.ChoiceField(label="شیوه برگزاری", choices=SessionMode.choices)
    meeting_link = forms.CharField(label="پیوند نشست برخط", max_length=500, required=False)

    def __init__(self, *args: Any, members: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"] = _members_field(members, "شهر میزبان", True)
        self.order_fields(["number", "kind", "host"])


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="عنوان", max_length=300)
    kind = forms.ChoiceField(label="نوع", choices=AgendaItemKind.choices)
    presenter_name = forms.CharField(label="ارائه‌کننده", max_length=160, required=False)
    minutes_allotted = PersianIntegerField(label="زمان (دقیقه)", required=False)

    def __init__(
        self, *args: Any, members: list[CommitteeMember], committee: Committee, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter_member"] = _members_field(members, "شهر ارائه‌کننده", False)
        self.fields["draft"] = forms.ModelChoiceField(
            queryset=Draft.objects.filter(committee=committee).order_by("title"),
            label="پیش‌نویس مرتبط",
            required=False,
        )


class AttendanceAnswerForm(forms.Form):
    answer = forms.ChoiceField(label="پاسخ", choices=AttendanceAnswer.choices)
    names = forms.CharField(label="نام شرکت‌کنندگان", max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="دلیل", max_length=500, required=False)


class CorrectionForm(forms.Form):
    text = forms.CharField(label="اصلاح پیشنهادی", widget=forms.Textarea(attrs={"rows": 2}))


class MinutesItemForm(forms.Form):
    discussion = forms.CharField(
        label="خلاصه گفت‌وگو", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.CharField(
        label="تصمیم", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_finished = forms.BooleanField(label="بررسی این بند تمام شد", required=False)


class DeadlineForm(forms.Form):
    correction_deadline = JalaliDateField(label="مهلت اصلاح")


class ApproveForm(forms.Form):
    on = JalaliDateField(label="تاریخ تصویب")


class HoldForm(forms.Form):
    """One choice per current member city: how it attended, and who came."""

    def __init__(self, *args: Any, members: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"held_{member.pk}"] = forms.ChoiceField(
                label=member.name, choices=AttendanceHeld.choices, initial=AttendanceHeld.ABSENT
            )
            self.fields[f"names_{member.pk}"] = forms.CharField(
                label=f"حاضران {member.name}", max_length=300, required=False
            )

    def attendance(self) -> dict[CommitteeMember, tuple[str, str]]:
        data = self.cleaned_data
        return {m: (data[f"held_{m.pk}"], data[f"names_{m.pk}"]) for m in self.members}

    def rows(self) -> list[tuple[CommitteeMember, Any, Any]]:
        return [(m, self[f"held_{m.pk}"], self[f"names_{m.pk}"]) for m in self.members]


class ResolutionForm(forms.Form):
    text = forms.CharField(label="متن مصوبه", widget=forms.Textarea(attrs={"rows": 2}))
    secretariat_responsible = forms.BooleanField(label="بر عهده دبیرخانه", required=False)
    due_on = JalaliDateField(label="مهلت", required=False)
    is_public = forms.BooleanField(label="در صفحه عمومی نشان داده شود", required=False)

    def __init__(self, *args: Any, members: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"] = forms.ModelMultipleChoiceField(
            queryset=CommitteeMember.objects.filter(pk__in=[m.pk for m in members]).order_by(
                "name"
            ),
            label="شهرهای مسئول",
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class FollowUpForm(forms.Form):
    reported_on = JalaliDateField(label="تاریخ گزارش")
    text = forms.CharField(label="گزارش", widget=forms.Textarea(attrs={"rows": 2}))
    status_after = forms.ChoiceField(label="وضعیت", choices=ResolutionStatus.choices)
