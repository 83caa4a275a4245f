"""Writes of articles: create, edit, the review workflow, corrections, withdrawals, photos."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from jahesh import persian
from jahesh.core import audit
from jahesh.core.errors import PermissionDeniedError, ValidationError, require
from jahesh.core.history import acting_user
from jahesh.leaps.models import Programme, Wave
from jahesh.newsroom import permissions as perms
from jahesh.newsroom import plaintext
from jahesh.newsroom.composition import ComposedArticle, number
from jahesh.newsroom.errors import (
    ArticleStateError,
    PhotoRejectedError,
    SelfApprovalForbiddenError,
)
from jahesh.newsroom.models import (
    BODY_MAX_LENGTH,
    KICKER_MAX_LENGTH,
    LEAD_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Article,
    ArticleCounter,
    ArticleKind,
    ArticlePhoto,
    ArticleStatus,
    Publication,
    PublicationState,
)
from jahesh.registry.models import Ceremony, Municipality, Project
from jahesh.registry.permissions import Actor

_DENIED = PermissionDeniedError()
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{2,}")

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_NAME_BYTES = 16
# Content types are decided by the file's first bytes, never by the name or the browser's claim.
_PHOTO_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
)

_PHOTO_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
}

TEXT_FIELDS: dict[str, tuple[str, int, bool]] = {
    # field: (Persian label, max length, one line)
    "kicker": ("روتیتر", KICKER_MAX_LENGTH, True),
    "title": ("تیتر", TITLE_MAX_LENGTH, True),
    "lead": ("لید", LEAD_MAX_LENGTH, False),
    "body": ("متن", BODY_MAX_LENGTH, False),
    "reporter_name": ("نام گزارشگر", 120, True),
    "caption": ("زیرنویس عکس", 300, True),
    "note": ("یادداشت", LEAD_MAX_LENGTH, False),
}


def clean_text(value: Any, *, field: str, required: bool = False) -> str:
    """Strip markup, control characters and bidi overrides, normalise Persian, check the length.

    Articles are stored as plain text (see :mod:`jahesh.newsroom.plaintext`): typed entities
    stay text, and nothing stored can be read as a tag, even by a feed reader that takes the
    field for HTML.
    """
    label, max_length, one_line = TEXT_FIELDS[field]
    text = "" if value is None else str(value)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = plaintext.strip_markup(text)
    text = _SPACES.sub(" ", text) if one_line else _BLANK_LINES.sub("\n", text)
    # Last: normalising drops characters (a tatweel, an override) and may bring "<" and a
    # letter together.
    text = plaintext.drop_tag_openers(persian.normalize_for_publish(text).strip())
    require(
        not required or bool(text),
        ValidationError(f"{label} را بنویسید.", field=field),
    )
    require(
        len(text) <= max_length,
        ValidationError(
            f"{label} {number(len(text))} نویسه است و بیش از {number(max_length)} نویسه "
            "پذیرفته نمی‌شود؛ آن را کوتاه کنید یا در چند مطلب بنویسید.",
            field=field,
        ),
    )
    return text


def _user_or_none(by: Actor) -> Any:
    return by if getattr(by, "pk", None) and by.is_authenticated else None


def _next_code(municipality: Municipality) -> int:
    """Take the city's next article code; the counter row stays locked until commit.

    The row is created once with ``ignore_conflicts`` so two first articles of a city at once do
    not break each other's transaction; the UPDATE that follows is what serialises writers
    (a row lock on PostgreSQL, the write lock of an IMMEDIATE transaction on SQLite).
    """
    ArticleCounter.objects.bulk_create(
        [ArticleCounter(municipality=municipality)], ignore_conflicts=True
    )
    counter = ArticleCounter.objects.select_for_update().get(municipality=municipality)
    counter.last_code += 1
    counter.save(update_fields=["last_code"])
    return counter.last_code


def _slug(title: str) -> str:
    return persian.slugify_fa(title)[:200].strip("-") or "مطلب"


def _same_city(
    municipality: Municipality,
    *,
    programme: Programme | None,
    waves: Sequence[Wave],
    projects: Sequence[Project],
    ceremonies: Sequence[Ceremony],
) -> None:
    wrong = ValidationError("پیوندهای مطلب باید از همین شهرداری باشند.")
    require(programme is None or programme.municipality_id == municipality.pk, wrong)
    require(all(w.programme.municipality_id == municipality.pk for w in waves), wrong)
    require(all(p.municipality_id == municipality.pk for p in projects), wrong)
    require(all(c.municipality_id == municipality.pk for c in ceremonies), wrong)


@transaction.atomic
def article_create(
    *,
    by: Actor,
    municipality: Municipality,
    kind: str,
    title: str,
    kicker: str = "",
    lead: str = "",
    body: str = "",
    reporter: Any = None,
    reporter_name: str = "",
    programme: Programme | None = None,
    waves: Iterable[Wave] = (),
    projects: Iterable[Project] = (),
    ceremonies: Iterable[Ceremony] = (),
    session: models.Model | None = None,
) -> Article:
    """Write a new draft with the city's next code; a reporter or above of that city may."""
    require(perms.can_create_article(by, municipality), _DENIED)
    require(kind in ArticleKind.values, ValidationError("گونه مطلب شناخته نیست.", field="kind"))
    waves, projects, ceremonies = list(waves), list(projects), list(ceremonies)
    _same_city(
        municipality, programme=programme, waves=waves, projects=projects, ceremonies=ceremonies
    )
    if programme is None and waves:
        programme = waves[0].programme
    clean = {
        "title": clean_text(title, field="title", required=True),
        "kicker": clean_text(kicker, field="kicker"),
        "lead": clean_text(lead, field="lead"),
        "body": clean_text(body, field="body"),
        "reporter_name": clean_text(reporter_name, field="reporter_name"),
    }
    article = Article(
        municipality=municipality,
        code=_next_code(municipality),
        kind=kind,
        status=ArticleStatus.DRAFT,
        slug=_slug(clean["title"]),
        reporter=reporter if reporter is not None else _user_or_none(by),
        created_by=_user_or_none(by),
        programme=programme,
        **clean,
    )
    if session is not None:
        article.session_type = ContentType.objects.get_for_model(session)
        article.session_id = session.pk
    with acting_user(article, by, "ایجاد"):
        article.save()
    if waves:
        article.waves.set(waves)
    if projects:
        article.projects.set(projects)
    if ceremonies:
        article.ceremonies.set(ceremonies)
    return article


