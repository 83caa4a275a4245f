"""Wave day: the demo-scale city behind the shipped nginx configuration, loaded by wrk.

    python benchmarks/waveday.py [--scale 1.0] [--seconds 20] [--connections 1000]

Builds the benchmark city of benchmarks/portal.py (100,000 projects × ``--scale``) in a fresh
data folder (SQLite, or the PostgreSQL of BENCH_DATABASE_URL; Redis for cache and queue with
BENCH_REDIS_URL), in production mode, and starts the stack as deploy/ runs it: gunicorn
(`jahesh serve --no-worker`), the consumer (`jahesh worker`), and nginx with
deploy/nginx/jahesh.conf.template rendered by deploy/render-nginx (TLS with a throw-away
certificate). In the same nginx a second server serves static copies of the same pages (each
saved as the app answered it before the load).

Then wrk (Debian's package) with ``--connections`` connections, ``--seconds`` each time, in
the order app, static, static, app (so a machine growing busier weighs on both alike):

1. on the home, wave and project pages through the shipped configuration; during the first
   run the wave's articles are published (`wave_publish_now`, delivered by the consumer), and
   the time from the publish call to the new article page answering 200 and the home page
   naming it through nginx is the publish-to-visible time;
2. on the static copies of the same pages, same TLS, same nginx.

Each side's two runs are added up (requests over time, errors); its p99 is the worse of the two.

Prints requests/s, p99 and errors of both, their ratio, publish-to-visible, each against its goal
(ratio ≥ 0.8, p99 < 50 ms, no errors, publish-to-visible < 5 s), the machine's load beside each
figure, and exits 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from portal import generate, load_note  # noqa: E402  (the same city as the portal benchmark)

GOAL_RATIO = 0.8
GOAL_P99_MS = 50.0
GOAL_PUBLISH_S = 5.0
WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p99_us": %%d, "errors": %%d, '
    .. '"timeouts": %%d, "status": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(99.0),
    e.connect + e.read + e.write + e.status + e.timeout, e.timeout, e.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("", 0))
        return int(s.getsockname()[1])


def fetch(port: int, path: str, timeout_s: float = 10) -> tuple[int, str]:
    """GET over TLS (the throw-away certificate is not checked)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout_s, context=context)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_for(port: int, path: str, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if fetch(port, path, timeout_s=timeout_s)[0] < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"nothing answered {path} on port {port} within {timeout_s:.0f} s")


