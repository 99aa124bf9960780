"""Fault injection with real signals: `ebbtide breathe|meditate|timer` runs in a real pty;
once the trace shows the practice has started and the screen shows it, the process gets
SIGTERM, SIGHUP or SIGINT (or its terminal is closed). Then: it exited promptly, the
journal holds exactly one partial record with the seconds practised, and the terminal was
given back (alternate screen left, mouse reporting off, cursor shown).

The clock cannot be injected into another process, so nothing here waits a fixed time:
every wait is for a line in the trace file or for text on the pty, with a deadline."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths, resolve_paths
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.state import AppState

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="needs a Linux pty and POSIX signals")

DEADLINE = 60.0  # generous: the machine is shared; a healthy run takes a few seconds
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
ENTER_ALT_SCREEN = b"\x1b[?1049h"
MOUSE_ON = (b"\x1b[?1000h", b"\x1b[?1003h", b"\x1b[?1006h")
MOUSE_OFF = (b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l")
SHOW_CURSOR = b"\x1b[?25h"

COMMANDS = {
    # (arguments, text on screen once the practice is running, its trace event)
    "breathe": (["breathe", "box", "--minutes", "5", "--start-delay", "0"],
                b"cycle 1 of", "phase_start"),
    "meditate": (["meditate", "body-scan-10"], b"step 1 of", "step_start"),
    "timer": (["timer", "--minutes", "10", "--start-delay", "0"], b"next bell in",
              "session_start"),
}


@dataclass
class Child:
    """`python -m ebbtide ...` on the slave side of a pty; we hold the master."""

    pid: int
    fd: int
    trace: Path
    paths: Paths
    output: bytearray = field(default_factory=bytearray)
    status: int | None = None

    def pump(self, timeout: float) -> bool:
        """Read what the app wrote within `timeout`; False at end of output."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the slave side is closed, the process is gone
            return False
        self.output += chunk
        return bool(chunk)

    def wait_for(self, what: str, found: Callable[[], bool]) -> None:
        deadline = time.monotonic() + DEADLINE
        while not found():
            assert time.monotonic() < deadline, f"no {what} within {DEADLINE} s"
            assert self.pump(0.05), f"the app ended before {what}:\n{self.tail()}"

    def traced(self, event: str) -> list[dict[str, object]]:
        if not self.trace.exists():
            return []
        complete = self.trace.read_text().split("\n")[:-1]  # the last may be half-written
        return [r for r in map(json.loads, complete) if r.get("event") == event]

    def wait_exit(self, *, read: bool = True) -> int:
        """Drain the pty until the process exits; its exit status."""
        deadline = time.monotonic() + DEADLINE
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while read and self.pump(0):
                    pass
                self.status = status
                return os.waitstatus_to_exitcode(status)
            assert time.monotonic() < deadline, f"still running after {DEADLINE} s"
            if not read or not self.pump(0.05):
                select.select([], [], [], 0.05)  # the slave is closed; the exit is near

    def tail(self) -> str:
        return bytes(self.output[-600:]).decode(errors="replace")

    def kill(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        with contextlib.suppress(OSError):
            os.close(self.fd)


def ebbtide_in_pty(paths: Paths, trace: Path, arguments: list[str], *, rows: int = 24,
                   columns: int = 80) -> Child:
    """`python -m ebbtide --data-dir ... --no-sound ARGUMENTS` in a new pty, traced."""
    env = {**os.environ, "EBBTIDE_TRACE": str(trace), "TERM": "xterm-256color",
           "COLUMNS": str(columns), "LINES": str(rows)}
    env.pop("EBBTIDE_HOME", None)
    argv = [sys.executable, "-m", "ebbtide", "--data-dir", str(paths.config_dir.parent),
            "--no-sound", *arguments]
    pid, fd = pty.fork()
    if pid == 0:  # the child: only exec (this process may have threads)
        try:
            os.execve(sys.executable, argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return Child(pid, fd, trace, paths)


@pytest.fixture
def start(tmp_path: Path) -> Any:
    children: list[Child] = []

    def spawn(kind: str) -> Child:
        home = tmp_path / "home"
        paths = resolve_paths(home)
        paths.ensure()
        AppState(paths.state_file, {"welcome_acknowledged": "test"}).save()
        # `meditate` has no --start-delay: its first step waits the settings' delay (3 s)
        paths.settings_file.write_text("start_delay = 0\n")
        child = ebbtide_in_pty(paths, tmp_path / "trace.jsonl",
                               [*COMMANDS[kind][0], "--skip-ratings"])
        children.append(child)
        return child

    yield spawn
    for child in children:
        child.kill()


def running(start: Any, kind: str) -> Child:
    """Started, its practice on the clock (traced) and drawn on the screen."""
    child: Child = start(kind)
    _, on_screen, event = COMMANDS[kind]
    child.wait_for(f"'{event}' in the trace", lambda: bool(child.traced(event)))
    child.wait_for(f"{on_screen!r} on the screen", lambda: on_screen in child.output)
    return child


def practices(paths: Paths) -> list[PracticeRecord]:
    now = datetime.now(UTC)
    with Journal.open(paths) as journal:
        return journal.practices_between(now - timedelta(days=2), now + timedelta(days=2))


def assert_one_partial(child: Child, kind: str) -> PracticeRecord:
    (record,) = practices(child.paths)
    assert (record.kind, record.completed) == (kind, False)
    assert 0 < record.actual_seconds < record.planned_seconds
    (end,) = child.traced("session_end")  # the run's own account of the seconds
    seconds = end.get("actual_seconds", end.get("elapsed"))
    assert isinstance(seconds, float)
    # The timer reads its clock once for the trace and once for the record; on a loaded
    # machine the two reads are a few ms apart (seen: 2 ms). Both are the moment it ended.
    assert record.actual_seconds == pytest.approx(seconds, abs=0.1)
    return record


def last(output: bytes, codes: tuple[bytes, ...]) -> int:
    return max(output.rfind(code) for code in codes)


def assert_terminal_given_back(child: Child) -> None:
    output = bytes(child.output)
    assert output.rfind(LEAVE_ALT_SCREEN) > output.rfind(ENTER_ALT_SCREEN) >= 0, child.tail()
    assert last(output, MOUSE_OFF) > last(output, MOUSE_ON) >= 0, child.tail()
    assert output.rfind(SHOW_CURSOR) > output.rfind(ENTER_ALT_SCREEN), child.tail()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=["SIGTERM", "SIGHUP", "SIGINT"])
@pytest.mark.parametrize("kind", COMMANDS)
def test_a_signal_saves_the_session_and_gives_the_terminal_back(start: Any, kind: str,
                                                                signum: int) -> None:
    child = running(start, kind)
    os.kill(child.pid, signum)
    assert child.wait_exit() == 128 + signum
    assert_one_partial(child, kind)
    assert_terminal_given_back(child)


@pytest.mark.parametrize("kind", COMMANDS)
def test_a_closed_terminal_saves_the_session_and_does_not_hang(start: Any, kind: str) -> None:
    """The terminal window closes: the kernel sends SIGHUP and every write fails."""
    child = running(start, kind)
    os.close(child.fd)
    child.wait_exit(read=False)
    assert_one_partial(child, kind)
