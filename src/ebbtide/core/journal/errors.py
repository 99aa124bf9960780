"""What goes wrong with the journal file, in one sentence a person can act on."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from ebbtide.core.errors import EbbtideError


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


def unavailable_from_os(path: Path, exc: OSError) -> JournalUnavailable:
    """A file-system refusal (full disk, read-only folder...) about `path`, explained."""
    if exc.errno == errno.ENOSPC:
        return JournalUnavailable(f"the disk holding {path.parent} is full, so the journal "
                                  "cannot save. Free some space and try again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return JournalUnavailable(f"the journal at {path} cannot be written: the folder or "
                                  "file is read-only. Check its permissions.")
    return JournalUnavailable(f"the journal at {path} cannot be used: "
                              f"{exc.strerror or exc}.")


def from_sqlite(exc: sqlite3.Error, path: Path, backup_dir: Path | None) -> EbbtideError:
    """What a SQLite error on the journal at `path` means for the person, in one sentence
    (a damaged file names the newest backup in `backup_dir`, if any)."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc)
    low = text.lower()
    if (name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "not a database" in low
            or "malformed" in low):
        from ebbtide.core.journal.backup_files import newest_backup

        return JournalCorrupt(path, newest_backup(backup_dir) if backup_dir else None, text)
    if name.startswith("SQLITE_FULL") or "disk is full" in low or (
            (name.startswith("SQLITE_IOERR") or "i/o" in low) and disk_nearly_full(path)):
        return JournalUnavailable(
            f"the disk holding {path.parent} is full (or the journal reached its "
            "size limit), so nothing was saved. Free some space and try again.")
    if name.startswith("SQLITE_READONLY") or "readonly" in low:
        return JournalUnavailable(
            f"the journal at {path} is read-only, so nothing was saved. "
            "Check the permissions of the file and its folder.")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in low:
        return JournalUnavailable(
            f"cannot open the journal at {path}: the folder may be read-only "
            "or missing.")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in low:
        return JournalUnavailable(
            "the journal is busy in another Ebbtide process; nothing was saved. "
            "Try again in a moment.")
    if name.startswith("SQLITE_IOERR") or "i/o" in low:
        return JournalUnavailable(
            f"the journal at {path} could not be read or written (disk error: "
            f"{text}).")
    return JournalUnavailable(f"the journal at {path} cannot be used: {text}.")


# Below this, SQLite's writes (a page, the -shm index) fail as SQLITE_IOERR rather than
# SQLITE_FULL, so an I/O error with this little room left means the disk is full.
NEARLY_FULL_BYTES = 1 << 20


def disk_nearly_full(path: Path) -> bool:
    """True when the disk holding `path`'s folder has under `NEARLY_FULL_BYTES` free."""
    import shutil  # here: only after an error; `ebbtide log` starts without it

    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False
