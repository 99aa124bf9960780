"""The journal's connection: calls serialised across threads, transactions that commit
together or not at all, and SQLite errors turned into one sentence a person can act on.
The base of `Journal` and of its parts (`JournalQueries`, `JournalTrash`)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal import health
from ebbtide.core.journal.errors import JournalCorrupt, from_sqlite
from ebbtide.core.journal.values import WallClock, utc_text


class JournalConnection:
    """Set up by `Journal.__init__`, which opens `_conn`."""

    path: Path
    backup_dir: Path | None
    _clock: WallClock
    _conn: sqlite3.Connection
    _lock: threading.RLock
    _depth: int
    _trusted: bool  # the file is as Ebbtide last checked or left it (see `health`)

    def _mapped(self, exc: sqlite3.Error) -> EbbtideError:
        error = from_sqlite(exc, self.path, None)
        if isinstance(error, JournalCorrupt):
            self._damage_found(error.detail)
            return self._corrupt(error.detail)
        return error

    def _corrupt(self, detail: str) -> JournalCorrupt:
        """The damage explained, naming the newest backup that is sound and holds entries
        (the newest file may itself be empty or damaged)."""
        from ebbtide.core.journal.backup import best_backup

        best = best_backup(self.backup_dir) if self.backup_dir is not None else None
        return JournalCorrupt(self.path, best.path if best is not None else None, detail)

    def _damage_found(self, detail: str) -> None:
        """Note the damage, so writers (`ebbtide log` included) check before writing."""
        self._trusted = False
        if self.backup_dir is not None:
            health.remember_damage(self.backup_dir, detail)

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
        """The raw connection, for `ebbtide log`'s writes through `writer`. Write only
        inside `transaction()` (which maps SQLite errors to JournalUnavailable/Corrupt)."""
        return self._conn

    def mapped_error(self, exc: sqlite3.Error) -> EbbtideError:
        return self._mapped(exc)

    def _now_utc(self) -> str:
        return utc_text(self._clock())

    def now(self) -> datetime:
        """The journal's wall clock (aware, local)."""
        return self._clock()
