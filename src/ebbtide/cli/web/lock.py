"""One `ebbtide serve` per data folder: a lock file holding the server's PID, removed on
exit. A lock whose process is gone (or is no longer Ebbtide) is stale and taken over."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ebbtide.core.errors import EbbtideError

LOCK_NAME = "serve.lock"


class ServeLocked(EbbtideError):
    """Another live `ebbtide serve` holds this data folder."""


def _holder(lock_file: Path) -> int | None:
    """The PID of a live Ebbtide process holding the lock, or None if it is stale."""
    try:
        pid = int(lock_file.read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if pid <= 0 or pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid  # alive, owned by someone else
    try:  # a PID reused after a reboot by something that is not Ebbtide
        if b"ebbtide" not in Path(f"/proc/{pid}/cmdline").read_bytes():
            return None
    except OSError:
        pass  # no /proc (macOS): trust the PID
    return pid


def _create(lock_file: Path) -> bool:
    try:
        fd = os.open(lock_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(f"{os.getpid()}\n")
    return True


@contextlib.contextmanager
def serve_lock(data_dir: Path) -> Iterator[Path]:
    """Hold `data_dir/serve.lock` for the block; ServeLocked if a live serve has it."""
    lock_file = data_dir / LOCK_NAME
    for _attempt in range(2):
        if _create(lock_file):
            break
        pid = _holder(lock_file)
        if pid is not None:
            raise ServeLocked(
                f"another 'ebbtide serve' (PID {pid}) is already serving {data_dir}. "
                "Use the address it printed, or stop it first (Ctrl+C in its terminal).")
        lock_file.unlink(missing_ok=True)  # stale: its process is gone
    else:
        raise ServeLocked(f"could not take the lock {lock_file}; another serve is starting.")
    try:
        yield lock_file
    finally:
        with contextlib.suppress(OSError, ValueError):
            if int(lock_file.read_text(encoding="ascii")) == os.getpid():
                lock_file.unlink()
