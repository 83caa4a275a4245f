"""Benchmark the committee's drafts at the size the issue names.

    python benchmarks/drafts.py [--units 300] [--duties 2000] [--cities 30] [--rounds 3]
                                [--requests 10] [--keep]

A fresh SQLite database in a temporary JAHESH_DATA_DIR (migrated, not timed) gets a structure
draft of ``units`` units and ``duties`` duties, circulated ``rounds`` times, and ``cities`` member
cities each with a representative and an opinion on every section of every round
(units + duties) × cities × rounds rows, bulk-created. A glossary of 2,000 terms sits beside it.
Then, in-process through Django's test client (view, selectors and template; not a server):

1. p95 of the matrix page of the last round (the secretary; its first page of 100 sections),
   with its query count, and the matrix selector alone for one page and for every section;
2. the word-level diff of the last two versions of the whole structure;
3. a city's whole-draft answer, one transaction;
4. the submission package as PDF and as DOCX (wall time against the goal; CPU time beside it,
   the fairer figure on a shared machine);
5. the public glossary page (2,000 terms, Persian order).

Prints every figure against its goal and exits 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from typing import Any

GOAL_MATRIX_P95_MS = 300.0
GOAL_DIFF_S = 1.0
GOAL_ANSWER_S = 2.0
GOAL_PACKAGE_S = 10.0
GOAL_GLOSSARY_P95_MS = 300.0
GLOSSARY_TERMS = 2_000


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def stance_of(section: int, city: int) -> str:
    """Most cities agree with most sections: 8% propose a change, 4% disagree, 8% abstain."""
    slot = (section * 31 + city * 17) % 25
    if slot < 2:
        return "agree_with_changes"
    if slot == 2:
        return "disagree"
    if slot < 5:
        return "no_opinion"
    return "agree"


def build(units: int, duties: int, cities: int, rounds: int) -> dict[str, Any]:
    import datetime as dt

    from django.contrib.auth import get_user_model

    from jahesh.committee.models import (
        Committee,
        CommitteeMember,
        CommitteeRole,
        CommitteeRoleKind,
        Draft,
        DraftKind,
        DraftVersion,
        Opinion,
        Section,
        SectionKind,
        VersionSection,
    )
    from jahesh.persian import search_key

    user_model = get_user_model()
    committee = Committee.objects.create(slug="bench", name="کمیته سنجش")
    members = CommitteeMember.objects.bulk_create(
        [CommitteeMember(committee=committee, slug=f"c{n}", name=f"شهر {n}") for n in range(cities)]
    )
    secretary = user_model.objects.create(username="bench-secretary")
    CommitteeRole.objects.create(
        committee=committee, user=secretary, kind=CommitteeRoleKind.SECRETARY
    )
    reps = user_model.objects.bulk_create(
        [user_model(username=f"bench-rep-{n}") for n in range(cities)]
    )
    CommitteeRole.objects.bulk_create(
        [
            CommitteeRole(committee=committee, user=u, kind=CommitteeRoleKind.MEMBER, member=m)
            for u, m in zip(reps, members, strict=True)
        ]
    )
    draft = Draft.objects.create(
        committee=committee,
        kind=DraftKind.STRUCTURE,
        title="ساختار سنجش",
        next_key=units + duties + 1,
    )
    rows: list[Section] = []
    for n in range(units):
        parent = f"s{(n - 1) // 4 + 1}" if n else ""
        rows.append(
            Section(
                draft=draft,
                key=f"s{n + 1}",
                kind=SectionKind.UNIT,
                parent_key=parent,
                position=n + 1,
                title=f"اداره شماره {n + 1} ارتباطات",
                body="راهبری ارتباطات و امور بین‌الملل",
            )
        )
    for n in range(duties):
        rows.append(
            Section(
                draft=draft,
                key=f"s{units + n + 1}",
                kind=SectionKind.DUTY,
                parent_key=f"s{n % units + 1}",
                position=units + n + 1,
                title=f"وظیفه {n + 1}",
                body=f"تهیه و انتشار گزارش شماره {n + 1} برای شهروندان در ۲۴ ساعت",
            )
        )
    Section.objects.bulk_create(rows, batch_size=1000)
    today = dt.date.today()
    versions = []
    fields = ("key", "kind", "parent_key", "position", "title", "body", "data", "search_key")
    for number in range(1, rounds + 1):
        version = DraftVersion.objects.create(
            draft=draft, number=number, deadline=today + dt.timedelta(days=30)
        )
        frozen = VersionSection.objects.bulk_create(
            [
                VersionSection(
                    version=version,
                    **{f: getattr(s, f) for f in fields if f != "body"},
                    # Each round rewrites every tenth duty, so the diff has work to do.
                    body=s.body + (f" نسخه {number}" if i % 10 == 0 else ""),
                )
                for i, s in enumerate(rows)
            ],
            batch_size=1000,
        )
        Opinion.objects.bulk_create(
            [
                Opinion(
                    section=v,
                    member=m,
                    stance=stance_of(i, j),
                    proposed_text="متن پیشنهادی" if stance_of(i, j) == "agree_with_changes" else "",
                )
                for i, v in enumerate(frozen)
                for j, m in enumerate(members)
            ],
            batch_size=5000,
        )
        versions.append(version)
    glossary = Draft.objects.create(
        committee=committee, kind=DraftKind.GLOSSARY, title="واژه‌نامه سنجش", is_public=True
    )
    Section.objects.bulk_create(
        [
            Section(
                draft=glossary,
                key=f"t{n}",
                kind=SectionKind.TERM,
                position=n + 1,
                title=f"واژه {n} گزارش",
                body="تعریف",
                data={"english": f"term {n}", "related": [], "source": ""},
                search_key=search_key(f"واژه {n} گزارش"),
            )
            for n in range(GLOSSARY_TERMS)
        ],
        batch_size=1000,
    )
    return {
        "committee": committee,
        "draft": draft,
        "glossary": glossary,
        "versions": versions,
        "secretary": secretary,
        "members": members,
        "reps": reps,
        "opinions": Opinion.objects.count(),
    }


def time_documents(report: Any, seat: Any, last: Any) -> None:
    from pypdf import PdfReader

    from jahesh.committee import drafts_documents

    t0, cpu0 = time.perf_counter(), _cpu()
    document = drafts_documents.package_document(seat=seat, version=last)
    pdf = drafts_documents.document_pdf(document)
    report(
        "submission package PDF",
        time.perf_counter() - t0,
        GOAL_PACKAGE_S,
        "s",
        f"{len(pdf) / 1e6:.1f} MB, {len(PdfReader(io.BytesIO(pdf)).pages)} pages, "
        f"CPU {_cpu() - cpu0:.1f} s in all processes",
    )
    t0, cpu0 = time.perf_counter(), _cpu()
    docx = drafts_documents.document_docx(
        drafts_documents.package_document(seat=seat, version=last)
    )
    report(
        "submission package DOCX",
        time.perf_counter() - t0,
        GOAL_PACKAGE_S,
        "s",
        f"{len(docx) / 1e6:.1f} MB, CPU {_cpu() - cpu0:.1f} s",
    )


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the PDF's worker processes)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--duties", type=int, default=2000)
    parser.add_argument("--cities", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=10, help="timed requests per page")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    parser.add_argument("--skip-documents", action="store_true", help="skip the PDF and DOCX")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="jahesh-bench-drafts-")
    env = {**os.environ, "JAHESH_DATA_DIR": data_dir, "PYTHONUNBUFFERED": "1"}
    for name in ("DATABASE_URL", "REDIS_URL", "JAHESH_HUEY_IMMEDIATE", "JAHESH_TEST_DATABASE_NAME"):
        env.pop(name, None)
    os.environ.clear()
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.config.settings")

    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from jahesh.committee import selectors, services

    settings.ALLOWED_HOSTS = ["testserver"]
    print(f"data folder: {data_dir}")
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    scene = build(args.units, args.duties, args.cities, args.rounds)
    print(
        f"built {args.units} units + {args.duties} duties, {args.cities} cities, "
        f"{args.rounds} rounds, {scene['opinions']:,} opinions, {GLOSSARY_TERMS:,} terms "
        f"in {time.perf_counter() - started:.1f} s"
    )
    missed: list[str] = []

    def report(label: str, value: float, goal: float, unit: str, extra: str = "") -> None:
        ok = value < goal
        if not ok:
            missed.append(label)
        mark = "ok" if ok else "MISSED"
        print(f"{label:<40} {value:9.1f} {unit:<3} (goal < {goal:g} {unit}) {mark} {extra}")

    committee, draft = scene["committee"], scene["draft"]
    last = scene["versions"][-1]
    secretary = Client()
    secretary.force_login(scene["secretary"])
    address = reverse("committee:draft-matrix", args=[committee.slug, draft.pk, last.number])
    secretary.get(address)
    samples = []
    queries: list[str] = []

    def count(execute: Any, sql: str, *rest: Any) -> Any:
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(count):
        secretary.get(address)
    for _ in range(args.requests):
        t0 = time.perf_counter()
        assert secretary.get(address).status_code == 200
        samples.append((time.perf_counter() - t0) * 1000)
    report(
        "matrix page p95 (secretary)",
        p95(samples),
        GOAL_MATRIX_P95_MS,
        "ms",
        f"{len(queries)} queries",
    )

    seat = selectors.Seat(committee, None, True)
    samples = []
    for _ in range(args.requests):
        t0 = time.perf_counter()
        selectors.opinion_matrix(seat=seat, version=last)
        samples.append((time.perf_counter() - t0) * 1000)
    report("matrix selector alone p95 (one page)", p95(samples), GOAL_MATRIX_P95_MS, "ms")
    t0 = time.perf_counter()
    selectors.opinion_matrix(seat=seat, version=last, page=None)
    print(
        f"{'matrix selector, every section (CSV, documents)':<40} "
        f"{(time.perf_counter() - t0) * 1000:9.1f} ms"
    )

    if len(scene["versions"]) > 1:
        t0 = time.perf_counter()
        changes = selectors.version_diff(draft=draft, old=last.number - 1, new=last.number)
        changed = sum(1 for c in changes if c.status != "unchanged")
        report(
            "diff of the last two versions",
            time.perf_counter() - t0,
            GOAL_DIFF_S,
            "s",
            f"{len(changes)} sections, {changed} changed",
        )

    member, rep = scene["members"][0], scene["reps"][0]
    t0 = time.perf_counter()
    services.whole_draft_answer(version=last, member=member, by=rep)
    report("whole-draft answer (one transaction)", time.perf_counter() - t0, GOAL_ANSWER_S, "s")

    if not args.skip_documents:
        time_documents(report, seat, last)

    public = Client()
    glossary_address = reverse(
        "committee:public-glossary", args=[committee.slug, scene["glossary"].pk]
    )
    public.get(glossary_address)
    samples = []
    for _ in range(args.requests):
        t0 = time.perf_counter()
        public.get(glossary_address)
        samples.append((time.perf_counter() - t0) * 1000)
    report("public glossary p95 (2,000 terms)", p95(samples), GOAL_GLOSSARY_P95_MS, "ms")

    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    if missed:
        print("missed: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
