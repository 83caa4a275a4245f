"""Soak: mixed traffic against the production stack for half an hour, with faults injected.

    python benchmarks/soak.py [--minutes 30] [--scale 0.02] [--citizens 32]

Needs root on a Debian machine with PostgreSQL (postgresql-common), redis-server, nginx, wrk and
openssl. It starts its own PostgreSQL cluster (pg_createcluster, on a free port) and its own Redis
(append-only file, as compose.yaml runs it), so restarting them disturbs nothing else on the
machine, and drops both at the end. On them, in production mode: the benchmark city of
benchmarks/portal.py (100,000 projects × ``--scale``), gunicorn as jahesh-web.service starts it
(`jahesh serve --no-worker`), the consumer as jahesh-worker.service does (`jahesh worker`), nginx
with deploy/'s site file (benchmarks/waveday.py renders it) logging every request, and a webhook
receiver that records each delivery's idempotency key. Then, for ``--minutes``:

- citizens: wrk over the home, wave, project and article pages and portal searches;
- staff: a signed-in client editing projects through the admin's change form, every 2 s;
- imports: a 300-row project file into a new city, six times over the run;
- publishing: a wave's approved articles scheduled 10 s ahead on the portal and the webhook,
  eight times over the run (more on a longer run);
- faults: the consumer killed (SIGKILL) at 20 % and 55 % and started again 5 s later, as
  systemd's Restart=on-failure would; PostgreSQL stopped at 40 % for 10 s and started; Redis
  shut down at 70 % for 3 s and started;
- RSS of the gunicorn workers and the consumer, every 5 s.

After a grace of up to 3 minutes for retries it checks: every publication sent exactly once (one
row per article and channel, sent; each webhook key received), every import whole or absent, no
5xx answered except 503 while PostgreSQL was down (and that 503 the Persian page), and memory
flat (the workers' RSS in the last quarter within 15 % + 20 MiB of the second quarter's). Prints
the figures with the machine's load and exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import http.server
import importlib
import json
import os
import re
import secrets
import shutil
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from portal import generate, load_note  # noqa: E402
from waveday import free_port, nginx_command, wait_for  # noqa: E402

IMPORT_ROWS = 300
MEMORY_GROWTH = 1.15
MEMORY_SLACK_MIB = 20
DB_DOWN_S = 10
REDIS_DOWN_S = 3
CONSUMER_RESTART_S = 5
GRACE_S = 180
OUTAGE_PAGE = "سامانه لحظه‌ای در دسترس نیست"
LOG_FORMAT = 'log_format soak \'$msec $status "$upstream_status" "$request_uri"\';'


@dataclass
class Record:
    """What happened when: fault windows, outcomes of each kind of traffic."""

    started: float = field(default_factory=time.time)
    events: list[tuple[float, str]] = field(default_factory=list)
    db_down: list[tuple[float, float]] = field(default_factory=list)
    redis_down: list[tuple[float, float]] = field(default_factory=list)
    edits_ok: int = 0
    edits_failed: list[str] = field(default_factory=list)
    imports: list[tuple[str, int | None, str]] = field(default_factory=list)
    rounds: list[dict[str, Any]] = field(default_factory=list)
    probe: list[tuple[float, int, bool]] = field(default_factory=list)
    memory: list[tuple[float, float, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, text: str) -> None:
        at = time.time() - self.started
        with self.lock:
            self.events.append((at, text))
        print(f"  [{at:6.0f} s] {text} {load_note()}", flush=True)


# --- private PostgreSQL and Redis, so their restarts touch nobody else ---


class Cluster:
    def __init__(self, port: int) -> None:
        versions = (
            sorted(os.listdir("/etc/postgresql"), key=float)
            if Path("/etc/postgresql").is_dir()
            else []
        )
        if not versions or shutil.which("pg_createcluster") is None:
            raise SystemExit("needs Debian's PostgreSQL (postgresql-common) and root")
        self.version, self.name, self.port = versions[-1], f"soak{port}", port
        subprocess.run(
            ["pg_createcluster", self.version, self.name, "-p", str(port), "--",
             "--auth-host=trust", "--auth-local=trust"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.start()
        self.psql(["-c", "CREATE DATABASE jahesh"])

    def psql(self, args: list[str]) -> None:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q", *args],
            check=True, capture_output=True,
        )  # fmt: skip

    def ready(self) -> bool:
        return (
            subprocess.run(
                ["pg_isready", "-h", "127.0.0.1", "-p", str(self.port), "-q"], check=False
            ).returncode
            == 0
        )

    def start(self) -> None:
        subprocess.run(["pg_ctlcluster", self.version, self.name, "start"], check=True)
        deadline = time.monotonic() + 60
        while not self.ready():
            if time.monotonic() > deadline:
                raise SystemExit("the soak's PostgreSQL did not come back within 60 s")
            time.sleep(0.2)

    def stop(self) -> None:
        subprocess.run(["pg_ctlcluster", self.version, self.name, "stop", "-m", "fast"], check=True)

    def drop(self) -> None:
        subprocess.run(
            ["pg_dropcluster", "--stop", self.version, self.name], check=False, capture_output=True
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/jahesh"


class Redis:
    def __init__(self, port: int, folder: Path) -> None:
        self.port, self.folder = port, folder
        folder.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir",
             str(self.folder), "--appendonly", "yes", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                             check=False).stdout.strip() != b"PONG":  # fmt: skip
            if time.monotonic() > deadline:
                raise SystemExit("the soak's Redis did not start within 30 s")
            time.sleep(0.1)

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown"], capture_output=True, check=False
        )
        if self.process is not None:
            self.process.wait(timeout=30)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


# --- clients ---


def tls() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class FormReader(HTMLParser):
    """The fields of the page's main form as a browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and a.get("type", "text") not in ("submit", "file", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select is not None and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