def article_create_composed(
    *,
    by: Actor,
    municipality: Municipality,
    composed: ComposedArticle,
    programme: Programme | None = None,
    waves: Iterable[Wave] = (),
    projects: Iterable[Project] = (),
    ceremonies: Iterable[Ceremony] = (),
    reporter_name: str = "",
    session: models.Model | None = None,
) -> Article:
    """Save a composed text as a draft for an editor to read, change and send for review;
    ``session`` is the committee session a session report tells of."""
    return article_create(
        by=by,
        municipality=municipality,
        kind=composed.kind,
        title=composed.title,
        kicker=composed.kicker,
        lead=composed.lead,
        body=composed.body,
        reporter_name=reporter_name,
        programme=programme,
        waves=waves,
        projects=projects,
        ceremonies=ceremonies,
        session=session,
    )


_EDITABLE_FIELDS = frozenset({"title", "kicker", "lead", "body", "reporter_name", "kind"})


@transaction.atomic
def article_update(*, by: Actor, article: Article, **changes: Any) -> Article:
    """Edit a draft, one in review or an approved one; changing an approved text voids the
    approval and sends it back to review, so nothing unapproved is ever published."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    require(perms.can_change_article(by, article), _DENIED)
    links = {k: changes.pop(k) for k in ("waves", "projects", "ceremonies") if k in changes}
    unknown = set(changes) - _EDITABLE_FIELDS
    require(not unknown, ValidationError("این ویژگی‌ها در مطلب تغییرپذیر نیستند."))
    if "kind" in changes:
        require(
            changes["kind"] in ArticleKind.values,
            ValidationError("گونه مطلب شناخته نیست.", field="kind"),
        )
    clean = {
        name: (value if name == "kind" else clean_text(value, field=name, required=name == "title"))
        for name, value in changes.items()
    }
    changed = {name for name, value in clean.items() if getattr(article, name) != value}
    for name in changed:
        setattr(article, name, clean[name])
    if links:
        linked = {k: list(v) for k, v in links.items()}
        _same_city(
            article.municipality,
            programme=None,
            waves=linked.get("waves", []),
            projects=linked.get("projects", []),
            ceremonies=linked.get("ceremonies", []),
        )
        for name, rows in linked.items():
            getattr(article, name).set(rows)
    if not changed:
        return article
    if "title" in changed:
        article.slug = _slug(article.title)
    if article.status == ArticleStatus.APPROVED:
        article.status = ArticleStatus.IN_REVIEW
        article.approved_by = None
        article.approved_at = None
    with acting_user(article, by, "ویرایش: " + "، ".join(sorted(changed))):
        article.save()
    return article


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().select_related("municipality").get(pk=article.pk)


@transaction.atomic
def article_submit(*, by: Actor, article: Article, at: dt.datetime | None = None) -> Article:
    """Send a draft for review."""
    article = _locked(article)
    require(
        article.status == ArticleStatus.DRAFT,
        ArticleStateError("فقط پیش‌نویس برای بازبینی فرستاده می‌شود."),
    )
    require(perms.can_submit_article(by, article), _DENIED)
    article.status = ArticleStatus.IN_REVIEW
    article.submitted_at = at or timezone.now()
    with acting_user(article, by, "فرستادن برای بازبینی"):
        article.save()
    return article


@transaction.atomic
def article_approve(*, by: Actor, article: Article, at: dt.datetime | None = None) -> Article:
    """Approve an article in review (or a draft); its author may not, unless the city allows it."""
    article = _locked(article)
    require(
        article.status in (ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW),
        ArticleStateError("فقط پیش‌نویس یا مطلب در انتظار بازبینی تأیید می‌شود."),
    )
    require(perms.can_review_article(by, article), _DENIED)
    require(perms.can_approve_article(by, article), SelfApprovalForbiddenError())
    article.status = ArticleStatus.APPROVED
    article.approved_by = _user_or_none(by)
    article.approved_at = at or timezone.now()
    article.review_note = ""
    with acting_user(article, by, "تأیید"):
        article.save()
    return article


@transaction.atomic
def article_return(*, by: Actor, article: Article, note: str) -> Article:
    """Send an article in review back to its writer with a note."""
    article = _locked(article)
    require(
        article.status in (ArticleStatus.IN_REVIEW, ArticleStatus.APPROVED),
        ArticleStateError("فقط مطلب در انتظار بازبینی یا تأییدشده بازگردانده می‌شود."),
    )
    require(perms.can_review_article(by, article), _DENIED)
    article.status = ArticleStatus.DRAFT
    article.review_note = clean_text(note, field="note")
    article.approved_by = None
    article.approved_at = None
    with acting_user(article, by, "بازگرداندن به نویسنده"):
        article.save()
    return article


@transaction.atomic
def article_correct(
    *,
    by: Actor,
    article: Article,
    note: str,
    at: dt.datetime | None = None,
    **changes: Any,
) -> Article:
    """Correct a published article: same code, same address, a visible «اصلاحیه» note.

    The previous text stays in the history.
    """
    article = _locked(article)
    require(
        article.status in (ArticleStatus.PUBLISHED, ArticleStatus.CORRECTED),
        ArticleStateError("فقط مطلب منتشرشده اصلاحیه می‌گیرد."),
    )
    require(perms.can_correct_article(by, article), _DENIED)
    unknown = set(changes) - {"title", "kicker", "lead", "body"}
    require(not unknown, ValidationError("این ویژگی‌ها در اصلاحیه تغییرپذیر نیستند."))
    note = clean_text(note, field="note", required=True)
    for name, value in changes.items():
        setattr(article, name, clean_text(value, field=name, required=name == "title"))
    article.status = ArticleStatus.CORRECTED
    article.corrected_at = at or timezone.now()
    article.correction_note = note
    with acting_user(article, by, "اصلاحیه"):
        article.save()
    return article


@transaction.atomic
def article_withdraw(
    *, by: Actor, article: Article, reason: str, at: dt.datetime | None = None
) -> Article:
    """Withdraw a scheduled or published article; publications not yet sent are cancelled.

    The permanent address keeps answering with the withdrawal notice.
    """
    article = _locked(article)
    require(
        article.status
        in (ArticleStatus.SCHEDULED, ArticleStatus.PUBLISHED, ArticleStatus.CORRECTED),
        ArticleStateError("فقط مطلب زمان‌بندی‌شده یا منتشرشده بازپس گرفته می‌شود."),
    )
    require(perms.can_withdraw_article(by, article), _DENIED)
    article.withdrawal_reason = clean_text(reason, field="note", required=True)
    article.status = ArticleStatus.WITHDRAWN
    article.withdrawn_at = at or timezone.now()
    with acting_user(article, by, "بازپس‌گیری"):
        article.save()
    audit.withdrawal_record(
        by=by, city=article.municipality, row=article, reason=article.withdrawal_reason
    )
    Publication.objects.filter(
        article=article, state__in=(PublicationState.PENDING, PublicationState.FAILED)
    ).update(state=PublicationState.CANCELLED, next_attempt_at=None)
    return article


def photo_file_stem() -> str:
    """A stored photo's name without its extension: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(PHOTO_NAME_BYTES)


