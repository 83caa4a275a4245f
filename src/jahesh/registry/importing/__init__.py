"""Import projects from the spreadsheet template (XLSX or CSV); see docs/import-format.md."""

from jahesh.registry.importing.planning import principal_ceremony
from jahesh.registry.importing.projects import projects_import
from jahesh.registry.importing.reading import MAX_FILE_BYTES, MAX_ROWS
from jahesh.registry.importing.results import (
    ImportProblem,
    ImportRejectedError,
    ImportResult,
    RowOutcome,
)
from jahesh.registry.importing.writing import projects_imported

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ImportProblem",
    "ImportRejectedError",
    "ImportResult",
    "RowOutcome",
    "principal_ceremony",
    "projects_import",
    "projects_imported",
]
