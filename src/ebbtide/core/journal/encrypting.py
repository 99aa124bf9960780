"""Turning the journal's encryption on or off, or changing its passphrase, without ever
risking the entries.

The journal (then each backup) is written anew beside itself with `sqlcipher_export`,
encrypted with the new key or plain; the new file is checked (`PRAGMA integrity_check`,
the schema version, and the row count of every table equal to the old file's), flushed to
the disk, and only then renamed over the old one (`os.replace`, atomic). A crash or kill
at any moment leaves one complete journal: the old one (with the old passphrase) before the
rename, the new one after. Before starting, the journal leaves WAL mode, which folds its
-wal file in and removes it (and fails while another Ebbtide has the journal open, so
nobody writes to the old file meanwhile); the new file is in WAL mode again.

While converting to an encrypted file, nothing is written in plain text: the new file is
encrypted page by page as SQLCipher writes it, and SQLite's temporary data stays in
memory.

In one process, close every other connection to a plain journal first: it goes through the
standard sqlite3's own SQLite library, whose locks this one (SQLCipher's) does not see."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal import cipher, health
from ebbtide.core.journal.backup import private_file
from ebbtide.core.journal.backup_files import list_backups
from ebbtide.core.journal.errors import JournalUnavailable, from_sqlite, unavailable_from_os
from ebbtide.core.paths import Paths

NO_RECOVERY = ("If the passphrase is forgotten, the journal cannot be recovered: there is "
               "no reset and no way around it. Keep a second copy somewhere safe, e.g. an "
               "encrypted export (ebbtide export --encrypt).")
# How long to wait for another Ebbtide to let go of the journal before giving up.
EXCLUSIVE_WAIT_SECONDS = 2.0
CONVERTING = ".converting"


@dataclass(frozen=True)
class Converted:
    encrypted: bool  # the journal now is
    rows: int  # rows of every table in the journal, the same before and after
    backups: int  # backups converted too
    left_as_they_were: tuple[Path, ...] = ()  # backups that could not be opened


@dataclass(frozen=True)
class _Target:
    """How the new file is keyed: a raw key and a fresh salt, or plain."""

    key: bytes = b""
    salt: bytes = b""

    @property
    def attach_key(self) -> str:
        return f"x'{self.key.hex()}{self.salt.hex()}'" if self.key else ""


def convert(paths: Paths, passphrase: str | None,
            progress: Callable[[str], None] = lambda _step: None) -> Converted:
    """Rewrite the journal encrypted with `passphrase` (None: plain), then its backups.
    The current passphrase comes from `cipher` (held, or asked of its source). Raises
    JournalLocked/WrongPassphrase, JournalUnavailable or EbbtideError; the journal is then
    as it was."""
    journal = paths.journal_file
    if not journal.is_file() or journal.stat().st_size == 0:
        raise EbbtideError(f"there is no journal at {journal} yet: nothing to convert.")
    target = _Target()
    if passphrase is not None:
        salt, key = cipher.new_key(passphrase)
        target = _Target(key, salt)
    rows = convert_file(journal, target, live=True)
    progress("journal")
    if passphrase is not None:
        cipher.hold(passphrase, target.salt, target.key)
    health.forget_file(paths.backup_dir)  # a new file: checked when next opened
    done, left = 0, []
    for backup in list_backups(paths.backup_dir):
        try:
            convert_file(backup, target, live=False)
        except (EbbtideError, sqlite3.Error, OSError):
            left.append(backup)
            continue
        done += 1
        progress(backup.name)
    if passphrase is None:
        cipher.forget()
    return Converted(passphrase is not None, rows, done, tuple(left))


def convert_file(path: Path, target: _Target, *, live: bool) -> int:
    """Rewrite one file keyed as `target`, checked before it replaces the old one.
    `live`: the journal itself (left in WAL mode), not a backup. Returns the
    rows in all tables."""
    tmp = path.with_name(f".{path.name}{CONVERTING}")
    _remove(tmp)
    try:
        private_file(tmp)
        source = cipher.connect_for_export(path, timeout=EXCLUSIVE_WAIT_SECONDS,
                                           isolation_level=None)
    except sqlite3.Error as exc:
        _remove(tmp)
        raise from_sqlite(exc, path, None) from exc
    try:
        counts, version = _export(source, tmp, target)
        _check(tmp, target, counts, version, wal=live)
        _flush(tmp)
        os.replace(tmp, path)
        _flush(path.parent)
    except sqlite3.Error as exc:
        _remove(tmp)
        raise from_sqlite(exc, path, None) from exc
    except OSError as exc:
        _remove(tmp)
        raise unavailable_from_os(path, exc) from exc
    except BaseException:
        _remove(tmp)
        raise
    finally:
        source.close()
    return sum(counts.values())


def _export(source: sqlite3.Connection, tmp: Path, target: _Target
            ) -> tuple[dict[str, int], int]:
    """Out of WAL mode first (its -wal folded in and removed, so no -wal of the old file
    is left beside the new one), then the copy, under a write lock."""
    try:
        mode = source.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise JournalUnavailable(
            "the journal is open in another Ebbtide (the app, or a command still "
            "running): close it and try again. Nothing was changed.") from exc
    if str(mode).lower() != "delete":
        raise JournalUnavailable("the journal is open in another Ebbtide: close it "
                                 "and try again. Nothing was changed.")
    source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(tmp), target.attach_key))
    try:
        source.execute("BEGIN IMMEDIATE")  # nobody writes while the copy is made
        try:
            counts = table_counts(source)
            version = int(source.execute("PRAGMA user_version").fetchone()[0])
            source.execute("SELECT sqlcipher_export('converted')")
            source.execute(f"PRAGMA converted.user_version = {version}")
            source.execute("COMMIT")
        except BaseException:
            source.execute("ROLLBACK")
            raise
    finally:
        source.execute("DETACH DATABASE converted")
    return counts, version


def _check(tmp: Path, target: _Target, counts: dict[str, int], version: int, *,
           wal: bool) -> None:
    """The new file is sound and holds exactly what the old one did; in WAL mode when it
    is the live journal (`wal`)."""
    conn = cipher.connect_keyed(tmp, target.key) if target.key else sqlite3.connect(str(tmp))
    try:
        verdict = "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check"))
        new_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        new_counts = table_counts(conn)
        if verdict != "ok" or new_version != version or new_counts != counts:
            raise EbbtideError("the converted copy did not match the journal "
                               f"({verdict}; schema {new_version}/{version}); the journal "
                               "was left as it was.")
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows of every table (the search index's too), by name."""
    names = [str(r[0]) for r in conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    counts = {}
    for name in names:
        quoted = name.replace('"', '""')
        counts[name] = int(conn.execute(f'SELECT count(*) FROM main."{quoted}"').fetchone()[0])
    return counts


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(tmp: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{tmp}{suffix}")
