"""The export format shared by export and import: record types, the CSV header, the columns
each type uses, and how a CSV cell that a spreadsheet would run as a formula is neutralised
(and restored exactly on import)."""

from __future__ import annotations

import re

JSON_FORMAT = "ebbtide-journal"
JSON_VERSION = 1
TYPES = ("medication", "checkin", "dose", "side_effect", "practice", "selfcheck", "plan",
         "plan_step")
UNSTAMPED = ("medication", "plan", "plan_step")  # no time of their own: always exported
TABLES = {"medication": "medications", "checkin": "checkins", "dose": "doses",
          "side_effect": "side_effects", "practice": "practices", "selfcheck": "selfchecks",
          "plan": "plans", "plan_step": "plan_steps"}

CSV_HEADER: tuple[str, ...] = (
    "type", "uid", "at_utc", "utc_offset_min", "local_date",
    "mood", "anxiety", "sleep_hours", "sleep_quality", "energy", "tags", "note",
    "flagged_for_doctor",
    "medication_uid", "medication", "strength", "schedule", "times", "dose_mg", "active",
    "status", "amount_mg", "scheduled_time", "checkin_uid",
    "side_effect", "severity",
    "practice_kind", "content_id", "planned_seconds", "actual_seconds", "completed",
    "anxiety_before", "anxiety_after",
    "selfcheck_kind", "answers", "score", "difficulty",
    "plan_uid", "title", "start_date", "daily_total_mg", "per_dose",
    "created_utc", "updated_utc",
)

STAMP = ("at_utc", "utc_offset_min", "local_date")
TAIL = ("created_utc", "updated_utc")
# Which columns each type uses (also the JSON keys, in this order).
FIELDS: dict[str, tuple[str, ...]] = {
    "medication": ("type", "uid", "medication", "strength", "schedule", "times", "dose_mg",
                   "active", *TAIL),
    "checkin": ("type", "uid", *STAMP, "mood", "anxiety", "sleep_hours", "sleep_quality",
                "energy", "tags", "note", "flagged_for_doctor", *TAIL),
    "dose": ("type", "uid", *STAMP, "note", "medication_uid", "medication", "status",
             "amount_mg", "scheduled_time", "checkin_uid", *TAIL),
    "side_effect": ("type", "uid", *STAMP, "note", "side_effect", "severity", "checkin_uid",
                    *TAIL),
    "practice": ("type", "uid", *STAMP, "practice_kind", "content_id", "planned_seconds",
                 "actual_seconds", "completed", "anxiety_before", "anxiety_after", *TAIL),
    "selfcheck": ("type", "uid", *STAMP, "selfcheck_kind", "answers", "score", "difficulty",
                  *TAIL),
    "plan": ("type", "uid", "medication_uid", "medication", "title", *TAIL),
    "plan_step": ("type", "uid", "plan_uid", "start_date", "daily_total_mg", "per_dose",
                  "note", *TAIL),
}
JSON_LISTS = {"tags", "times", "answers"}
BOOLS = {"flagged_for_doctor", "active", "completed"}
TEXT_COLUMNS = {"note", "strength", "schedule", "title", "per_dose"}  # "" is a value
INT_COLUMNS = {"utc_offset_min", "mood", "anxiety", "sleep_quality", "energy",
               "flagged_for_doctor", "active", "completed", "anxiety_before", "anxiety_after",
               "score", "difficulty"}
FLOAT_COLUMNS = {"sleep_hours", "dose_mg", "amount_mg", "planned_seconds", "actual_seconds",
                 "daily_total_mg"}

# ---------------------------------------------------------------- spreadsheet formulas

# Columns whose text nobody checked the shape of (names, notes, ids from someone else's
# file): the only ones a spreadsheet could read as a formula. The rest are numbers, dates,
# fixed words or JSON arrays.
FREE_TEXT = ("uid", "note", "medication_uid", "medication", "strength", "schedule",
             "checkin_uid", "side_effect", "content_id", "plan_uid", "title", "per_dose")
FREE_TEXT_INDEXES = tuple(CSV_HEADER.index(name) for name in FREE_TEXT)
_FORMULA_START = frozenset("=+-@\t\r'")
_GUARDED = re.compile(r"'+[=+\-@\t\r]", re.DOTALL)


def neutralised(cell: str) -> str:
    """A text cell a spreadsheet will show as text: one `'` before a leading = + - @ TAB
    CR (the OWASP advice), and before text that already starts with quotes and then one of
    those, so that `restored` can undo it exactly."""
    if cell[:1] not in _FORMULA_START:
        return cell
    body = cell.lstrip("'")
    if body[:1] in _FORMULA_START:
        return "'" + cell
    return cell


def restored(cell: str) -> str:
    """The text `neutralised` was given."""
    if cell[:1] == "'" and _GUARDED.match(cell):
        return cell[1:]
    return cell
