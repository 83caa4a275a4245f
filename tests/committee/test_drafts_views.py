"""The drafts' pages for three personas (the secretary, Shiraz's representative, an outsider) and
city staff with no committee role; hidden opinions stay hidden by page, direct address and CSV;
a query budget on the matrix."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jahesh.committee import services
from jahesh.committee.models import (
    AdoptionStatus,
    CommitteeRole,
    CommitteeRoleKind,
    Draft,
    DraftKind,
    DraftStatus,
    DraftVersion,
    Opinion,
    SectionKind,
    Stance,
    SubmissionStatus,
    Visibility,
)
from tests.committee.conftest import Scene
from tests.committee.drafts_scenes import StructureScene, structure_draft
from tests.registry.factories import UserFactory

pytestmark = pytest.mark.django_db
STRANGERS = ["outsider", "city_staff"]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, scene: Scene, *args: Any) -> str:
    return reverse(f"committee:{name}", args=[scene.committee.slug, *args])


def open_round(
    scene: Scene, visibility: str = Visibility.DURING
) -> tuple[StructureScene, DraftVersion]:
    built = structure_draft(scene)
    today = timezone.localdate()
    version = services.version_circulate(
        draft=built.draft,
        by=scene.secretary,
        deadline=today + dt.timedelta(days=10),
        visibility=visibility,
        today=today,
    )
    return built, version


def yazd_opinion(scene: Scene, version: DraftVersion, built: StructureScene) -> Opinion:
    yazd_rep = UserFactory(username="yazd-rep")
    CommitteeRole.objects.create(
        committee=scene.committee, user=yazd_rep, kind=CommitteeRoleKind.MEMBER, member=scene.yazd
    )
    return services.opinion_write(
        section=version.sections.get(key=built.duty.key),
        member=scene.yazd,
        by=yazd_rep,
        stance=Stance.DISAGREE,
        comment="نظر محرمانه یزد",
    )


def pages(scene: Scene, built: StructureScene, version: DraftVersion) -> list[str]:
    pk = built.draft.pk
    return [
        url("drafts", scene),
        url("draft", scene, pk),
        url("draft-version", scene, pk, version.number),
        url("draft-matrix", scene, pk, version.number),
        url("draft-diff", scene, pk),
        url("draft-chart", scene, pk),
    ]


@pytest.mark.parametrize("who", ["secretary", "representative", "observer"])
def test_committee_members_read_every_draft_page(scene: Scene, who: str) -> None:
    built, version = open_round(scene)
    client = client_for(getattr(scene, who))
    for address in pages(scene, built, version):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "ساختار اداره کل" in response.content.decode()


@pytest.mark.parametrize("who", STRANGERS)
def test_strangers_get_the_missing_committee_on_every_draft_page_and_action(
    scene: Scene, who: str
) -> None:
    built, version = open_round(scene)
    client = client_for(getattr(scene, who))
    for address in pages(scene, built, version):
        assert client.get(address).status_code == 404, address
    section = version.sections.first()
    assert section is not None
    response = client.post(
        url("draft-opinion", scene, built.draft.pk, version.number, section.pk),
        {"stance": Stance.AGREE},
    )
    assert response.status_code == 404
    assert (
        client.post(url("draft-create", scene), {"kind": "text", "title": "x"}).status_code == 404
    )
    assert Opinion.objects.count() == 0
    assert Draft.objects.count() == 1


def test_a_draft_of_another_committee_is_not_found_by_direct_address(scene: Scene) -> None:
    from tests.committee.conftest import make_committee

    other = make_committee("other")
    foreign = Draft.objects.create(committee=other, kind=DraftKind.TEXT, title="بیگانه")
    response = client_for(scene.secretary).get(url("draft", scene, foreign.pk))
    assert response.status_code == 404


def test_the_representative_writes_shirazs_opinion_through_the_page(scene: Scene) -> None:
    built, version = open_round(scene)
    section = version.sections.get(key=built.duty.key)
    response = client_for(scene.representative).post(
        url("draft-opinion", scene, built.draft.pk, version.number, section.pk),
        {"stance": Stance.AGREE_WITH_CHANGES, "proposed_text": "پاسخ در ۱۲ ساعت", "comment": ""},
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert (opinion.member, opinion.proposed_text) == (scene.shiraz, "پاسخ در ۱۲ ساعت")


@pytest.mark.parametrize("who", ["secretary", "observer"])
def test_those_who_speak_for_no_city_cannot_post_an_opinion(scene: Scene, who: str) -> None:
    built, version = open_round(scene)
    section = version.sections.first()
    assert section is not None
    response = client_for(getattr(scene, who)).post(
        url("draft-opinion", scene, built.draft.pk, version.number, section.pk),
        {"stance": Stance.AGREE},
    )
    assert response.status_code == 403
    assert Opinion.objects.count() == 0


def test_the_representative_cannot_edit_the_working_copy(scene: Scene) -> None:
    built, _ = open_round(scene)
    response = client_for(scene.representative).post(
        url("section-add", scene, built.draft.pk), {"kind": SectionKind.UNIT, "title": "واحد"}
    )
    assert response.status_code == 403
    assert built.draft.sections.count() == 4


def test_the_secretary_adds_a_section_and_bad_input_comes_back_named(scene: Scene) -> None:
    built, _ = open_round(scene)
    client = client_for(scene.secretary)
    add = url("section-add", scene, built.draft.pk)
    client.post(add, {"kind": SectionKind.UNIT, "title": "اداره دیپلماسی شهری"})
    response = client.post(
        add, {"kind": SectionKind.POST, "title": "کارشناس", "count": "دو"}, follow=True
    )
    assert "تعداد پست" in response.content.decode()
    assert built.draft.sections.count() == 5


def test_hidden_opinions_stay_hidden_from_other_cities_by_page_and_csv(scene: Scene) -> None:
    built, version = open_round(scene, Visibility.AFTER_DEADLINE)
    yazd_opinion(scene, version, built)
    rep = client_for(scene.representative)
    for address in (
        url("draft-version", scene, built.draft.pk, version.number),
        url("draft-matrix", scene, built.draft.pk, version.number),
        url("draft-matrix", scene, built.draft.pk, version.number) + "?format=csv",
    ):
        body = rep.get(address).content.decode()
        assert "نظر محرمانه یزد" not in body
        assert "یزد: مخالف" not in body, address
    csv_body = rep.get(url("draft-matrix", scene, built.draft.pk, version.number) + "?format=csv")
    assert "مخالف" not in csv_body.content.decode()
    assert (
        "یزد: مخالف"
        in client_for(scene.secretary)
        .get(url("draft-matrix", scene, built.draft.pk, version.number))
        .content.decode()
    )
    secretary = client_for(scene.secretary).get(
        url("draft-matrix", scene, built.draft.pk, version.number) + "?format=csv"
    )
    assert "مخالف" in secretary.content.decode()


def test_open_rounds_show_other_cities_opinions_to_members(scene: Scene) -> None:
    built, version = open_round(scene, Visibility.DURING)
    yazd_opinion(scene, version, built)
    body = (
        client_for(scene.representative)
        .get(url("draft-version", scene, built.draft.pk, version.number))
        .content.decode()
    )
    assert "نظر محرمانه یزد" in body


def test_the_matrix_counts_stances_and_names_silent_cities(scene: Scene) -> None:
    built, version = open_round(scene)
    yazd_opinion(scene, version, built)
    services.whole_draft_answer(version=version, member=scene.shiraz, by=scene.representative)
    body = (
        client_for(scene.secretary)
        .get(url("draft-matrix", scene, built.draft.pk, version.number))
        .content.decode()
    )
    silent = body.split('id="silent"')[1].split("</p>")[0]
    assert "مشهد" in silent
    assert "تهران" in silent
    assert "شیراز" not in silent
    assert "یزد" not in silent
    assert "موافق (پاسخ کلی)" in body


def test_the_matrix_page_keeps_its_query_budget_as_cities_and_sections_grow(
    scene: Scene, django_assert_max_num_queries: Any
) -> None:
    built, version = open_round(scene)
    client = client_for(scene.secretary)
    address = url("draft-matrix", scene, built.draft.pk, version.number)
    client.get(address)
    with django_assert_max_num_queries(14):
        assert client.get(address).status_code == 200
    for n in range(30):
        services.section_add(
            draft=built.draft, by=scene.secretary, kind=SectionKind.DUTY, body=f"وظیفه {n}"
        )
    bigger = services.version_circulate(
        draft=built.draft,
        by=scene.secretary,
        deadline=timezone.localdate() + dt.timedelta(days=5),
    )
    with django_assert_max_num_queries(14):
        client.get(url("draft-matrix", scene, built.draft.pk, bigger.number))


def test_the_diff_page_marks_a_changed_word_and_a_renamed_section(scene: Scene) -> None:
    built, _ = open_round(scene)
    services.section_update(
        section=built.duty,
        by=scene.secretary,
        title="",
        body="پاسخ‌گویی به پرسش‌های شهروندان در ۴۸ ساعت",
    )
    services.section_update(
        section=built.office,
        by=scene.secretary,
        title="اداره رسانه‌های نوین",
        body=built.office.body,
    )
    body = (
        client_for(scene.secretary)
        .get(url("draft-diff", scene, built.draft.pk) + "?a=1&b=working")
        .content.decode()
    )
    assert "<del>۲۴</del>" in body
    assert "<ins>۴۸</ins>" in body
    assert "تغییر عنوان" in body


def test_the_org_chart_is_svg_with_the_same_content_as_a_list(scene: Scene) -> None:
    built, _ = open_round(scene)
    body = (
        client_for(scene.representative)
        .get(url("draft-chart", scene, built.draft.pk))
        .content.decode()
    )
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body
    assert 'role="img"' in body
    listing = body.split('id="org-list"')[1]
    assert "اداره روابط عمومی الکترونیک" in listing
    assert "کارشناس رسانه‌های اجتماعی" in listing


def glossary(scene: Scene, public: bool) -> Draft:
    draft = services.draft_create(
        committee=scene.committee, by=scene.secretary, kind=DraftKind.GLOSSARY, title="واژه‌نامه"
    )
    for term, english in (("گزارش", "report"), ("پیام", "message"), ("بیانیه", "statement")):
        services.section_add(
            draft=draft,
            by=scene.secretary,
            kind=SectionKind.TERM,
            title=term,
            body=f"تعریف {term}",
            data={"english": english, "related": "پیام" if term != "پیام" else ""},
        )
    services.draft_publish(draft=draft, by=scene.secretary, public=public)
    return draft


def test_a_public_glossary_is_listed_in_persian_order_for_anyone(scene: Scene) -> None:
    draft = glossary(scene, public=True)
    body = Client().get(url("public-glossary", scene, draft.pk)).content.decode()
    assert body.index("بیانیه") < body.index("پیام") < body.index("گزارش")
    searched = Client().get(url("public-glossary", scene, draft.pk) + "?q=بيانيه").content.decode()
    assert "تعریف بیانیه" in searched
    assert "تعریف گزارش" not in searched
    data = json.loads(
        Client().get(url("public-glossary", scene, draft.pk) + "?format=json").content
    )
    assert [t["term"] for t in data["terms"]] == ["بیانیه", "پیام", "گزارش"]


def test_a_glossary_not_made_public_is_not_found_by_anyone_outside(scene: Scene) -> None:
    draft = glossary(scene, public=False)
    for fmt in ("", "?format=csv", "?format=ttl"):
        assert Client().get(url("public-glossary", scene, draft.pk) + fmt).status_code == 404


def test_the_public_page_shows_an_approved_draft_with_its_adoption_map(scene: Scene) -> None:
    built, _ = open_round(scene)
    Draft.objects.filter(pk=built.draft.pk).update(status=DraftStatus.APPROVED)
    built.draft.refresh_from_db()
    scene.shiraz.latitude, scene.shiraz.longitude = 29.59, 52.58
    scene.shiraz.save()
    services.adoption_record(
        draft=built.draft,
        member=scene.shiraz,
        by=scene.representative,
        status=AdoptionStatus.ADOPTED,
        adopted_on=dt.date(2024, 3, 1),
    )
    body = Client().get(reverse("committee:public", args=[scene.committee.slug])).content.decode()
    block = body.split('class="box public-draft"')[1]
    assert "ساختار اداره کل" in block
    assert "<title>شیراز: به کارگیری شد</title>" in block.replace(
        "به کار گرفته شد", "به کارگیری شد"
    )
    assert "یزد" in block


def test_the_public_page_does_not_list_drafts_that_are_not_public(scene: Scene) -> None:
    open_round(scene)
    body = Client().get(reverse("committee:public", args=[scene.committee.slug])).content.decode()
    assert "ساختار اداره کل" not in body


def test_the_matrix_comes_a_hundred_sections_a_page_and_the_csv_holds_them_all(
    scene: Scene,
) -> None:
    built, _ = open_round(scene)
    for n in range(100):
        services.section_add(
            draft=built.draft, by=scene.secretary, kind=SectionKind.DUTY, body=f"وظیفه شماره {n}"
        )
    bigger = services.version_circulate(
        draft=built.draft, by=scene.secretary, deadline=timezone.localdate() + dt.timedelta(days=5)
    )
    client = client_for(scene.secretary)
    address = url("draft-matrix", scene, built.draft.pk, bigger.number)
    first = client.get(address).content.decode()
    second = client.get(address + "?page=2").content.decode()
    assert "وظیفه شماره ۹۵" in first
    assert "وظیفه شماره ۹۶" not in first
    assert "وظیفه شماره ۹۹" in second
    assert "صفحه ۲ از ۲" in second
    every = client.get(address + "?format=csv").content.decode()
    assert "وظیفه شماره 0" in every or "وظیفه شماره ۰" in every
    assert "وظیفه شماره ۹۹" in every


def approved_draft(scene: Scene) -> StructureScene:
    built = structure_draft(scene)
    today = timezone.localdate()
    version = services.version_circulate(
        draft=built.draft,
        by=scene.secretary,
        deadline=today + dt.timedelta(days=1),
        today=today - dt.timedelta(days=5),
    )
    submission = services.submission_record(
        version=version,
        by=scene.secretary,
        authority="شورای عالی استان‌ها",
        letter_number="۱۲۳",
        letter_date=today,
        today=today + dt.timedelta(days=2),
    )
    services.submission_answer(
        submission=submission,
        by=scene.secretary,
        status=SubmissionStatus.APPROVED,
        approval_number="۴۵۶",
        approval_date=today,
    )
    built.draft.refresh_from_db()
    return built


def test_the_adopted_text_refuses_edits_by_page_and_the_secretary_starts_a_revision(
    scene: Scene,
) -> None:
    built = approved_draft(scene)
    secretary = client_for(scene.secretary)
    page = secretary.get(url("draft", scene, built.draft.pk)).content.decode()
    assert 'id="revision"' in page
    response = secretary.post(
        url("section-add", scene, built.draft.pk),
        {"kind": SectionKind.UNIT, "title": "اداره تازه"},
        follow=True,
    )
    assert "این متن تصویب‌شده است و تغییر نمی‌کند" in response.content.decode()
    assert built.draft.sections.count() == 4
    # A member city's representative neither sees the action nor may take it.
    assert (
        'id="revision"'
        not in client_for(scene.representative)
        .get(url("draft", scene, built.draft.pk))
        .content.decode()
    )
    refused = client_for(scene.representative).post(url("draft-revise", scene, built.draft.pk))
    assert refused.status_code == 403
    built.draft.refresh_from_db()
    assert built.draft.status == DraftStatus.APPROVED
    secretary.post(url("draft-revise", scene, built.draft.pk))
    built.draft.refresh_from_db()
    assert built.draft.status == DraftStatus.DRAFTING
    secretary.post(
        url("section-add", scene, built.draft.pk), {"kind": SectionKind.UNIT, "title": "اداره تازه"}
    )
    assert built.draft.sections.count() == 5
    # The adopted text is still the public one.
    assert Client().get(reverse("committee:public", args=[scene.committee.slug])).status_code == 200
    assert built.draft.is_shown_publicly
