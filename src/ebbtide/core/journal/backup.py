"""Backups of the journal and what to do with a damaged file.

A daily rolling backup (SQLite backup API, named by local day; the newest `BACKUPS_KEPT`
kept, and never the last good ones deleted in favour of empty or damaged ones), checking a
backup (`PRAGMA quick_check` and its entries), restoring the newest good one, and setting a
damaged file aside (moved, never overwritten or deleted, one copy of the same bytes) so a
restored or fresh journal can start."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.errors import DataDirError, EbbtideError
from ebbtide.core.journal import cipher
from ebbtide.core.journal.backup_files import (
    list_backups,
)
from ebbtide.core.journal.errors import (
    JournalCorrupt,
    JournalUnavailable,
    unavailable_from_os,
)
from ebbtide.core.journal.values import WallClock, local_now
from ebbtide.core.paths import Paths, ensure_private_dir

BACKUPS_KEPT = 7
def private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if missing; tighten its mode if it is wider. An
    existing file is never opened: closing it would drop this process's SQLite locks on it
    (see held_files)."""
    try:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
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


# ---------------------------------------------------------------- checking backups


@dataclass(frozen=True)
class BackupCheck:
    """What a backup file holds: `problem` is None when it passes `PRAGMA quick_check`."""

    path: Path
    rows: int  # entries of every kind (all tables but `meta`)
    problem: str | None = None

    @property
    def good(self) -> bool:
        """Sound and holding entries: worth restoring and worth keeping."""
        return self.problem is None and self.rows > 0

    def describe(self) -> str:
        if self.problem is not None:
            return self.problem
        if self.rows == 0:
            return "no entries"
        return f"{self.rows} entr{'y' if self.rows == 1 else 'ies'}"


def count_rows(conn: sqlite3.Connection, at_most: int | None = None) -> int:
    """Entries of every kind in an open journal or backup (every table but `meta` and the
    search index, which only mirrors entries), counting no further than `at_most` when
    given (cheap "has it any?" checks)."""
    names = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'meta' AND name NOT LIKE 'search_index%' ORDER BY name")]
    total = 0
    for name in names:
        quoted = name.replace('"', '""')
        if at_most is None:
            total += int(conn.execute(f'SELECT count(*) FROM "{quoted}"').fetchone()[0])
            continue
        total += int(conn.execute(f'SELECT count(*) FROM (SELECT 1 FROM "{quoted}" LIMIT ?)',
                                  (at_most - total,)).fetchone()[0])
        if total >= at_most:
            break
    return total


def check_backup(path: Path) -> BackupCheck:
    """Open `path` read-only (nothing written beside it), run `PRAGMA quick_check` and count
    its entries."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return BackupCheck(path, 0, f"cannot be read ({exc.strerror or exc})")
    if size == 0:
        return BackupCheck(path, 0, "an empty file (0 bytes)")
    try:
        conn = cipher.connect(path, "mode=ro&immutable=1")
    except sqlite3.Error as exc:
        return BackupCheck(path, 0, f"cannot be opened ({exc})")
    except cipher.JournalLocked as exc:  # never "damaged": it may be perfectly sound
        return BackupCheck(path, 0, "encrypted with another passphrase"
                           if isinstance(exc, cipher.WrongPassphrase) else "encrypted, locked")
    try:
        verdict = "; ".join(str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchmany(3))
        if verdict != "ok":
            return BackupCheck(path, 0, f"damaged ({verdict})")
        return BackupCheck(path, count_rows(conn))
    except sqlite3.Error as exc:
        return BackupCheck(path, 0, f"damaged ({exc})")
    finally:
        conn.close()


def checked_backups(backup_dir: Path) -> list[BackupCheck]:
    """Every backup with its check, newest first."""
    return [check_backup(path) for path in reversed(list_backups(backup_dir))]


def best_backup(backup_dir: Path) -> BackupCheck | None:
    """The newest backup that is sound and holds entries (older ones are not opened)."""
    for path in reversed(list_backups(backup_dir)):
        verdict = check_backup(path)
        if verdict.good:
            return verdict
    return None


# ---------------------------------------------------------------- making backups


def write_backup(source: sqlite3.Connection, target: Path) -> None:
    """Copy the open journal to `target` with the SQLite backup API (through a private temp
    file, renamed into place), then prune (see `prune_backups`). Raises OSError,
    sqlite3.Error or an EbbtideError; no temp file is left behind."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        ensure_private_dir(target.parent)
        if tmp.exists():
            tmp.unlink()
        private_file(tmp)
        dest = cipher.connect_new_like(source, tmp)
        try:
            source.backup(dest)
        finally:
            dest.close()
        os.replace(tmp, target)
    except BaseException:
        try:
            if tmp.exists():
                tmp.unlink()
        except OSError:
            pass
        raise
    prune_backups(target.parent)


def prune_backups(backup_dir: Path, keep: int = BACKUPS_KEPT) -> list[Path]:
    """Keep the newest `keep` backups, and never let empty or damaged ones push out the
    last good ones: while fewer than `keep` of the newest are good (sound, with entries),
    the newest good older ones are kept too, up to `keep` good in all. Returns what was
    deleted."""
    backups = list_backups(backup_dir)
    if len(backups) <= keep:
        return []
    newest, older = backups[-keep:], backups[:-keep]
    wanted = keep - sum(1 for path in newest if check_backup(path).good)
    deleted: list[Path] = []
    for path in reversed(older):
        if wanted > 0 and check_backup(path).good:
            wanted -= 1
            continue
        path.unlink()
        deleted.append(path)
    return deleted


