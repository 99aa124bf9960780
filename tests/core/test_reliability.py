"""Entries once acknowledged are never lost: kill -9 mid-write, two writers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ebbtide.core.journal.models import CheckIn
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths

WRITER = r"""
import signal, sys
# As a process started from a shell has it, whatever the test runner's own handling is.
signal.signal(signal.SIGINT, signal.default_int_handler)
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths
j = Journal.open(resolve_paths(sys.argv[1]))
print("ready", flush=True)
for i in range(100000):
    c = j.add_checkin(mood=1 + i % 10, anxiety=i % 11, note=f"{sys.argv[2]}-{i}" + "x" * 300,
                      tags=[sys.argv[2]])
    print(c.checkin.uid, flush=True)  # acknowledged: committed before this line
"""


def _writer(home: Path, label: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(home), label],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_loses_no_acknowledged_entry(tmp_path: Path) -> None:
    Journal.open(resolve_paths(tmp_path)).close()
    proc = _writer(tmp_path, "k")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    acknowledged: list[str] = []
    while len(acknowledged) < 300:
        line = proc.stdout.readline().strip()
        if not line:  # the writer stopped early: the assertion below says so
            break
        acknowledged.append(line)
    os.kill(proc.pid, signal.SIGKILL)  # in the middle of the next writes
    rest, _ = proc.communicate(timeout=10)
    acknowledged += [line for line in rest.splitlines() if line]
    assert len(acknowledged) >= 300
    with Journal.open(resolve_paths(tmp_path)) as j:
        assert j.integrity_check() == "ok"
        stored = {e.uid for e in j.entries_between(kinds=["checkin"])}
    assert set(acknowledged) <= stored


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_mid_write_loses_no_acknowledged_entry(tmp_path: Path, signum: int) -> None:
    """The softer ways out of a writer (the fault table's 'log write' row)."""
    Journal.open(resolve_paths(tmp_path)).close()
    proc = _writer(tmp_path, "s")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    acknowledged = [proc.stdout.readline().strip() for _ in range(50)]
    os.kill(proc.pid, signum)
    try:
        rest, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"the writer went on after the signal:\n{err}") from None
    acknowledged += [line for line in rest.splitlines() if line]
    assert proc.returncode != 0 and all(acknowledged)
    with Journal.open(resolve_paths(tmp_path)) as j:
        assert j.integrity_check() == "ok"
        stored = {e.uid for e in j.entries_between(kinds=["checkin"])}
    assert set(acknowledged) <= stored


def test_two_processes_logging_at_once_lose_nothing(tmp_path: Path) -> None:
    home = str(tmp_path)
    Journal.open(resolve_paths(tmp_path)).close()
    code = ("import sys; from ebbtide.cli import main\n"
            "for i in range(40):\n"
            "    assert main(['--data-dir', sys.argv[1], 'log', '--mood', '5', '--anxiety',"
            " '5', '--dose', '10', '--tag', sys.argv[2], '--note', str(i)]) == 0\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, home, label],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for label in ("a", "b")]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        assert "locked" not in err
    with Journal.open(resolve_paths(tmp_path)) as j:
        checkins = [e for e in j.entries_between(kinds=["checkin"]) if isinstance(e, CheckIn)]
        for label in ("a", "b"):
            notes = sorted(int(c.note) for c in checkins if c.tags == (label,))
            assert notes == list(range(40))
        assert j.count("dose") == 80 and len(j.medications()) == 1
        assert j.integrity_check() == "ok"


def test_two_journal_writers_interleave_without_errors(tmp_path: Path) -> None:
    Journal.open(resolve_paths(tmp_path)).close()
    procs = [_writer(tmp_path, label) for label in ("p", "q")]
    acked: dict[str, list[str]] = {"p": [], "q": []}
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for _ in range(150):
        for label, proc in zip(("p", "q"), procs, strict=True):
            assert proc.stdout is not None
            acked[label].append(proc.stdout.readline().strip())
    for proc in procs:
        proc.kill()
        _, err = proc.communicate(timeout=10)
        assert "locked" not in err and "Traceback" not in err
    with Journal.open(resolve_paths(tmp_path)) as j:
        stored = {e.uid for e in j.entries_between(kinds=["checkin"])}
    assert set(acked["p"]) <= stored and set(acked["q"]) <= stored
