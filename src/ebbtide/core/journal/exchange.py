"""Export the journal to CSV or JSON, and import those files back.

CSV: one row per record, a `type` column (medication, checkin, dose, side_effect, practice),
a stable header (`CSV_HEADER`), numbers as numbers (mood 7, flags 0/1), tags and times as
compact JSON arrays, times in UTC (`at_utc`) with the local offset and local date. Rows are
streamed straight from SQLite to the csv writer.

JSON: `{"format": "ebbtide-journal", "version": 1, "records": [...]}`, one object per
record with the same keys as the CSV columns that apply to its type.

Self-checks (PHQ-9 / GAD-7) are the `selfcheck` type: `selfcheck_kind`, `answers` (a JSON
array of 0–3), `score` and `difficulty` (PHQ-9's closing question, 0–3 or empty); on import
the score is recomputed and must match. Taper plans are the `plan` type (`medication_uid`,
`title`) and the `plan_step` type (`plan_uid`, `start_date`, `daily_total_mg`, `per_dose`,
`note`), exported whole like medications.

Import reads either back (round trip exact: export -> import into an empty journal ->
export gives the same bytes). Every record keeps its `uid`; a uid already in the journal
(or seen earlier in the file) is a duplicate and is skipped and counted. A bad value stops
the import with the file, line (CSV) or record number (JSON) and the problem; nothing is
written then. Records in the trash are not exported."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Literal

from ebbtide.core.content.questionnaires import check_answers, parse_kind
from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.activity import check_selfcheck_difficulty
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

ExportFormat = Literal["csv", "json"]
JSON_FORMAT = "ebbtide-journal"
JSON_VERSION = 1
TYPES = ("medication", "checkin", "dose", "side_effect", "practice", "selfcheck", "plan",
         "plan_step")
_UNSTAMPED = ("medication", "plan", "plan_step")  # no time of their own: always exported

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

_STAMP = ("at_utc", "utc_offset_min", "local_date")
_TAIL = ("created_utc", "updated_utc")
# Which columns each type uses (also the JSON keys, in this order).
FIELDS: dict[str, tuple[str, ...]] = {
    "medication": ("type", "uid", "medication", "strength", "schedule", "times", "dose_mg",
                   "active", *_TAIL),
    "checkin": ("type", "uid", *_STAMP, "mood", "anxiety", "sleep_hours", "sleep_quality",
                "energy", "tags", "note", "flagged_for_doctor", *_TAIL),
    "dose": ("type", "uid", *_STAMP, "note", "medication_uid", "medication", "status",
             "amount_mg", "scheduled_time", "checkin_uid", *_TAIL),
    "side_effect": ("type", "uid", *_STAMP, "note", "side_effect", "severity", "checkin_uid",
                    *_TAIL),
    "practice": ("type", "uid", *_STAMP, "practice_kind", "content_id", "planned_seconds",
                 "actual_seconds", "completed", "anxiety_before", "anxiety_after", *_TAIL),
    "selfcheck": ("type", "uid", *_STAMP, "selfcheck_kind", "answers", "score", "difficulty",
                  *_TAIL),
    "plan": ("type", "uid", "medication_uid", "medication", "title", *_TAIL),
    "plan_step": ("type", "uid", "plan_uid", "start_date", "daily_total_mg", "per_dose",
                  "note", *_TAIL),
}

# SQL expression for each used column; anything else is NULL.
_EXPR: dict[str, dict[str, str]] = {
    "medication": {"medication": "x.name", "strength": "x.strength", "schedule": "x.schedule",
                   "times": "x.times", "dose_mg": "x.dose_mg", "active": "x.active"},
    "checkin": {"mood": "x.mood", "anxiety": "x.anxiety", "sleep_hours": "x.sleep_hours",
                "sleep_quality": "x.sleep_quality", "energy": "x.energy", "tags": "x.tags",
                "note": "x.note", "flagged_for_doctor": "x.flagged_for_doctor"},
    "dose": {"note": "x.note", "medication_uid": "m.uid", "medication": "m.name",
             "status": "x.status", "amount_mg": "x.amount_mg",
             "scheduled_time": "x.scheduled_time", "checkin_uid": "c.uid"},
    "side_effect": {"note": "x.note", "side_effect": "x.name", "severity": "x.severity",
                    "checkin_uid": "c.uid"},
    "practice": {"practice_kind": "x.kind", "content_id": "x.content_id",
                 "planned_seconds": "x.planned_seconds",
                 "actual_seconds": "x.actual_seconds", "completed": "x.completed",
                 "anxiety_before": "x.anxiety_before", "anxiety_after": "x.anxiety_after"},
    "selfcheck": {"selfcheck_kind": "x.kind", "answers": "x.answers", "score": "x.score",
                  "difficulty": "x.difficulty"},
    "plan": {"medication_uid": "m.uid", "medication": "m.name", "title": "x.title"},
    "plan_step": {"plan_uid": "p.uid", "start_date": "x.start_date",
                  "daily_total_mg": "x.daily_total_mg", "per_dose": "x.per_dose",
                  "note": "x.note"},
}
_FROM = {
    "medication": "medications x",
    "checkin": "checkins x",
    "dose": ("doses x JOIN medications m ON m.id = x.medication_id "
             "LEFT JOIN checkins c ON c.id = x.checkin_id"),
    "side_effect": "side_effects x LEFT JOIN checkins c ON c.id = x.checkin_id",
    "practice": "practices x",
    "selfcheck": "selfchecks x",
    "plan": "plans x JOIN medications m ON m.id = x.medication_id",
    "plan_step": ("plan_steps x JOIN plans p ON p.id = x.plan_id "
                  "JOIN medications m ON m.id = p.medication_id"),
}
# Plans of a medication in the trash (and steps of a plan in the trash) are not exported.
_LIVE_PARENTS = {"plan": ["m.deleted_utc IS NULL"],
                 "plan_step": ["p.deleted_utc IS NULL", "m.deleted_utc IS NULL"]}
_JSON_LISTS = {"tags", "times", "answers"}
_BOOLS = {"flagged_for_doctor", "active", "completed"}


def _select(kind: str, since: date | None, until: date | None) -> tuple[str, list[str]]:
    cols = []
    for name in CSV_HEADER:
        if name == "type":
            cols.append(f"'{kind}'")
        elif name == "uid" or name in _TAIL or (name in _STAMP and kind not in _UNSTAMPED):
            cols.append(f"x.{name}")
        else:
            cols.append(_EXPR[kind].get(name, "NULL"))
    where = ["x.deleted_utc IS NULL", *_LIVE_PARENTS.get(kind, [])]
    params: list[str] = []
    if kind not in _UNSTAMPED:
        if since is not None:
            where.append("x.local_date >= ?")
            params.append(since.isoformat())
        if until is not None:
            where.append("x.local_date <= ?")
            params.append(until.isoformat())
    order = "x.id" if kind in _UNSTAMPED else "x.at_utc, x.id"
    sql = (f"SELECT {', '.join(cols)} FROM {_FROM[kind]} WHERE {' AND '.join(where)} "
           f"ORDER BY {order}")
    return sql, params


def export_queries() -> list[str]:
    """The SELECT statements behind a full export, in order (benchmarks run the same SQL
    through the sqlite3 shell to compare)."""
    return [_select(kind, None, None)[0] for kind in TYPES]


def export_rows(journal: Journal, since: date | None = None,
                until: date | None = None) -> Iterator[tuple[Any, ...]]:
    """Every record (medications first, then check-ins, doses, side effects, practices,
    each oldest first) as a tuple in CSV_HEADER order. Medications are always included;
    the others are limited to local days in [since, until]."""
    for kind in TYPES:
        sql, params = _select(kind, since, until)
        yield from journal.cursor(sql, params)


def export_csv(journal: Journal, out: IO[str], since: date | None = None,
               until: date | None = None) -> int:
    """Write CSV to `out` (open it with newline=""). Returns the number of records."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    total = 0
    for kind in TYPES:
        sql, params = _select(kind, since, until)
        cursor = journal.cursor(sql, params)
        while True:
            rows = cursor.fetchmany(2000)
            if not rows:
                break
            writer.writerows(rows)
            total += len(rows)
    return total


