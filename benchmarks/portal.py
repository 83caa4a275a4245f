"""Benchmark the public portal: served pages, search, the static export, and nginx beside it.

    python benchmarks/portal.py [--scale 0.1] [--seconds 8] [--keep DIR]

Generates a city of 100,000 projects, 10,000 ceremonies (placed into announced waves) and
20,000 articles times ``--scale``, bulk-inserted straight into a fresh database (SQLite in a
temporary data folder, or the PostgreSQL named by BENCH_DATABASE_URL), then:

1. serves it with `jahesh serve` (gunicorn) on loopback and measures requests/s and p99 latency
   of the home, wave and project pages with a small load generator of its own (processes ×
   keep-alive threads, bounded in time), then the first and the repeat download of each
   open-data file (CSV, GeoJSON, OC4IDS) and a conditional GET of it;
2. times search (p95 over a set of queries through ``portal.search``);
3. runs the static export and counts pages/s;
4. serves the exported files with nginx (when installed) under the same load and prints the ratio.

Prints every figure against its goal and exits 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

GOAL_RPS = 500
GOAL_P99_MS = 50.0
GOAL_SEARCH_P95_MS = 30.0
GOAL_EXPORT_PAGES_PER_S = 1000
GOAL_REPEAT_DOWNLOAD_MS = 50.0
OPEN_DATA_FILES = ("projects.csv", "projects.geojson", "oc4ids.json")
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, path: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer {path} within {timeout_s} s")


def load_note() -> str:
    """The machine's load average, printed beside each figure: on a shared machine a figure
    means little without it."""
    one, five, _ = os.getloadavg()
    return f"[load {one:.1f}/{five:.1f}, {os.cpu_count()} CPUs]"


# Data


def generate(scale: float) -> dict[str, object]:
    """Bulk-insert the benchmark city; returns the addresses to load and the search words."""
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from jahesh import persian
    from jahesh.leaps.models import Plan, PlanAssignment, PlanStatus, Programme, Wave, WaveStatus
    from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus
    from jahesh.portal import links, news, services
    from jahesh.registry.models import (
        Ceremony,
        CeremonyKind,
        CeremonyStatus,
        District,
        Municipality,
        Project,
        ProjectStatus,
        Sector,
        SectorCode,
        Unit,
        UnitKind,
    )

    rng = random.Random(1402)
    n_projects = max(100, int(100_000 * scale))
    n_ceremonies = max(50, int(10_000 * scale))
    n_articles = max(50, int(20_000 * scale))
    n_waves = max(5, int(50 * min(1.0, scale * 10)))
    nouns = ["بوستان", "پل", "تقاطع", "کتابخانه", "فرهنگسرا", "ایستگاه", "خیابان", "بازارچه"]
    places = ["ارم", "معالی‌آباد", "زرهی", "قصرالدشت", "ملاصدرا", "شهرداری‌ها", "چمران", "سینما"]
    kinds = list(CeremonyKind.values)
    today = timezone.localdate()

    with transaction.atomic():
        city = Municipality.objects.create(
            slug="bench",
            name="شهرداری سنجه",
            city_name="سنجه",
            center_latitude=Decimal("29.61"),
            center_longitude=Decimal("52.53"),
        )
        districts = District.objects.bulk_create(
            [District(municipality=city, number=i, name=f"منطقه {i}") for i in range(1, 21)]
        )
        codes = [
            SectorCode.TRANSPORT,
            SectorCode.EDUCATION,
            SectorCode.HEALTH,
            SectorCode.CULTURE_SPORTS_AND_RECREATION,
            SectorCode.WATER_AND_WASTE,
        ]
        sectors = Sector.objects.bulk_create(
            [
                Sector(municipality=city, code=f"s{i}", name=codes[i].label, oc4ids_code=codes[i])
                for i in range(len(codes))
            ]
        )
        units = Unit.objects.bulk_create(
            [
                Unit(municipality=city, code=f"u{i}", name=f"معاونت {i}", kind=UnitKind.DEPUTY)
                for i in range(5)
            ]
        )
        projects = []
        for i in range(n_projects):
            title = f"{rng.choice(nouns)} {rng.choice(places)} {persian.to_persian_digits(str(i))}"
            projects.append(
                Project(
                    municipality=city,
                    code=f"P{i:06d}",
                    title=title,
                    slug=persian.slugify_fa(title),
                    description="شرح کوتاه " + title,
                    district=districts[i % len(districts)],
                    unit=units[i % len(units)],
                    status=rng.choice(list(ProjectStatus.values)),
                    physical_progress_pct=rng.randint(0, 100),
                    credit_rial=rng.randint(1, 5000) * 1_000_000_000,
                    latitude=Decimal("29.5") + Decimal(rng.randint(0, 2000)) / 10000,
                    longitude=Decimal("52.4") + Decimal(rng.randint(0, 2000)) / 10000,
                    search_text=persian.search_key(title),
                    is_headline=i % 97 == 0,
                )
            )
        projects = Project.objects.bulk_create(projects, batch_size=2000)
        through = Project.sectors.through
        through.objects.bulk_create(
            [
                through(project_id=p.pk, sector_id=sectors[i % len(sectors)].pk)
                for i, p in enumerate(projects)
            ],
            batch_size=5000,
        )
        programme = Programme.objects.create(
            municipality=city, slug="جهش-عمرانی", name="جهش عمرانی", started_on=today
        )
        waves = Wave.objects.bulk_create(
            [
                Wave(
                    programme=programme,
                    number=n + 1,
                    theme=f"شعار مرحله {n + 1}",
                    start_date=today + dt.timedelta(days=7 * n - 7 * (n_waves // 2)),
                    end_date=today + dt.timedelta(days=7 * n - 7 * (n_waves // 2) + 1),
                    status=WaveStatus.HELD if n < n_waves // 2 else WaveStatus.ANNOUNCED,
                )
                for n in range(n_waves)
            ]
        )
        plan = Plan.objects.create(
            municipality=city, programme=programme, status=PlanStatus.CURRENT
        )
        chosen = rng.sample(projects, n_ceremonies)
        ceremonies = Ceremony.objects.bulk_create(
            [
                Ceremony(
                    municipality=city,
                    project=p,
                    kind=kinds[i % 3],
                    ready_from=today - dt.timedelta(days=400),
                    status=CeremonyStatus.CONFIRMED,
                )
                for i, p in enumerate(chosen)
            ],
            batch_size=2000,
        )
        PlanAssignment.objects.bulk_create(
            [
                PlanAssignment(
                    plan=plan,
                    ceremony=c,
                    wave=waves[i % n_waves],
                    day=waves[i % n_waves].start_date,
                    slot=i % 6,
                )
                for i, c in enumerate(ceremonies)
            ],
            batch_size=2000,
        )
        now = timezone.now()
        articles = Article.objects.bulk_create(
            [
                Article(
                    municipality=city,
                    code=1000 + i,
                    kind=ArticleKind.NEWS,
                    status=ArticleStatus.PUBLISHED,
                    slug=f"خبر-{i}",
                    kicker="مدیرکل ارتباطات خبر داد",
                    title=(
                        f"افتتاح {rng.choice(nouns)} {rng.choice(places)} "
                        f"در مرحله {i % n_waves + 1}"
                    ),
                    lead="لید خبر: " + rng.choice(places),
                    body="بند نخست خبر.\nبند دوم خبر.",
                    reporter_name="خبرنگار سنجه",
                    published_at=now - dt.timedelta(minutes=i),
                )
                for i in range(n_articles)
            ],
            batch_size=2000,
        )
        Article.waves.through.objects.bulk_create(
            [
                Article.waves.through(article_id=a.pk, wave_id=waves[i % n_waves].pk)
                for i, a in enumerate(articles)
            ],
            batch_size=5000,
        )
        Article.projects.through.objects.bulk_create(
            [
                Article.projects.through(article_id=a.pk, project_id=chosen[i % len(chosen)].pk)
                for i, a in enumerate(articles)
            ],
            batch_size=5000,
        )
    # Every city: the benchmark's database holds this one only, and a whole rebuild tells the
    # portal's minute sweep that every article is indexed.
    services.search_index_rebuild()
    services.content_version_bump(city_slug=None)
    from django.db import connection

    if connection.vendor == "postgresql":
        # The planner's statistics, as autovacuum gathers them within a minute of a real load;
        # without them it guesses one row where there are ten thousand.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # A wave day's traffic goes to its few dozen projects; 100 also fits the default local-memory
    # cache of each worker (300 entries) beside the home and wave pages.
    sample = rng.sample(chosen, min(100, len(chosen)))
    for project in sample:
        project.municipality = city
    middle = waves[n_waves // 2]
    middle.programme = programme
    programme.municipality = city
    return {
        "home": [links.city_url(city)],
        "wave": [links.wave_url(w) for w in waves[:10]],
        "project": [links.project_url(p) for p in sample],
        "article": [news.article_url(city.slug, a.code, a.slug) for a in articles[:50]],
        "search": ["شهرداری ها", "بوستان ارم", "پل", "کتابخانه زرهی", "ايستگاه", "فرهنگسرای"],
        "city_id": city.pk,
        "counts": (n_projects, n_ceremonies, n_articles),
    }


# Load


def _hammer(args: tuple[int, list[str], float, int]) -> tuple[list[float], int]:
    port, paths, seconds, threads = args
    import threading

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        deadline = time.perf_counter() + seconds
        i = offset
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return latencies, errors[0]


def download_ms(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[float, int]:
    """Time one GET of ``path`` read to its last byte; return (ms, status)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    t0 = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.read()
    elapsed = (time.perf_counter() - t0) * 1000
    conn.close()
    return elapsed, response.status


