"""The one writer of check-ins: a check-in with its doses and side effects, and the
medications they name, inserted exactly one way whoever saves them (the app through
`Journal`, or `ebbtide log` on its quick path with a bare connection).

Every function here runs inside the caller's transaction and stores what the validators of
`values` return, so both paths store the same forms. Standard library, `values` and the
side-effect list only: `ebbtide log` imports this at start-up."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from ebbtide.core.content.side_effects import canonical_name
from ebbtide.core.errors import InvalidEntry
from ebbtide.core.ids import new_uid
from ebbtide.core.journal.values import (
    DoseInput,
    SideEffectInput,
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

Stamp = tuple[str, int, str]  # (utc text, local offset minutes, local date): values.stamp
# mood, anxiety, sleep_hours, sleep_quality, energy, tags (JSON), note, flagged (0/1)
CheckInRow = tuple[int, int, float | None, int | None, int | None, str, str, int]
# name, strength, schedule, times (JSON), dose_mg, active (0/1)
MedicationRow = tuple[str, str, str, str, float | None, int]
DEFAULT_MEDICATION = "baclofen"


class SeveralActiveMedications(InvalidEntry):
    """A dose names no medication and more than one is active: the person must choose."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__("medication",
                         f"you have several active medications ({', '.join(names)})")
        self.names = tuple(names)


def dump_list(items: Sequence[str]) -> str:
    """How tags and times are stored (compact JSON array, text kept verbatim). Text with
    nothing JSON escapes (quotes, backslashes, control characters) is written as it is, so
    an everyday `ebbtide log --tag` does not import `json` (a millisecond)."""
    if all(item.isprintable() and '"' not in item and "\\" not in item for item in items):
        return "[" + ",".join('"' + item + '"' for item in items) + "]"
    import json

    return json.dumps(list(items), ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- checked values


def checkin_row(*, mood: object, anxiety: object, sleep_hours: object = None,
                sleep_quality: object = None, energy: object = None,
                tags: Iterable[object] = (), note: object = "",
                flagged_for_doctor: bool = False) -> CheckInRow:
    """A check-in's own values as stored; InvalidEntry (with `.field`) for a bad one."""
    return (check_mood(mood), check_anxiety(anxiety), check_sleep_hours(sleep_hours),
            check_sleep_quality(sleep_quality), check_energy(energy),
            dump_list(check_tags(tags)), check_text("note", note),
            int(bool(flagged_for_doctor)))


def medication_row(name: object, *, strength: object = "", schedule: object = "",
                   times: Iterable[object] = (), dose_mg: object = None,
                   active: bool = True) -> MedicationRow:
    """A medication's values as stored; InvalidEntry for a bad one."""
    clean_times = [t for t in (check_clock_time(x, "times") for x in times) if t]
    return (check_name("name", name), check_text("strength", strength, 200),
            check_text("schedule", schedule, 2000), dump_list(clean_times),
            check_amount_mg(dose_mg, field_name="dose_mg"), int(bool(active)))


def check_dose(dose: DoseInput) -> None:
    check_status(dose.status)
    check_amount_mg(dose.amount_mg)
    check_clock_time(dose.scheduled_time)
    check_text("note", dose.note)


def check_side_effect(effect: SideEffectInput) -> None:
    check_name("side_effect", effect.name)
    check_severity(effect.severity)
    check_text("note", effect.note)


# ---------------------------------------------------------------- inserts


def insert_checkin(conn: sqlite3.Connection, row: CheckInRow, when: Stamp, now_utc: str,
                   doses: Sequence[DoseInput] = (),
                   side_effects: Sequence[SideEffectInput] = ()
                   ) -> tuple[int, list[int], list[int]]:
    """Insert a check-in and its doses and side effects, all at `when`. Returns the ids
    (check-in, doses, side effects)."""
    cur = conn.execute(
        "INSERT INTO checkins (uid, at_utc, utc_offset_min, local_date, mood, anxiety, "
        "sleep_hours, sleep_quality, energy, tags, note, flagged_for_doctor, "
        "created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (new_uid(), *when, *row, now_utc, now_utc))
    checkin_id = cur.lastrowid
    assert checkin_id is not None
    dose_ids = [insert_dose(conn, dose, checkin_id, when, now_utc) for dose in doses]
    effect_ids = [insert_side_effect(conn, effect, checkin_id, when, now_utc)
                  for effect in side_effects]
    return checkin_id, dose_ids, effect_ids


def insert_dose(conn: sqlite3.Connection, dose: DoseInput, checkin_id: int | None,
                when: Stamp, now_utc: str) -> int:
    exists = conn.execute("SELECT 1 FROM medications WHERE id = ?", (dose.medication_id,))
    if exists.fetchone() is None:
        raise InvalidEntry("medication", f"there is no medication with id {dose.medication_id}")
    cur = conn.execute(
        "INSERT INTO doses (uid, medication_id, checkin_id, at_utc, utc_offset_min, "
        "local_date, status, amount_mg, scheduled_time, note, created_utc, updated_utc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (new_uid(), dose.medication_id, checkin_id, *when, check_status(dose.status),
         check_amount_mg(dose.amount_mg), check_clock_time(dose.scheduled_time),
         check_text("note", dose.note), now_utc, now_utc))
    assert cur.lastrowid is not None
    return cur.lastrowid


def insert_side_effect(conn: sqlite3.Connection, effect: SideEffectInput,
                       checkin_id: int | None, when: Stamp, now_utc: str) -> int:
    """The name is stored in its standard spelling when it is on the standard list."""
    cur = conn.execute(
        "INSERT INTO side_effects (uid, checkin_id, at_utc, utc_offset_min, local_date, "
        "name, severity, note, created_utc, updated_utc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (new_uid(), checkin_id, *when, canonical_name(check_name("side_effect", effect.name)),
         check_severity(effect.severity), check_text("note", effect.note), now_utc, now_utc))
    assert cur.lastrowid is not None
    return cur.lastrowid