# ---------------------------------------------------------------- setting aside, restoring


def _digest(path: Path) -> bytes:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.digest()


def _same_content(a: Path, b: Path) -> bool:
    """Both missing, or both present with the same size and SHA-256."""
    try:
        size_a, size_b = a.stat().st_size, b.stat().st_size
    except FileNotFoundError:
        return not a.exists() and not b.exists()
    return size_a == size_b and _digest(a) == _digest(b)


def _kept_copy(main: Path) -> Path | None:
    """An earlier set-aside copy of `main` identical to it (and its -wal), if any."""
    prefix = f"{main.name}.damaged-"
    wal = main.with_name(main.name + "-wal")
    for other in sorted(main.parent.iterdir()):
        if not other.name.startswith(prefix) or other.name.endswith(("-wal", "-shm")):
            continue
        if _same_content(main, other) and _same_content(
                wal, other.with_name(other.name + "-wal")):
            return other
    return None


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
    so a fresh journal can start. When an earlier copy set aside is identical (size and
    SHA-256, its -wal too), that copy is kept and no second one is made. Returns where the
    damaged file now is (None: no file)."""
    when = clock().strftime("%Y%m%d-%H%M%S")
    main = paths.journal_file
    sides = [main.with_name(main.name + suffix) for suffix in ("-wal", "-shm")]
    try:
        if main.exists():
            earlier = _kept_copy(main)
            if earlier is not None:
                for path in (main, *sides):
                    path.unlink(missing_ok=True)
                return earlier
        moved = _move_aside(main, when)
        for side in sides:
            if side.exists():
                target = (moved.with_name(moved.name + side.name[len(main.name):])
                          if moved is not None
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
    rows: int = 0  # entries in the restored journal
    skipped: tuple[BackupCheck, ...] = ()  # newer backups passed over (damaged or empty)


def _choose(backup_dir: Path, source: Path | None) -> tuple[BackupCheck, list[BackupCheck]]:
    if source is not None:
        verdict = check_backup(source)
        if not verdict.good:
            raise JournalUnavailable(f"{source} cannot be restored: it is "
                                     f"{verdict.problem or 'a journal with no entries'}.")
        return verdict, []
    skipped: list[BackupCheck] = []
    for path in reversed(list_backups(backup_dir)):
        verdict = check_backup(path)
        if verdict.good:
            return verdict, skipped
        skipped.append(verdict)
    if not skipped:
        raise JournalUnavailable("there is no backup of the journal to restore.")
    reasons = "; ".join(f"{v.path.name}: {v.describe()}" for v in skipped)
    raise JournalUnavailable(f"no backup can be restored: each is damaged or holds no "
                             f"entries ({reasons}). The journal file was left as it is.")


def restore_newest_backup(paths: Paths, *, clock: WallClock = local_now,
                          source: Path | None = None) -> RestoreResult:
    """Restore the newest backup that passes `PRAGMA quick_check` and holds entries (newer
    damaged or empty ones are skipped and listed in the result), or the file `source`.
    The journal file there now is moved aside first (never overwritten or deleted).
    Raises JournalUnavailable when no backup can be restored (nothing is changed then)."""
    import shutil

    from ebbtide.core.journal import health

    chosen, skipped = _choose(paths.backup_dir, source)
    damaged = set_aside_damaged(paths, clock=clock)
    target = paths.journal_file
    tmp = target.with_name(f".{target.name}.restore.tmp")
    try:
        ensure_private_dir(target.parent)
        private_file(tmp)
        shutil.copyfile(chosen.path, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except (OSError, DataDirError) as exc:
        if isinstance(exc, OSError):
            raise unavailable_from_os(target, exc) from exc
        raise JournalUnavailable(str(exc)) from exc
    health.forget_file(paths.backup_dir)
    return RestoreResult(backup=chosen.path, damaged=damaged, rows=chosen.rows,
                         skipped=tuple(skipped))


class JournalMissing(JournalCorrupt):
    """The journal file is missing or empty although Ebbtide kept entries there before
    (backups hold entries, or the health marker says so): damage, not a first run.
    `backup` is the newest backup that is sound and holds entries, or None."""

    def __init__(self, path: Path, best: BackupCheck | None, *, empty: bool) -> None:
        state = "is empty (0 bytes)" if empty else "is missing"
        self.path = path
        self.backup = best.path if best is not None else None
        self.detail = state
        self.empty = empty
        if best is not None:
            hint = (f"The newest sound backup is {best.path.name} ({best.describe()}): run "
                    "`ebbtide restore` or open ebbtide to restore it. Nothing was changed.")
        else:
            hint = ("No backup holds entries, so there is nothing to restore: open ebbtide "
                    "to start a new journal" + (" (the empty file is kept aside)." if empty
                                                else "."))
        EbbtideError.__init__(self, f"the journal file {path} {state}, but it held entries "
                                    f"before. {hint}")
