"""The Jalali date field: what people type, what the model gets, what the page shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms

from jahesh.registry.forms import JalaliDateField


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1401/11/13", dt.date(2023, 2, 2)),
        ("۱۴۰۱/۱۱/۱۳", dt.date(2023, 2, 2)),
        ("1401-11-13", dt.date(2023, 2, 2)),
        ("1402/12/29", dt.date(2024, 3, 19)),
        ("1403/12/30", dt.date(2025, 3, 20)),  # 1403 is a leap year: Esfand has 30 days
        ("2023-06-21", dt.date(2023, 6, 21)),  # a Gregorian date is accepted too
    ],
)
def test_a_typed_date_becomes_the_gregorian_date(typed, stored):
    assert JalaliDateField(admin=False).clean(typed) == stored


@pytest.mark.parametrize("typed", ["۱۴۰۲/۱۳/۰۱", "1402/12/30", "فردا", "1402/02"])
def test_an_impossible_or_unreadable_date_is_refused_in_persian(typed):
    with pytest.raises(forms.ValidationError) as caught:
        JalaliDateField(admin=False).clean(typed)
    assert "۱۴۰۲/۰۳/۱۵" in caught.value.messages[0]


def test_an_empty_optional_date_is_none_and_a_required_one_is_refused():
    assert JalaliDateField(admin=False, required=False).clean("") is None
    with pytest.raises(forms.ValidationError):
        JalaliDateField(admin=False).clean("")


def test_a_stored_date_is_shown_in_jalali_and_unchanged_input_is_not_a_change():
    field = JalaliDateField(admin=False)
    assert field.prepare_value(dt.date(2023, 6, 21)) == "1402/03/31"
    assert not field.has_changed(dt.date(2023, 6, 21), "۱۴۰۲/۰۳/۳۱")
    assert field.has_changed(dt.date(2023, 6, 21), "1402/03/30")


@pytest.mark.parametrize("admin", [True, False])
def test_the_admin_and_staff_widgets_carry_the_one_jalali_date_picker(admin):
    html = JalaliDateField(admin=admin).widget.render("ready_from", "1402/03/31")
    assert "data-jalali-picker" in html
    assert "core/jalali-picker.js" in html
    # The table the script counts days in covers the value's year.
    assert "تیر ۱۴۰۲" in html
