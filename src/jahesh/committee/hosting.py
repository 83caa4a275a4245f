"""Hosting in turn: which member city should host the next session, and why (in Persian).

The rule the secretariat follows: of the current member cities, those that have hosted least; of
those, the one whose last turn was longest ago (never hosted counts as longest); never the city that
hosted the last session; and not a city that has said it cannot host this (Jalali) year. Turns are
compared by session number, not by date, because history entered late may lack dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone

from jahesh import persian
from jahesh.committee.models import Committee, CommitteeMember, Session, SessionStatus

COUNTED = ~Q(hosted_sessions__status=SessionStatus.CANCELLED)


@dataclass(frozen=True, slots=True)
class HostTurn:
    member: CommitteeMember
    times_hosted: int
    last_number: int | None


@dataclass(frozen=True, slots=True)
class HostProposal:
    proposed: CommitteeMember | None
    candidates: tuple[CommitteeMember, ...]
    explanation: str
    turns: tuple[HostTurn, ...]


def jalali_year(day: dt.date) -> int:
    return persian.jalali_year(day)


def _fa(value: int) -> str:
    return persian.to_persian_digits(str(value))


def _names(members: list[CommitteeMember]) -> str:
    return "، ".join(m.name for m in members)


def host_turns(committee: Committee) -> list[HostTurn]:
    """Every current member with how often it hosted and its latest session number (one query)."""
    members = (
        CommitteeMember.objects.filter(committee=committee, left_on__isnull=True)
        .annotate(
            times=Count("hosted_sessions", filter=COUNTED),
            last_number=Max("hosted_sessions__number", filter=COUNTED),
        )
        .order_by("name")
    )
    return [HostTurn(m, int(m.times), m.last_number) for m in members]


def session_host_proposal(committee: Committee, *, today: dt.date | None = None) -> HostProposal:
    """Propose the next host with the reasons, in Persian; the secretariat may pick another."""
    today = today or timezone.localdate()
    turns = host_turns(committee)
    last = (
        Session.objects.filter(committee=committee, host__isnull=False)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("-number")
        .select_related("host")
        .first()
    )
    year = jalali_year(today)
    declined = set(
        committee.members.filter(declines__jalali_year=year).values_list("pk", flat=True)
    )
    eligible = [
        t
        for t in turns
        if t.member.pk not in declined and (last is None or t.member.pk != last.host_id)
    ]
    reasons: list[str] = []
    if last is not None and last.host is not None:
        reasons.append(
            f"{last.host.name} میزبان نشست {_fa(last.number)} (آخرین نشست) بوده است "
            "و دوباره پیشنهاد نمی‌شود."
        )
    skipped = [t.member for t in turns if t.member.pk in declined]
    if skipped:
        reasons.append(f"{_names(skipped)} برای سال {_fa(year)} از میزبانی عذر خواسته‌اند.")
    if not eligible:
        reasons.insert(0, "هیچ شهر عضوی برای میزبانی باقی نمانده است؛ میزبان را خودتان برگزینید.")
        return HostProposal(None, (), " ".join(reasons), tuple(turns))
    fewest = min(t.times_hosted for t in eligible)
    least = [t for t in eligible if t.times_hosted == fewest]
    # Never hosted sorts first; then the oldest turn; the name breaks ties so the answer is stable.
    least.sort(key=lambda t: (t.last_number is not None, t.last_number or 0, t.member.name))
    chosen = least[0]
    if fewest == 0:
        times, once = "هرگز میزبان نبوده‌اند", "هرگز میزبان نبوده است"
    else:
        times, once = (
            f"هر کدام {_fa(fewest)} بار میزبان بوده‌اند",
            f"{_fa(fewest)} بار میزبان بوده است",
        )
    if len(least) > 1:
        members = _names([t.member for t in least])
        if chosen.last_number is None:
            why = f"{chosen.member.name} نخستین آنها به ترتیب نام است"
        else:
            why = (
                f"{chosen.member.name} از میان آنها دیرتر از همه، در نشست "
                f"{_fa(chosen.last_number)}، میزبان بوده است"
            )
        reasons[:0] = [f"کمترین نوبت میزبانی از آنِ {members} است ({times}).", f"{why}."]
    else:
        reasons.insert(0, f"{chosen.member.name} کمتر از همه شهرهای عضو میزبان بوده است ({once}).")
    text = f"پیشنهاد: {chosen.member.name}. " + " ".join(reasons)
    return HostProposal(chosen.member, tuple(t.member for t in least), text, tuple(turns))
