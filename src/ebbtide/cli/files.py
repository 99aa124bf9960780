"""The journal and the files that commands read and write: commands that only read the
journal (export, report, history) still run when the data folder or disk refuses writes,
and say so once; `-o FILE` goes into a regular file only, and a write stopped by a signal
leaves no temporary file behind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ebbtide.cli.context import CommandContext

if TYPE_CHECKING:
    from types import FrameType

    from ebbtide.core.journal.store import Journal


def open_journal_for_reading(ctx: CommandContext) -> Journal:
    from ebbtide.core.journal.store import Journal

    journal = Journal.open_for_reading(ctx.paths)
    if journal.read_only_reason is not None:
        reason = journal.read_only_reason.rstrip(". ")
        print(f"ebbtide: {reason}. Showing what is saved; changes cannot be saved and no "
              "backup was made.", file=ctx.err)
    return journal


def output_file(target: Path, *, force: bool) -> Path:
    """Where `-o target` writes: the path itself, or with --force the file a symlink points
    to. A device, FIFO, socket or folder is refused with one sentence (EbbtideError)."""
    from ebbtide.core.atomic import SymlinkTarget, output_target
    from ebbtide.core.errors import EbbtideError

    try:
        return output_target(target, follow_symlink=force)
    except OSError as exc:
        hint = "; add --force to write there" if isinstance(exc, SymlinkTarget) else ""
        reason = shown(Path(str(exc.strerror)))
        raise EbbtideError(f"cannot write {shown(target)}: {reason}{hint}") from None


def shown(path: Path) -> str:
    """A path from the command line, as it may be printed (inert)."""
    from ebbtide.core.text import inert

    return inert(str(path))


@contextmanager
def signals_end_cleanly() -> Iterator[None]:
    """While an `-o` file is written, SIGINT, SIGTERM and SIGHUP remove the write's
    temporary file and end the command at once, with exit status 128 + the signal (as a
    shell reports it); the file being replaced is untouched. Ending at once, not by raising
    an exception at whatever line was running: an exception landing inside a file's close
    left a closed descriptor behind ("Bad file descriptor") or skipped the clean-up. Outside
    the main thread nothing changes (handlers can only be set there)."""
    import signal
    import threading

    from ebbtide.core.atomic import remove_temps_in_progress

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def end(signum: int, frame: FrameType | None) -> None:
        remove_temps_in_progress()
        os._exit(128 + signum)

    previous = {signum: signal.signal(signum, end)
                for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
