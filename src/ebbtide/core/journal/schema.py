"""The journal's SQLite schema: tables, forward-only migrations, and how a connection is
opened (busy timeout, WAL, `synchronous=FULL`, foreign keys; decrypted by `cipher` when
the file is encrypted).

Standard library only, so the `ebbtide log` fast path can open the file without the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ebbtide.core.journal import cipher

BUSY_TIMEOUT_SECONDS = 10.0

_V1 = (
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE medications (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        strength TEXT NOT NULL DEFAULT '',
        schedule TEXT NOT NULL DEFAULT '',
        times TEXT NOT NULL DEFAULT '[]',
        dose_mg REAL,
        active INTEGER NOT NULL DEFAULT 1,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        deleted_utc TEXT)""",
    """CREATE TABLE checkins (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        at_utc TEXT NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        local_date TEXT NOT NULL,
        mood INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 10),
        anxiety INTEGER NOT NULL CHECK (anxiety BETWEEN 0 AND 10),
        sleep_hours REAL CHECK (sleep_hours IS NULL OR sleep_hours BETWEEN 0 AND 24),
        sleep_quality INTEGER CHECK (sleep_quality IS NULL OR sleep_quality BETWEEN 1 AND 5),
        energy INTEGER CHECK (energy IS NULL OR energy BETWEEN 1 AND 10),
        tags TEXT NOT NULL DEFAULT '[]',
        note TEXT NOT NULL DEFAULT '',
        flagged_for_doctor INTEGER NOT NULL DEFAULT 0,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        deleted_utc TEXT)""",
    """CREATE INDEX checkins_day ON checkins (local_date, at_utc)""",
    """CREATE TABLE doses (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        medication_id INTEGER NOT NULL REFERENCES medications (id),
        checkin_id INTEGER REFERENCES checkins (id) ON DELETE SET NULL,
        at_utc TEXT NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        local_date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('taken', 'skipped')),
        amount_mg REAL,
        scheduled_time TEXT,
        note TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        deleted_utc TEXT)""",
    """CREATE INDEX doses_day ON doses (local_date, at_utc)""",
    """CREATE INDEX doses_checkin ON doses (checkin_id)""",
    """CREATE INDEX doses_medication ON doses (medication_id)""",
    """CREATE TABLE side_effects (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        checkin_id INTEGER REFERENCES checkins (id) ON DELETE SET NULL,
        at_utc TEXT NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        local_date TEXT NOT NULL,
        name TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
        note TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        deleted_utc TEXT)""",
    """CREATE INDEX side_effects_day ON side_effects (local_date, at_utc)""",
    """CREATE INDEX side_effects_checkin ON side_effects (checkin_id)""",
)

_V2 = (
    """CREATE TABLE practices (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        at_utc TEXT NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        local_date TEXT NOT NULL,
        kind TEXT NOT NULL,
        content_id TEXT NOT NULL,
        planned_seconds REAL NOT NULL,
        actual_seconds REAL NOT NULL,
        completed INTEGER NOT NULL,
        anxiety_before INTEGER,
        anxiety_after INTEGER,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        deleted_utc TEXT)""",
    """CREATE INDEX practices_day ON practices (local_date, at_utc)""",
    """CREATE INDEX practices_at ON practices (at_utc)""",
)

_V3 = (
    """CREATE TABLE selfchecks (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        at_utc TEXT NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        local_date TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('phq9', 'gad7')),
        answers TEXT NOT NULL,
        score INTEGER NOT NULL,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        deleted_utc TEXT)""",
    """CREATE INDEX selfchecks_day ON selfchecks (local_date, at_utc)""",
    """CREATE TABLE safety_notes (
        note_id TEXT PRIMARY KEY,
        rule TEXT NOT NULL,
        shown_utc TEXT,
        dismissed_utc TEXT)""",
)