class Staff:
    """A signed-in member of staff, through nginx, with cookies carried by hand."""

    def __init__(self, port: int, username: str, password: str) -> None:
        self.port, self.username, self.password = port, username, password
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: list[tuple[str, str]] | None = None
    ) -> tuple[int, str, str]:
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=tls())
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return (
                response.status,
                response.getheader("Location") or "",
                response.read().decode("utf-8", "replace"),
            )
        finally:
            conn.close()

    def sign_in(self) -> None:
        self.cookies.clear()
        status, _, page = self.request("GET", "/admin/login/")
        fields = dict(read_form(page, "login-form"))
        status, _, page = self.request(
            "POST", "/admin/login/?next=/admin/",
            [("csrfmiddlewaretoken", fields.get("csrfmiddlewaretoken", "")),
             ("username", self.username), ("password", self.password), ("next", "/admin/")],
        )  # fmt: skip
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in answered {status}")

    def edit_project(self, pk: int, n: int) -> str | None:
        """Change one project's description through the admin; None when it was saved."""
        path = f"/admin/registry/project/{pk}/change/"
        status, location, page = self.request("GET", path)
        if status == 302 and "login" in location:
            self.sign_in()
            status, location, page = self.request("GET", path)
        if status != 200:
            return f"GET {status}"
        fields = [(k, v) for k, v in read_form(page, "project_form") if k != "_continue"]
        fields = [
            (k, f"شرح ویرایش‌شده در سنجه پایداری، بار {n}") if k == "description" else (k, v)
            for k, v in fields
        ]
        fields.append(("_save", "ذخیره"))
        status, location, page = self.request("POST", path, fields)
        if status == 302:
            return None
        errors = re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', page, re.S)
        return f"POST {status} {re.sub('<[^>]+>', ' ', ' '.join(errors))[:200]}"


