"""Database files this process holds SQLite connections to, and reading their first bytes
without dropping those connections' locks.

Closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's
included (sqlite.org/howtocorrupt.html, section 2.2): another process could then
checkpoint and delete the WAL under a live connection. So while this process holds a
connection with locks to a file, the file's header is read through one descriptor kept
open, and that descriptor is closed only when the last such connection closes."""

from __future__ import annotations

import _thread
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

Identity = tuple[int, int]  # device, inode: the file itself, whatever path names it

_lock = _thread.allocate_lock()
_holders: dict[Identity, int] = {}  # connections with locks, per file
_kept_open: dict[Identity, int] = {}  # the descriptor headers are read through meanwhile


class HeldConnection(sqlite3.Connection):
    """A connection that lets its file go (see `hold`) once it has closed."""

    release: Callable[[], None] | None = None

    def close(self) -> None:
        super().close()
        release, self.release = self.release, None
        if release is not None:
            release()


def head(path: Path | str, size: int) -> bytes:
    """The first `size` bytes of the file (fewer when it is shorter; none when missing)."""
    identity = _identity(path)
    if identity is None:
        return b""
    try:
        with _lock:
            fd = _kept_open.get(identity)
            if fd is None and identity in _holders:
                fd = _kept_open[identity] = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        if fd is not None:
            return os.pread(fd, size, 0)
        with open(path, "rb") as handle:  # no connection of ours holds locks on it
            return handle.read(size)
    except OSError:
        return b""


def hold(path: Path | str) -> Callable[[], None]:
    """A connection with locks was just made to `path`: its release, to call once closed."""
    identity = _identity(path)
    if identity is None:
        return lambda: None
    with _lock:
        _holders[identity] = _holders.get(identity, 0) + 1
    released = False

    def release() -> None:
        nonlocal released
        with _lock:
            if released:
                return
            released = True
            _holders[identity] -= 1
            if _holders[identity]:
                return
            del _holders[identity]
            fd = _kept_open.pop(identity, None)
        if fd is not None:
            os.close(fd)  # no connection of ours is left to hold a lock there

    return release


def _identity(path: Path | str) -> Identity | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