# Taper and titration plans, entered as the prescriber wrote them (Ebbtide never fills in a
# dose), and PHQ-9's closing "how difficult" answer (0-3, NULL when not answered).
_V4 = (
    """CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        medication_id INTEGER NOT NULL REFERENCES medications (id),
        title TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        deleted_utc TEXT)""",
    """CREATE INDEX plans_medication ON plans (medication_id)""",
    """CREATE TABLE plan_steps (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        plan_id INTEGER NOT NULL REFERENCES plans (id),
        start_date TEXT NOT NULL,
        daily_total_mg REAL NOT NULL CHECK (daily_total_mg >= 0),
        per_dose TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        deleted_utc TEXT)""",
    """CREATE INDEX plan_steps_plan ON plan_steps (plan_id, start_date)""",
    """ALTER TABLE selfchecks ADD COLUMN difficulty INTEGER
        CHECK (difficulty IS NULL OR difficulty BETWEEN 0 AND 3)""",
)


def _has_fts5() -> bool:
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.Error:
        return False
    finally:
        probe.close()
    return True


# The search index (`core.journal.search`): one row per check-in note, per check-in's tags
# and per side effect, kept in step by triggers. rowid = record id * 4 + kind (0 note, 1 tags,
# 2 side effect), so a trigger finds a record's rows by rowid, not by a scan. Soft deletes
# stay indexed (the query leaves out rows whose record is in the trash, so undo needs no
# work). Where this SQLite lacks FTS5 the same rows go into a plain table and search falls
# back to a LIKE scan (`search.uses_fts5`).
_SEARCH_FTS5 = ("CREATE VIRTUAL TABLE search_index USING fts5(body, kind UNINDEXED, "
                "tokenize = 'unicode61 remove_diacritics 2')")
_SEARCH_PLAIN = "CREATE TABLE search_index (rowid INTEGER PRIMARY KEY, body TEXT, kind TEXT)"
# Stands for one of the two above in MIGRATIONS: probing for FTS5 costs ~0.6 ms, which every
# `ebbtide log` would pay at import; only a migration needs the answer.
_SEARCH_TABLE = "-- the search index table"
_INDEX_NOTE = ("INSERT INTO search_index (rowid, body, kind) SELECT {c}.id * 4, {c}.note, "
               "'note' {src} WHERE {c}.note != ''")
_INDEX_TAGS = ("INSERT INTO search_index (rowid, body, kind) SELECT {c}.id * 4 + 1, "
               "(SELECT group_concat(value, ' ') FROM json_each({c}.tags)), 'tag' {src} "
               "WHERE {c}.tags != '[]'")
_INDEX_EFFECT = ("INSERT INTO search_index (rowid, body, kind) SELECT {s}.id * 4 + 2, "
                 "{s}.name || CASE WHEN {s}.note != '' THEN ': ' || {s}.note ELSE '' END, "
                 "'side_effect' {src}")
_UNINDEX_CHECKIN = "DELETE FROM search_index WHERE rowid IN (old.id * 4, old.id * 4 + 1)"
_UNINDEX_EFFECT = "DELETE FROM search_index WHERE rowid = old.id * 4 + 2"
_NEW_CHECKIN = {"c": "new", "src": ""}
_NEW_EFFECT = {"s": "new", "src": ""}
_SEARCH_INDEX = (
    _SEARCH_TABLE,  # FTS5 where this SQLite has it: decided when migrating (see migrate)
    f"""CREATE TRIGGER search_checkin_added AFTER INSERT ON checkins BEGIN
        {_INDEX_NOTE.format(**_NEW_CHECKIN)}; {_INDEX_TAGS.format(**_NEW_CHECKIN)}; END""",
    f"""CREATE TRIGGER search_checkin_edited AFTER UPDATE OF note, tags ON checkins BEGIN
        {_UNINDEX_CHECKIN}; {_INDEX_NOTE.format(**_NEW_CHECKIN)};
        {_INDEX_TAGS.format(**_NEW_CHECKIN)}; END""",
    f"""CREATE TRIGGER search_checkin_purged AFTER DELETE ON checkins BEGIN
        {_UNINDEX_CHECKIN}; END""",
    f"""CREATE TRIGGER search_effect_added AFTER INSERT ON side_effects BEGIN
        {_INDEX_EFFECT.format(**_NEW_EFFECT)}; END""",
    f"""CREATE TRIGGER search_effect_edited AFTER UPDATE OF name, note ON side_effects BEGIN
        {_UNINDEX_EFFECT}; {_INDEX_EFFECT.format(**_NEW_EFFECT)}; END""",
    f"""CREATE TRIGGER search_effect_purged AFTER DELETE ON side_effects BEGIN
        {_UNINDEX_EFFECT}; END""",
    # Backfill what the file already holds.
    _INDEX_NOTE.format(c="c", src="FROM checkins c"),
    _INDEX_TAGS.format(c="c", src="FROM checkins c"),
    _INDEX_EFFECT.format(s="s", src="FROM side_effects s"),
)

