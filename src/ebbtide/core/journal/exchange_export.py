"""Export: every record as CSV (streamed straight from SQLite to the csv writer, formulas
neutralised) or as the JSON document. See `exchange` for the format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any, Literal, Protocol

from ebbtide.core.journal.exchange_format import (
    BOOLS,
    CSV_HEADER,
    FIELDS,
    FREE_TEXT_INDEXES,
    JSON_FORMAT,
    JSON_LISTS,
    JSON_VERSION,
    STAMP,
    TAIL,
    TYPES,
    UNSTAMPED,
    neutralised,
)
from ebbtide.core.journal.store import Journal

ExportFormat = Literal["csv", "json"]


class TextSink(Protocol):
    """Where an export is written: an open text file, stdout, or a wrapper of either."""

    def write(self, text: str, /) -> object: ...


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


def _select(kind: str, since: date | None, until: date | None) -> tuple[str, list[str]]:
    cols = []
    for name in CSV_HEADER:
        if name == "type":
            cols.append(f"'{kind}'")
        elif name == "uid" or name in TAIL or (name in STAMP and kind not in UNSTAMPED):
            cols.append(f"x.{name}")
        else:
            cols.append(_EXPR[kind].get(name, "NULL"))
    where = ["x.deleted_utc IS NULL", *_LIVE_PARENTS.get(kind, [])]
    params: list[str] = []
    if kind not in UNSTAMPED:
        if since is not None:
            where.append("x.local_date >= ?")
            params.append(since.isoformat())
        if until is not None:
            where.append("x.local_date <= ?")
            params.append(until.isoformat())
    order = "x.id" if kind in UNSTAMPED else "x.at_utc, x.id"
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
    self-checks, plans and their steps; dated ones oldest first) as a tuple in CSV_HEADER
    order. Undated records are always included; the others are limited to local days in
    [since, until]."""
    for kind in TYPES:
        sql, params = _select(kind, since, until)
        yield from journal.cursor(sql, params)


def _spreadsheet_safe(row: tuple[Any, ...]) -> tuple[Any, ...]:
    cells: list[Any] | None = None
    for i in FREE_TEXT_INDEXES:
        value = row[i]
        if isinstance(value, str) and value:
            safe = neutralised(value)
            if safe is not value:
                cells = cells or list(row)
                cells[i] = safe
    return row if cells is None else tuple(cells)


def export_csv(journal: Journal, out: TextSink, since: date | None = None,
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
            safe = [_spreadsheet_safe(row) for row in rows]
            if any(map(_has_bare_cr, safe)):
                for row in safe:
                    if _has_bare_cr(row):
                        out.write(_quoted_line(row))
                    else:
                        writer.writerow(row)
            else:
                writer.writerows(safe)
            total += len(rows)
    return total


def _has_bare_cr(row: tuple[Any, ...]) -> bool:
    return any(isinstance(row[i], str) and "\r" in row[i] for i in FREE_TEXT_INDEXES)


def _quoted_line(row: tuple[Any, ...]) -> str:
    """The row with a cell holding a CR quoted: the csv writer quotes only the characters of
    its line ending ("\n" here), so a note with a lone CR would split the line on import."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    return buffer.getvalue()[:-2] + "\n"


def _json_value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in JSON_LISTS:
        return json.loads(value)
    if name in BOOLS:
        return bool(value)
    return value


def export_json(journal: Journal, out: TextSink, since: date | None = None,
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
