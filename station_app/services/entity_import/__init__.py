"""Import of entity ledgers (台账导入), the package's face: ``EntityImportService`` (preview,
run, error report, saved column mappings) and the DTOs it returns.

Parts: ``model`` (fields, header synonyms, results), ``service`` (reading, checking and
matching the rows), ``writing`` (one unit of work for the write), ``mappings`` (saved column
mappings)."""

from station_app.services.entity_import.mappings import (
    SavedMapping,
    ensure_not_empty,
)
from station_app.services.entity_import.model import (
    FUZZY_DB_LIMIT,
    FUZZY_THRESHOLD,
    HEADER_SYNONYMS,
    IMPORT_FIELDS,
    MAPPING_KIND,
    MAPPING_PREFIX,
    ChangedMeanwhile,
    DuplicateNote,
    ImportResult,
    LedgerPreview,
    RowError,
    mapping_key,
)
from station_app.services.entity_import.service import EntityImportService
from station_app.services.entity_import.writing import CHANGED_MEANWHILE_NOTE

__all__ = [
    "CHANGED_MEANWHILE_NOTE",
    "FUZZY_DB_LIMIT",
    "FUZZY_THRESHOLD",
    "HEADER_SYNONYMS",
    "IMPORT_FIELDS",
    "MAPPING_KIND",
    "MAPPING_PREFIX",
    "ChangedMeanwhile",
    "DuplicateNote",
    "EntityImportService",
    "ImportResult",
    "LedgerPreview",
    "RowError",
    "SavedMapping",
    "ensure_not_empty",
    "mapping_key",
]
