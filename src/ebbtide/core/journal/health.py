"""What Ebbtide last knew about the journal file, kept in a small marker beside the backups
(`backups/health.txt`): whether the journal has ever held entries, how the file looked
when Ebbtide last checked it or left it after its own writes, and whether the last check
found damage.

Two uses. A missing or empty journal file where the marker says entries were kept is
damage, not a first run. And it is the cheap signal for `ebbtide log`'s fast path: a
`PRAGMA quick_check` on every log is too slow on a big journal, so the fast path writes
only while the file is exactly as Ebbtide last left it (size, modification time, inode) and
no check has failed since; otherwise the full path checks the file first.

The marker is a hint, never the truth about the entries: it is written without fsync, and
a lost or stale marker only costs one extra check. A few lines of text, not JSON: `ebbtide
log` reads it at start-up and would otherwise import `json` for it (a millisecond). The JSON
marker of earlier versions is still read, and replaced at the next write."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import NamedTuple

HEALTH_FILE = "health.txt"
EARLIER_FILE = "health.json"  # the same marker as JSON, as earlier builds wrote it
FIRST_LINE = "ebbtide journal health 1"

FileStamp = tuple[int, int, int]  # size, modification time (ns), inode


class JournalHealth(NamedTuple):  # not a dataclass: `ebbtide log` reads it, 0.3 ms less
    had_rows: bool = False  # the journal has held entries at some point
    stamp: FileStamp | None = None  # the file as last checked or left by Ebbtide
    damage: str | None = None  # what the last failed check said; None: no failed check

    def trusts(self, journal_file: Path) -> bool:
        """The file is as Ebbtide last checked or left it, and no check has failed since."""
        return (self.damage is None and self.stamp is not None
                and self.stamp == file_stamp(journal_file))


def file_stamp(path: Path) -> FileStamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def read_health(backup_dir: Path) -> JournalHealth:
    """The marker in `backup_dir` (nothing known when it is missing or unreadable)."""
    try:
        text = (backup_dir / HEALTH_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return _read_earlier(backup_dir / EARLIER_FILE)
    except (OSError, ValueError):
        return JournalHealth()
    lines = text.split("\n")
    if lines[0] != FIRST_LINE:
        return JournalHealth()
    fields = dict(line.partition(" ")[::2] for line in lines[1:] if line)
    return JournalHealth(had_rows=fields.get("had_rows") == "yes",
                         stamp=_stamp(fields.get("file", "")),
                         damage=fields.get("damage"))


def _stamp(text: str) -> FileStamp | None:
    """(size, mtime, inode) from "163840 1796082761184248863 2664017", else None."""
    try:
        size, mtime, inode = map(int, text.split())
    except ValueError:
        return None
    return (size, mtime, inode)


def _read_earlier(path: Path) -> JournalHealth:
    import json

    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return JournalHealth()
    if not isinstance(data, dict):
        return JournalHealth()
    raw_stamp = data.get("file")
    stamp: FileStamp | None = None
    if (isinstance(raw_stamp, list) and len(raw_stamp) == 3
            and all(type(n) is int for n in raw_stamp)):
        stamp = (raw_stamp[0], raw_stamp[1], raw_stamp[2])
    damage = data.get("damage")
    return JournalHealth(had_rows=data.get("had_rows") is True, stamp=stamp,
                         damage=damage if isinstance(damage, str) else None)


def _write(backup_dir: Path, health: JournalHealth) -> None:
    lines = [FIRST_LINE, f"had_rows {'yes' if health.had_rows else 'no'}"]
    if health.stamp is not None:
        lines.append("file {} {} {}".format(*health.stamp))
    if health.damage is not None:
        lines.append("damage " + (" ".join(health.damage.split()) or "damaged"))
    target = backup_dir / HEALTH_FILE
    tmp = backup_dir / f".{HEALTH_FILE}.{os.getpid()}.tmp"
    try:
        backup_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    with contextlib.suppress(OSError):  # the earlier JSON marker, now replaced
        os.unlink(backup_dir / EARLIER_FILE)


def remember_sound(backup_dir: Path, journal_file: Path, *, has_rows: bool) -> None:
    """A check just passed: trust the file as it is now, clearing any damage noted."""
    old = read_health(backup_dir)
    _write(backup_dir, JournalHealth(old.had_rows or has_rows, file_stamp(journal_file)))


def remember_left(backup_dir: Path, journal_file: Path, *, has_rows: bool) -> None:
    """Ebbtide's own writes are done (the file is closed): trust the file as it is now,
    unless a check found damage meanwhile (only a passing check clears that)."""
    old = read_health(backup_dir)
    if old.damage is not None:
        return
    new = JournalHealth(old.had_rows or has_rows, file_stamp(journal_file))
    if new != old:
        _write(backup_dir, new)


def remember_damage(backup_dir: Path, detail: str) -> None:
    """A check or a read found the file damaged: writers must check before writing."""
    old = read_health(backup_dir)
    _write(backup_dir, old._replace(stamp=None, damage=detail or "damaged"))


def forget_file(backup_dir: Path) -> None:
    """The journal file was replaced (restored, or a new one started): check it when it is
    next opened. Whether entries were ever kept is remembered."""
    old = read_health(backup_dir)
    _write(backup_dir, JournalHealth(old.had_rows))