_CHECKIN_ADDED = "search_checkin_added"


@contextmanager
def checkins_indexed_together(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside the caller's transaction, for many check-ins inserted at once: the search
    index gets the new ones in two statements at the end instead of a trigger run per row
    (the trigger costs ~20 µs a row); the trigger is back before the transaction ends."""
    found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                         (_CHECKIN_ADDED,)).fetchone()
    if found is None:  # a file not yet at the search index's version
        yield
        return
    last = int(conn.execute("SELECT coalesce(max(id), 0) FROM checkins").fetchone()[0])
    conn.execute(f"DROP TRIGGER {_CHECKIN_ADDED}")
    try:
        yield
        for index in (_INDEX_NOTE, _INDEX_TAGS):  # ids only grow: the new rows are above
            conn.execute(index.format(c="c", src="FROM checkins c") + " AND c.id > ?",
                         (last,))
    finally:
        conn.execute(str(found[0]))


# Forward-only: MIGRATIONS[n] takes a file from user_version n to n + 1. Never edit a
# released step; append a new one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3, _V4, _SEARCH_INDEX)
SCHEMA_VERSION = len(MIGRATIONS)

# Every table (the importer names the one it writes to; the store checks it is one of these).
TABLE_NAMES = ("meta", "medications", "checkins", "doses", "side_effects", "practices",
          "selfchecks", "safety_notes", "plans", "plan_steps")


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit `BEGIN IMMEDIATE`), usable
    from several threads (the store serialises calls), waiting for another process's write
    instead of failing."""
    return cipher.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                          check_same_thread=False)


def file_version(conn: sqlite3.Connection) -> int:
    """The schema version the file is at (`PRAGMA user_version`; 0 for a new file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def is_wal(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal")


def make_durable(conn: sqlite3.Connection) -> None:
    """Every commit reaches the disk before it returns; references between tables hold."""
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def use_wal(conn: sqlite3.Connection) -> None:
    if not is_wal(conn):
        conn.execute("PRAGMA journal_mode = WAL")


def open_current(path: Path | str) -> sqlite3.Connection | None:
    """The everyday quick open for a one-shot write: the file exists, is at this schema
    version and already in WAL mode, so there is nothing to create, migrate or convert.
    None otherwise, or on any SQLite trouble: the caller takes the full `Journal` path,
    which does that work and explains problems. The connection skips the checkpoint on
    close where Python allows (3.12+): commits are already durable in the WAL."""
    try:
        conn = connect(path)
    except sqlite3.Error:
        return None
    try:
        if file_version(conn) != SCHEMA_VERSION or not is_wal(conn):
            conn.close()
            return None
        make_durable(conn)
    except sqlite3.Error:
        conn.close()
        return None
    setconfig = getattr(conn, "setconfig", None)
    no_checkpoint = getattr(sqlite3, "SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE", None)
    if setconfig is not None and no_checkpoint is not None:
        setconfig(no_checkpoint, True)
    return conn


def migrate(conn: sqlite3.Connection, created_utc: str, upto: int = SCHEMA_VERSION) -> None:
    """Bring the file up to schema `upto` (inside the caller's transaction); a new file
    also records when it was created."""
    version = file_version(conn)
    for step in range(version, upto):
        for statement in MIGRATIONS[step]:
            if statement == _SEARCH_TABLE:
                statement = _SEARCH_FTS5 if _has_fts5() else _SEARCH_PLAIN
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {step + 1}")
    if version == 0:
        conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_utc', ?)",
                     (created_utc,))
