"""Import: our own CSV or JSON export back into the journal, in one transaction (all or
nothing), every record checked as the app checks what people type, uids and times kept.
See `exchange` for the format and `exchange_read` for how the file is read."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ebbtide.core.content.questionnaires import check_answers, parse_kind
from ebbtide.core.errors import InvalidEntry
from ebbtide.core.journal.activity import check_selfcheck_difficulty
from ebbtide.core.journal.exchange_format import TABLES, TYPES
from ebbtide.core.journal.exchange_read import (
    BadValue,
    JournalImportError,
    read_records,
    shown,
)
from ebbtide.core.journal.models import (
    ImportReport,
    check_amount_mg,
    check_anxiety,
    check_clock_time,
    check_energy,
    check_mood,
    check_name,
    check_severity,
    check_sleep_hours,
    check_sleep_quality,
    check_status,
    check_tags,
    check_text,
)
from ebbtide.core.journal.plans import MAX_TITLE_CHARS, step_values
from ebbtide.core.journal.store import Journal
from ebbtide.core.journal.writer import dump_list
from ebbtide.core.text import inert

MAX_UID_CHARS = 100


class _DryRun(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


def import_file(journal: Journal, path: Path, *, dry_run: bool = False,
                text: str | None = None) -> ImportReport:
    """Import our own CSV or JSON export. All or nothing; duplicates skipped and counted.
    `dry_run`: check everything and count what would be added, then write nothing. `text`:
    the export already read (decrypted from `path`), else `path` is read."""
    added = dict.fromkeys(TYPES, 0)
    skipped = dict.fromkeys(TYPES, 0)
    name = shown(path)
    try:
        with journal.transaction():
            known: dict[str, dict[str, int]] = {"medication": {}, "checkin": {}, "plan": {}}
            seen: set[str] = set()
            for where, rec in read_records(path, text):
                try:
                    kind, is_new = _import_one(journal, rec, known, seen)
                except (BadValue, InvalidEntry) as exc:
                    raise JournalImportError(f"{name} {where}: {exc}") from None
                (added if is_new else skipped)[kind] += 1
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return ImportReport(added=added, skipped=skipped)


def _import_one(journal: Journal, rec: dict[str, Any], known: dict[str, dict[str, int]],
                seen: set[str]) -> tuple[str, bool]:
    """(type, added?) for one record; a uid already seen or in the journal is skipped."""
    kind = rec.get("type")
    if kind not in TYPES:
        raise BadValue(f"unknown type '{inert(str(kind), 40)}'")
    uid = _text(rec, "uid", None)
    if not uid or len(uid) > MAX_UID_CHARS:
        raise BadValue("uid is missing" if not uid else "uid is too long")
    existing = journal.id_for_uid(TABLES[kind], uid)
    if uid in seen or existing is not None:
        if existing is not None and kind in known:
            known[kind][uid] = existing
        return kind, False
    seen.add(uid)
    created = _utc(rec, "created_utc")
    updated = _utc(rec, "updated_utc")
    new_id = _insert(journal, kind, uid, rec, known, created, updated)
    if kind in known:
        known[kind][uid] = new_id
    return kind, True


def _text(rec: dict[str, Any], name: str, default: str | None = "") -> Any:
    value = rec.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise BadValue(f"{name} must be text")
    return value


def _required(rec: dict[str, Any], name: str) -> Any:
    if rec.get(name) is None:
        raise BadValue(f"{name} is missing")
    return rec[name]


def _utc(rec: dict[str, Any], name: str, required: bool = True) -> str | None:
    value = rec.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.endswith("Z") or len(value) != 20:
        raise BadValue(f"{name} must look like 2024-05-01T08:00:00Z")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise BadValue(f"{name} '{inert(value, 40)}' is not a valid time") from None
    return value


def _stamp(rec: dict[str, Any]) -> tuple[str, int, str]:
    at = _utc(rec, "at_utc")
    offset = _required(rec, "utc_offset_min")
    if isinstance(offset, bool) or not isinstance(offset, int) or abs(offset) > 18 * 60:
        raise BadValue("utc_offset_min must be whole minutes within ±18 hours")
    day = _required(rec, "local_date")
    try:
        date.fromisoformat(day)
    except (TypeError, ValueError):
        raise BadValue(f"local_date '{inert(str(day), 40)}' must be YYYY-MM-DD") from None
    assert at is not None
    return at, offset, day


def _int_flag(rec: dict[str, Any], name: str) -> int:
    value = rec.get(name, 0)
    if value not in (0, 1) or isinstance(value, float):
        raise BadValue(f"{name} must be 0 or 1")
    return int(value)


def _opt_int(rec: dict[str, Any], name: str) -> Any:
    value = rec.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise BadValue(f"{name} must be a whole number")
    return value


def _num(rec: dict[str, Any], name: str, required: bool = False) -> float | None:
    value = rec.get(name)
    if value is None:
        if required:
            raise BadValue(f"{name} is missing")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value):
        raise BadValue(f"{name} must be a number")
    return float(value)


def _ref(known: dict[str, dict[str, int]], journal: Journal, kind: str, table: str,
         uid: str | None) -> int | None:
    if not uid:
        return None
    if uid in known[kind]:
        return known[kind][uid]
    return journal.id_for_uid(table, uid)


def _insert(journal: Journal, kind: str, uid: str, rec: dict[str, Any],
            known: dict[str, dict[str, int]], created: str | None, updated: str | None) -> int:
    """Check one record's values and insert it as it was exported (uid and times kept)."""
    stamp = ("at_utc", "utc_offset_min", "local_date")
    columns: tuple[str, ...]
    if kind == "medication":
        times = [t for t in (check_clock_time(x, "times") for x in rec.get("times") or [])
                 if t]
        table, columns = "medications", ("name", "strength", "schedule", "times", "dose_mg",
                                         "active")
        values: tuple[Any, ...] = (
            check_name("medication", _text(rec, "medication")),
            check_text("strength", _text(rec, "strength"), 200),
            check_text("schedule", _text(rec, "schedule"), 2000), dump_list(times),
            check_amount_mg(_num(rec, "dose_mg"), field_name="dose_mg"),
            _int_flag(rec, "active"))
    elif kind == "checkin":
        tags = rec.get("tags") or []
        table, columns = "checkins", (*stamp, "mood", "anxiety", "sleep_hours",
                                      "sleep_quality", "energy", "tags", "note",
                                      "flagged_for_doctor")
        values = (*_stamp(rec), check_mood(_required(rec, "mood")),
                  check_anxiety(_required(rec, "anxiety")),
                  check_sleep_hours(_num(rec, "sleep_hours")),
                  check_sleep_quality(_opt_int(rec, "sleep_quality")),
                  check_energy(_opt_int(rec, "energy")), dump_list(check_tags(tags)),
                  check_text("note", _text(rec, "note")),
                  _int_flag(rec, "flagged_for_doctor"))
    elif kind == "dose":
        med_id = _ref(known, journal, "medication", "medications", rec.get("medication_uid"))
        if med_id is None:
            raise BadValue("the dose's medication_uid is not a medication in the file or "
                            "the journal")
        table, columns = "doses", ("medication_id", "checkin_id", *stamp, "status",
                                   "amount_mg", "scheduled_time", "note")
        values = (med_id, _ref(known, journal, "checkin", "checkins", rec.get("checkin_uid")),
                  *_stamp(rec), check_status(_required(rec, "status")),
                  check_amount_mg(_num(rec, "amount_mg")),
                  check_clock_time(rec.get("scheduled_time")),
                  check_text("note", _text(rec, "note")))
    elif kind == "side_effect":
        table, columns = "side_effects", ("checkin_id", *stamp, "name", "severity", "note")
        values = (_ref(known, journal, "checkin", "checkins", rec.get("checkin_uid")),
                  *_stamp(rec), check_name("side_effect", _text(rec, "side_effect")),
                  check_severity(_required(rec, "severity")),
                  check_text("note", _text(rec, "note")))
    elif kind == "selfcheck":
        check_kind = parse_kind(_text(rec, "selfcheck_kind"))
        answers = check_answers(check_kind, _required(rec, "answers"))
        total = _opt_int(rec, "score")
        if total != sum(answers):
            raise BadValue(f"score {total} does not match the answers (they add up to "
                            f"{sum(answers)})")
        table, columns = "selfchecks", (*stamp, "kind", "answers", "score", "difficulty")
        values = (*_stamp(rec), check_kind, json.dumps(list(answers), separators=(",", ":")),
                  total, check_selfcheck_difficulty(check_kind, _opt_int(rec, "difficulty")))
    elif kind == "plan":
        med_id = _ref(known, journal, "medication", "medications", rec.get("medication_uid"))
        if med_id is None:
            raise BadValue("the plan's medication_uid is not a medication in the file or "
                            "the journal")
        table, columns = "plans", ("medication_id", "title")
        values = (med_id, check_text("title", _text(rec, "title"), MAX_TITLE_CHARS))
    elif kind == "plan_step":
        plan_id = _ref(known, journal, "plan", "plans", rec.get("plan_uid"))
        if plan_id is None:
            raise BadValue("the step's plan_uid is not a plan in the file or the journal")
        table, columns = "plan_steps", ("plan_id", "start_date", "daily_total_mg", "per_dose",
                                        "note")
        values = (plan_id, *step_values(_text(rec, "start_date"),
                                        _num(rec, "daily_total_mg", required=True),
                                        _text(rec, "per_dose"), _text(rec, "note")))
    else:
        practice_kind = rec.get("practice_kind")
        if practice_kind not in ("breathe", "meditate", "timer"):
            raise BadValue(f"unknown practice_kind '{inert(str(practice_kind), 40)}'")
        planned = _num(rec, "planned_seconds", required=True)
        actual = _num(rec, "actual_seconds", required=True)
        before, after = _opt_int(rec, "anxiety_before"), _opt_int(rec, "anxiety_after")
        table, columns = "practices", (*stamp, "kind", "content_id", "planned_seconds",
                                       "actual_seconds", "completed", "anxiety_before",
                                       "anxiety_after")
        values = (*_stamp(rec), practice_kind,
                  check_text("content_id", _text(rec, "content_id"), 500), planned, actual,
                  _int_flag(rec, "completed"),
                  None if before is None else check_anxiety(before),
                  None if after is None else check_anxiety(after))
    row = {"uid": uid, **dict(zip(columns, values, strict=True)),
           "created_utc": created, "updated_utc": updated}
    return journal.insert_row(table, row)
