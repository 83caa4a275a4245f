"""Backups that restore: the database, the uploaded files, and a manifest that vouches for both.

A backup is a folder: ``manifest.json``, the database (``database.dump``, PostgreSQL's custom
format from ``pg_dump``, or ``database.sqlite3``, a consistent copy through SQLite's online backup
API), and ``media/`` and ``private/`` (uploads: article photos, committee attachments). The
manifest names the app version, the database engine, the migrations applied, and every file with
its size and SHA-256. It is written last, into a temporary folder renamed into place, so a folder
with a manifest is a finished backup.

A restore checks everything before it changes anything: the manifest, every file's checksum, the
engine, and that this code knows every migration the backup has. It then replaces the database in
one transaction (PostgreSQL: the dump's SQL with the old schema dropped first, through
``psql --single-transaction``; SQLite: the online backup API, one write transaction), and only
then swaps the prepared upload folders in. A refused or failed restore leaves everything as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from jahesh.core.errors import JaheshError
from jahesh.persian import to_persian_digits

FORMAT = 1
MANIFEST = "manifest.json"
FILE_FOLDERS = ("media", "private")
ENGINES = {"django.db.backends.postgresql": "postgresql", "django.db.backends.sqlite3": "sqlite"}
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
_CHUNK = 1024 * 1024


class BackupError(JaheshError):
    default_message = "پشتیبان‌گیری یا بازگردانی انجام نشد."


@dataclass(frozen=True, slots=True)
class BackupSummary:
    folder: Path
    engine: str
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    engine = connections[DEFAULT_DB_ALIAS].settings_dict["ENGINE"]
    if engine not in ENGINES:
        raise BackupError(f"پایگاه داده‌ی «{engine}» پشتیبانی نمی‌شود.")
    return ENGINES[engine]


def _roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_ROOT)}


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _postgres_environment() -> dict[str, str]:
    """libpq's variables for the configured database, so no password is on a command line."""
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    for option, value in (db.get("OPTIONS") or {}).items():
        if option == "sslmode":
            env["PGSSLMODE"] = str(value)
    return env


def _run(command: list[str], *, what: str, **kwargs: Any) -> None:
    try:
        subprocess.run(
            command, check=True, capture_output=True, env=_postgres_environment(), **kwargs
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"برنامه‌ی «{command[0]}» پیدا نشد: بسته‌ی postgresql-client را نصب کنید."
        ) from error
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise BackupError(f"{what} انجام نشد: {detail[0]}") from error


def _copy_database(target: Path, engine: str) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    if engine == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            what="گرفتن نسخه از پایگاه داده",
        )
        return
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def backup_create(*, folder: Path) -> BackupSummary:
    """Write a complete backup into ``folder``, which must not exist yet or be empty."""
    folder = folder.resolve()
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"پوشه‌ی «{folder}» خالی نیست؛ پشتیبان تازه را در پوشه‌ای تازه بگیرید.")
    engine = _engine()
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder.parent))
    try:
        database_file = DATABASE_FILES[engine]
        _copy_database(work / database_file, engine)
        for name, root in _roots().items():
            if root.is_dir():
                shutil.copytree(root, work / name, symlinks=False)
        entries: list[dict[str, Any]] = [
            {
                "path": path.relative_to(work).as_posix(),
                "size": path.stat().st_size,
                "sha256": _sha256(path),
            }
            for path in _files_under(work)
        ]
        manifest = {
            "format": FORMAT,
            "app": "jahesh",
            "app_version": package_version("jahesh"),
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {"engine": engine, "file": database_file},
            "migrations": _applied_migrations(),
            "files": entries,
        }
        (work / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        if folder.exists():
            folder.rmdir()
        work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BackupSummary(
        folder=folder,
        engine=engine,
        files=len(entries),
        bytes=sum(int(entry["size"]) for entry in entries),
    )


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"در «{folder}» پرونده‌ی manifest.json نیست؛ این پوشه پشتیبان جهش نیست.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError("پرونده‌ی manifest.json خراب است و خوانده نمی‌شود.") from error
    if not isinstance(manifest, dict) or manifest.get("app") != "jahesh":
        raise BackupError("پرونده‌ی manifest.json از پشتیبان جهش نیست.")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"قالب این پشتیبان ({manifest.get('format')}) را این نسخه‌ی جهش نمی‌شناسد.")
    return manifest


