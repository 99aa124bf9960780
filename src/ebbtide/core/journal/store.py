"""The journal: a durable local SQLite store for check-ins, medications, doses, side effects
and practice sessions.

Durability: WAL, `synchronous=FULL`, every write in one `BEGIN IMMEDIATE` transaction, a
busy timeout so two processes wait for each other instead of failing, forward-only schema
migrations tracked in `PRAGMA user_version`, private files (0600) in a private folder (0700),
and a daily rolling backup (SQLite backup API, newest 7 kept).

Failure: a damaged file raises `JournalCorrupt` (with the newest good backup, if any); a
missing or empty file where entries were kept before raises `JournalMissing` (a
`JournalCorrupt`) instead of silently starting a new journal; `backup.restore_newest_backup`
moves the damaged file aside (never overwriting or deleting it) and copies in the newest
backup that passes a check and holds entries. Every check's verdict, and the file as
Ebbtide last left it, is noted in `health` (the cheap signal `ebbtide log` reads). A
read-only folder, read-only file or full disk raises `JournalUnavailable` with one clear
sentence; callers keep what the person typed.

Deletes are soft (`deleted_utc`), can be undone, and are removed for good by `empty_trash`.
Text is stored verbatim (always bound as parameters).

The schema lives in `schema`, inserts of check-ins, doses, side effects and medications in
`writer` (shared with `ebbtide log`), reads in `queries`, practice sessions, self-checks and
safety notes in `activity`, taper plans in `plans`, the trash in `trash`, backups in
`backup`, the connection (transactions, error mapping) in `base`; files are opened (and
decrypted, for an encrypted journal) by `cipher`."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from ebbtide.core.content.side_effects import canonical_name
from ebbtide.core.errors import DataDirError, EbbtideError
from ebbtide.core.journal import backup as backups
from ebbtide.core.journal import backup_files, cipher, health, schema, writer
from ebbtide.core.journal.activity import JournalActivity
from ebbtide.core.journal.errors import JournalCorrupt, JournalUnavailable
from ebbtide.core.journal.models import (
    CheckIn,
    Dose,
    DoseInput,
    DoseStatus,
    Medication,
    Record,
    SavedCheckIn,
    SeverityName,
    SideEffect,
    SideEffectInput,
    WallClock,
    check_clock_time,
    check_name,
    check_severity,
    check_text,
    local_now,
    stamp,
)
from ebbtide.core.journal.plans import JournalPlans
from ebbtide.core.journal.trash import JournalTrash
from ebbtide.core.paths import Paths, ensure_private_dir

__all__ = ["Journal", "JournalCorrupt", "JournalMissing", "JournalUnavailable"]

JournalMissing = backups.JournalMissing
Verify = bool | Literal["if changed"]


class Journal(JournalActivity, JournalPlans, JournalTrash):
    """One open journal. Not for sharing across processes (each opens its own), but safe to
    call from several threads (calls are serialised). Reads: see `JournalQueries`; practice
    sessions, self-checks and safety notes: `JournalActivity`; taper and titration plans:
    `JournalPlans`; the trash: `JournalTrash`."""

    def __init__(self, path: Path | str, *, clock: WallClock = local_now,
                 backup_dir: Path | None = None, verify: Verify = True,
                 start_new: bool = False) -> None:
        """Open (creating if needed) the journal at `path`. `backup_dir`: where the daily
        backup and the health marker go (None: neither). `verify`: run `PRAGMA quick_check`
        on open (the app does; the one-shot CLI commands skip it for speed — a damaged page
        still raises JournalCorrupt when touched, and the daily backup always checks first);
        "if changed": only when the file is not as Ebbtide last checked or left it, or the
        last check failed (what writers use). A missing or empty file where entries were
        kept before raises JournalMissing unless `start_new` (the person chose a new one)."""
        self.path = Path(path)
        self.backup_dir = backup_dir
        self._clock = clock
        self._lock = threading.RLock()
        self._depth = 0
        self.backup_error: str | None = None  # set when today's backup could not be made
        self.created = False  # True when this open created a new, empty journal
        self._verified = False
        self._trusted = False
        try:
            ensure_private_dir(self.path.parent)
        except DataDirError as exc:
            raise JournalUnavailable(str(exc)) from exc
        existed = self.path.exists() and self.path.stat().st_size > 0
        if backup_dir is not None:
            known = health.read_health(backup_dir)
            if not existed and not start_new:
                _refuse_if_lost(self.path, backup_dir, known)
            self._trusted = not existed or known.trusts(self.path)
            if verify is True and existed and cipher.is_encrypted(self.path):
                # SQLCipher authenticates every page as it is read (HMAC), so damage shows
                # when touched; the full check (3-4x slower decrypting every page) runs
                # when the file is not as Ebbtide left it, and before the daily backup.
                verify = "if changed"
            if verify == "if changed":
                verify = not self._trusted
        backups.private_file(self.path)
        try:
            self._conn = schema.connect(self.path)
        except sqlite3.Error as exc:
            raise self._mapped(exc) from exc
        try:
            self._setup(existed, verify)
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def open(cls, paths: Paths, *, clock: WallClock = local_now, verify: Verify = True,
             start_new: bool = False) -> Journal:
        """The user's journal, with daily backups into `paths.backup_dir`."""
        return cls(paths.journal_file, clock=clock, backup_dir=paths.backup_dir,
                   verify=verify, start_new=start_new)

    read_only_reason: str | None = None  # why `open_for_reading` fell back to read-only

    @classmethod
    def open_for_reading(cls, paths: Paths, *, clock: WallClock = local_now) -> Journal:
        """The journal for commands that only read (export, report, history): opened as
        usual, or, when the folder or disk refuses writes, read-only with no backup and
        `read_only_reason` set. Raises the refusal when even that fails (no journal yet, a
        newer or older schema)."""
        try:
            return cls.open(paths, clock=clock, verify=False)
        except JournalUnavailable as refused:
            try:
                conn = _connect_read_only(paths.journal_file)
            except sqlite3.Error:
                raise refused from None
            journal = cls.__new__(cls)
            journal.path, journal.backup_dir, journal._clock = paths.journal_file, None, clock
            journal._lock, journal._depth, journal._conn = threading.RLock(), 0, conn
            journal.backup_error, journal.created, journal._verified = None, False, False
            journal._trusted = False
            journal.read_only_reason = str(refused)
            return journal

    def _setup(self, existed: bool, verify: Verify) -> None:
        try:
            conn = self._conn
            schema.make_durable(conn)
            version = schema.file_version(conn)
            schema.use_wal(conn)
            if version > schema.SCHEMA_VERSION:
                raise JournalUnavailable(
                    f"the journal at {self.path} was made by a newer version of Ebbtide "
                    f"(schema {version}; this version knows {schema.SCHEMA_VERSION}). "
                    "Update Ebbtide to open it.")
            if verify and existed:
                self.check()
            if existed and version > 0:
                self._backup_if_due()
            self.created = version == 0 and not existed
            if version < schema.SCHEMA_VERSION:
                self._migrate()
        except sqlite3.Error as exc:
            raise self._mapped(exc) from exc
        for suffix in ("-wal", "-shm"):
            backups.tighten(self.path.with_name(self.path.name + suffix))

    def close(self) -> None:
        """Close the file; a file Ebbtide trusted when it opened it (and that showed no
        damage since) is noted as Ebbtide left it, for `ebbtide log`'s fast path."""
        with self._lock:
            has_rows = False
            if self._trusted and self.backup_dir is not None:
                try:
                    has_rows = (health.read_health(self.backup_dir).had_rows
                                or backups.count_rows(self._conn, at_most=1) > 0)
                except sqlite3.Error:
                    self._trusted = False
            self._conn.close()
            if self._trusted and self.backup_dir is not None:
                health.remember_left(self.backup_dir, self.path, has_rows=has_rows)

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ import (core.journal.exchange)

    def id_for_uid(self, table: str, uid: str) -> int | None:
        """The row id of the record with `uid` in `table` (trash included), or None."""
        rows = self._fetch(f"SELECT id FROM {_known(table)} WHERE uid = ?", (uid,))
        return None if not rows else int(rows[0][0])

    def insert_row(self, table: str, values: Mapping[str, object]) -> int:
        """Insert one already-checked row as given (its uid and times kept), inside
        `transaction()`. For the importer, which restores records exactly."""
        columns = list(values)
        cur = self._exec(_insert_sql(table, columns), [values[c] for c in columns])
        assert cur.lastrowid is not None
        return cur.lastrowid

    def insert_rows(self, table: str, columns: Sequence[str],
                    rows: Iterable[Sequence[object]]) -> None:
        """Insert already-checked rows of `columns` as given, like `insert_row`, through one
        prepared statement (a foreign import of many rows), inside `transaction()`;
        check-ins are added to the search index together."""
        sql = _insert_sql(table, columns)
        if table != "checkins":
            self._conn.executemany(sql, rows)
            return
        with schema.checkins_indexed_together(self._conn):
            self._conn.executemany(sql, rows)

    # ------------------------------------------------------------ checks, backup

    def _migrate(self, upto: int = schema.SCHEMA_VERSION) -> None:
        with self.transaction():
            schema.migrate(self._conn, self._now_utc(), upto)

    def check(self) -> None:
        """`PRAGMA quick_check`; raises JournalCorrupt (naming the newest good backup)
        unless the file is sound. The verdict is noted in the health marker."""
        rows = self._fetch("PRAGMA quick_check")
        result = "; ".join(str(r[0]) for r in rows[:3])
        if result != "ok":
            self._damage_found(result)
            raise self._corrupt(result)
        self._verified = True
        self._trusted = True
        if self.backup_dir is not None:
            health.remember_sound(self.backup_dir, self.path,
                                  has_rows=backups.count_rows(self._conn, at_most=1) > 0)

    def integrity_check(self) -> str:
        """Full `PRAGMA integrity_check` ("ok" when sound). Slow on big files."""
        return "; ".join(str(r[0]) for r in self._fetch("PRAGMA integrity_check"))

    def backup_path_for(self, day: date) -> Path | None:
        if self.backup_dir is None:
            return None
        return backup_files.backup_path(self.backup_dir, day)

    def _backup_if_due(self) -> None:
        target = self.backup_path_for(self._clock().date())
        if target is None or target.exists():
            return
        if not self._verified:
            self.check()  # never rotate a damaged file into the backups
        self.backup(target)

    def backup(self, target: Path | None = None) -> Path | None:
        """Copy the journal with the SQLite backup API (default: today's backup file) and
        prune (newest 7 kept, never the last good ones for empty or damaged ones). A journal
        with no entries is not backed up while a good backup exists (None). A failure is
        remembered in `backup_error`, never raised."""
        target = target or self.backup_path_for(self._clock().date())
        if target is None:
            return None
        try:
            with self._lock:
                if (backups.count_rows(self._conn, at_most=1) == 0
                        and backups.best_backup(target.parent) is not None):
                    return None
                backups.write_backup(self._conn, target)
        except (OSError, sqlite3.Error, EbbtideError) as exc:
            self.backup_error = f"today's backup could not be made: {exc}"
            return None
        self.backup_error = None
        return target

    # ------------------------------------------------------------ meta

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._exec("INSERT INTO meta (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    # ------------------------------------------------------------ medications

    def add_medication(self, name: str, *, strength: str = "", schedule: str = "",
                       times: Sequence[str] = (), dose_mg: float | None = None,
                       active: bool = True) -> Medication:
        row = writer.medication_row(name, strength=strength, schedule=schedule, times=times,
                                    dose_mg=dose_mg, active=active)
        now = self._now_utc()
        with self.transaction():
            new_id = writer.insert_medication(self._conn, row, now)
        return self._get_medication(new_id)

    def update_medication(self, med: Medication) -> Medication:
        """Save the editable fields of `med` (name, strength, schedule, times, dose_mg,
        active), e.g. `j.update_medication(replace(med, active=False))`."""
        row = writer.medication_row(med.name, strength=med.strength, schedule=med.schedule,
                                    times=med.times, dose_mg=med.dose_mg, active=med.active)
        with self.transaction():
            self._exec(
                "UPDATE medications SET name = ?, strength = ?, schedule = ?, times = ?, "
                "dose_mg = ?, active = ?, updated_utc = ? WHERE id = ?",
                (*row, self._now_utc(), med.id))
        return self._get_medication(med.id)

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
        row = writer.checkin_row(mood=mood, anxiety=anxiety, sleep_hours=sleep_hours,
                                 sleep_quality=sleep_quality, energy=energy, tags=tags,
                                 note=note, flagged_for_doctor=flagged_for_doctor)
        for dose in doses:
            writer.check_dose(dose)
        for effect in side_effects:
            writer.check_side_effect(effect)
        when = stamp(at or self._clock())
        now = self._now_utc()
        with self.transaction():
            checkin_id, dose_ids, effect_ids = writer.insert_checkin(
                self._conn, row, when, now, doses, side_effects)
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
        row = writer.checkin_row(
            mood=checkin.mood, anxiety=checkin.anxiety, sleep_hours=checkin.sleep_hours,
            sleep_quality=checkin.sleep_quality, energy=checkin.energy, tags=checkin.tags,
            note=checkin.note, flagged_for_doctor=checkin.flagged_for_doctor)
        at_utc, offset, local_day = stamp(checkin.at)
        with self.transaction():
            self._exec(
                "UPDATE checkins SET at_utc = ?, utc_offset_min = ?, local_date = ?, mood = ?, "
                "anxiety = ?, sleep_hours = ?, sleep_quality = ?, energy = ?, tags = ?, "
                "note = ?, flagged_for_doctor = ?, updated_utc = ? WHERE id = ?",
                (at_utc, offset, local_day, *row, self._now_utc(), checkin.id))
        return self._must(CheckIn, self.get("checkin", checkin.id))  # type: ignore[no-any-return]

    # ------------------------------------------------------------ doses

    def add_dose(self, medication_id: int, *, amount_mg: float | None = None,
                 status: DoseStatus = "taken", at: datetime | None = None,
                 scheduled_time: str | None = None, note: str = "",
                 checkin_id: int | None = None) -> Dose:
        """Log a dose taken (or skipped) at `at` (default: now). Nothing is suggested."""
        dose = DoseInput(medication_id, amount_mg, status, scheduled_time, note)
        writer.check_dose(dose)
        when = stamp(at or self._clock())
        with self.transaction():
            dose_id = writer.insert_dose(self._conn, dose, checkin_id, when, self._now_utc())
        return self._must(Dose, self.get("dose", dose_id))  # type: ignore[no-any-return]

    def update_dose(self, dose: Dose) -> Dose:
        """Save medication_id, status, amount_mg, scheduled_time, note and `at`."""
        writer.check_dose(DoseInput(dose.medication_id, dose.amount_mg, dose.status,
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

    def add_side_effect(self, name: str, severity: SeverityName = "mild", *,
                        at: datetime | None = None, note: str = "",
                        checkin_id: int | None = None) -> SideEffect:
        """`name`: from the standard list (stored in its standard spelling) or typed."""
        effect = SideEffectInput(name, severity, note)
        writer.check_side_effect(effect)
        when = stamp(at or self._clock())
        with self.transaction():
            effect_id = writer.insert_side_effect(self._conn, effect, checkin_id, when,
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


def _refuse_if_lost(path: Path, backup_dir: Path, known: health.JournalHealth) -> None:
    """A missing or empty journal file is damage when entries were kept before: raise
    JournalMissing (naming the newest good backup) instead of starting a new journal."""
    best = backups.best_backup(backup_dir)
    if best is not None or known.had_rows:
        raise JournalMissing(path, best, empty=path.exists())


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection at the current schema. A WAL journal in a folder that cannot
    be written opens only if its -wal/-shm files exist; with no -wal file, or an empty one
    (its -shm cannot be made on a full disk), everything is in the main file, so it is
    opened as immutable."""
    modes = ["mode=ro"]
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        modes.append("mode=ro&immutable=1")
    if not path.is_file() or path.stat().st_size == 0:
        raise sqlite3.OperationalError(f"no journal at {path}")
    for mode in modes:
        conn = cipher.connect(path, mode, timeout=schema.BUSY_TIMEOUT_SECONDS,
                              isolation_level=None, check_same_thread=False)
        try:
            if schema.file_version(conn) == schema.SCHEMA_VERSION:
                return conn
        except sqlite3.Error:
            pass
        conn.close()
    raise sqlite3.OperationalError(f"cannot read the journal at {path}")


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    if not all(c.isidentifier() for c in columns):
        raise ValueError(f"not column names: {list(columns)}")
    return (f"INSERT INTO {_known(table)} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})")


def _known(table: str) -> str:
    if table not in schema.TABLE_NAMES:
        raise ValueError(f"no table {table!r} in the journal")
    return table