def open_data_figures(port: int, city: str, repeats: int = 10) -> list[str]:
    """Print the first and the repeat download of each open-data file; return what missed."""
    missed = []
    for name in OPEN_DATA_FILES:
        path = f"/opendata/{city}/{name}"
        first, status = download_ms(port, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        # As browsers and `curl --compressed` ask; a client without gzip is timed beside it.
        packed = {"Accept-Encoding": "gzip"}
        repeat = statistics.median(download_ms(port, path, packed)[0] for _ in range(repeats))
        plain = statistics.median(download_ms(port, path)[0] for _ in range(repeats))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        answer = conn.getresponse()
        answer.read()
        etag = answer.getheader("ETag") or ""
        conn.close()
        conditional, status = download_ms(port, path, {"If-None-Match": etag})
        ok = repeat < GOAL_REPEAT_DOWNLOAD_MS and status == 304
        print(
            f"open data {name:17s} first {first:7.1f} ms  repeat {repeat:6.1f} ms gzip, "
            f"{plain:6.1f} ms plain (medians of {repeats})  conditional {conditional:5.1f} ms → "
            f"{status}  "
            f"(goal repeat < {GOAL_REPEAT_DOWNLOAD_MS:.0f} ms) {'ok' if ok else 'MISSED'}  "
            f"{load_note()}"
        )
        if not ok:
            missed.append(f"open data {name}")
    return missed


def load(port: int, paths: list[str], *, seconds: float, processes: int = 2, threads: int = 4):
    quoted = list(paths)  # already quoted by jahesh.portal.links
    # Warm the page cache (the goal is for cached pages); each request opens a new connection, so
    # eight rounds reach every worker process and its own in-memory cache (a path a worker never
    # saw has a chance of 1 in 2^8 with two workers).
    for _ in range(8):
        for path in quoted:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
    with ProcessPoolExecutor(processes) as pool:
        results = list(pool.map(_hammer, [(port, quoted, seconds, threads)] * processes))
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    if not latencies:
        return 0.0, float("inf"), errors
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    return len(latencies) / seconds, p99, errors


# Main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--keep", type=Path, default=None, help="keep the data folder here")
    args = parser.parse_args()

    workdir = Path(args.keep or tempfile.mkdtemp(prefix="jahesh-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # nginx started by root serves as an unprivileged user, which mkdtemp's 0700 would shut out.
    workdir.chmod(0o755)
    env = os.environ.copy()
    env["JAHESH_DATA_DIR"] = str(workdir / "data")
    env["JAHESH_SITE_URL"] = "http://127.0.0.1"
    env["JAHESH_LOG_LEVEL"] = "WARNING"
    if env.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = env["BENCH_DATABASE_URL"]
    else:
        env.pop("DATABASE_URL", None)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("JAHESH_", "DATABASE_"))})
    if "DATABASE_URL" not in env:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "jahesh.config.settings"

    import django

    django.setup()
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0) if env.get("DATABASE_URL") else None
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    data = generate(args.scale)
    if env.get("DATABASE_URL"):
        from django.db import connection

        # A database in use has planner statistics (autovacuum analyses a table soon after a
        # bulk load); without them PostgreSQL plans the batch reads for a few rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    n_projects, n_ceremonies, n_articles = data["counts"]  # type: ignore[misc]
    print(
        f"data: {n_projects} projects, {n_ceremonies} ceremonies, {n_articles} articles "
        f"in {time.perf_counter() - started:.1f} s "
        f"({'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'})"
    )
    failures: list[str] = []

    # 1. Served pages.
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jahesh.config.cli",
            "serve",
            "--no-worker",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    served: dict[str, float] = {}
    try:
        wait_for(port, "/bench/")
        for name in ("home", "wave", "project"):
            rps, p99, errors = load(port, data[name], seconds=args.seconds)  # type: ignore[arg-type]
            served[name] = rps
            ok = rps >= GOAL_RPS and p99 < GOAL_P99_MS and errors == 0
            print(
                f"serve {name:8s} {rps:8.0f} req/s  p99 {p99:6.1f} ms  errors {errors}  "
                f"(goal ≥ {GOAL_RPS} req/s, p99 < {GOAL_P99_MS:.0f} ms) {'ok' if ok else 'MISSED'}"
                f"  {load_note()}"
            )
            if not ok:
                failures.append(f"serve {name}")
        failures += open_data_figures(port, "bench")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    # 2. Search.
    from jahesh.portal import search

    timings = []
    for _ in range(20):
        for query in data["search"]:  # type: ignore[attr-defined]
            t0 = time.perf_counter()
            search.search(municipality_id=data["city_id"], raw_query=query)  # type: ignore[arg-type]
            timings.append((time.perf_counter() - t0) * 1000)
    p95 = statistics.quantiles(timings, n=20)[18]
    ok = p95 < GOAL_SEARCH_P95_MS
    print(
        f"search p95 {p95:6.1f} ms over {len(timings)} queries "
        f"(goal < {GOAL_SEARCH_P95_MS:.0f} ms) {'ok' if ok else 'MISSED'}  {load_note()}"
    )
    if not ok:
        failures.append("search")

    # 3. Static export.
    from jahesh.portal.exporting import default_jobs, export_site

    site = workdir / "site"
    shutil.rmtree(site, ignore_errors=True)
    report = export_site(site, jobs=default_jobs())
    ok = report.pages_per_second >= GOAL_EXPORT_PAGES_PER_S
    print(
        f"export   {report.pages} pages in {report.seconds:.1f} s = {report.pages_per_second:.0f} "
        f"pages/s, {report.cpu_ms_per_page:.2f} ms CPU/page "
        f"(goal ≥ {GOAL_EXPORT_PAGES_PER_S}) {'ok' if ok else 'MISSED'}  {load_note()}"
    )
    if not ok:
        failures.append("export")

    # 4. nginx serving the export, same load.
    nginx = shutil.which("nginx")
    if nginx is None:
        print("nginx    not installed: the static-serving comparison is skipped")
    else:
        nginx_port = free_port()
        prefix = workdir / "nginx"
        (prefix / "logs").mkdir(parents=True, exist_ok=True)
        conf = prefix / "nginx.conf"
        conf.write_text(
            "daemon off; worker_processes 2; pid nginx.pid; error_log logs/error.log;\n"
            "events { worker_connections 1024; }\n"
            "http { access_log off; sendfile on; keepalive_requests 100000;\n"
            "  types { text/html html; text/css css; application/javascript js; }\n"
            f"  server {{ listen 127.0.0.1:{nginx_port}; root {site}; index index.html; }} }}\n"
        )
        proc = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(nginx_port, "/bench/")
            for name in ("home", "wave", "project"):
                rps, p99, errors = load(nginx_port, data[name], seconds=args.seconds)  # type: ignore[arg-type]
                ratio = served[name] / rps if rps else 0.0
                print(
                    f"nginx {name:8s} {rps:8.0f} req/s  p99 {p99:6.1f} ms  errors {errors}  "
                    f"jahesh serve / nginx = {ratio:.2f}  {load_note()}"
                )
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    if args.keep is None:
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        print("goals missed: " + ", ".join(failures))
        return 1
    print("all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
