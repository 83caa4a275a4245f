"""The demo committee's drafts: the seed's three drafts, a closed first round with silence from
some cities, dispositions applied, a second open round, and a public glossary of 40+ terms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from jahesh import persian
from jahesh.committee.demo import COMMITTEE_SLUG, SECRETARY_USERNAME, build_demo_committee
from jahesh.committee.demo_drafts import GLOSSARY, SILENT
from jahesh.committee.models import (
    AgendaItem,
    Disposition,
    DraftKind,
    Opinion,
    SectionKind,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_three_drafts_with_rounds_and_dispositions() -> None:
    committee = build_demo_committee()
    drafts = {d.kind: d for d in committee.drafts.all()}
    assert set(drafts) == {DraftKind.STRUCTURE, DraftKind.JOB_DESCRIPTIONS, DraftKind.GLOSSARY}
    structure = drafts[DraftKind.STRUCTURE]
    assert list(structure.versions.values_list("number", flat=True)) == [1, 2]
    v1 = structure.versions.get(number=1)
    answering = set(
        Opinion.objects.filter(section__version=v1).values_list("member__slug", flat=True)
    )
    assert len(answering) >= 8
    assert answering.isdisjoint(SILENT)
    assert Disposition.objects.filter(opinion__section__version=v1).count() >= 4
    assert structure.sections.filter(body="پاسخ‌گویی برخط به شهروندان در ۱۲ ساعت").exists()
    assert AgendaItem.objects.filter(draft=structure).exists()
    terms = drafts[DraftKind.GLOSSARY].sections.filter(kind=SectionKind.TERM)
    assert terms.count() >= 40
    assert {"امیدآفرینی", "روابط عمومی الکترونیک", "دیپلماسی شهری"} <= set(
        terms.values_list("title", flat=True)
    )


def test_the_demo_pages_show_the_matrix_diff_chart_and_public_glossary() -> None:
    committee = build_demo_committee()
    structure = committee.drafts.get(kind=DraftKind.STRUCTURE)
    glossary = committee.drafts.get(kind=DraftKind.GLOSSARY)
    client = Client()
    client.force_login(get_user_model().objects.get(username=SECRETARY_USERNAME))
    args = [COMMITTEE_SLUG, structure.pk]
    matrix = client.get(reverse("committee:draft-matrix", args=[*args, 1])).content.decode()
    assert "اهواز" in matrix.split('id="silent"')[1].split("</p>")[0]
    diff = client.get(reverse("committee:draft-diff", args=args) + "?a=1&b=2").content.decode()
    assert "<ins>" in diff
    assert "<svg" in client.get(reverse("committee:draft-chart", args=args)).content.decode()
    public = Client().get(reverse("committee:public-glossary", args=[COMMITTEE_SLUG, glossary.pk]))
    text = public.content.decode()
    assert persian.to_persian_digits(str(len(GLOSSARY))) + " واژه" in text
    assert text.index("امیدآفرینی") < text.index("پادکست") < text.index("ژورنال شهری")


def test_the_demo_rounds_are_placed_around_the_given_today_like_the_sessions() -> None:
    today = dt.date(2031, 3, 1)  # far from the real today, so nothing can come from the clock
    committee = build_demo_committee(today=today)
    structure = committee.drafts.get(kind=DraftKind.STRUCTURE)
    v1, v2 = structure.versions.order_by("number")
    yazd = committee.sessions.get(number=30)
    tehran = committee.sessions.get(number=31)
    assert yazd.date is not None
    assert tehran.date is not None
    # The first round is circulated after the session in Yazd and closed before the 31st.
    assert yazd.date < v1.deadline < tehran.date < today
    assert v2.deadline == today + dt.timedelta(days=20)