def read_form(page: str, form_id: str) -> list[tuple[str, str]]:
    """The fields of the form with this id (the admin's pages also hold a log-out form)."""
    start = page.find(f'id="{form_id}"')
    start = page.rfind("<form", 0, start) if start >= 0 else -1
    end = page.find("</form>", start)
    reader = FormReader()
    reader.feed(page[start:end] if start >= 0 else page)
    return reader.fields


class Receiver(http.server.ThreadingHTTPServer):
    """The webhook's far end: counts each idempotency key it is sent."""

    def __init__(self, port: int) -> None:
        self.keys: dict[str, int] = {}
        self.keys_lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key = self.headers.get("Idempotency-Key", "")
                with receiver.keys_lock:
                    receiver.keys[key] = receiver.keys.get(key, 0) + 1
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", port), Handler)


# --- the run ---


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--scale", type=float, default=0.02)
    parser.add_argument("--citizens", type=int, default=32, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args()
    for tool in ("wrk", "envsubst", "openssl", "redis-server", "pg_ctlcluster"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    workdir = Path(tempfile.mkdtemp(prefix="jahesh-soak-"))
    workdir.chmod(0o755)
    cluster: Cluster | None = None
    redis: Redis | None = None
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        cluster = Cluster(free_port())
        redis = Redis(free_port(), workdir / "redis")
        return soak(args, workdir, cluster, redis, nginx, processes)
    finally:
        for process in processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if redis is not None:
            redis.stop()
        if cluster is not None:
            if not cluster.ready():
                cluster.start()
            cluster.drop()
        shutil.rmtree(workdir, ignore_errors=True)


def soak(
    args: argparse.Namespace,
    workdir: Path,
    cluster: Cluster,
    redis: Redis,
    nginx: str,
    processes: dict[str, subprocess.Popen[bytes]],
) -> int:
    password = secrets.token_urlsafe(16)
    receiver_port = free_port()
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
            "JAHESH_CHANNEL_ALLOW_PRIVATE_ADDRESSES": "true",
            "DATABASE_URL": cluster.url,
            "REDIS_URL": redis.url,
            "DJANGO_SETTINGS_MODULE": "jahesh.config.settings",
            "DJANGO_SUPERUSER_PASSWORD": password,
        }
    )
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command(
        "createsuperuser", interactive=False, username="soak", email="soak@example.org", verbosity=0
    )
    data = generate(args.scale)
    scene = setup_publishing(data, receiver_port)
    print(
        f"data: {data['counts']} (projects, ceremonies, articles) on PostgreSQL {cluster.version}"
    )

    receiver = Receiver(receiver_port)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    app_port, https_port = free_port(), free_port()
    logs = workdir / "logs"
    logs.mkdir()
    cli = [sys.executable, "-m", "jahesh.config.cli"]

    def start(name: str, command: list[str]) -> None:
        processes[name] = subprocess.Popen(
            command, env=env, stdout=(logs / f"{name}.log").open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    start(
        "web",
        [*cli, "serve", "--no-worker", "--port", str(app_port), "--workers", str(args.workers)],
    )
    start("worker", [*cli, "worker"])
    (workdir / "site").mkdir()
    command = nginx_command(workdir, workdir / "site", app_port, https_port, free_port(), nginx)
    conf = workdir / "nginx" / "nginx.conf"
    access = workdir / "nginx" / "logs" / "access.log"
    conf.write_text(
        conf.read_text().replace("access_log off;", f"{LOG_FORMAT} access_log {access} soak;")
    )
    start("nginx", command)
    wait_for(https_port, str(data["home"][0]))  # type: ignore[index]

    record = Record()
    duration = args.minutes * 60
    stop = threading.Event()
    paths = [*data["home"], *data["wave"], *data["project"], *data["article"]]  # type: ignore[misc]
    paths += [f"/bench/search/?q={urllib.parse.quote(q)}" for q in data["search"]]  # type: ignore[attr-defined]
    script = workdir / "citizens.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    print(
        f"soak: {args.minutes:g} min, {args.citizens} citizens on {len(paths)} addresses "
        f"{load_note()}"
    )
    wrk = subprocess.Popen(
        ["wrk", "-t2", f"-c{args.citizens}", f"-d{duration:.0f}s", "--timeout", "10s",
         "-s", str(script), f"https://127.0.0.1:{https_port}"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    staff = Staff(https_port, "soak", password)
    threads = [
        threading.Thread(target=edit_loop, args=(staff, data, record, stop)),
        threading.Thread(target=import_loop, args=(duration, record, stop)),
        threading.Thread(target=publish_loop, args=(duration, scene, record, stop)),
        threading.Thread(target=memory_loop, args=(processes, record, stop)),
        threading.Thread(target=probe_loop, args=(https_port, record, stop)),
        threading.Thread(
            target=faults, args=(duration, cluster, redis, processes, start, cli, record, stop)
        ),
    ]
    for thread in threads:
        thread.start()
    wrk_out, _ = wrk.communicate()
    stop.set()
    for thread in threads:
        thread.join(timeout=300)
    record.note("traffic over; waiting for every publication to settle")
    return check(args, record, scene, receiver, access, https_port, wrk_out)


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
    'RESULT {"requests": %%d, "duration_us": %%d, "p99_us": %%d, "errors": %%d, "status": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(99.0),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def setup_publishing(data: dict[str, Any], receiver_port: int) -> dict[str, Any]:
    from jahesh.leaps.models import Wave
    from jahesh.newsroom.services.channels import channel_create
    from jahesh.registry.models import Municipality
    from jahesh.registry.services import system_actor_ensure

    city = Municipality.objects.get(pk=data["city_id"])
    actor = system_actor_ensure()
    channel_create(by=actor, municipality=city, kind="portal", name="درگاه")
    channel_create(
        by=actor, municipality=city, kind="webhook", name="سامانه پیام شهر",
        config={"url": f"http://127.0.0.1:{receiver_port}/hook"}, secret=secrets.token_urlsafe(32),
    )  # fmt: skip
    waves = list(Wave.objects.filter(programme__municipality=city).order_by("number"))
    projects = list(data["project_pks"]) if "project_pks" in data else []
    return {"city": city, "actor": actor, "waves": waves, "projects": projects}


def retrying(
    action: Any, *, record: Record, what: str, stop: threading.Event, limit_s: float = 60
) -> Any:
    """Run a database action, again after a second while the database is away."""
    from django.db import close_old_connections, connection

    deadline = time.monotonic() + limit_s
    while True:
        try:
            close_old_connections()
            return action()
        except Exception as error:
            connection.close()
            if time.monotonic() > deadline:
                record.note(f"{what} gave up: {type(error).__name__}: {error}")
                raise
            time.sleep(1)


def edit_loop(staff: Staff, data: dict[str, Any], record: Record, stop: threading.Event) -> None:
    from jahesh.registry.models import Project

    pks = list(
        Project.objects.filter(municipality_id=data["city_id"])
        .order_by("pk")
        .values_list("pk", flat=True)[:50]
    )
    n = 0
    signed_in = False
    while not stop.is_set():
        n += 1
        try:
            if not signed_in:
                staff.sign_in()
                signed_in = True
            problem = staff.edit_project(pks[n % len(pks)], n)
        except (OSError, RuntimeError, http.client.HTTPException) as error:
            problem = f"{type(error).__name__}: {error}"
            signed_in = False
        with record.lock:
            if problem is None:
                record.edits_ok += 1
            else:
                record.edits_failed.append(f"{time.time() - record.started:.0f} s {problem}")
        stop.wait(2)


def import_loop(duration: float, record: Record, stop: threading.Event) -> None:
    bench = importlib.import_module("import")
    from jahesh.registry.importing import projects_import
    from jahesh.registry.services import system_actor_ensure

    every = duration / 6
    rows = bench.as_csv(bench.generate_rows(IMPORT_ROWS, seed=7))
    n = 0
    while not stop.wait(every * 0.5 if n == 0 else every):
        n += 1
        slug = f"soak-import-{n}"
        try:
            city = retrying(
                lambda slug=slug: bench.make_city(slug),
                record=record,
                what=f"city {slug}",
                stop=stop,
            )
        except Exception:
            record.imports.append((slug, None, "the city could not be made"))
            continue
        from django.db import close_old_connections, connection

        close_old_connections()
        try:
            result = projects_import(by=system_actor_ensure(), municipality=city, data=rows)
        except Exception as error:
            connection.close()
            record.imports.append((slug, None, f"{type(error).__name__}"))
            record.note(f"import {n} refused: {type(error).__name__}")
        else:
            record.imports.append((slug, result.created, "imported"))
            record.note(f"import {n}: {result.created} projects")


def publish_loop(
    duration: float, scene: dict[str, Any], record: Record, stop: threading.Event
) -> None:
    import datetime as dt

    from django.utils import timezone

    from jahesh.newsroom.models import Article, ArticleKind, ArticleStatus
    from jahesh.newsroom.services.publishing import wave_publish

    rounds = max(8, int(duration / 200))
    every = duration / (rounds + 1)
    city, actor, waves = scene["city"], scene["actor"], scene["waves"]
    for n in range(1, rounds + 1):
        if stop.wait(every):
            return
        wave = waves[n % len(waves)]

        def publish(n: int = n, wave: Any = wave) -> list[Any]:
            articles = []
            for k in range(3):
                code = 900_000 + n * 10 + k
                article, _ = Article.objects.get_or_create(
                    municipality=city, code=code,
                    defaults={"kind": ArticleKind.NEWS, "status": ArticleStatus.APPROVED,
                              "slug": f"سنجه-{code}", "title": f"خبر سنجه پایداری {code}",
                              "lead": "گشایش پروژه‌های این مرحله.", "body": "بند نخست.",
                              "reporter_name": "خبرنگار سنجه", "approved_at": timezone.now()},
                )  # fmt: skip
                article.waves.add(wave)
                articles.append(article)
            wave_publish(wave=wave, by=actor, at=timezone.now() + dt.timedelta(seconds=10))
            return [a.pk for a in articles]

        try:
            pks = retrying(publish, record=record, what=f"publication {n}", stop=stop)
        except Exception:
            record.rounds.append({"n": n, "articles": [], "failed": True})
            continue
        record.rounds.append({"n": n, "articles": pks, "failed": False})
        record.note(f"wave {wave.number} scheduled ({len(pks)} articles, due in 10 s)")


def worker_pids(master: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                out.append(int(stat.parent.name))
    return out


def rss_mib(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def memory_loop(
    processes: dict[str, subprocess.Popen[bytes]], record: Record, stop: threading.Event
) -> None:
    while not stop.wait(5):
        web = sum(rss_mib(pid) for pid in worker_pids(processes["web"].pid))
        worker = rss_mib(processes["worker"].pid)
        record.memory.append((time.time() - record.started, web, worker))


def probe_loop(port: int, record: Record, stop: threading.Event) -> None:
    """While the database is down, ask for pages no cache holds: they must be the Persian 503."""
    n = 0
    while not stop.wait(0.5):
        with record.lock:
            down = bool(record.db_down) and record.db_down[-1][1] == 0.0
        if not down:
            continue
        n += 1
        try:
            conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=15, context=tls())
            conn.request("GET", f"/bench/search/?q=soak{n}")
            response = conn.getresponse()
            body = response.read().decode("utf-8", "replace")
            conn.close()
        except OSError:
            continue
        record.probe.append((time.time(), response.status, OUTAGE_PAGE in body))


def faults(duration, cluster, redis, processes, start, cli, record, stop) -> None:  # type: ignore[no-untyped-def]
    plan = [(0.20, "consumer"), (0.40, "database"), (0.55, "consumer"), (0.70, "redis")]
    began = time.monotonic()
    for fraction, what in plan:
        if stop.wait(max(0.0, began + duration * fraction - time.monotonic())):
            return
        if what == "consumer":
            os.killpg(processes["worker"].pid, signal.SIGKILL)
            processes["worker"].wait()
            record.note("consumer killed (SIGKILL)")
            time.sleep(CONSUMER_RESTART_S)
            start("worker", [*cli, "worker"])
            record.note("consumer started again")
        elif what == "database":
            down = time.time()
            with record.lock:
                record.db_down.append((down, 0.0))
            cluster.stop()
            record.note("PostgreSQL stopped")
            time.sleep(DB_DOWN_S)
            cluster.start()
            with record.lock:
                record.db_down[-1] = (down, time.time())
            record.note("PostgreSQL started again and answers")
        else:
            down = time.time()
            redis.stop()
            record.note("Redis shut down")
            time.sleep(REDIS_DOWN_S)
            redis.start()
            record.redis_down.append((down, time.time()))
            record.note("Redis started again and answers")


# --- the checks ---


def check(args, record, scene, receiver, access, port, wrk_out) -> int:  # type: ignore[no-untyped-def]
    from django.db import close_old_connections

    from jahesh.newsroom.models import Article, ArticleStatus, Publication, PublicationState
    from jahesh.registry.models import Municipality, Project

    failures: list[str] = []
    close_old_connections()
    expected = [pk for r in record.rounds for pk in r["articles"]]
    deadline = time.monotonic() + GRACE_S
    while time.monotonic() < deadline:
        rows = Publication.objects.filter(article_id__in=expected)
        if rows.count() and all(
            state == PublicationState.SENT for state in rows.values_list("state", flat=True)
        ):
            break
        time.sleep(2)
    channels = 2
    rows = list(
        Publication.objects.filter(article_id__in=expected).values_list(
            "article_id", "channel_id", "state", "idempotency_key", "channel__kind"
        )
    )
    pairs: dict[tuple[int, int], int] = {}
    for article_id, channel_id, *_ in rows:
        pairs[(article_id, channel_id)] = pairs.get((article_id, channel_id), 0) + 1
    sent = sum(1 for r in rows if r[2] == PublicationState.SENT)
    hooks = [r[3] for r in rows if r[4] == "webhook"]
    received = [key for key in hooks if receiver.keys.get(key)]
    repeats = sum(receiver.keys.get(key, 0) - 1 for key in received)
    published = Article.objects.filter(pk__in=expected, status=ArticleStatus.PUBLISHED).count()
    failed_rounds = sum(1 for r in record.rounds if r["failed"])
    ok = (
        len(pairs) == len(expected) * channels
        and all(v == 1 for v in pairs.values())
        and sent == len(rows)
        and len(received) == len(hooks)
        and published == len(expected)
        and failed_rounds == 0
    )
    print(
        f"publications: {len(record.rounds)} waves scheduled, {len(expected)} articles × "
        f"{channels} channels; "
        f"{sent}/{len(rows)} sent, {len(received)}/{len(hooks)} webhook keys received "
        f"({repeats} repeats dropped by key), {published}/{len(expected)} articles public, "
        f"{failed_rounds} rounds not scheduled {'ok' if ok else 'MISSED'}"
    )
    if not ok:
        failures.append("publications")
        stuck = [r for r in rows if r[2] != PublicationState.SENT]
        print(f"  not sent: {stuck[:10]}")
        hidden = Article.objects.filter(pk__in=expected).exclude(status=ArticleStatus.PUBLISHED)
        for row in hidden.values("code", "status", "scheduled_for", "published_at")[:10]:
            print(f"  not public: {row}")

    halves = []
    for slug, created, outcome in record.imports:
        city = Municipality.objects.filter(slug=slug).first()
        count = Project.objects.filter(municipality=city).count() if city else 0
        whole = count == (IMPORT_ROWS if created is not None else 0)
        if not whole:
            halves.append(f"{slug}: {outcome}, {count} projects")
    done = sum(1 for _, created, _ in record.imports if created is not None)
    ok = not halves and done > 0
    refused = len(record.imports) - done
    print(f"imports: {len(record.imports)} attempted, {done} whole, {refused} refused "
          f"whole, {len(halves)} half-written {'ok' if ok else 'MISSED'}")  # fmt: skip
    failures += [] if ok else ["imports"]
    for line in halves:
        print(f"  {line}")

    windows = [(a - 1, b + 15) for a, b in record.db_down]
    statuses: dict[str, int] = {}
    outage_503 = 0
    bad: list[str] = []
    requests = 0
    for line in access.read_text().splitlines():
        parts = line.split(" ", 3)
        if len(parts) < 4:
            continue
        requests += 1
        at, status = float(parts[0]), parts[1]
        if at < record.started:  # waiting for the stack to come up
            continue
        statuses[status] = statuses.get(status, 0) + 1
        if status.startswith("5"):
            if status == "503" and any(a <= at <= b for a, b in windows):
                outage_503 += 1
            else:
                bad.append(f"{at - record.started:.0f} s {status} {parts[3]}")
    probe_pages = [p for p in record.probe if p[1] == 503]
    persian = all(p[2] for p in probe_pages)
    ok = not bad and bool(probe_pages) and persian
    by_status = dict(sorted(statuses.items()))
    print(f"answers through nginx: {requests} requests, by status {by_status}; "
          f"{outage_503} × 503 while PostgreSQL was down, {len(bad)} other 5xx; probe saw "
          f"{len(probe_pages)} × 503 {'all the Persian page' if persian else 'NOT all Persian'} "
          f"{'ok' if ok else 'MISSED'}")  # fmt: skip
    failures += [] if ok else ["5xx"]
    for line in bad[:15]:
        print(f"  {line}")

    line = next((x for x in wrk_out.splitlines() if x.startswith("RESULT ")), None)
    if line:
        result = json.loads(line.removeprefix("RESULT "))
        rps = result["requests"] / (result["duration_us"] / 1e6)
        print(f"citizens (wrk, {args.citizens} connections): {result['requests']} requests, "
              f"{rps:.0f} req/s, "
              f"p99 {result['p99_us'] / 1000:.0f} ms, {result['errors']} socket errors/timeouts, "
              f"{result['status']} non-2xx/3xx {load_note()}")  # fmt: skip
    print(f"staff edits: {record.edits_ok} saved, {len(record.edits_failed)} failed")
    for problem in record.edits_failed[:8]:
        print(f"  {problem}")
    windows_s = [(a - record.started - 1, b - record.started + 15)
                 for a, b in record.db_down + record.redis_down]  # fmt: skip
    outside = [p for p in record.edits_failed
               if not any(a <= float(p.split(" ")[0]) <= b for a, b in windows_s)]  # fmt: skip
    if record.edits_ok == 0 or outside:
        failures.append("staff edits")
        print(f"  failed outside a fault window: {outside[:5]}")

    samples = record.memory
    quarter = len(samples) // 4
    if quarter >= 2:
        early = statistics.median(s[1] for s in samples[quarter : 2 * quarter])
        late = statistics.median(s[1] for s in samples[-quarter:])
        w_early = statistics.median(s[2] for s in samples[quarter : 2 * quarter])
        w_late = statistics.median(s[2] for s in samples[-quarter:])
        ok = late <= early * MEMORY_GROWTH + MEMORY_SLACK_MIB
        print(f"memory: gunicorn workers {early:.0f} → {late:.0f} MiB (second → last quarter, "
              f"{len(samples)} samples), consumer {w_early:.0f} → {w_late:.0f} MiB "
              f"{'ok' if ok else 'MISSED'}")  # fmt: skip
        failures += [] if ok else ["memory"]
    else:
        print("memory: too few samples for a trend (run longer)")
    for at, text in record.events:
        print(f"  event {at:6.0f} s {text}")
    if failures:
        print("missed: " + ", ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
