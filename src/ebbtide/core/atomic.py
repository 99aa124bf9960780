"""Atomic private file writes: a temp file (mode 0600) in the same folder, fsync, rename
over the target, fsync the folder. On any failure, Ctrl+C included, the temp file is
removed and the target keeps its old content."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, TypeVar

_Handle = TypeVar("_Handle", bound=IO[Any])


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, creating its folder (0700) if needed. Raises OSError."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _replacing(path, _open_binary) as handle:
        handle.write(data)


@contextmanager
def private_text_file(path: Path, *, newline: str = "") -> Iterator[TextIO]:
    """Write a UTF-8 text file the way `write_private` does, streaming; the folder must
    exist. An OSError is raised for the caller to explain."""
    def open_text(fd: int) -> TextIO:
        return os.fdopen(fd, "w", encoding="utf-8", newline=newline)

    with _replacing(path, open_text) as handle:
        yield handle


def _open_binary(fd: int) -> BinaryIO:
    return os.fdopen(fd, "wb")


@contextmanager
def _replacing(path: Path, open_fd: Callable[[int], _Handle]) -> Iterator[_Handle]:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            os.fchmod(fd, 0o600)
            handle = open_fd(fd)
        except BaseException:
            os.close(fd)
            raise
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; a folder that cannot be opened or synced (some
    filesystems refuse) is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