def backup_verify(*, folder: Path) -> dict[str, Any]:
    """Check a backup against this installation; return its manifest or raise BackupError."""
    folder = folder.resolve()
    manifest = _read_manifest(folder)
    engine = _engine()
    theirs = manifest["database"]["engine"]
    if theirs != engine:
        names = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
        raise BackupError(
            f"این پشتیبان از پایگاه داده‌ی {names.get(theirs, theirs)} است و این نصب "
            f"{names[engine]} دارد؛ پشتیبان را روی نصبی با همان پایگاه داده بازگردانید."
        )
    listed = {entry["path"]: entry for entry in manifest["files"]}
    present = {path.relative_to(folder).as_posix() for path in _files_under(folder)} - {MANIFEST}
    if missing := sorted(set(listed) - present):
        raise BackupError(
            f"{to_persian_digits(str(len(missing)))} پرونده‌ی پشتیبان گم شده است، "
            f"از جمله «{missing[0]}»."
        )
    if extra := sorted(present - set(listed)):
        raise BackupError(f"پرونده‌ی «{extra[0]}» در فهرست پشتیبان نیست؛ پوشه دست‌کاری شده است.")
    for name, entry in sorted(listed.items()):
        path = folder / name
        if path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            raise BackupError(f"پرونده‌ی «{name}» با چکیده‌ی ثبت‌شده نمی‌خواند؛ پشتیبان خراب است.")
    if manifest["database"]["file"] not in listed:
        raise BackupError("پرونده‌ی پایگاه داده در پشتیبان نیست.")
    known = {
        f"{app}.{name}"
        for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.nodes
    }
    if unknown := sorted(set(manifest["migrations"]) - known):
        raise BackupError(
            f"این پشتیبان از نسخه‌ی تازه‌تری از جهش ({manifest.get('app_version')}) است و "
            f"مهاجرت «{unknown[0]}» را دارد که این نسخه نمی‌شناسد؛ نخست جهش را به‌روز کنید."
        )
    return manifest


def _restore_postgresql(dump: Path, work: Path) -> None:
    script = work / "restore.sql"
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump)],
        what="خواندن نسخه‌ی پایگاه داده",
    )
    # Tables of migrations newer than the backup must go too, or the next migrate trips on them;
    # one transaction, so a failure anywhere leaves the old database untouched.
    wrapper = work / "replace.sql"
    wrapper.write_text(
        f"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n\\i {script}\n",
        encoding="utf-8",
    )
    connections[DEFAULT_DB_ALIAS].close()
    _run(
        [
            "psql",
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--file={wrapper}",
        ],
        what="بازگردانی پایگاه داده",
    )


def _restore_sqlite(copy: Path) -> None:
    source = sqlite3.connect(copy)
    try:
        if source.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError("پرونده‌ی پایگاه داده‌ی پشتیبان درست نیست (integrity_check).")
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.in_atomic_block:
            raise BackupError("بازگردانی درون یک تراکنش باز ممکن نیست.")
        connection.ensure_connection()
        # All pages in one step: one write transaction on the live file, WAL handled by SQLite.
        source.backup(connection.connection, pages=-1)
    finally:
        source.close()


def backup_restore(*, folder: Path) -> dict[str, Any]:
    """Replace this installation's database and uploads with the backup's, all or nothing."""
    folder = folder.resolve()
    manifest = backup_verify(folder=folder)
    engine = manifest["database"]["engine"]
    roots = _roots()
    prepared: dict[str, Path] = {}
    work = Path(tempfile.mkdtemp(prefix="jahesh-restore-"))
    try:
        # The new upload folders are copied beside the live ones first, so the swap is a rename.
        for name, root in roots.items():
            root.parent.mkdir(parents=True, exist_ok=True)
            staged = root.parent / f".{root.name}.restore-{uuid.uuid4().hex[:8]}"
            if (folder / name).is_dir():
                shutil.copytree(folder / name, staged)
            else:
                staged.mkdir()
            prepared[name] = staged
        database = folder / manifest["database"]["file"]
        if engine == "postgresql":
            _restore_postgresql(database, work)
        else:
            _restore_sqlite(database)
    except BaseException:
        for staged in prepared.values():
            shutil.rmtree(staged, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, root in roots.items():
        retired = root.parent / f".{root.name}.replaced-{uuid.uuid4().hex[:8]}"
        if root.exists():
            root.rename(retired)
        prepared[name].rename(root)
        shutil.rmtree(retired, ignore_errors=True)
    return manifest
