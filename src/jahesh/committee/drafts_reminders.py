"""Reminders of an open round: N days before its deadline (the version's ``reminder_days``), each
representative of a current member city that has not answered every section is e-mailed once.

The daily periodic task in ``tasks.py`` calls ``draft_reminders_send``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Count

from jahesh import persian
from jahesh.committee import services
from jahesh.committee.models import (
    CommitteeRole,
    CommitteeRoleKind,
    DraftVersion,
    Opinion,
    WholeDraftAnswer,
)


def cities_still_to_answer(version: DraftVersion) -> set[int]:
    """Current member cities with neither a whole-draft answer nor an opinion on each section."""
    total = version.sections.count()
    done = set(
        Opinion.objects.filter(section__version=version)
        .values("member_id")
        .annotate(n=Count("id"))
        .filter(n__gte=total)
        .values_list("member_id", flat=True)
    )
    done |= set(
        WholeDraftAnswer.objects.filter(version=version).values_list("member_id", flat=True)
    )
    members = version.draft.committee.members.filter(left_on__isnull=True)
    return {pk for pk in members.values_list("pk", flat=True) if pk not in done}


def version_reminder_send(*, version_id: int) -> int:
    """E-mail the representatives of the cities still to answer; return how many were sent."""
    version = DraftVersion.objects.select_related("draft__committee").get(pk=version_id)
    waiting = cities_still_to_answer(version)
    addresses = sorted(
        set(
            CommitteeRole.objects.filter(
                committee=version.draft.committee,
                kind=CommitteeRoleKind.MEMBER,
                member_id__in=waiting,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not addresses:
        return 0
    number = persian.to_persian_digits(str(version.number))
    deadline = persian.format_jalali(version.deadline)
    subject = f"یادآوری: مهلت اظهارنظر درباره «{version.draft.title}» (نسخه {number})"
    body = (
        f"مهلت اظهارنظر شهرها درباره نسخه {number} «{version.draft.title}» تا {deadline} است "
        "و نظر شهر شما هنوز برای همه بخش‌ها ثبت نشده است.\n"
        "اگر با باقی بخش‌ها موافقید، «پاسخ کلی» را در صفحه نسخه ثبت کنید."
    )
    # One message per person, so no representative sees the others' addresses.
    messages = [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses]
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)


def draft_reminders_send(*, today: dt.date | None = None) -> int:
    """Send the reminders of every round whose reminder day has come; each round once."""
    return sum(
        version_reminder_send(version_id=pk)
        for pk in services.versions_due_for_reminder(today=today)
    )
