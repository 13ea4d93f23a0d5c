"""Importing complaints and service requests from a legacy system (``putright importcases``).

``parse`` reads and checks the CSV file without touching the database, collecting every problem
by line and column; ``write`` is the service that writes the checked rows, all or nothing.
"""

from putright.cases.importer.parse import (
    COLUMNS,
    REQUIRED,
    ImportContext,
    ImportFileError,
    ImportRejected,
    RowError,
    read_cases,
)
from putright.cases.importer.write import NOT_RECORDED, ImportResult, cases_import, import_context

__all__ = [
    "COLUMNS",
    "NOT_RECORDED",
    "REQUIRED",
    "ImportContext",
    "ImportFileError",
    "ImportRejected",
    "ImportResult",
    "RowError",
    "cases_import",
    "import_context",
    "read_cases",
]
