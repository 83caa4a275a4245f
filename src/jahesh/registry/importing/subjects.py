"""What else ``jahesh import`` can load, added by the apps above the registry.

The command lives in the registry, which may not import the apps layered above it; an app adds
its subject here from its ``AppConfig.ready`` (leaps adds ``waves``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jahesh.registry.models import Municipality

# (acting user, city, file bytes, dry run, the command's options) -> the summary sentence.
Runner = Callable[[Any, Municipality, bytes, bool, Mapping[str, Any]], str]


@dataclass(frozen=True, slots=True)
class ImportSubject:
    name: str
    runner: Runner


_SUBJECTS: dict[str, ImportSubject] = {}


def import_subject_register(subject: ImportSubject) -> None:
    _SUBJECTS[subject.name] = subject


def import_subject_get(name: str) -> ImportSubject | None:
    return _SUBJECTS.get(name)


def import_subject_names() -> list[str]:
    return sorted(_SUBJECTS)
