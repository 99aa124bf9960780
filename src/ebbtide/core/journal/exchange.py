"""Export the journal to CSV or JSON, and import those files back.

CSV: one row per record, a `type` column (medication, checkin, dose, side_effect, practice,
selfcheck, plan, plan_step), a stable header (`CSV_HEADER`), numbers as numbers (mood 7,
flags 0/1), tags and times as compact JSON arrays, times in UTC (`at_utc`) with the local
offset and local date. Rows are streamed straight from SQLite to the csv writer. A text cell
a spreadsheet would run as a formula (starting with = + - @ TAB or CR) gets one leading `'`
(the OWASP advice); import removes exactly that quote, so a round trip is exact.

JSON: `{"format": "ebbtide-journal", "version": 1, "records": [...]}`, one object per
record with the same keys as the CSV columns that apply to its type (no formula guard).

Self-checks (PHQ-9 / GAD-7) are the `selfcheck` type: `selfcheck_kind`, `answers` (a JSON
array of 0–3), `score` and `difficulty` (PHQ-9's closing question, 0–3 or empty); on import
the score is recomputed and must match. Taper plans are the `plan` type (`medication_uid`,
`title`) and the `plan_step` type (`plan_uid`, `start_date`, `daily_total_mg`, `per_dose`,
`note`), exported whole like medications.

Import reads either back (round trip exact: export -> import into an empty journal ->
export gives the same bytes), in one transaction; `dry_run` checks and counts without
writing. Every record keeps its `uid`; a uid already in the journal (or seen earlier in the
file) is a duplicate and is skipped and counted. A bad value stops the import with the file,
line (CSV) or record number (JSON) and the problem; nothing is written then. Records in the
trash are not exported.

The work is split by job: `exchange_format` (types, columns, formula guard),
`exchange_export`, `exchange_read` (safe file reading and limits), `exchange_import`; an
export encrypted in the age format is `age_file`'s (decrypted in memory, then imported as
text through `import_file(..., text=...)`)."""

from __future__ import annotations

from ebbtide.core.journal.exchange_export import (
    ExportFormat,
    export_csv,
    export_json,
    export_queries,
    export_rows,
)
from ebbtide.core.journal.exchange_format import (
    CSV_HEADER,
    FIELDS,
    JSON_FORMAT,
    JSON_VERSION,
    TYPES,
)
from ebbtide.core.journal.exchange_import import import_file
from ebbtide.core.journal.exchange_read import (
    CSV_FIELD_LIMIT,
    MAX_IMPORT_BYTES,
    JournalImportError,
)

__all__ = ["CSV_FIELD_LIMIT", "CSV_HEADER", "FIELDS", "JSON_FORMAT", "JSON_VERSION",
           "MAX_IMPORT_BYTES", "TYPES", "ExportFormat", "JournalImportError", "export_csv",
           "export_json", "export_queries", "export_rows", "import_file"]
