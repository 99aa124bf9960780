"""The journal: a durable local SQLite store for check-ins, medications, doses, side effects
and practice sessions.

Durability: WAL, `synchronous=FULL`, every write in one `BEGIN IMMEDIATE` transaction, a
busy timeout so two processes wait for each other instead of failing, forward-only schema
migrations tracked in `PRAGMA user_version`, private files (0600) in a private folder (0700),
and a daily rolling backup (SQLite backup API, newest 7 kept).

Failure: a damaged file raises `JournalCorrupt` (with the newest backup, if any);
`restore_newest_backup` moves the damaged file aside (never overwriting or deleting it) and
copies the backup in. A read-only folder, read-only file or full disk raises
`JournalUnavailable` with one clear sentence; callers keep what the person typed.

Deletes are soft (`deleted_utc`), can be undone, and are removed for good by `empty_trash`.
Text is stored verbatim (always bound as parameters)."""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from ebbtide.core.content.questionnaires import CheckKind, SelfCheck, check_answers, parse_kind
from ebbtide.core.content.side_effects import canonical_name, is_urgent
from ebbtide.core.errors import DataDirError, EbbtideError, InvalidEntry
from ebbtide.core.journal.models import (
    CheckIn,
    DailySeries,
    DayPoint,
    DaySummary,
    Dose,
    DoseInput,
    DoseStatus,
    Entry,
    Medication,
    Practice,
    Record,
    RecordKind,
    SavedCheckIn,
    SeverityName,
    SideEffect,
    SideEffectCount,
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
    from_stamp,
    from_utc,
    local_now,
    stamp,
    utc_text,
)
from ebbtide.core.paths import Paths, ensure_private_dir
from ebbtide.core.practice.records import PracticeRecord

WallClock = Callable[[], datetime]

BUSY_TIMEOUT_SECONDS = 10.0
BACKUPS_KEPT = 7
BACKUP_PREFIX = "journal-"
BACKUP_SUFFIX = ".sqlite3"
SEVERITY_RANK = {"mild": 1, "moderate": 2, "severe": 3}


class JournalCorrupt(EbbtideError):
    """The journal file is damaged. `path` is the file, `backup` the newest backup or None."""

    def __init__(self, path: Path, backup: Path | None, detail: str = "") -> None:
        self.path = path
        self.backup = backup
        self.detail = detail
        why = f" ({detail})" if detail else ""
        if backup is not None:
            hint = (f"The newest backup is {backup.name}: open ebbtide to restore it "
                    "(the damaged file is kept aside, never deleted).")
        else:
            hint = "There is no backup to restore; the damaged file has been left as it is."
        super().__init__(f"the journal file {path} is damaged{why}. {hint}")


class JournalUnavailable(EbbtideError):
    """The journal cannot be opened or written right now (read-only, disk full, busy)."""


# ---------------------------------------------------------------- schema


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

# Forward-only: MIGRATIONS[n] takes a file from user_version n to n + 1. Never edit a
# released step; append a new one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3)
SCHEMA_VERSION = len(MIGRATIONS)

_TABLES: dict[RecordKind, str] = {
    "checkin": "checkins",
    "medication": "medications",
    "dose": "doses",
    "side_effect": "side_effects",
    "practice": "practices",
}

_CHECKIN_COLS = ("c.id, c.uid, c.at_utc, c.utc_offset_min, c.local_date, c.mood, c.anxiety, "
                 "c.sleep_hours, c.sleep_quality, c.energy, c.tags, c.note, "
                 "c.flagged_for_doctor, c.created_utc, c.updated_utc, c.deleted_utc")
_MED_COLS = ("m.id, m.uid, m.name, m.strength, m.schedule, m.times, m.dose_mg, m.active, "
             "m.created_utc, m.updated_utc, m.deleted_utc")
_DOSE_COLS = ("d.id, d.uid, d.medication_id, m.name, d.at_utc, d.utc_offset_min, d.local_date, "
              "d.status, d.amount_mg, d.scheduled_time, d.note, d.checkin_id, "
              "d.created_utc, d.updated_utc, d.deleted_utc")
_SE_COLS = ("s.id, s.uid, s.name, s.severity, s.at_utc, s.utc_offset_min, s.local_date, "
            "s.note, s.checkin_id, s.created_utc, s.updated_utc, s.deleted_utc")
_SELFCHECK_COLS = ("id, uid, at_utc, utc_offset_min, local_date, kind, answers, score, "
                   "created_utc, updated_utc, deleted_utc")
_PRACTICE_COLS = ("p.id, p.uid, p.kind, p.content_id, p.at_utc, p.utc_offset_min, "
                  "p.local_date, p.planned_seconds, p.actual_seconds, p.completed, "
                  "p.anxiety_before, p.anxiety_after, p.created_utc, p.updated_utc, "
                  "p.deleted_utc")

_SELECT: dict[RecordKind, str] = {
    "checkin": f"SELECT {_CHECKIN_COLS} FROM checkins c",
    "medication": f"SELECT {_MED_COLS} FROM medications m",
    "dose": f"SELECT {_DOSE_COLS} FROM doses d JOIN medications m ON m.id = d.medication_id",
    "side_effect": f"SELECT {_SE_COLS} FROM side_effects s",
    "practice": f"SELECT {_PRACTICE_COLS} FROM practices p",
}
_ALIAS: dict[RecordKind, str] = {"checkin": "c", "medication": "m", "dose": "d",
                                 "side_effect": "s", "practice": "p"}
_KIND_ORDER: dict[str, int] = {"checkin": 0, "dose": 1, "side_effect": 2, "practice": 3,
                               "medication": 4}


