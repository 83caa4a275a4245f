"""What an import tells its caller: the problems that refused a file, or what it did per row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from jahesh.core.errors import JaheshError
from jahesh.registry.importing.cells import fa


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason a file was refused; ``row`` and ``column`` are None for the file as a whole."""

    detail: str
    row: int | None = None
    column: str | None = None

    @property
    def message(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"ردیف {fa(self.row)}")
        if self.column:
            where.append(f"ستون «{self.column}»")
        return f"{'، '.join(where)}: {self.detail}" if where else self.detail

    def __str__(self) -> str:
        return self.message


class ImportRejectedError(JaheshError):
    """The file was refused and nothing was written; ``problems`` says why, row by row."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
        bad_rows = {p.row for p in self.problems if p.row is not None}
        if bad_rows:
            message = f"{fa(len(bad_rows))} ردیف فایل خطا دارد؛ هیچ پروژه‌ای ذخیره نشد."
        elif self.problems:
            message = f"{self.problems[0].message} هیچ پروژه‌ای ذخیره نشد."
        else:
            message = "فایل وارد نشد؛ هیچ پروژه‌ای ذخیره نشد."
        super().__init__(message)


Action = Literal["create", "update", "unchanged"]
ACTION_LABELS: dict[str, str] = {"create": "تازه", "update": "به‌روزرسانی", "unchanged": "بی‌تغییر"}


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What the import does (or, on a dry run, would do) with one row."""

    row: int
    code: str
    title: str
    action: Action
    changed: tuple[str, ...] = ()

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass(frozen=True, slots=True)
class ImportResult:
    dry_run: bool
    rows: tuple[RowOutcome, ...]
    ceremonies_created: int
    ceremonies_updated: int

    def _count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    def summary(self) -> str:
        verb = "وارد می‌شود" if self.dry_run else "وارد شد"
        text = (
            f"{fa(len(self.rows))} ردیف خوانده شد: {fa(self.created)} پروژه تازه، "
            f"{fa(self.updated)} به‌روزرسانی، {fa(self.unchanged)} بی‌تغییر {verb}"
        )
        if self.ceremonies_created or self.ceremonies_updated:
            text += (
                f"؛ آیین‌ها: {fa(self.ceremonies_created)} تازه، "
                f"{fa(self.ceremonies_updated)} به‌روزرسانی"
            )
        return text + "." + (" (آزمایشی: چیزی ذخیره نشد.)" if self.dry_run else "")
