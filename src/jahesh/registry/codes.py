"""What a project code may hold, and how an old code outside that alphabet is repaired.

A code is a path segment of the portal (``/<city>/projects/<code>/``) and of the static export,
so it holds only letters and digits and a few marks that mean nothing to a path:

- Latin letters ``A–Z a–z`` and the Persian letters (``آ ا ب پ … ی``, with ``ء أ ؤ ئ``);
- digits ``0–9`` (Persian and Arabic-Indic digits are accepted and stored as Latin digits);
- ``-``, ``_`` and ``.`` between them: a code starts and ends with a letter or a digit, so it
  is never ``.`` or ``..`` and never starts with a dot or a hyphen.

No ``/``, ``\\``, spaces, ZWNJ or other marks. See docs/import-format.md.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from typing import Any, TextIO

from django.core.exceptions import ValidationError as DjangoValidationError

from jahesh import persian

MAX_CODE_LENGTH = 40
PERSIAN_LETTERS = "ءآأؤئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_CHARACTER = f"A-Za-z0-9{PERSIAN_LETTERS}"
_SAFE_CODE = re.compile(f"[{_CHARACTER}](?:[{_CHARACTER}_.-]*[{_CHARACTER}])?")
_UNSAFE_RUN = re.compile(f"[^{_CHARACTER}_.-]+")
_MARK_RUN = re.compile(r"[_.-]*[.][_.-]*|[_-]{2,}")
CODE_RULE = (
    "کد پروژه فقط حرف فارسی یا لاتین، رقم و نشانه‌های «-»، «_» و «.» (نه در آغاز و پایان) "
    "می‌پذیرد؛ «/» و فاصله پذیرفته نیست."
)


def project_code_problem(code: str) -> str | None:
    """The Persian sentence saying why ``code`` (already normalised) is refused, or None."""
    if _SAFE_CODE.fullmatch(code) and ".." not in code:
        return None
    return f"کد «{code[:60]}» پذیرفته نیست: {CODE_RULE}"


def normalize_project_code(value: str) -> str:
    """The code as the services store it: normalised Persian, Latin digits, no outer space."""
    return persian.to_latin_digits(persian.normalize_name(value))


def validate_project_code(value: Any) -> None:
    """Django field validator: refuse a code the services would refuse (after normalising)."""
    problem = project_code_problem(normalize_project_code(str(value)))
    if problem is not None:
        raise DjangoValidationError(problem, code="unsafe_code")


def safe_project_code(code: str) -> str:
    """A code in the alphabet made from ``code``: each run of other characters becomes «-»,
    runs of marks holding a dot become one «.», and marks at the ends are dropped."""
    text = _UNSAFE_RUN.sub("-", normalize_project_code(code))
    text = _MARK_RUN.sub(lambda m: "." if "." in m.group() else m.group()[0], text)
    text = text.strip("_.-")[:MAX_CODE_LENGTH].strip("_.-")
    return text or "project"


def project_codes_repair(project_model: Any, *, out: TextIO | None = None) -> list[tuple[str, str]]:
    """Rewrite every stored project code outside the alphabet, and report ``(old, new)`` pairs.

    ``project_model`` is the model class (a migration passes its historical one). The new code
    is unique in its city: a clash gets «-2», «-3» … in the order of the projects' ids. Each
    change is written to ``out`` (standard output by default) as ``city: old -> new``.
    """
    out = out if out is not None else sys.stdout
    taken: dict[int, set[str]] = defaultdict(set)
    rows = list(project_model.objects.order_by("pk").values_list("pk", "municipality_id", "code"))
    for _pk, city_id, code in rows:
        taken[city_id].add(code)
    changes: list[tuple[str, str]] = []
    for pk, city_id, code in rows:
        if project_code_problem(code) is None:
            continue
        base = safe_project_code(code)
        new, n = base, 1
        while new in taken[city_id]:
            n += 1
            suffix = f"-{n}"
            new = base[: MAX_CODE_LENGTH - len(suffix)].rstrip("_.-") + suffix
        taken[city_id].add(new)
        project_model.objects.filter(pk=pk).update(code=new)
        changes.append((code, new))
        out.write(f"project code repaired in city {city_id}: {code!r} -> {new!r}\n")
    return changes