def new_uid() -> str:
    """A random (version 4) UUID string, without importing `uuid` (keeps `log` fast)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def dump_list(items: Sequence[str]) -> str:
    """How tags and times are stored (compact JSON array, text kept verbatim)."""
    return json.dumps(list(items), ensure_ascii=False, separators=(",", ":"))


def _load_list(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text and text != "[]" else ()


# ---------------------------------------------------------------- row -> record


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _row_checkin(r: Sequence[Any]) -> CheckIn:
    return CheckIn(id=r[0], uid=r[1], at=from_stamp(r[2], r[3]), local_date=_day(r[4]),
                   mood=r[5], anxiety=r[6], sleep_hours=r[7], sleep_quality=r[8],
                   energy=r[9], tags=_load_list(r[10]), note=r[11],
                   flagged_for_doctor=bool(r[12]), created_at=from_utc(r[13]),
                   updated_at=from_utc(r[14]), deleted_at=from_utc(r[15]))


def _row_medication(r: Sequence[Any]) -> Medication:
    return Medication(id=r[0], uid=r[1], name=r[2], strength=r[3], schedule=r[4],
                      times=_load_list(r[5]), dose_mg=r[6], active=bool(r[7]),
                      created_at=from_utc(r[8]), updated_at=from_utc(r[9]),
                      deleted_at=from_utc(r[10]))


def _row_dose(r: Sequence[Any]) -> Dose:
    return Dose(id=r[0], uid=r[1], medication_id=r[2], medication=r[3],
                at=from_stamp(r[4], r[5]), local_date=_day(r[6]), status=r[7],
                amount_mg=r[8], scheduled_time=r[9], note=r[10], checkin_id=r[11],
                created_at=from_utc(r[12]), updated_at=from_utc(r[13]),
                deleted_at=from_utc(r[14]))


def _row_side_effect(r: Sequence[Any]) -> SideEffect:
    return SideEffect(id=r[0], uid=r[1], name=r[2], severity=r[3], at=from_stamp(r[4], r[5]),
                      local_date=_day(r[6]), note=r[7], checkin_id=r[8],
                      created_at=from_utc(r[9]), updated_at=from_utc(r[10]),
                      deleted_at=from_utc(r[11]))


def _row_practice(r: Sequence[Any]) -> Practice:
    return Practice(id=r[0], uid=r[1], practice_kind=r[2], content_id=r[3],
                    at=from_stamp(r[4], r[5]), local_date=_day(r[6]), planned_seconds=r[7],
                    actual_seconds=r[8], completed=bool(r[9]), anxiety_before=r[10],
                    anxiety_after=r[11], created_at=from_utc(r[12]),
                    updated_at=from_utc(r[13]), deleted_at=from_utc(r[14]))


def _row_selfcheck(r: Sequence[Any]) -> SelfCheck:
    return SelfCheck(id=r[0], uid=r[1], at=from_stamp(r[2], r[3]), local_date=_day(r[4]),
                     kind=r[5], answers=tuple(json.loads(r[6])), score=r[7],
                     created_at=from_utc(r[8]), updated_at=from_utc(r[9]),
                     deleted_at=from_utc(r[10]))


@dataclass(frozen=True)
class NoteState:
    """What the person did with one safety note (see core.safety)."""

    note_id: str
    rule: str
    shown_at: datetime | None = None  # UTC; first time it was shown
    dismissed_at: datetime | None = None


_CONVERT: dict[RecordKind, Callable[[Sequence[Any]], Record]] = {
    "checkin": _row_checkin,
    "medication": _row_medication,
    "dose": _row_dose,
    "side_effect": _row_side_effect,
    "practice": _row_practice,
}


# ---------------------------------------------------------------- backups


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, oldest first."""
    try:
        names = sorted(p for p in backup_dir.iterdir()
                       if p.name.startswith(BACKUP_PREFIX) and p.name.endswith(BACKUP_SUFFIX))
    except OSError:
        return []
    return names


def newest_backup(backup_dir: Path) -> Path | None:
    backups = list_backups(backup_dir)
    return backups[-1] if backups else None


def _private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if missing; tighten its mode if it is wider."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError as exc:
        raise _os_unavailable(path, exc) from exc


def _tighten(path: Path) -> None:
    try:
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass


def _os_unavailable(path: Path, exc: OSError) -> JournalUnavailable:
    import errno

    if exc.errno == errno.ENOSPC:
        return JournalUnavailable(f"the disk holding {path.parent} is full, so the journal "
                                  "cannot save. Free some space and try again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return JournalUnavailable(f"the journal at {path} cannot be written: the folder or "
                                  "file is read-only. Check its permissions.")
    return JournalUnavailable(f"the journal at {path} cannot be used: "
                              f"{exc.strerror or exc}.")


def _move_aside(path: Path, stamp_text: str) -> Path | None:
    """Move `path` (if present) to `<name>.damaged-<stamp>`; never overwrite anything."""
    if not path.exists():
        return None
    base = path.with_name(f"{path.name}.damaged-{stamp_text}")
    target, n = base, 1
    while True:
        try:
            os.link(path, target)  # fails if target exists: never overwrites
        except FileExistsError:
            n += 1
            target = base.with_name(f"{base.name}-{n}")
            continue
        except OSError:
            if target.exists():
                n += 1
                target = base.with_name(f"{base.name}-{n}")
                continue
            os.rename(path, target)
            return target
        os.unlink(path)
        return target


def set_aside_damaged(paths: Paths, *, clock: WallClock = local_now) -> Path | None:
    """Move the journal file (and its -wal/-shm) aside as `journal.sqlite3.damaged-<time>`,
    so a fresh journal can start. Returns where the damaged file now is (None: no file)."""
    when = clock().strftime("%Y%m%d-%H%M%S")
    main = paths.journal_file
    try:
        moved = _move_aside(main, when)
        for suffix in ("-wal", "-shm"):
            side = main.with_name(main.name + suffix)
            if side.exists():
                target = (moved.with_name(moved.name + suffix) if moved is not None
                          else side.with_name(f"{side.name}.damaged-{when}"))
                if target.exists():
                    _move_aside(side, when)
                else:
                    os.rename(side, target)
    except OSError as exc:
        raise _os_unavailable(main, exc) from exc
    return moved


@dataclass(frozen=True)
class RestoreResult:
    backup: Path  # the backup copied in
    damaged: Path | None  # where the damaged file was moved (kept for the user)