def _json_value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _JSON_LISTS:
        return json.loads(value)
    if name in _BOOLS:
        return bool(value)
    return value


def export_json(journal: Journal, out: IO[str], since: date | None = None,
                until: date | None = None) -> int:
    """Write the JSON document to `out`, one record per line. Returns the record count."""
    index = {name: i for i, name in enumerate(CSV_HEADER)}
    out.write(f'{{"format": "{JSON_FORMAT}", "version": {JSON_VERSION}, "records": [')
    total = 0
    for row in export_rows(journal, since, until):
        kind = row[0]
        record = {name: _json_value(name, row[index[name]]) for name in FIELDS[kind]}
        out.write(",\n" if total else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
        total += 1
    out.write("\n]}\n")
    return total


# ---------------------------------------------------------------- import


class JournalImportError(EbbtideError):
    """The file cannot be imported. The message names the file, line/record and problem."""


def _read_records(path: Path, text: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, raw record) pairs; `where` is "line N" (CSV) or "record N" (JSON)."""
    stripped = text.lstrip()
    if path.suffix.lower() == ".json" or (path.suffix.lower() != ".csv"
                                          and stripped.startswith("{")):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise JournalImportError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})"
                               ) from None
        if not isinstance(doc, dict) or doc.get("format") != JSON_FORMAT:
            raise JournalImportError(f"{path}: not an Ebbtide journal export (no "
                               f'"format": "{JSON_FORMAT}")')
        if doc.get("version") != JSON_VERSION:
            raise JournalImportError(f"{path}: export version {doc.get('version')!r} is not one "
                               f"this Ebbtide reads ({JSON_VERSION})")
        records = doc.get("records")
        if not isinstance(records, list):
            raise JournalImportError(f'{path}: "records" must be a list')
        for n, record in enumerate(records, 1):
            if not isinstance(record, dict):
                raise JournalImportError(f"{path} record {n}: must be an object")
            try:
                converted = {k: _from_json(k, v) for k, v in record.items()}
            except _BadValue as exc:
                raise JournalImportError(f"{path} record {n}: {exc}") from None
            yield f"record {n}", converted
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise JournalImportError(f"{path}: the file is empty") from None
    except csv.Error as exc:
        raise JournalImportError(f"{path} line 1: {exc}") from None
    unknown = [h for h in header if h not in CSV_HEADER]
    if "type" not in header or "uid" not in header or unknown:
        detail = (f"unknown column '{inert(unknown[0], 40)}'" if unknown
                  else "no 'type'/'uid' column")
        raise JournalImportError(f"{path} line 1: not an Ebbtide journal CSV ({detail})")
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if not row:
                continue
            if len(row) != len(header):
                raise JournalImportError(f"{path} {where}: {len(row)} columns, expected "
                                   f"{len(header)}")
            try:
                values = {h: _from_csv(h, v) for h, v in zip(header, row, strict=True)
                          if v != "" or h in _TEXT_COLUMNS}
            except _BadValue as exc:
                raise JournalImportError(f"{path} {where}: {exc}") from None
            yield where, values
    except csv.Error as exc:
        raise JournalImportError(f"{path} line {reader.line_num}: {exc}") from None


_TEXT_COLUMNS = {"note", "strength", "schedule", "title", "per_dose"}
_INT_COLUMNS = {"utc_offset_min", "mood", "anxiety", "sleep_quality", "energy",
                "flagged_for_doctor", "active", "completed", "anxiety_before", "anxiety_after",
                "score", "difficulty"}
_FLOAT_COLUMNS = {"sleep_hours", "dose_mg", "amount_mg", "planned_seconds", "actual_seconds",
                  "daily_total_mg"}


class _BadValue(Exception):
    pass


def _from_csv(name: str, value: str) -> Any:
    try:
        if name in _INT_COLUMNS:
            return int(value)
        if name in _FLOAT_COLUMNS:
            number = float(value)
            if not math.isfinite(number):
                raise ValueError
            return number
        if name in _JSON_LISTS:
            items = json.loads(value)
            kind = int if name == "answers" else str
            if not isinstance(items, list) or not all(
                    isinstance(i, kind) and not isinstance(i, bool) for i in items):
                raise ValueError
            return items
    except ValueError:
        raise _BadValue(f"{name} '{inert(value, 40)}' is not valid") from None
    return value


def _from_json(name: str, value: Any) -> Any:
    if name in _BOOLS and isinstance(value, bool):
        return int(value)
    if name == "answers" and value is not None and (
            not isinstance(value, list) or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in value)):
        raise _BadValue("answers must be a list of whole numbers")
    if name in _JSON_LISTS and name != "answers" and value is not None and (
            not isinstance(value, list) or not all(isinstance(i, str) for i in value)):
        raise _BadValue(f"{name} must be a list of text")
    return value


def _text(rec: dict[str, Any], name: str, default: str | None = "") -> Any:
    value = rec.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise _BadValue(f"{name} must be text")
    return value


def _required(rec: dict[str, Any], name: str) -> Any:
    if rec.get(name) is None:
        raise _BadValue(f"{name} is missing")
    return rec[name]


def _utc(rec: dict[str, Any], name: str, required: bool = True) -> str | None:
    value = rec.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.endswith("Z") or len(value) != 20:
        raise _BadValue(f"{name} must look like 2024-05-01T08:00:00Z")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise _BadValue(f"{name} '{inert(value, 40)}' is not a valid time") from None
    return value


def _stamp(rec: dict[str, Any]) -> tuple[str, int, str]:
    at = _utc(rec, "at_utc")
    offset = _required(rec, "utc_offset_min")
    if isinstance(offset, bool) or not isinstance(offset, int) or abs(offset) > 18 * 60:
        raise _BadValue("utc_offset_min must be whole minutes within ±18 hours")
    day = _required(rec, "local_date")
    try:
        date.fromisoformat(day)
    except (TypeError, ValueError):
        raise _BadValue(f"local_date '{inert(str(day), 40)}' must be YYYY-MM-DD") from None
    assert at is not None
    return at, offset, day


def _int_flag(rec: dict[str, Any], name: str) -> int:
    value = rec.get(name, 0)
    if value not in (0, 1) or isinstance(value, float):
        raise _BadValue(f"{name} must be 0 or 1")
    return int(value)


def _opt_int(rec: dict[str, Any], name: str) -> Any:
    value = rec.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise _BadValue(f"{name} must be a whole number")
    return value


def _num(rec: dict[str, Any], name: str, required: bool = False) -> float | None:
    value = rec.get(name)
    if value is None:
        if required:
            raise _BadValue(f"{name} is missing")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value):
        raise _BadValue(f"{name} must be a number")
    return float(value)


def import_file(journal: Journal, path: Path) -> ImportReport:
    """Import our own CSV or JSON export. All or nothing; duplicates skipped and counted."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:  # keep \r\n in notes
            text = handle.read()
    except FileNotFoundError:
        raise JournalImportError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise JournalImportError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise JournalImportError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    added = dict.fromkeys(TYPES, 0)
    skipped = dict.fromkeys(TYPES, 0)
    with journal.transaction():
        known: dict[str, dict[str, int]] = {"medication": {}, "checkin": {}, "plan": {}}
        seen: set[str] = set()
        for where, rec in _read_records(path, text):
            try:
                kind = rec.get("type")
                if kind not in TYPES:
                    raise _BadValue(f"unknown type '{inert(str(kind), 40)}'")
                uid = _text(rec, "uid", None)
                if not uid or len(uid) > 100:
                    raise _BadValue("uid is missing")
                table = {"medication": "medications", "checkin": "checkins", "dose": "doses",
                         "side_effect": "side_effects", "practice": "practices",
                         "selfcheck": "selfchecks", "plan": "plans",
                         "plan_step": "plan_steps"}[kind]
                existing = journal.id_for_uid(table, uid)
                if uid in seen or existing is not None:
                    skipped[kind] += 1
                    if existing is not None and kind in known:
                        known[kind][uid] = existing
                    continue
                seen.add(uid)
                created = _utc(rec, "created_utc")
                updated = _utc(rec, "updated_utc")
                new_id = _insert(journal, kind, uid, rec, known, created, updated)
                if kind in known:
                    known[kind][uid] = new_id
                added[kind] += 1
            except (_BadValue, InvalidEntry) as exc:
                raise JournalImportError(f"{path} {where}: {exc}") from None
    return ImportReport(added=added, skipped=skipped)


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
            raise _BadValue("the dose's medication_uid is not a medication in the file or "
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
            raise _BadValue(f"score {total} does not match the answers (they add up to "
                            f"{sum(answers)})")
        table, columns = "selfchecks", (*stamp, "kind", "answers", "score", "difficulty")
        values = (*_stamp(rec), check_kind, json.dumps(list(answers), separators=(",", ":")),
                  total, check_selfcheck_difficulty(check_kind, _opt_int(rec, "difficulty")))
    elif kind == "plan":
        med_id = _ref(known, journal, "medication", "medications", rec.get("medication_uid"))
        if med_id is None:
            raise _BadValue("the plan's medication_uid is not a medication in the file or "
                            "the journal")
        table, columns = "plans", ("medication_id", "title")
        values = (med_id, check_text("title", _text(rec, "title"), MAX_TITLE_CHARS))
    elif kind == "plan_step":
        plan_id = _ref(known, journal, "plan", "plans", rec.get("plan_uid"))
        if plan_id is None:
            raise _BadValue("the step's plan_uid is not a plan in the file or the journal")
        table, columns = "plan_steps", ("plan_id", "start_date", "daily_total_mg", "per_dose",
                                        "note")
        values = (plan_id, *step_values(_text(rec, "start_date"),
                                        _num(rec, "daily_total_mg", required=True),
                                        _text(rec, "per_dose"), _text(rec, "note")))
    else:
        practice_kind = rec.get("practice_kind")
        if practice_kind not in ("breathe", "meditate", "timer"):
            raise _BadValue(f"unknown practice_kind '{inert(str(practice_kind), 40)}'")
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
