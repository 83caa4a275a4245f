"""Match a file's header row to the template's columns, or say which headers are wrong."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jahesh.registry.importing import template as tpl
from jahesh.registry.importing.results import ImportProblem, ImportRejectedError


@dataclass(frozen=True, slots=True)
class FileColumn:
    index: int
    column: tpl.Column
    header: str


@dataclass(frozen=True, slots=True)
class FileColumns:
    mapped: tuple[FileColumn, ...]
    unnamed: tuple[int, ...]

    def has(self, key: str) -> bool:
        return any(c.column.key == key for c in self.mapped)

    def header(self, key: str) -> str:
        """The header as the file writes it, or the template's when the file lacks the column."""
        for c in self.mapped:
            if c.column.key == key:
                return c.header
        return next((c.header for c in tpl.TEMPLATE if c.key == key), key)


@lru_cache(maxsize=1)
def _unitless_credit() -> frozenset[str]:
    # On first use, not at import: header keys load the Persian lexicon (about 40 MB).
    names = ("اعتبار", "مبلغ", "مبلغ اعتبار", "هزینه", "برآورد هزینه")
    return frozenset(tpl.header_key(name) for name in names)


def columns_of(header: list[str]) -> FileColumns:
    problems: list[ImportProblem] = []
    mapped: list[FileColumn] = []
    unnamed: list[int] = []
    seen: dict[str, FileColumn] = {}
    for index, text in enumerate(header):
        if not text:
            unnamed.append(index)
            continue
        column = tpl.column_for_header(text)
        if column is None:
            if tpl.header_key(text) in _unitless_credit():
                problems.append(
                    ImportProblem(
                        "واحد اعتبار روشن نیست؛ عنوان ستون را «اعتبار (ریال)» یا "
                        "«اعتبار (تومان)» بنویسید.",
                        column=text,
                    )
                )
            else:
                problems.append(ImportProblem("این ستون در قالب نیست.", column=text))
            continue
        if column.key in seen:
            problems.append(
                ImportProblem(
                    f"همان ستون «{seen[column.key].header}» است و دو بار آمده.", column=text
                )
            )
            continue
        seen[column.key] = FileColumn(index, column, text)
        mapped.append(seen[column.key])
    for column in tpl.TEMPLATE:
        if column.required and column.key not in seen:
            problems.append(ImportProblem(f"ستون «{column.header}» نیست؛ این ستون لازم است."))
    if tpl.CEREMONY_KIND.key not in seen and (
        tpl.READY_FROM.key in seen or tpl.LATEST_DATE.key in seen
    ):
        problems.append(
            ImportProblem(
                f"ستون «{tpl.CEREMONY_KIND.header}» نیست؛ تاریخ‌های آیین بی نوع آیین معنا ندارند."
            )
        )
    if problems:
        if any(p.detail == "این ستون در قالب نیست." for p in problems):
            known = "، ".join(f"«{h}»" for h in tpl.template_headers())
            problems.append(ImportProblem(f"ستون‌های قالب: {known}."))
        raise ImportRejectedError(problems)
    return FileColumns(mapped=tuple(mapped), unnamed=tuple(unnamed))