def restore_newest_backup(paths: Paths, *, clock: WallClock = local_now) -> RestoreResult:
    """Move the damaged journal aside (never overwritten or deleted), then copy the newest
    backup in its place. Raises JournalUnavailable when there is no backup."""
    import shutil

    backup = newest_backup(paths.backup_dir)
    if backup is None:
        raise JournalUnavailable("there is no backup of the journal to restore.")
    damaged = set_aside_damaged(paths, clock=clock)
    target = paths.journal_file
    tmp = target.with_name(f".{target.name}.restore.tmp")
    try:
        ensure_private_dir(target.parent)
        _private_file(tmp)
        shutil.copyfile(backup, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except (OSError, DataDirError) as exc:
        if isinstance(exc, OSError):
            raise _os_unavailable(target, exc) from exc
        raise JournalUnavailable(str(exc)) from exc
    return RestoreResult(backup=backup, damaged=damaged)


# ---------------------------------------------------------------- the store


class Journal:
    """One open journal. Not for sharing across processes (each opens its own), but safe to
    call from several threads (calls are serialised)."""

    def __init__(self, path: Path | str, *, clock: WallClock = local_now,
                 backup_dir: Path | None = None, verify: bool = True) -> None:
        """Open (creating if needed) the journal at `path`. `backup_dir`: where the daily
        backup goes (None: no backups). `verify`: run `PRAGMA quick_check` on open (the app
        does; the one-shot CLI commands skip it for speed — a damaged page still raises
        JournalCorrupt when touched, and the daily backup always checks first)."""
        self.path = Path(path)
        self.backup_dir = backup_dir
        self._clock = clock
        self._lock = threading.RLock()
        self._depth = 0
        self.backup_error: str | None = None  # set when today's backup could not be made
        self.created = False  # True when this open created a new, empty journal
        self._verified = False
        try:
            ensure_private_dir(self.path.parent)
        except DataDirError as exc:
            raise JournalUnavailable(str(exc)) from exc
        existed = self.path.exists() and self.path.stat().st_size > 0
        _private_file(self.path)
        try:
            self._conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_SECONDS,
                                         isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise self._mapped(exc) from exc
        try:
            self._setup(existed, verify)
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def open(cls, paths: Paths, *, clock: WallClock = local_now,
             verify: bool = True) -> Journal:
        """The user's journal, with daily backups into `paths.backup_dir`."""
        return cls(paths.journal_file, clock=clock, backup_dir=paths.backup_dir,
                   verify=verify)

    def _setup(self, existed: bool, verify: bool) -> None:
        try:
            conn = self._conn
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            if version > SCHEMA_VERSION:
                raise JournalUnavailable(
                    f"the journal at {self.path} was made by a newer version of Ebbtide "
                    f"(schema {version}; this version knows {SCHEMA_VERSION}). "
                    "Update Ebbtide to open it.")
            if verify and existed:
                self.check()
            if existed and version > 0:
                self._backup_if_due()
            self.created = version == 0 and not existed
            if version < SCHEMA_VERSION:
                self._migrate()
        except sqlite3.Error as exc:
            raise self._mapped(exc) from exc
        for suffix in ("-wal", "-shm"):
            _tighten(self.path.with_name(self.path.name + suffix))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ plumbing

    def _mapped(self, exc: sqlite3.Error) -> EbbtideError:
        name = str(getattr(exc, "sqlite_errorname", "") or "")
        text = str(exc)
        low = text.lower()
        if (name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "not a database" in low
                or "malformed" in low):
            backup = newest_backup(self.backup_dir) if self.backup_dir else None
            return JournalCorrupt(self.path, backup, text)
        if name.startswith("SQLITE_FULL") or "disk is full" in low:
            return JournalUnavailable(
                f"the disk holding {self.path.parent} is full (or the journal reached its "
                "size limit), so nothing was saved. Free some space and try again.")
        if name.startswith("SQLITE_READONLY") or "readonly" in low:
            return JournalUnavailable(
                f"the journal at {self.path} is read-only, so nothing was saved. "
                "Check the permissions of the file and its folder.")
        if name.startswith("SQLITE_CANTOPEN") or "unable to open" in low:
            return JournalUnavailable(
                f"cannot open the journal at {self.path}: the folder may be read-only "
                "or missing.")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in low:
            return JournalUnavailable(
                "the journal is busy in another Ebbtide process; nothing was saved. "
                "Try again in a moment.")
        if name.startswith("SQLITE_IOERR") or "i/o" in low:
            return JournalUnavailable(
                f"the journal at {self.path} could not be read or written (disk error: "
                f"{text}).")
        return JournalUnavailable(f"the journal at {self.path} cannot be used: {text}.")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all. Nests (inner blocks join)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._mapped(exc) from exc
            self._depth = 1
            try:
                yield
            except BaseException as exc:
                self._depth = 0
                with suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError) \
                        and not isinstance(exc, sqlite3.IntegrityError):
                    raise self._mapped(exc) from exc
                raise
            self._depth = 0
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                with suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise self._mapped(exc) from exc

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.IntegrityError:
                raise
            except sqlite3.Error as exc:
                raise self._mapped(exc) from exc

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Only inside `transaction()` (errors mapped there)."""
        return self._conn.execute(sql, params)

    def cursor(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """A raw read cursor, for streaming exports (see core/exchange.py)."""
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise self._mapped(exc) from exc

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for the `log` command's writes and the exporter. Write only
        inside `transaction()` (which maps SQLite errors to JournalUnavailable/Corrupt)."""
        return self._conn

    def mapped_error(self, exc: sqlite3.Error) -> EbbtideError:
        return self._mapped(exc)

    def _now_utc(self) -> str:
        return utc_text(self._clock())

    def now(self) -> datetime:
        """The journal's wall clock (aware, local)."""
        return self._clock()

    # ------------------------------------------------------------ schema, checks, backup

    @property
    def schema_version(self) -> int:
        return int(self._fetch("PRAGMA user_version")[0][0])

    def _migrate(self, upto: int = SCHEMA_VERSION) -> None:
        with self.transaction():
            version = int(self._exec("PRAGMA user_version").fetchone()[0])
            for step in range(version, upto):
                for statement in MIGRATIONS[step]:
                    self._exec(statement)
                self._exec(f"PRAGMA user_version = {step + 1}")
            if version == 0:
                self._exec("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_utc', ?)",
                           (self._now_utc(),))

    def check(self) -> None:
        """`PRAGMA quick_check`; raises JournalCorrupt unless the file is sound."""
        rows = self._fetch("PRAGMA quick_check")
        result = "; ".join(str(r[0]) for r in rows[:3])
        if result != "ok":
            backup = newest_backup(self.backup_dir) if self.backup_dir else None
            raise JournalCorrupt(self.path, backup, result)
        self._verified = True

    def integrity_check(self) -> str:
        """Full `PRAGMA integrity_check` ("ok" when sound). Slow on big files."""
        return "; ".join(str(r[0]) for r in self._fetch("PRAGMA integrity_check"))

    def backup_path_for(self, day: date) -> Path | None:
        if self.backup_dir is None:
            return None
        return self.backup_dir / f"{BACKUP_PREFIX}{day.isoformat()}{BACKUP_SUFFIX}"

    def _backup_if_due(self) -> None:
        target = self.backup_path_for(self._clock().date())
        if target is None or target.exists():
            return
        if not self._verified:
            self.check()  # never rotate a damaged file into the backups
        self.backup(target)

    def backup(self, target: Path | None = None) -> Path | None:
        """Copy the journal with the SQLite backup API (default: today's backup file) and
        keep the newest 7. A failure is remembered in `backup_error`, never raised."""
        target = target or self.backup_path_for(self._clock().date())
        if target is None:
            return None
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            ensure_private_dir(target.parent)
            if tmp.exists():
                tmp.unlink()
            _private_file(tmp)
            dest = sqlite3.connect(str(tmp))
            try:
                with self._lock:
                    self._conn.backup(dest)
            finally:
                dest.close()
            os.replace(tmp, target)
            for old in list_backups(target.parent)[:-BACKUPS_KEPT]:
                old.unlink()
        except (OSError, sqlite3.Error, EbbtideError) as exc:
            self.backup_error = f"today's backup could not be made: {exc}"
            try:
                if tmp.exists():
                    tmp.unlink()
            except OSError:
                pass
            return None
        self.backup_error = None
        return target

    # ------------------------------------------------------------ meta

    def get_meta(self, key: str) -> str | None:
        rows = self._fetch("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._exec("INSERT INTO meta (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    # ------------------------------------------------------------ medications

    def add_medication(self, name: str, *, strength: str = "", schedule: str = "",
                       times: Sequence[str] = (), dose_mg: float | None = None,
                       active: bool = True) -> Medication:
        name = check_name("name", name)
        strength = check_text("strength", strength, 200)
        schedule = check_text("schedule", schedule, 2000)
        clean_times = [t for t in (check_clock_time(x, "times") for x in times) if t]
        dose = check_amount_mg(dose_mg, field_name="dose_mg")
        now = self._now_utc()
        with self.transaction():
            cur = self._exec(
                "INSERT INTO medications (uid, name, strength, schedule, times, dose_mg, "
                "active, created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (new_uid(), name, strength, schedule, dump_list(clean_times), dose,
                 int(bool(active)), now, now))
            new_id = cur.lastrowid
        return self._get_medication(new_id)

    def update_medication(self, med: Medication) -> Medication:
        """Save the editable fields of `med` (name, strength, schedule, times, dose_mg,
        active), e.g. `j.update_medication(replace(med, active=False))`."""
        name = check_name("name", med.name)
        times = [t for t in (check_clock_time(x, "times") for x in med.times) if t]
        dose = check_amount_mg(med.dose_mg, field_name="dose_mg")
        with self.transaction():
            self._exec(
                "UPDATE medications SET name = ?, strength = ?, schedule = ?, times = ?, "
                "dose_mg = ?, active = ?, updated_utc = ? WHERE id = ?",
                (name, check_text("strength", med.strength, 200),
                 check_text("schedule", med.schedule, 2000), dump_list(times), dose,
                 int(bool(med.active)), self._now_utc(), med.id))
        return self._get_medication(med.id)

    def medications(self, *, include_inactive: bool = True) -> list[Medication]:
        """Medications not in the trash, oldest first."""
        where = "m.deleted_utc IS NULL" + ("" if include_inactive else " AND m.active = 1")
        rows = self._fetch(f"{_SELECT['medication']} WHERE {where} ORDER BY m.id")
        return [_row_medication(r) for r in rows]

    def find_medication(self, name: str) -> Medication | None:
        """By name, ignoring case; active ones first; None when there is none."""
        rows = self._fetch(f"{_SELECT['medication']} WHERE m.deleted_utc IS NULL AND "
                           "m.name = ? COLLATE NOCASE ORDER BY m.active DESC, m.id",
                           (name.strip(),))
        return _row_medication(rows[0]) if rows else None

    def _get_medication(self, med_id: int | None) -> Medication:
        record = self.get("medication", med_id or 0)
        assert isinstance(record, Medication)
        return record

    # ------------------------------------------------------------ check-ins

    def add_checkin(self, *, mood: int, anxiety: int, sleep_hours: float | None = None,
                    sleep_quality: int | None = None, energy: int | None = None,
                    tags: Sequence[str] = (), note: str = "", flagged_for_doctor: bool = False,
                    at: datetime | None = None, doses: Sequence[DoseInput] = (),
                    side_effects: Sequence[SideEffectInput] = ()) -> SavedCheckIn:
        """Save one check-in with its doses and side effects (same time, one transaction).
        Raises InvalidEntry (with `.field`) before writing anything when a value is out of
        range; JournalUnavailable when the disk refuses."""
        values = (check_mood(mood), check_anxiety(anxiety), check_sleep_hours(sleep_hours),
                  check_sleep_quality(sleep_quality), check_energy(energy),
                  dump_list(check_tags(tags)), check_text("note", note),
                  int(bool(flagged_for_doctor)))
        for dose in doses:
            self._check_dose_input(dose)
        for effect in side_effects:
            check_name("side_effect", effect.name)
            check_severity(effect.severity)
            check_text("note", effect.note)
        at_utc, offset, local_day = stamp(at or self._clock())
        now = self._now_utc()
        with self.transaction():
            cur = self._exec(
                "INSERT INTO checkins (uid, at_utc, utc_offset_min, local_date, mood, anxiety, "
                "sleep_hours, sleep_quality, energy, tags, note, flagged_for_doctor, "
                "created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (new_uid(), at_utc, offset, local_day, *values, now, now))
            checkin_id = cur.lastrowid
            assert checkin_id is not None
            dose_ids = [self._insert_dose(d.medication_id, d.status, d.amount_mg,
                                          d.scheduled_time, d.note, checkin_id,
                                          (at_utc, offset, local_day), now)
                        for d in doses]
            effect_ids = [self._insert_side_effect(e.name, e.severity, e.note, checkin_id,
                                                   (at_utc, offset, local_day), now)
                          for e in side_effects]
        checkin = self.get("checkin", checkin_id)
        assert isinstance(checkin, CheckIn)
        return SavedCheckIn(
            checkin=checkin,
            doses=tuple(self._must(Dose, self.get("dose", i)) for i in dose_ids),
            side_effects=tuple(self._must(SideEffect, self.get("side_effect", i))
                               for i in effect_ids))

    @staticmethod
    def _must(cls: type[Any], record: Record | None) -> Any:
        assert isinstance(record, cls)
        return record

    def update_checkin(self, checkin: CheckIn) -> CheckIn:
        """Save the editable fields of `checkin` (everything but id/uid/created), e.g.
        `j.update_checkin(replace(ci, mood=6, note="better"))`. Its linked doses and side
        effects keep their own times."""
        at_utc, offset, local_day = stamp(checkin.at)
        with self.transaction():
            self._exec(
                "UPDATE checkins SET at_utc = ?, utc_offset_min = ?, local_date = ?, mood = ?, "
                "anxiety = ?, sleep_hours = ?, sleep_quality = ?, energy = ?, tags = ?, "
                "note = ?, flagged_for_doctor = ?, updated_utc = ? WHERE id = ?",
                (at_utc, offset, local_day, check_mood(checkin.mood),
                 check_anxiety(checkin.anxiety), check_sleep_hours(checkin.sleep_hours),
                 check_sleep_quality(checkin.sleep_quality), check_energy(checkin.energy),
                 dump_list(check_tags(checkin.tags)), check_text("note", checkin.note),
                 int(bool(checkin.flagged_for_doctor)), self._now_utc(), checkin.id))
        return self._must(CheckIn, self.get("checkin", checkin.id))  # type: ignore[no-any-return]

    # ------------------------------------------------------------ doses

    def _check_dose_input(self, dose: DoseInput) -> None:
        check_status(dose.status)
        check_amount_mg(dose.amount_mg)
        check_clock_time(dose.scheduled_time)
        check_text("note", dose.note)

    def _insert_dose(self, medication_id: int, status: DoseStatus, amount_mg: float | None,
                     scheduled_time: str | None, note: str, checkin_id: int | None,
                     when: tuple[str, int, str], now: str) -> int:
        exists = self._exec("SELECT 1 FROM medications WHERE id = ?", (medication_id,))
        if exists.fetchone() is None:
            raise InvalidEntry("medication", f"there is no medication with id {medication_id}")
        cur = self._exec(
            "INSERT INTO doses (uid, medication_id, checkin_id, at_utc, utc_offset_min, "
            "local_date, status, amount_mg, scheduled_time, note, created_utc, updated_utc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (new_uid(), medication_id, checkin_id, *when, check_status(status),
             check_amount_mg(amount_mg), check_clock_time(scheduled_time),
             check_text("note", note), now, now))
        assert cur.lastrowid is not None
        return cur.lastrowid

    def add_dose(self, medication_id: int, *, amount_mg: float | None = None,
                 status: DoseStatus = "taken", at: datetime | None = None,
                 scheduled_time: str | None = None, note: str = "",
                 checkin_id: int | None = None) -> Dose:
        """Log a dose taken (or skipped) at `at` (default: now). Nothing is suggested."""
        self._check_dose_input(DoseInput(medication_id, amount_mg, status, scheduled_time, note))
        when = stamp(at or self._clock())
        with self.transaction():
            dose_id = self._insert_dose(medication_id, status, amount_mg, scheduled_time, note,
                                        checkin_id, when, self._now_utc())
        return self._must(Dose, self.get("dose", dose_id))  # type: ignore[no-any-return]

    def update_dose(self, dose: Dose) -> Dose:
        """Save medication_id, status, amount_mg, scheduled_time, note and `at`."""
        self._check_dose_input(DoseInput(dose.medication_id, dose.amount_mg, dose.status,
                                         dose.scheduled_time, dose.note))
        at_utc, offset, local_day = stamp(dose.at)
        with self.transaction():
            self._exec(
                "UPDATE doses SET medication_id = ?, status = ?, amount_mg = ?, "
                "scheduled_time = ?, note = ?, at_utc = ?, utc_offset_min = ?, local_date = ?, "
                "updated_utc = ? WHERE id = ?",
                (dose.medication_id, dose.status, dose.amount_mg,
                 check_clock_time(dose.scheduled_time), dose.note, at_utc, offset, local_day,
                 self._now_utc(), dose.id))
        return self._must(Dose, self.get("dose", dose.id))  # type: ignore[no-any-return]

    # ------------------------------------------------------------ side effects

    def _insert_side_effect(self, name: str, severity: str, note: str, checkin_id: int | None,
                            when: tuple[str, int, str], now: str) -> int:
        cur = self._exec(
            "INSERT INTO side_effects (uid, checkin_id, at_utc, utc_offset_min, local_date, "
            "name, severity, note, created_utc, updated_utc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (new_uid(), checkin_id, *when, canonical_name(check_name("side_effect", name)),
             check_severity(severity), check_text("note", note), now, now))
        assert cur.lastrowid is not None
        return cur.lastrowid

    def add_side_effect(self, name: str, severity: SeverityName = "mild", *,
                        at: datetime | None = None, note: str = "",
                        checkin_id: int | None = None) -> SideEffect:
        """`name`: from the standard list (stored in its standard spelling) or typed."""
        check_name("side_effect", name)
        check_severity(severity)
        check_text("note", note)
        when = stamp(at or self._clock())
        with self.transaction():
            effect_id = self._insert_side_effect(name, severity, note, checkin_id, when,
                                                 self._now_utc())
        return self._must(SideEffect, self.get("side_effect", effect_id))  # type: ignore[no-any-return]

    def update_side_effect(self, effect: SideEffect) -> SideEffect:
        """Save name, severity, note and `at`."""
        at_utc, offset, local_day = stamp(effect.at)
        with self.transaction():
            self._exec(
                "UPDATE side_effects SET name = ?, severity = ?, note = ?, at_utc = ?, "
                "utc_offset_min = ?, local_date = ?, updated_utc = ? WHERE id = ?",
                (canonical_name(check_name("side_effect", effect.name)),
                 check_severity(effect.severity), check_text("note", effect.note),
                 at_utc, offset, local_day, self._now_utc(), effect.id))
        return self._must(SideEffect, self.get("side_effect", effect.id))  # type: ignore[no-any-return]

    # ------------------------------------------------------------ practice (PracticeLog)

    def add_practice(self, record: PracticeRecord) -> None:
        """core.practice.PracticeLog: store one breathing/meditation/timer session."""
        self.add_practice_record(record)

    def add_practice_record(self, record: PracticeRecord) -> Practice:
        if record.kind not in ("breathe", "meditate", "timer"):
            raise InvalidEntry("kind", f"unknown practice kind '{record.kind}'")
        for label, value in (("planned", record.planned_seconds),
                             ("actual", record.actual_seconds)):
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise InvalidEntry(label, f"{label} seconds must be a number of 0 or more")
        before = None if record.anxiety_before is None else check_anxiety(record.anxiety_before)
        after = None if record.anxiety_after is None else check_anxiety(record.anxiety_after)
        at_utc, offset, local_day = stamp(record.started_at)
        now = self._now_utc()
        with self.transaction():
            cur = self._exec(
                "INSERT INTO practices (uid, at_utc, utc_offset_min, local_date, kind, "
                "content_id, planned_seconds, actual_seconds, completed, anxiety_before, "
                "anxiety_after, created_utc, updated_utc) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (new_uid(), at_utc, offset, local_day, record.kind,
                 check_text("content_id", record.content_id, 500),
                 float(record.planned_seconds), float(record.actual_seconds),
                 int(bool(record.completed)), before, after, now, now))
            practice_id = cur.lastrowid
        return self._must(Practice, self.get("practice", practice_id or 0))  # type: ignore[no-any-return]

    def practices_between(self, start: datetime, end: datetime) -> list[PracticeRecord]:
        """core.practice.PracticeLog: sessions started in [start, end) (instants)."""
        rows = self._fetch(f"{_SELECT['practice']} WHERE p.deleted_utc IS NULL AND "
                           "p.at_utc >= ? AND p.at_utc < ? ORDER BY p.at_utc, p.id",
                           (utc_text(start), utc_text(end)))
        return [_row_practice(r).record for r in rows]

    # ------------------------------------------------------------ self-checks (PHQ-9, GAD-7)

    def add_selfcheck(self, kind: CheckKind | str, answers: Sequence[int], *,
                      at: datetime | None = None) -> SelfCheck:
        """Store a completed PHQ-9 or GAD-7 (every item answered 0–3); the score is
        computed here. Raises InvalidEntry before writing when an answer is missing or
        out of range."""
        clean_kind = parse_kind(kind)
        clean = check_answers(clean_kind, answers)
        at_utc, offset, local_day = stamp(at or self._clock())
        now = self._now_utc()
        with self.transaction():
            cur = self._exec(
                "INSERT INTO selfchecks (uid, at_utc, utc_offset_min, local_date, kind, "
                "answers, score, created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (new_uid(), at_utc, offset, local_day, clean_kind,
                 json.dumps(list(clean), separators=(",", ":")), sum(clean), now, now))
            new_id = cur.lastrowid
        found = self.get_selfcheck(new_id or 0)
        assert found is not None
        return found

    def get_selfcheck(self, check_id: int) -> SelfCheck | None:
        rows = self._fetch(f"SELECT {_SELFCHECK_COLS} FROM selfchecks WHERE id = ?",
                           (check_id,))
        return _row_selfcheck(rows[0]) if rows else None

    def selfchecks_between(self, start: date | datetime | None = None,
                           end: date | datetime | None = None, *,
                           kind: CheckKind | None = None) -> list[SelfCheck]:
        """Self-checks not in the trash, oldest first. Dates: local days, inclusive;
        datetimes: instants in [start, end); None: open."""
        where, params = self._range("selfchecks", start, end)
        where.insert(0, "selfchecks.deleted_utc IS NULL")
        if kind is not None:
            where.append("selfchecks.kind = ?")
            params.append(kind)
        rows = self._fetch(f"SELECT {_SELFCHECK_COLS} FROM selfchecks WHERE "
                           f"{' AND '.join(where)} ORDER BY at_utc, id", params)
        return [_row_selfcheck(r) for r in rows]

    def latest_selfcheck(self, kind: CheckKind) -> SelfCheck | None:
        rows = self._fetch(f"SELECT {_SELFCHECK_COLS} FROM selfchecks WHERE "
                           "deleted_utc IS NULL AND kind = ? ORDER BY at_utc DESC, id DESC "
                           "LIMIT 1", (kind,))
        return _row_selfcheck(rows[0]) if rows else None

    def delete_selfcheck(self, check_id: int) -> int:
        """Move a self-check to the trash (`empty_trash` removes it for good)."""
        with self.transaction():
            return self._exec("UPDATE selfchecks SET deleted_utc = ? WHERE id = ? AND "
                              "deleted_utc IS NULL", (self._now_utc(), check_id)).rowcount

    def undo_delete_selfcheck(self, check_id: int) -> int:
        with self.transaction():
            return self._exec("UPDATE selfchecks SET deleted_utc = NULL WHERE id = ? AND "
                              "deleted_utc IS NOT NULL", (check_id,)).rowcount

    # ------------------------------------------------------------ safety notes (shown/dismissed)

    def note_states(self) -> dict[str, NoteState]:
        """Every safety note that was shown or dismissed, by note id (core.safety)."""
        rows = self._fetch("SELECT note_id, rule, shown_utc, dismissed_utc FROM safety_notes")
        return {r[0]: NoteState(r[0], r[1], from_utc(r[2]), from_utc(r[3])) for r in rows}

    def mark_notes_shown(self, note_ids: Sequence[str]) -> None:
        """Remember that these notes were shown (the first time only)."""
        now = self._now_utc()
        with self.transaction():
            for note_id in note_ids:
                self._exec("INSERT INTO safety_notes (note_id, rule, shown_utc) "
                           "VALUES (?, ?, ?) ON CONFLICT (note_id) DO UPDATE SET "
                           "shown_utc = coalesce(shown_utc, excluded.shown_utc)",
                           (note_id, note_id.split(":", 1)[0], now))

    def dismiss_note(self, note_id: str) -> None:
        """The person dismissed this note: it is not shown again (the report still lists
        it among the notes raised in the period)."""
        now = self._now_utc()
        with self.transaction():
            self._exec("INSERT INTO safety_notes (note_id, rule, shown_utc, dismissed_utc) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (note_id) DO UPDATE SET "
                       "shown_utc = coalesce(shown_utc, excluded.shown_utc), "
                       "dismissed_utc = coalesce(dismissed_utc, excluded.dismissed_utc)",
                       (note_id, note_id.split(":", 1)[0], now, now))

    # ------------------------------------------------------------ get / delete / trash

    def get(self, kind: RecordKind, record_id: int) -> Record | None:
        """Any record by id, including ones in the trash (see `deleted_at`)."""
        alias = _ALIAS[kind]
        rows = self._fetch(f"{_SELECT[kind]} WHERE {alias}.id = ?", (record_id,))
        return _CONVERT[kind](rows[0]) if rows else None

    def delete(self, kind: RecordKind, record_id: int) -> int:
        """Move a record to the trash (a check-in takes its linked doses and side effects
        with it). Returns how many records moved; 0 if it was gone already."""
        now = self._now_utc()
        table = _TABLES[kind]
        with self.transaction():
            moved = self._exec(f"UPDATE {table} SET deleted_utc = ? WHERE id = ? AND "
                               "deleted_utc IS NULL", (now, record_id)).rowcount
            if moved and kind == "checkin":
                for child in ("doses", "side_effects"):
                    moved += self._exec(f"UPDATE {child} SET deleted_utc = ? WHERE "
                                        "checkin_id = ? AND deleted_utc IS NULL",
                                        (now, record_id)).rowcount
        return moved

    def undo_delete(self, kind: RecordKind, record_id: int) -> int:
        """Bring a record back from the trash (with the linked records that went with it)."""
        table = _TABLES[kind]
        with self.transaction():
            row = self._exec(f"SELECT deleted_utc FROM {table} WHERE id = ?",
                             (record_id,)).fetchone()
            if row is None or row[0] is None:
                return 0
            restored = self._exec(f"UPDATE {table} SET deleted_utc = NULL WHERE id = ?",
                                  (record_id,)).rowcount
            if kind == "checkin":
                for child in ("doses", "side_effects"):
                    restored += self._exec(f"UPDATE {child} SET deleted_utc = NULL WHERE "
                                           "checkin_id = ? AND deleted_utc = ?",
                                           (record_id, row[0])).rowcount
        return restored

    def list_trash(self) -> list[Record]:
        """Everything in the trash, most recently deleted first."""
        found: list[Record] = []
        for kind in _TABLES:
            alias = _ALIAS[kind]
            rows = self._fetch(f"{_SELECT[kind]} WHERE {alias}.deleted_utc IS NOT NULL")
            found.extend(_CONVERT[kind](r) for r in rows)
        found.sort(key=lambda r: (r.deleted_at, -_KIND_ORDER[r.kind], r.id), reverse=True)
        return found

    def empty_trash(self) -> int:
        """Delete everything in the trash for good. A medication still used by a dose that
        is not in the trash stays in the trash. Returns how many records were removed."""
        removed = 0
        with self.transaction():
            for table in ("doses", "side_effects", "practices", "selfchecks"):
                removed += self._exec(f"DELETE FROM {table} WHERE deleted_utc IS NOT NULL"
                                      ).rowcount
            removed += self._exec("DELETE FROM checkins WHERE deleted_utc IS NOT NULL"
                                  ).rowcount
            removed += self._exec(
                "DELETE FROM medications WHERE deleted_utc IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM doses d WHERE d.medication_id = medications.id)").rowcount
        return removed

    def count(self, kind: RecordKind, *, include_deleted: bool = False) -> int:
        where = "" if include_deleted else " WHERE deleted_utc IS NULL"
        return int(self._fetch(f"SELECT count(*) FROM {_TABLES[kind]}{where}")[0][0])

    # ------------------------------------------------------------ queries

    @staticmethod
    def _range(alias: str, start: date | datetime | None,
               end: date | datetime | None) -> tuple[list[str], list[Any]]:
        """Dates: local days, inclusive both ends. Datetimes: instants, [start, end)."""
        where: list[str] = []
        params: list[Any] = []
        for value, op_date, op_time in ((start, ">=", ">="), (end, "<=", "<")):
            if value is None:
                continue
            if isinstance(value, datetime):
                where.append(f"{alias}.at_utc {op_time} ?")
                params.append(utc_text(value))
            else:
                where.append(f"{alias}.local_date {op_date} ?")
                params.append(value.isoformat())
        return where, params

    def entries_between(self, start: date | datetime | None = None,
                        end: date | datetime | None = None, *,
                        kinds: Sequence[RecordKind] | None = None, tag: str | None = None,
                        side_effect: str | None = None,
                        medication: int | str | None = None) -> list[Entry]:
        """Check-ins, doses, side effects and practices, oldest first (by instant).

        `start`/`end` as dates select local days, both inclusive; as datetimes, instants in
        [start, end); None leaves that end open. With no filter every kind in `kinds` is
        listed. With filters, a record is listed when it matches any one of them: `tag`
        -> check-ins carrying that tag; `side_effect` -> side effects with that name (case
        ignored); `medication` (id or name) -> doses of it."""
        wanted: set[RecordKind] = set(kinds) if kinds is not None else {
            "checkin", "dose", "side_effect", "practice"}
        wanted.discard("medication")
        filtered = tag is not None or side_effect is not None or medication is not None
        if filtered:
            chosen: set[RecordKind] = set()
            if tag is not None:
                chosen.add("checkin")
            if side_effect is not None:
                chosen.add("side_effect")
            if medication is not None:
                chosen.add("dose")
            wanted &= chosen
        found: list[Entry] = []
        entry_kinds: tuple[RecordKind, ...] = ("checkin", "dose", "side_effect", "practice")
        for kind in entry_kinds:
            if kind not in wanted:
                continue
            alias = _ALIAS[kind]
            where, params = self._range(alias, start, end)
            where.insert(0, f"{alias}.deleted_utc IS NULL")
            if kind == "checkin" and tag is not None:
                where.append("EXISTS (SELECT 1 FROM json_each(c.tags) j WHERE j.value = ?)")
                params.append(tag)
            if kind == "side_effect" and side_effect is not None:
                where.append("s.name = ? COLLATE NOCASE")
                params.append(canonical_name(side_effect))
            if kind == "dose" and medication is not None:
                if isinstance(medication, int):
                    where.append("d.medication_id = ?")
                else:
                    where.append("m.name = ? COLLATE NOCASE")
                params.append(medication)
            rows = self._fetch(f"{_SELECT[kind]} WHERE {' AND '.join(where)}", params)
            found.extend(cast(Entry, _CONVERT[kind](r)) for r in rows)
        found.sort(key=lambda r: (r.at, _KIND_ORDER[r.kind], r.id))
        return found

    def _filter_days(self, start: date | None, end: date | None, tag: str | None,
                     side_effect: str | None, medication: int | str | None) -> set[str] | None:
        """Local days matching every given filter (None: no filter given)."""
        days: set[str] | None = None
        queries: list[tuple[str, list[Any]]] = []
        if tag is not None:
            queries.append(("SELECT DISTINCT c.local_date FROM checkins c, json_each(c.tags) j "
                            "WHERE c.deleted_utc IS NULL AND j.value = ?", [tag]))
        if side_effect is not None:
            queries.append(("SELECT DISTINCT s.local_date FROM side_effects s WHERE "
                            "s.deleted_utc IS NULL AND s.name = ? COLLATE NOCASE",
                            [canonical_name(side_effect)]))
        if medication is not None:
            column = "d.medication_id = ?" if isinstance(medication, int) else \
                "m.name = ? COLLATE NOCASE"
            queries.append(("SELECT DISTINCT d.local_date FROM doses d JOIN medications m ON "
                            f"m.id = d.medication_id WHERE d.deleted_utc IS NULL AND {column}",
                            [medication]))
        for sql, params in queries:
            alias = sql.split("FROM ")[1].split()[1].rstrip(",")
            where, extra = self._range(alias, start, end)
            if where:
                sql += " AND " + " AND ".join(where)
            got = {r[0] for r in self._fetch(sql, [*params, *extra])}
            days = got if days is None else days & got
        return days

    def day_summaries(self, start: date | None = None, end: date | None = None, *,
                      tag: str | None = None, side_effect: str | None = None,
                      medication: int | str | None = None, limit: int | None = None,
                      newest_first: bool = True) -> list[DaySummary]:
        """One summary per local day that has anything logged, in [start, end] (inclusive,
        open when None). Filters are per day and all must hold: a day is listed when it
        has a check-in with `tag`, a side effect named `side_effect`, a dose of
        `medication`. `limit`: only the newest N matching days."""
        matching = self._filter_days(start, end, tag, side_effect, medication)
        if limit is not None and matching is None:
            newest: set[str] = set()
            for table in ("checkins", "doses", "side_effects", "practices"):
                where, params = self._range(table, start, end)
                where.insert(0, f"{table}.deleted_utc IS NULL")
                rows = self._fetch(f"SELECT DISTINCT local_date FROM {table} WHERE "
                                   f"{' AND '.join(where)} ORDER BY local_date DESC LIMIT ?",
                                   [*params, max(limit, 0)])
                newest.update(r[0] for r in rows)
            if not newest:
                return []
            start = _day(sorted(newest, reverse=True)[:max(limit, 1)][-1])
        elif limit is not None and matching is not None:
            matching = set(sorted(matching, reverse=True)[:max(limit, 0)])
        if matching is not None:
            if not matching:
                return []
            start, end = _day(min(matching)), _day(max(matching))

        acc: dict[str, dict[str, Any]] = {}

        def slot(day: str) -> dict[str, Any]:
            if day not in acc:
                acc[day] = {"mg": {}, "effects": {}, "tags": []}
            return acc[day]

        def ranged(alias: str, table: str, cols: str, extra: str = "",
                   group: str = "") -> list[Any]:
            where, params = self._range(alias, start, end)
            where.insert(0, f"{alias}.deleted_utc IS NULL")
            sql = f"SELECT {cols} FROM {table} WHERE {' AND '.join(where)}{extra}{group}"
            return self._fetch(sql, params)

        for r in ranged("c", "checkins c",
                        "c.local_date, count(*), avg(c.mood), min(c.mood), max(c.mood), "
                        "avg(c.anxiety), min(c.anxiety), max(c.anxiety), avg(c.sleep_hours), "
                        "avg(c.energy), max(c.flagged_for_doctor)",
                        group=" GROUP BY c.local_date"):
            slot(r[0]).update(checkins=r[1], mood_mean=r[2], mood_min=r[3], mood_max=r[4],
                              anxiety_mean=r[5], anxiety_min=r[6], anxiety_max=r[7],
                              sleep_hours=r[8], energy_mean=r[9], flagged=bool(r[10]))
        for r in ranged("c", "checkins c, json_each(c.tags) j", "c.local_date, j.value",
                        group=" GROUP BY c.local_date, j.value"):
            slot(r[0])["tags"].append(r[1])
        for r in ranged("d", "doses d JOIN medications m ON m.id = d.medication_id",
                        "d.local_date, m.name, sum(d.status = 'taken'), "
                        "sum(d.status = 'skipped'), "
                        "sum(CASE WHEN d.status = 'taken' THEN d.amount_mg END)",
                        group=" GROUP BY d.local_date, d.medication_id"):
            s = slot(r[0])
            s["taken"] = s.get("taken", 0) + r[2]
            s["skipped"] = s.get("skipped", 0) + r[3]
            if r[4] is not None:
                s["mg"][r[1]] = s["mg"].get(r[1], 0.0) + r[4]
        for r in ranged("s", "side_effects s",
                        "s.local_date, s.name, max(CASE s.severity WHEN 'mild' THEN 1 "
                        "WHEN 'moderate' THEN 2 ELSE 3 END)",
                        group=" GROUP BY s.local_date, s.name"):
            slot(r[0])["effects"][r[1]] = ("mild", "moderate", "severe")[r[2] - 1]
        for r in ranged("p", "practices p", "p.local_date, count(*), sum(p.actual_seconds)",
                        group=" GROUP BY p.local_date"):
            slot(r[0]).update(practices=r[1], practice_minutes=r[2] / 60.0)

        summaries = [
            DaySummary(local_date=_day(day), checkins=s.get("checkins", 0),
                       mood_mean=s.get("mood_mean"), mood_min=s.get("mood_min"),
                       mood_max=s.get("mood_max"), anxiety_mean=s.get("anxiety_mean"),
                       anxiety_min=s.get("anxiety_min"), anxiety_max=s.get("anxiety_max"),
                       sleep_hours=s.get("sleep_hours"), energy_mean=s.get("energy_mean"),
                       flagged_for_doctor=s.get("flagged", False),
                       doses_taken=s.get("taken", 0), doses_skipped=s.get("skipped", 0),
                       mg_by_medication=s["mg"], side_effects=s["effects"],
                       tags=tuple(s["tags"]), practices=s.get("practices", 0),
                       practice_minutes=s.get("practice_minutes", 0.0))
            for day, s in acc.items() if matching is None or day in matching
        ]
        summaries.sort(key=lambda d: d.local_date, reverse=newest_first)
        return summaries

    def daily_series(self, days: int = 30, *, today: date | None = None) -> DailySeries:
        """Mean mood, mean anxiety, mean sleep and total mg taken per medication for each
        of the last `days` local days (7, 30, 90, ...), oldest first, empty days included."""
        if days < 1:
            raise ValueError("days must be 1 or more")
        end = today or self._clock().date()
        start = end - timedelta(days=days - 1)
        span = (start.isoformat(), end.isoformat())
        mood: dict[str, tuple[int, float, float, float | None]] = {}
        for r in self._fetch("SELECT local_date, count(*), avg(mood), avg(anxiety), "
                             "avg(sleep_hours) FROM checkins WHERE deleted_utc IS NULL AND "
                             "local_date BETWEEN ? AND ? GROUP BY local_date", span):
            mood[r[0]] = (r[1], r[2], r[3], r[4])
        mg: dict[str, dict[str, float]] = {}
        names: dict[str, None] = {}
        for r in self._fetch("SELECT d.local_date, m.name, sum(d.amount_mg) FROM doses d "
                             "JOIN medications m ON m.id = d.medication_id WHERE "
                             "d.deleted_utc IS NULL AND d.status = 'taken' AND "
                             "d.amount_mg IS NOT NULL AND d.local_date BETWEEN ? AND ? "
                             "GROUP BY d.local_date, d.medication_id ORDER BY m.id", span):
            per_day = mg.setdefault(r[0], {})
            per_day[r[1]] = per_day.get(r[1], 0.0) + r[2]
            names.setdefault(r[1], None)
        points = []
        for offset in range(days):
            day = start + timedelta(days=offset)
            key = day.isoformat()
            m = mood.get(key)
            points.append(DayPoint(local_date=day, checkins=m[0] if m else 0,
                                   mood=m[1] if m else None, anxiety=m[2] if m else None,
                                   sleep_hours=m[3] if m else None, mg=mg.get(key, {})))
        return DailySeries(start=start, end=end, points=tuple(points),
                           medications=tuple(names))

    def side_effect_counts(self, start: date | None = None,
                           end: date | None = None) -> list[SideEffectCount]:
        """How often each side effect was logged in [start, end] (local days, inclusive),
        most frequent first."""
        where, params = self._range("s", start, end)
        where.insert(0, "s.deleted_utc IS NULL")
        rows = self._fetch(
            "SELECT s.name, count(*), sum(s.severity = 'mild'), sum(s.severity = 'moderate'), "
            f"sum(s.severity = 'severe'), max(s.local_date) FROM side_effects s WHERE "
            f"{' AND '.join(where)} GROUP BY s.name ORDER BY count(*) DESC, s.name", params)
        return [SideEffectCount(name=r[0], total=r[1], mild=r[2], moderate=r[3], severe=r[4],
                                urgent=is_urgent(r[0]), last_date=_day(r[5])) for r in rows]

    def tags_in_use(self) -> list[tuple[str, int]]:
        """(tag, number of check-ins) for the filter list, most used first."""
        rows = self._fetch("SELECT j.value, count(*) FROM checkins c, json_each(c.tags) j "
                           "WHERE c.deleted_utc IS NULL GROUP BY j.value "
                           "ORDER BY count(*) DESC, j.value")
        return [(r[0], r[1]) for r in rows]
