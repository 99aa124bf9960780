"""Backups of the journal and what to do with a damaged file.

A daily rolling backup (SQLite backup API, newest `BACKUPS_KEPT` kept, named by local day),
restoring the newest one, and setting a damaged file aside (moved, never overwritten or
deleted) so a fresh journal can start."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ebbtide.core.errors import DataDirError
from ebbtide.core.journal.errors import JournalUnavailable, unavailable_from_os
from ebbtide.core.journal.values import WallClock, local_now
from ebbtide.core.paths import Paths, ensure_private_dir

BACKUPS_KEPT = 7
BACKUP_PREFIX = "journal-"
BACKUP_SUFFIX = ".sqlite3"


def backup_path(backup_dir: Path, day: date) -> Path:
    """Where the backup made on local `day` goes."""
    return backup_dir / f"{BACKUP_PREFIX}{day.isoformat()}{BACKUP_SUFFIX}"


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


def private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if missing; tighten its mode if it is wider."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError as exc:
        raise unavailable_from_os(path, exc) from exc


def tighten(path: Path) -> None:
    """Mode 0600 for `path` if it exists and is wider (SQLite's -wal/-shm files)."""
    try:
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass


def write_backup(source: sqlite3.Connection, target: Path) -> None:
    """Copy the open journal to `target` with the SQLite backup API (through a private temp
    file, renamed into place), then keep only the newest `BACKUPS_KEPT`. Raises OSError,
    sqlite3.Error or an EbbtideError; no temp file is left behind."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        ensure_private_dir(target.parent)
        if tmp.exists():
            tmp.unlink()
        private_file(tmp)
        dest = sqlite3.connect(str(tmp))
        try:
            source.backup(dest)
        finally:
            dest.close()
        os.replace(tmp, target)
        for old in list_backups(target.parent)[:-BACKUPS_KEPT]:
            old.unlink()
    except BaseException:
        try:
            if tmp.exists():
                tmp.unlink()
        except OSError:
            pass
        raise


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
        raise unavailable_from_os(main, exc) from exc
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
        private_file(tmp)
        shutil.copyfile(backup, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except (OSError, DataDirError) as exc:
        if isinstance(exc, OSError):
            raise unavailable_from_os(target, exc) from exc
        raise JournalUnavailable(str(exc)) from exc
    return RestoreResult(backup=backup, damaged=damaged)
