"""Atomic private file writes: a temp file (mode 0600) in the same folder, fsync, rename
over the target, fsync the folder. On any failure, Ctrl+C included, the temp file is
removed and the target keeps its old content.

Only a regular file (or nothing) is ever replaced: a device, FIFO, socket or folder at the
path raises `NotRegularFile` (as root, `-o /dev/null` must stay a device). A symlink is
replaced as a link unless the caller resolved it first (`output_target`).

A kill -9 cannot run any cleanup, so temp files are named `.NAME.PID.RANDOM.tmp`: the next
write to NAME removes those left in that folder by processes that are no longer alive."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, TypeVar

from ebbtide.core.paths import make_private_folders

_Handle = TypeVar("_Handle", bound=IO[Any])
_in_progress: set[str] = set()  # temporary files being written, for remove_temps_in_progress


class NotRegularFile(OSError):
    """The path holds something other than a regular file; `strerror` says what."""


class SymlinkTarget(OSError):
    """The path is a symlink and the caller did not agree to follow it."""


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, creating its folders (0700) if needed. Raises OSError."""
    make_private_folders(path.parent)
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


def output_target(path: Path, *, follow_symlink: bool) -> Path:
    """Where a file the person asked for (`-o FILE`) should be written: `path` itself, or
    the file a symlink points to when `follow_symlink`. Raises SymlinkTarget (naming where
    the link points) or NotRegularFile before anything is written."""
    if path.is_symlink():
        pointed = Path(os.path.realpath(path))
        if not follow_symlink:
            raise SymlinkTarget(0, f"it is a symlink to {pointed}", str(path))
        path = pointed
    check_replaceable(path)
    return path


def check_replaceable(path: Path) -> None:
    """Raise NotRegularFile unless `path` is missing, a regular file or a symlink."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return
    raise NotRegularFile(0, f"it is {kind_of_file(mode)}, not a regular file", str(path))


def kind_of_file(mode: int) -> str:
    """What a non-regular file is, in words ("a folder", "a FIFO (named pipe)", ...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    return "a socket" if stat.S_ISSOCK(mode) else "a device"


def _open_binary(fd: int) -> BinaryIO:
    return os.fdopen(fd, "wb")


@contextmanager
def _replacing(path: Path, open_fd: Callable[[int], _Handle]) -> Iterator[_Handle]:
    check_replaceable(path)
    remove_stale_temps(path)
    fd, temp = _new_temp(path)
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
        check_replaceable(path)  # something may have appeared there meanwhile
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    finally:
        _in_progress.discard(temp)
    _fsync_dir(path.parent)


def _new_temp(path: Path) -> tuple[int, str]:
    """Create `.NAME.PID.RANDOM.tmp` beside `path` (0600). The name is in `_in_progress`
    before the file exists, so a signal at any moment finds it."""
    while True:
        temp = str(path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
        _in_progress.add(temp)
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), temp
        except FileExistsError:
            _in_progress.discard(temp)
        except BaseException:
            _in_progress.discard(temp)
            raise


def remove_temps_in_progress() -> None:
    """For a signal handler that ends the process at once: remove the temporary files this
    process is writing (their targets were never touched)."""
    for temp in list(_in_progress):
        with contextlib.suppress(OSError):
            os.unlink(temp)


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove `.NAME.PID.RANDOM.tmp` files next to `path` (NAME = its name) whose PID is no
    longer running: what a killed writer left. Nothing else is touched; errors are ignored.
    Returns what was removed."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(\d{{1,10}})\.[A-Za-z0-9_]+\.tmp")
    removed: list[Path] = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or _alive(int(match.group(1))):
            continue
        stale = path.parent / name
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(stale).st_mode):
                os.unlink(stale)
                removed.append(stale)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # not ours to signal, or not a PID at all: leave the file alone
    return True


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
