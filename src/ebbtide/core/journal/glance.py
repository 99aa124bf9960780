"""A read-only glance at the journal for `ebbtide status` and `ebbtide notify`: today's
scheduled doses not yet logged, whether there was a check-in today, practice this week.

It opens the file with SQLite's `mode=ro` URI, so it never creates, migrates or writes a
journal, and imports nothing but the standard library: the status line runs every few
seconds and must start as fast as `ebbtide --version`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal import cipher

# A status line must not hang behind a writer; a glance that cannot read gives up quickly.
READ_TIMEOUT_SECONDS = 0.25


class GlanceUnavailable(EbbtideError):
    """The journal is there but cannot be read right now (damaged, locked, unreadable)."""


@dataclass(frozen=True)
class DoseSlot:
    medication: str
    time: str  # "HH:MM", local clock time from the medication's schedule


@dataclass(frozen=True)
class Glance:
    open_doses: tuple[DoseSlot, ...]  # today's scheduled doses not logged yet, by time
    scheduled_times: tuple[str, ...]  # every distinct time of the active schedule
    checked_in_today: bool
    practice_seconds_this_week: float
    selfcheck_this_week: bool


def week_start(day: date) -> date:
    """Monday of `day`'s week: "this week" runs Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def read_glance(journal_file: Path, today: date) -> Glance | None:
    """None when there is no journal yet. Raises GlanceUnavailable, never sqlite3.Error;
    also when the journal is encrypted and no passphrase can be had."""
    if not journal_file.exists():
        return None
    try:
        conn = cipher.connect(journal_file, "mode=ro", timeout=READ_TIMEOUT_SECONDS)
    except sqlite3.Error as exc:
        raise GlanceUnavailable(f"the journal cannot be read ({exc})") from exc
    except cipher.JournalLocked as exc:  # encrypted, and no passphrase here (cron, tmux)
        raise GlanceUnavailable(str(exc)) from exc
    try:
        return _query(conn, today)
    except (sqlite3.Error, ValueError) as exc:
        raise GlanceUnavailable(f"the journal cannot be read ({exc})") from exc
    finally:
        conn.close()


def _query(conn: sqlite3.Connection, today: date) -> Glance:
    day = today.isoformat()
    monday = week_start(today).isoformat()
    meds = conn.execute(
        "SELECT id, name, times FROM medications WHERE active = 1 AND deleted_utc IS NULL "
        "ORDER BY id").fetchall()
    doses = conn.execute(
        "SELECT medication_id, scheduled_time FROM doses WHERE local_date = ? "
        "AND deleted_utc IS NULL ORDER BY at_utc", (day,)).fetchall()
    checked_in = conn.execute(
        "SELECT 1 FROM checkins WHERE local_date = ? AND deleted_utc IS NULL LIMIT 1",
        (day,)).fetchone() is not None
    seconds = conn.execute(
        "SELECT COALESCE(SUM(actual_seconds), 0) FROM practices WHERE local_date >= ? "
        "AND local_date <= ? AND deleted_utc IS NULL", (monday, day)).fetchone()[0]
    selfcheck = conn.execute(
        "SELECT 1 FROM selfchecks WHERE local_date >= ? AND local_date <= ? "
        "AND deleted_utc IS NULL LIMIT 1", (monday, day)).fetchone() is not None
    schedule = [(int(mid), str(name), _times(str(raw))) for mid, name, raw in meds]
    every_time = sorted({t for _, _, times in schedule for t in times})
    return Glance(open_doses=open_doses(schedule, doses), scheduled_times=tuple(every_time),
                  checked_in_today=checked_in, practice_seconds_this_week=float(seconds),
                  selfcheck_this_week=selfcheck)


def open_doses(schedule: Iterable[tuple[int, str, tuple[str, ...]]],
               logged: Iterable[tuple[int, str | None]]) -> tuple[DoseSlot, ...]:
    """Scheduled slots minus the doses logged today (taken or skipped). A dose logged for
    a slot's time closes that slot; one logged without a (known) time closes the earliest
    slot of its medication still open."""
    remaining: dict[int, list[str]] = {mid: sorted(times) for mid, _, times in schedule}
    names = {mid: name for mid, name, _ in schedule}
    loose: list[int] = []
    for mid, slot in logged:
        slots = remaining.get(mid)
        if slots is None:
            continue
        if slot in slots:
            slots.remove(slot)
        else:
            loose.append(mid)
    for mid in loose:
        if remaining[mid]:
            remaining[mid].pop(0)
    found = [DoseSlot(names[mid], t) for mid, slots in remaining.items() for t in slots]
    return tuple(sorted(found, key=lambda s: (s.time, s.medication)))


def _times(raw: str) -> tuple[str, ...]:
    """The medications.times column: a JSON list of "HH:MM" strings. Parsed by hand (the
    values are validated on the way in) so the status line need not import json."""
    inner = raw.strip().removeprefix("[").removesuffix("]")
    found = []
    for part in inner.split(","):
        text = part.strip().strip('"')
        if len(text) == 5 and text[2] == ":" and text.replace(":", "").isdigit():
            found.append(text)
    return tuple(found)