def _sniff(head: bytes) -> str | None:
    for signature, offset, content_type in _PHOTO_SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            if content_type == "image/webp" and head[:4] != b"RIFF":
                continue
            return content_type
    return None


@transaction.atomic
def article_photo_add(
    *, by: Actor, article: Article, file: UploadedFile[Any], caption: str = ""
) -> ArticlePhoto:
    """Attach a photo; its type is read from its first bytes, its caption normalised."""
    require(
        perms.can_change_article(by, article) or perms.can_correct_article(by, article), _DENIED
    )
    size = file.size or 0
    require(0 < size <= PHOTO_MAX_BYTES, PhotoRejectedError())
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    content_type = _sniff(head)
    require(content_type is not None, PhotoRejectedError())
    position = article.photos.count()
    # The stored name takes the extension of the sniffed type: a GIF header followed by a script,
    # uploaded as "x.html", would otherwise be served from the site's own origin as a web page.
    # Its stem is random: a name built from the article's code was found by counting, drafts
    # included (the media view gates them too, see views/media.py).
    file.name = f"{photo_file_stem()}.{_PHOTO_EXTENSIONS[content_type or '']}"
    photo = ArticlePhoto(
        article=article,
        file=file,
        content_type=content_type or "",
        caption=clean_text(caption, field="caption"),
        position=position,
    )
    photo.save()
    return photo