def wrk(port: int, paths: list[str], *, seconds: float, connections: int, workdir: Path) -> dict:
    script = workdir / f"paths-{port}.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    threads = min(connections, max(2, os.cpu_count() or 2))
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds:.0f}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            f"https://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["p99_ms"] = result["p99_us"] / 1000
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="log every request through the shipped site (cache status, time) and sum it up; "
        "the logging costs throughput, so the figures of such a run are not the goal's",
    )
    args = parser.parse_args()
    for tool in ("wrk", "envsubst", "openssl"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (apt-get install wrk gettext-base openssl)")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is not installed (apt-get install nginx-light)")

    workdir = Path(tempfile.mkdtemp(prefix="jahesh-waveday-"))
    # nginx started by root serves as an unprivileged user, which mkdtemp's 0700 would shut out.
    workdir.chmod(0o755)
    env = os.environ.copy()
    env.update(
        {
            "JAHESH_PRODUCTION": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "JAHESH_DATA_DIR": str(workdir / "data"),
            "JAHESH_STATIC_ROOT": str(workdir / "static"),
            "JAHESH_SITE_URL": "https://127.0.0.1",
            "JAHESH_PROXY_COUNT": "1",
            "JAHESH_LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "jahesh.config.settings",
        }
    )
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if env.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = env["BENCH_DATABASE_URL"]
    if env.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = env["BENCH_REDIS_URL"]
    os.environ.clear()
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command

    if env.get("DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    data = generate(args.scale)
    scene = publishable_wave(data)
    n_projects, n_ceremonies, n_articles = data["counts"]  # type: ignore[misc]
    print(
        f"data: {n_projects} projects, {n_ceremonies} ceremonies, {n_articles} articles in "
        f"{time.perf_counter() - started:.1f} s "
        f"({'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'})"
    )
    site = workdir / "site"
    site.mkdir()

    app_port, https_port, static_port = free_port(), free_port(), free_port()
    processes: list[subprocess.Popen[bytes]] = []

    def start(command: list[str]) -> None:
        processes.append(
            subprocess.Popen(
                command,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )

    try:
        cli = [sys.executable, "-m", "jahesh.config.cli"]
        workers = str(args.workers)
        start([*cli, "serve", "--no-worker", "--port", str(app_port), "--workers", workers])
        start([*cli, "worker"])
        start(
            nginx_command(
                workdir, site, app_port, https_port, static_port, nginx, diagnose=args.diagnose
            )
        )
        # The first render of a full-scale city's home page on a busy machine takes a while.
        wait_for(https_port, "/bench/", timeout_s=900)
        paths = [*data["home"], *data["wave"][:3], *data["project"][:40]]  # type: ignore[misc]
        static_copies(site, https_port, paths)
        wait_for(static_port, "/bench/")
        return measure(args, workdir, paths, https_port, static_port, scene)
    finally:
        for process in reversed(processes):
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def static_copies(site: Path, port: int, paths: list[str]) -> None:
    """The measured pages as static files: each saved as the app serves it, so both runs move
    the same bytes (the site export would write every page of the city; these are enough)."""
    for path in paths:
        status, body = fetch(port, path, timeout_s=120)
        if status != 200:
            raise SystemExit(f"{path} answered {status}, so it has no static copy")
        target = site / urllib.parse.unquote(path).strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")


def publishable_wave(data: dict[str, object]) -> dict[str, object]:
    """An approved article of the middle wave, not yet public, and a portal channel to carry it."""
    from django.utils import timezone

    from jahesh.leaps.models import Wave
    from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus
    from jahesh.newsroom.services.channels import channel_create
    from jahesh.portal import news
    from jahesh.registry.models import Municipality
    from jahesh.registry.services import system_actor_ensure

    city = Municipality.objects.get(pk=data["city_id"])
    actor = system_actor_ensure()
    channel_create(by=actor, municipality=city, kind="portal", name="درگاه")
    wave = Wave.objects.filter(programme__municipality=city).order_by("number")[3]
    title = f"افتتاح هم‌زمان پروژه‌های مرحله {wave.number} در روز جهش"
    article = Article.objects.create(
        municipality=city,
        code=999_999,
        kind=ArticleKind.NEWS,
        status=ArticleStatus.APPROVED,
        slug="روز-جهش",
        title=title,
        lead="همه‌ی پروژه‌های این مرحله امروز به بهره‌برداری رسید.",
        body="بند نخست.",
        reporter_name="خبرنگار سنجه",
        approved_at=timezone.now(),
    )
    article.waves.add(wave)
    return {
        "wave": wave,
        "actor": actor,
        "title": title,
        "url": news.article_url(city.slug, article.code, article.slug),
        "home": data["home"][0],  # type: ignore[index]
    }


def nginx_command(
    workdir: Path,
    site: Path,
    app_port: int,
    https_port: int,
    static_port: int,
    nginx: str,
    *,
    diagnose: bool = False,
) -> list[str]:
    """Render the shipped site for this run, beside a static server of the saved pages."""
    prefix = workdir / "nginx"
    (prefix / "logs").mkdir(parents=True)
    cert, key = prefix / "cert.pem", prefix / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-batch",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    rendered = subprocess.run(
        [str(ROOT / "deploy" / "render-nginx")],
        env={
            **os.environ,
            "JAHESH_SERVER_NAME": "127.0.0.1",
            "JAHESH_HTTP_PORT": str(free_port()),
            "JAHESH_HTTPS_PORT": str(https_port),
            "JAHESH_TLS_CERT": str(cert),
            "JAHESH_TLS_KEY": str(key),
            "JAHESH_STATIC_ROOT": str(workdir / "static"),
            "JAHESH_MEDIA_ROOT": str(workdir / "data" / "media"),
            "JAHESH_UPSTREAM": f"127.0.0.1:{app_port}",
            "JAHESH_NGINX_CACHE_DIR": str(prefix / "cache"),
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (prefix / "jahesh.conf").write_text(rendered)
    (prefix / "nginx.conf").write_text(
        f"daemon off; worker_processes auto; worker_rlimit_nofile 65536; pid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/logs/error.log;\n"
        "events { worker_connections 8192; }\n"
        "http {\n  include /etc/nginx/mime.types; default_type application/octet-stream;\n"
        + (
            "  log_format waveday '$msec $upstream_cache_status $status $request_time "
            "$upstream_status $request_uri';\n"
            f"  access_log {prefix}/logs/app.log waveday;\n"
            if diagnose
            else "  access_log off;\n"
        )
        + "  sendfile on; keepalive_requests 100000;\n"
        f"  include {prefix}/jahesh.conf;\n"
        f"  server {{ listen {static_port} ssl; ssl_certificate {cert}; "
        f"ssl_certificate_key {key};\n"
        f"    access_log off; root {site}; index index.html; }}\n}}\n"
    )
    return [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]


def publish_and_watch(port: int, scene: dict[str, object], found: dict[str, float]) -> None:
    """Publish the wave now; time until the article page and the home page show it via nginx."""
    from jahesh.newsroom.services.publishing import wave_publish_now

    started = time.monotonic()
    wave_publish_now(wave=scene["wave"], by=scene["actor"])  # type: ignore[arg-type]
    title = str(scene["title"])
    deadline = started + 60
    while time.monotonic() < deadline and len(found) < 2:
        try:
            if "article" not in found and fetch(port, str(scene["url"]))[0] == 200:
                found["article"] = time.monotonic() - started
            if "home" not in found and title in fetch(port, str(scene["home"]))[1]:
                found["home"] = time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)


def measure(
    args: argparse.Namespace,
    workdir: Path,
    paths: list[str],
    https_port: int,
    static_port: int,
    scene: dict[str, object],
) -> int:
    failures: list[str] = []
    for path in paths:  # every page rendered once, so the run measures a wave day, not a cold start
        fetch(https_port, path)
    visible: dict[str, float] = {}
    watcher = threading.Timer(
        args.seconds / 3, publish_and_watch, args=(https_port, scene, visible)
    )
    watcher.start()

    def run(port: int) -> dict:
        return wrk(port, paths, seconds=args.seconds, connections=args.connections, workdir=workdir)

    # App, static, static, app: a machine that grows busier or quieter during the run weighs on
    # both sides alike. The wave is published during the first app run.
    app_runs = [run(https_port)]
    watcher.join(timeout=90)
    static_runs = [run(static_port), run(static_port)]
    app_runs.append(run(https_port))
    app, static = combined(app_runs), combined(static_runs)
    ratio = app["rps"] / static["rps"] if static["rps"] else 0.0
    for name, result in (("nginx + app (shipped site)", app), ("nginx static copies", static)):
        print(
            f"{name:27s} {result['rps']:9.0f} req/s  p99 {result['p99_ms']:7.1f} ms  "
            f"errors {result['errors']} ({result['timeouts']} timeouts, "
            f"{result['status']} non-2xx/3xx)"
            f"  ({args.connections} connections) {load_note()}"
        )
        print(f"{'':27s} each run: {result['each']}")
    ok = ratio >= GOAL_RATIO
    print(f"ratio app / static {ratio:.2f} (goal ≥ {GOAL_RATIO}) {'ok' if ok else 'MISSED'}")
    failures += [] if ok else ["ratio"]
    ok = app["p99_ms"] < GOAL_P99_MS
    print(f"p99 {app['p99_ms']:.1f} ms (goal < {GOAL_P99_MS:.0f} ms) {'ok' if ok else 'MISSED'}")
    # wrk keeps every connection waiting on a request, so the mean latency is the number of
    # connections over the throughput (Little's law), whatever serves the pages.
    needed = args.connections / (GOAL_P99_MS / 1000)
    floor_ms = args.connections / max(static["rps"], 1) * 1000
    print(
        f"  Little's law: {args.connections} busy connections at {static['rps']:.0f} req/s wait "
        f"{floor_ms:.0f} ms on average even for static files; "
        f"a p99 under {GOAL_P99_MS:.0f} ms needs more than {needed:.0f} req/s"
    )
    failures += [] if ok else ["p99"]
    ok = app["errors"] == 0
    print(f"errors {app['errors']} (goal 0) {'ok' if ok else 'MISSED'}")
    failures += [] if ok else ["errors"]
    if len(visible) == 2:
        slowest = max(visible.values())
        ok = slowest < GOAL_PUBLISH_S
        print(
            f"publish to visible: article page {visible['article']:.2f} s, home page "
            f"{visible['home']:.2f} s (goal < {GOAL_PUBLISH_S:.0f} s) {'ok' if ok else 'MISSED'}"
        )
    else:
        ok = False
        print(f"publish to visible: not seen within 60 s ({visible}) MISSED")
    failures += [] if ok else ["publish to visible"]
    if args.diagnose:
        diagnosis(workdir / "nginx" / "logs" / "app.log")
    if failures:
        print("missed: " + ", ".join(failures))
    return 1 if failures else 0


def combined(runs: list[dict]) -> dict:
    """Two wrk runs as one: requests and errors added up, the worse p99."""
    total = {
        key: sum(run[key] for run in runs)
        for key in ("requests", "duration_us", "errors", "timeouts", "status")
    }
    total["rps"] = total["requests"] / (total["duration_us"] / 1e6)
    total["p99_ms"] = max(run["p99_ms"] for run in runs)
    total["each"] = ", ".join(f"{run['rps']:.0f} req/s p99 {run['p99_ms']:.1f} ms" for run in runs)
    return total


def diagnosis(log: Path) -> None:
    """Sum up the shipped site's log: requests by cache status, and the slow ones."""
    from collections import Counter

    statuses: Counter[str] = Counter()
    slow: list[tuple[float, str]] = []
    for line in log.read_text().splitlines():
        parts = line.split(" ", 5)
        if len(parts) < 6:
            continue
        _at, cache_status, status, seconds, upstream, uri = parts
        statuses[f"{cache_status} {status} (app {upstream})"] += 1
        if float(seconds) >= 1:
            slow.append((float(seconds), f"{cache_status} {status} (app {upstream}) {uri}"))
    print("diagnosis, by cache status and HTTP status:", dict(statuses.most_common()))
    print(f"diagnosis, requests of 1 s or more: {len(slow)}")
    for seconds, what in sorted(slow, reverse=True)[:15]:
        print(f"  {seconds:6.2f} s  {urllib.parse.unquote(what)}")
    errors: Counter[str] = Counter()
    for line in (log.parent / "error.log").read_text().splitlines():
        # "2026/12/04 23:50:01 [error] 123#123: *456 <message>, client: ..." → the message
        message = line.split(": ", 1)[-1].split(", client:", 1)[0]
        errors[message.split(" ", 1)[-1] if message.startswith("*") else message] += 1
    print(f"diagnosis, nginx error log: {sum(errors.values())} lines")
    for message, count in errors.most_common(8):
        print(f"  {count:6d} × {message[:160]}")


if __name__ == "__main__":
    raise SystemExit(main())
