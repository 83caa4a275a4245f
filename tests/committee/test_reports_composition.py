"""The session-report composer fed the way the committee feeds it: no statements, the lead from
the counts, decisions, extraordinary sessions by month, the previous city with or without topics
carried over. Pure: no database."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from jahesh.newsroom import composition
from jahesh.newsroom.composition import SessionFacts


def facts(**changes: object) -> SessionFacts:
    base = SessionFacts(
        outlet_name="حافظ خبر",
        committee_name="کمیته ارتباطات و امور بین‌الملل",
        session_number=31,
        host="مرکز ارتباطات و امور بین‌الملل شهرداری تهران",
        speaker_name="رضا جاویدی",
        speaker_surname="جاویدی",
        speaker_position="مدیرکل ارتباطات شهرداری شیراز",
        topics=("بررسی ساختار سازمانی",),
        statements=(),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_without_statements_the_lead_counts_topics_and_decisions() -> None:
    article = composition.session_report(facts(decisions=("الف", "ب")))
    assert article.lead == (
        "مدیرکل ارتباطات شهرداری شیراز گفت: در سی‌ویکمین نشست کمیته ارتباطات و امور بین‌الملل "
        "یک موضوع بررسی و ۲ مصوبه تصویب شد."
    )
    assert "۲ مصوبه به تصویب رسید: الف؛ ب." in article.body
    assert article.title == "بررسی ساختار سازمانی"


def test_a_session_with_nothing_to_tell_is_refused() -> None:
    with pytest.raises(ValueError, match="statement, a topic or a decision"):
        composition.session_report(facts(topics=()))


def test_extraordinary_sessions_are_told_by_their_months_in_order() -> None:
    tir, mordad = dt.date(2023, 7, 10), dt.date(2023, 8, 1)
    one = composition.session_report(facts(extraordinary_dates=(tir,)))
    assert "در این نشست یک نشست فوق‌العاده در تیر ۱۴۰۲ پیش‌بینی شد." in one.body
    many = composition.session_report(facts(extraordinary_dates=(mordad, None, tir, tir)))
    assert "۴ نشست فوق‌العاده در تیر ۱۴۰۲ و مرداد ۱۴۰۲ پیش‌بینی شد." in many.body
    undated = composition.session_report(facts(extraordinary_dates=(None,)))
    assert "یک نشست فوق‌العاده پیش‌بینی شد." in undated.body
    assert "فوق‌العاده" not in composition.session_report(facts()).body


def test_the_previous_city_with_and_without_topics_carried_over() -> None:
    carried = composition.session_report(
        facts(previous_session_city="یزد", previous_session_topics=("بررسی ساختار سازمانی",))
    )
    assert "بررسی ساختار سازمانی در نشست پیشین در یزد نیز بررسی شده بود." in carried.body
    plain = composition.session_report(
        facts(previous_session_city="یزد", previous_session_topics=())
    )
    assert "نشست پیشین این کمیته در یزد برگزار شده بود." in plain.body
    assert "این موضوع" not in plain.body
    assert "نشست پیشین" not in composition.session_report(facts()).body


def test_a_session_without_a_host_is_not_said_to_be_hosted() -> None:
    article = composition.session_report(facts(host=""))
    assert "میزبانی" not in article.body
    assert "کمیته ارتباطات و امور بین‌الملل که برگزار شد، اظهار کرد:" in article.body
