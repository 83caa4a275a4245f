"""The drafts' pages: the list, a draft's working copy, a version with the visitor's city's
opinions, the matrix, the diff of two versions, the org chart, the summing-up and submission, and
the public glossary with its CSV, JSON and SKOS.

Strangers get the answer of a missing committee (404) on internal pages; members who may not do
a thing get 403 with the reason; bad input comes back as a message naming the field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from jahesh import persian
from jahesh.committee import (
    documents,
    drafts_documents,
    drafts_import,
    glossary,
    orgchart,
    permissions,
    selectors,
    services,
)
from jahesh.committee.errors import DraftNotFoundError, NotSettledError
from jahesh.committee.forms import (
    AdoptionForm,
    CirculateForm,
    DispositionForm,
    DraftForm,
    DraftImportForm,
    OpinionForm,
    SectionForm,
    SubmissionAnswerForm,
    SubmissionForm,
    WholeAnswerForm,
)
from jahesh.committee.models import (
    KINDS_OF_DRAFT,
    Draft,
    DraftKind,
    DraftVersion,
    Opinion,
    Section,
    SectionKind,
    Submission,
    VersionSection,
)
from jahesh.committee.selectors import Seat
from jahesh.committee.views.common import public_page, staff_action, staff_page
from jahesh.committee.views.documents import private_download
from jahesh.committee.views.sessions import _form_problems
from jahesh.core.errors import PermissionDeniedError
from jahesh.registry.staff_views import refusals_flashed


def draft_url(draft: Draft) -> str:
    return reverse("committee:draft", args=[draft.committee.slug, draft.pk])


def version_url(version: DraftVersion) -> str:
    draft = version.draft
    return reverse("committee:draft-version", args=[draft.committee.slug, draft.pk, version.number])


def _draft(request: HttpRequest, slug: str, draft_id: int) -> tuple[Seat, Draft]:
    seat = selectors.seat_for(user=request.user, slug=slug)
    draft = selectors.draft_get(seat=seat, draft_id=draft_id)
    draft.committee = seat.committee
    return seat, draft


def _run(
    request: HttpRequest, form: Any, act: Callable[[Any], Any], done: str, back: str
) -> HttpResponse:
    """Validate the form, run the service, and come back with what happened."""
    result = None
    if not form.is_valid():
        messages.error(request, _form_problems(form))
    else:
        with refusals_flashed(request):
            result = act(form.cleaned_data)
            messages.success(request, done)
    return result if isinstance(result, HttpResponse) else HttpResponseRedirect(back)


def _section(draft: Draft, section_id: int) -> Section:
    section = draft.sections.filter(pk=section_id).first()
    if section is None:
        raise DraftNotFoundError("این بخش پیدا نشد.")
    section.draft = draft
    return section


# ---- pages -----------------------------------------------------------------------------------


@staff_page
def drafts(request: HttpRequest, slug: str) -> HttpResponse:
    seat = selectors.seat_for(user=request.user, slug=slug)
    context = {
        "seat": seat,
        "committee": seat.committee,
        "drafts": selectors.draft_list(seat=seat),
        "form": DraftForm(),
        "import_form": DraftImportForm(),
    }
    return render(request, "committee/drafts/list.html", context)


@staff_action
def draft_create(request: HttpRequest, slug: str) -> HttpResponse:
    seat = selectors.seat_for(user=request.user, slug=slug)
    back = reverse("committee:drafts", args=[slug])

    def act(data: dict[str, Any]) -> HttpResponse:
        draft = services.draft_create(
            committee=seat.committee, by=request.user, kind=data["kind"], title=data["title"]
        )
        return HttpResponseRedirect(draft_url(draft))

    return _run(request, DraftForm(request.POST), act, "پیش‌نویس ساخته شد.", back)


@staff_action
def draft_import(request: HttpRequest, slug: str) -> HttpResponse:
    seat = selectors.seat_for(user=request.user, slug=slug)
    back = reverse("committee:drafts", args=[slug])

    def act(data: dict[str, Any]) -> HttpResponse:
        upload = data["file"]
        draft = drafts_import.draft_from_file(
            committee=seat.committee,
            by=request.user,
            kind=data["kind"],
            title=data["title"],
            name=upload.name,
            content=upload.read(drafts_import.MAX_UPLOAD_BYTES + 1),
        )
        return HttpResponseRedirect(draft_url(draft))

    form = DraftImportForm(request.POST, request.FILES)
    return _run(request, form, act, "پیش‌نویس از پرونده ساخته شد.", back)


@staff_page
def draft(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    seat, found = _draft(request, slug, draft_id)
    tree = selectors.working_copy(found)
    versions = list(found.versions.order_by("-number"))
    me = selectors.voice_of(seat)
    context = {
        "voice": me,
        "seat": seat,
        "committee": seat.committee,
        "draft": found,
        "nodes": selectors.flatten(tree),
        "versions": versions,
        "section_form": SectionForm(),
        "circulate_form": CirculateForm(),
        "proposals": list(selectors.proposals_of(draft=found, member=me)) if me else [],
        "submissions": list(
            Submission.objects.filter(version__draft=found).select_related("version")
        ),
        "submission_form": SubmissionForm(),
        "answer_form": SubmissionAnswerForm(),
        "adoption_form": AdoptionForm(),
        "adoptions": list(found.adoptions.select_related("member").order_by("member__name")),
        "section_kinds": [(k, SectionKind(k).label) for k in KINDS_OF_DRAFT[found.kind]],
    }
    return render(request, "committee/drafts/draft.html", context)


@staff_action
def section_add(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    _, found = _draft(request, slug, draft_id)
    form = SectionForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        parent = found.sections.filter(key=data["parent"]).first() if data["parent"] else None
        services.section_add(
            draft=found,
            by=request.user,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            parent=parent,
            data=form.data_for(data["kind"]),
        )

    return _run(request, form, act, "بخش افزوده شد.", draft_url(found))


@staff_action
def section_edit(request: HttpRequest, slug: str, draft_id: int, section_id: int) -> HttpResponse:
    _, found = _draft(request, slug, draft_id)
    section = _section(found, section_id)
    form = SectionForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        if request.POST.get("remove"):
            services.section_remove(section=section, by=request.user)
            return
        parent = found.sections.filter(key=data["parent"]).first() if data["parent"] else None
        services.section_update(
            section=section,
            by=request.user,
            title=data["title"],
            body=data["body"],
            parent=parent,
            data=form.data_for(section.kind),
        )

    return _run(request, form, act, "بخش به‌روز شد.", draft_url(found))


@staff_action
def circulate(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    _, found = _draft(request, slug, draft_id)

    def act(data: dict[str, Any]) -> HttpResponse:
        version = services.version_circulate(
            draft=found,
            by=request.user,
            deadline=data["deadline"],
            visibility=data["visibility"],
            reminder_days=3 if data["reminder_days"] is None else data["reminder_days"],
            note=data["note"],
        )
        return HttpResponseRedirect(version_url(version))

    return _run(request, CirculateForm(request.POST), act, "نسخه فرستاده شد.", draft_url(found))


@staff_page
def version(request: HttpRequest, slug: str, draft_id: int, number: int) -> HttpResponse:
    seat, found = _draft(request, slug, draft_id)
    shown = selectors.version_get(draft=found, number=number)
    today = timezone.localdate()
    context = {
        "seat": seat,
        "committee": seat.committee,
        "draft": found,
        "version": shown,
        "sections": selectors.version_for_city(seat=seat, version=shown, today=today),
        "open_round": today <= shown.deadline,
        "voice": selectors.voice_of(seat),
        "whole_answer": selectors.whole_answer_of(shown, selectors.voice_of(seat)),
        "opinion_form": OpinionForm(),
        "whole_form": WholeAnswerForm(),
        "disposition_form": DispositionForm(),
        "proposals": list(selectors.proposals_to_dispose(shown)) if seat.manages else [],
        "open_to_all": permissions.opinions_open_to_all(shown, today),
    }
    return render(request, "committee/drafts/version.html", context)


def _version_section(shown: DraftVersion, section_id: int) -> VersionSection:
    section = shown.sections.filter(pk=section_id).first()
    if section is None:
        raise DraftNotFoundError("این بخش در این نسخه نیست.")
    section.version = shown
    return section


@staff_action
def opinion(
    request: HttpRequest, slug: str, draft_id: int, number: int, section_id: int
) -> HttpResponse:
    seat, found = _draft(request, slug, draft_id)
    shown = selectors.version_get(draft=found, number=number)
    section = _version_section(shown, section_id)
    member = selectors.voice_of(seat)
    if member is None:
        raise PermissionDeniedError("شهر: تنها نماینده شهر عضو نظر شهر خود را می‌نویسد.")

    def act(data: dict[str, Any]) -> None:
        services.opinion_write(section=section, member=member, by=request.user, **data)

    return _run(request, OpinionForm(request.POST), act, "نظر شهر ثبت شد.", version_url(shown))


@staff_action
def whole_answer(request: HttpRequest, slug: str, draft_id: int, number: int) -> HttpResponse:
    seat, found = _draft(request, slug, draft_id)
    shown = selectors.version_get(draft=found, number=number)
    member = selectors.voice_of(seat)
    if member is None:
        raise PermissionDeniedError("شهر: تنها نماینده شهر عضو از سوی شهر خود پاسخ می‌دهد.")

    def act(data: dict[str, Any]) -> None:
        services.whole_draft_answer(version=shown, member=member, by=request.user, **data)

    form = WholeAnswerForm(request.POST)
    return _run(request, form, act, "پاسخ کلی شهر ثبت شد.", version_url(shown))


@staff_action
def disposition(
    request: HttpRequest, slug: str, draft_id: int, number: int, opinion_id: int
) -> HttpResponse:
    _, found = _draft(request, slug, draft_id)
    shown = selectors.version_get(draft=found, number=number)
    answered = Opinion.objects.filter(pk=opinion_id, section__version=shown).first()
    if answered is None:
        raise DraftNotFoundError("این نظر پیدا نشد.")

    def act(data: dict[str, Any]) -> None:
        services.disposition_record(opinion=answered, by=request.user, **data)

    form = DispositionForm(request.POST)
    return _run(request, form, act, "نتیجه بررسی ثبت شد.", version_url(shown))


@staff_action
def apply_accepted(request: HttpRequest, slug: str, draft_id: int, number: int) -> HttpResponse:
    _, found = _draft(request, slug, draft_id)
    shown = selectors.version_get(draft=found, number=number)
    applied = services.dispositions_apply(version=shown, by=request.user)
    messages.success(
        request, f"{persian.to_persian_digits(str(applied))} پیشنهاد پذیرفته‌شده در متن کاری نشست."
    )
    return HttpResponseRedirect(draft_url(found))


@staff_page
def matrix(request: HttpRequest, slug: str, draft_id: int, number: int) -> HttpResponse:
    seat, found = _draft(request, slug, draft_id)
    shown = selectors.version_get(draft=found, number=number)
    export = request.GET.get("format") == "csv"
    page = None if export else _int_param(request, "page", 1)
    table = selectors.opinion_matrix(seat=seat, version=shown, page=page)
    if export:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["بخش", *[m.name for m in table.members]])
        for row in table.rows:
            writer.writerow([row.node.section.title, *[c.label for c in row.cells]])
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="matrix-v{shown.number}.csv"'
        return response
    context = {"seat": seat, "committee": seat.committee, "draft": found, "matrix": table}
    return render(request, "committee/drafts/matrix.html", context)


@staff_page
def diff(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    seat, found = _draft(request, slug, draft_id)
    numbers = list(found.versions.order_by("number").values_list("number", flat=True))
    old = _int_param(
        request, "a", numbers[-2] if len(numbers) > 1 else (numbers[0] if numbers else 0)
    )
    new_raw = request.GET.get("b", "")
    new = None if new_raw in ("", "working") else _int_param(request, "b", 0)
    changes = selectors.version_diff(draft=found, old=old, new=new) if numbers else []
    context = {
        "seat": seat,
        "committee": seat.committee,
        "draft": found,
        "changes": changes,
        "numbers": numbers,
        "old": old,
        "new": new,
        "mode": "side" if request.GET.get("mode") == "side" else "track",
        "changed_count": sum(1 for c in changes if c.status != "unchanged"),
    }
    return render(request, "committee/drafts/diff.html", context)


def _int_param(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 9 else default


@staff_page
def chart(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    seat, found = _draft(request, slug, draft_id)
    if found.kind != DraftKind.STRUCTURE:
        raise DraftNotFoundError("نمودار سازمانی تنها برای پیش‌نویس ساختار است.")
    number = _int_param(request, "v", 0)
    rows = (
        selectors.version_get(draft=found, number=number).sections.order_by("position")
        if number
        else found.sections.order_by("position")
    )
    tree = selectors.section_tree(rows)
    context = {
        "seat": seat,
        "committee": seat.committee,
        "draft": found,
        "svg": orgchart.org_chart_svg(drafts_documents.org_units(tree), found.title),
        "tree": tree,
        "nodes": selectors.flatten(tree),
        "number": number,
    }
    return render(request, "committee/drafts/chart.html", context)


@staff_page
def draft_document(
    request: HttpRequest, slug: str, draft_id: int, number: int, *, which: str, fmt: str
) -> HttpResponse:
    """A version as a text, its summing-up report, or its submission package, as PDF or DOCX."""
    seat, found = _draft(request, slug, draft_id)
    shown = selectors.version_get(draft=found, number=number)
    if which == "summing-up":
        made = drafts_documents.summing_up_document(seat=seat, version=shown)
    elif which == "package":
        made = drafts_documents.package_document(seat=seat, version=shown)
    elif which == "text":
        made = drafts_documents.version_document(shown)
    else:
        raise DraftNotFoundError("این سند پیدا نشد.")
    filename = f"draft-{found.pk}-v{shown.number}-{which}.{fmt}"
    if fmt == "pdf":
        content = drafts_documents.document_pdf(made)
        return private_download(content, content_type=documents.PDF_MIME, filename=filename)
    if fmt == "docx":
        content = drafts_documents.document_docx(made)
        return private_download(content, content_type=documents.DOCX_MIME, filename=filename)
    raise DraftNotFoundError("این سند پیدا نشد.")


@staff_action
def submission_add(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    _, found = _draft(request, slug, draft_id)
    latest = selectors.latest_version(found)

    def act(data: dict[str, Any]) -> None:
        if latest is None:
            raise NotSettledError()
        latest.draft = found
        services.submission_record(version=latest, by=request.user, **data)

    form = SubmissionForm(request.POST)
    return _run(request, form, act, "ارسال برای تصویب ثبت شد.", draft_url(found))


@staff_action
def submission_answer(
    request: HttpRequest, slug: str, draft_id: int, submission_id: int
) -> HttpResponse:
    _, found = _draft(request, slug, draft_id)
    sent = Submission.objects.filter(pk=submission_id, version__draft=found).first()
    if sent is None:
        raise DraftNotFoundError("این ارسال پیدا نشد.")
    sent.version.draft = found

    def act(data: dict[str, Any]) -> None:
        services.submission_answer(submission=sent, by=request.user, **data)

    form = SubmissionAnswerForm(request.POST)
    return _run(request, form, act, "پاسخ مرجع ثبت شد.", draft_url(found))


@staff_action
def adoption(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    seat, found = _draft(request, slug, draft_id)
    member = selectors.voice_of(seat)
    if member is None:
        raise PermissionDeniedError("شهر: تنها نماینده شهر عضو وضعیت شهر خود را ثبت می‌کند.")

    def act(data: dict[str, Any]) -> None:
        services.adoption_record(draft=found, member=member, by=request.user, **data)

    form = AdoptionForm(request.POST)
    return _run(request, form, act, "وضعیت به کارگیری ثبت شد.", draft_url(found))


@staff_action
def publish(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    _, found = _draft(request, slug, draft_id)
    public = request.POST.get("public") == "1"
    services.draft_publish(draft=found, by=request.user, public=public)
    messages.success(request, "پیش‌نویس عمومی شد." if public else "پیش‌نویس از دید عموم برداشته شد.")
    return HttpResponseRedirect(draft_url(found))


@staff_action
def revise(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    """Start a revision of the approved text (the secretariat's; the adopted version stays)."""
    _, found = _draft(request, slug, draft_id)
    services.revision_start(draft=found, by=request.user)
    messages.success(
        request, "بازنگری آغاز شد: متن کاری از متن تصویب‌شده ساخته شد؛ آن متن تا تصویب تازه می‌ماند."
    )
    return HttpResponseRedirect(draft_url(found))


# ---- the public glossary ---------------------------------------------------------------------


@public_page
def public_glossary(request: HttpRequest, slug: str, draft_id: int) -> HttpResponse:
    found = selectors.public_draft(slug=slug, draft_id=draft_id)
    query = request.GET.get("q", "")[:100]
    terms = selectors.glossary_terms(selectors.glossary_rows(found), query)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        response = HttpResponse(
            glossary.glossary_csv(terms), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="glossary-{found.pk}.csv"'
        return response
    if fmt == "json":
        return HttpResponse(
            glossary.glossary_json(found.title, terms), content_type="application/json"
        )
    if fmt == "ttl":
        base = request.build_absolute_uri(
            reverse("committee:public-glossary", args=[slug, found.pk])
        )
        return HttpResponse(
            glossary.glossary_skos(base_iri=base, title=found.title, terms=terms),
            content_type="text/turtle; charset=utf-8",
        )
    context = {"committee": found.committee, "draft": found, "terms": terms, "query": query}
    return render(request, "committee/drafts/public_glossary.html", context)
