"""Run a program in a pseudo-terminal of a given size and watch what it draws."""

from __future__ import annotations

import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.screen import Screen


@dataclass
class PtyProcess:
    proc: subprocess.Popen[bytes]
    master: int
    started: float
    screen: Screen
    output: bytearray = field(default_factory=bytearray)
    last_read: float = 0.0  # when the latest bytes arrived (before they were followed)

    def read_available(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        self.last_read = time.monotonic()
        self.output.extend(chunk)
        self.screen.feed(chunk)
        return bool(chunk)

    def wait_for(self, marker: bytes | str, timeout: float = 30.0) -> float:
        """Seconds from spawn until `marker` is shown on the terminal's screen."""
        return self._wait_until_shown(marker, self.started + timeout, since_mark=False) \
            - self.started

    def wait_for_new(self, marker: bytes | str, timeout: float = 10.0) -> float:
        """Seconds from now until `marker` is drawn again (on a row written from now on):
        for what a key press brings up."""
        started = time.monotonic()
        self.screen.mark()
        return self._wait_until_shown(marker, started + timeout, since_mark=True) - started

    def _wait_until_shown(self, marker: bytes | str, deadline: float,
                          since_mark: bool) -> float:
        """The time the bytes that completed `marker` on screen arrived. Text is matched on
        the rebuilt screen, not in the byte stream, where cursor moves and colour changes
        split it (see benchmarks.screen)."""
        text = marker.decode() if isinstance(marker, bytes) else marker
        while not self.screen.shows(text, since_mark):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{text!r} was never drawn; the screen shows:\n"
                                   f"{self.screen.text.rstrip()}")
            if self.proc.poll() is not None and not self.read_available(0):
                raise RuntimeError(f"app exited ({self.proc.returncode}) before {text!r} "
                                   f"was drawn; the screen shows:\n"
                                   f"{self.screen.text.rstrip()}")
            self.read_available(0.002)
        return self.last_read

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.read_available(max(0.0, min(0.05, end - time.monotonic())))

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the process."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.close(self.master)


def spawn(argv: list[str], *, columns: int = 100, rows: int = 32,
          env: dict[str, str] | None = None) -> PtyProcess:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns),
                "LINES": str(rows), **(env or {})}
    full_env.pop("TEXTUAL", None)
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=full_env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    return PtyProcess(proc, master, started, Screen(columns, rows))


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` and of its live descendants (e.g. a sound helper)."""
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
    family, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        family.update(children)
        frontier.extend(children)
    return sum(ticks.get(member, 0) for member in family) / ticks_per_second


class TraceTail:
    """Follow a JSON-lines trace file (see ebbtide.core.trace) as it grows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.events: list[dict[str, object]] = []
        self._offset = 0
        self._partial = b""

    def poll(self) -> list[dict[str, object]]:
        try:
            with self.path.open("rb") as handle:
                handle.seek(self._offset)
                data = handle.read()
        except FileNotFoundError:
            return []
        self._offset += len(data)
        lines = (self._partial + data).split(b"\n")
        self._partial = lines.pop()
        new = [json.loads(line) for line in lines if line.strip()]
        self.events.extend(new)
        return new

    def wait_for(self, process: PtyProcess, event: str,
                 timeout: float) -> tuple[dict[str, object], float]:
        """Keep reading the terminal until `event` is traced; returns it and the time seen."""
        deadline = time.monotonic() + timeout
        while True:
            for record in self.poll():
                if record.get("event") == event:
                    return record, time.monotonic()
            if time.monotonic() > deadline:
                tail = bytes(process.output[-400:])
                raise TimeoutError(f"no {event!r} traced; last output: {tail!r}")
            if process.proc.poll() is not None:
                raise RuntimeError(f"app exited ({process.proc.returncode}) before {event!r}; "
                                   f"last output: {bytes(process.output[-400:])!r}")
            process.read_available(0.02)


def busy_core() -> subprocess.Popen[bytes]:
    """A child process that keeps one core busy until `stop_busy` is called."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def stop_busy(proc: subprocess.Popen[bytes]) -> None:
    proc.kill()
    proc.wait()