def insert_medication(conn: sqlite3.Connection, row: MedicationRow, now_utc: str) -> int:
    cur = conn.execute(
        "INSERT INTO medications (uid, name, strength, schedule, times, dose_mg, active, "
        "created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (new_uid(), *row, now_utc, now_utc))
    assert cur.lastrowid is not None
    return cur.lastrowid


def medication_for_dose(conn: sqlite3.Connection, name: str | None,
                        now_utc: str) -> tuple[int, str, bool]:
    """The medication a quickly logged dose belongs to: the one called `name` (case
    ignored, active ones first); with no name, the only active one, else baclofen. Added
    (with only its name) when there is none. Returns (id, name, whether it was added now).
    Raises SeveralActiveMedications when no name is given and several are active."""
    if name is not None:
        wanted = check_name("medication", name)
        row = conn.execute("SELECT id, name FROM medications WHERE deleted_utc IS NULL AND "
                           "name = ? COLLATE NOCASE ORDER BY active DESC, id LIMIT 1",
                           (wanted,)).fetchone()
    else:
        wanted = DEFAULT_MEDICATION
        active = conn.execute("SELECT id, name FROM medications WHERE deleted_utc IS NULL "
                              "AND active = 1 ORDER BY id").fetchall()
        if len(active) > 1:
            raise SeveralActiveMedications([str(r[1]) for r in active])
        row = active[0] if active else conn.execute(
            "SELECT id, name FROM medications WHERE deleted_utc IS NULL AND name = ? "
            "COLLATE NOCASE ORDER BY id LIMIT 1", (wanted,)).fetchone()
    if row is None:
        return insert_medication(conn, medication_row(wanted), now_utc), wanted, True
    return int(row[0]), str(row[1]), False
