"""Imports from other apps (Daylio, eMoods, any CSV with a mapping) into the journal:
`plan_import` previews (writes nothing to the journal), `apply_import` writes the plan in
one transaction. Ebbtide's own export is read back by `core.journal.exchange`."""

from ebbtide.core.journal.imports.formats import FORMATS, SourceFormat
from ebbtide.core.journal.imports.mapping import ImportMapping, default_mapping_path
from ebbtide.core.journal.imports.plan import (
    ImportPlan,
    ImportResult,
    PlannedCheckIn,
    Unreadable,
    apply_import,
    plan_import,
)
from ebbtide.core.journal.imports.source import ForeignFileError
from ebbtide.core.journal.imports.summary import describe_plan, describe_result

__all__ = ["FORMATS", "ForeignFileError", "ImportMapping", "ImportPlan", "ImportResult",
           "PlannedCheckIn", "SourceFormat", "Unreadable", "apply_import",
           "default_mapping_path", "describe_plan", "describe_result", "plan_import"]
