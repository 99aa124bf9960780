"""Journal speed with 100 000 check-ins plus 100 000 doses (issue 7).

- The journal section in the app: opening it (history list and trends read and drawn)
  and redrawing the trends for 90 days, with 100k check-ins against an empty journal in
  the same run (target ≤ 150 ms). The first open in a run (median over fresh processes)
  also pays for Textual building the screen and reading its CSS.
- `ebbtide export --format csv` of everything against `sqlite3 -csv` dumping the same
  rows (target ≤ 3×).
- `ebbtide log` end to end against `ebbtide --version` (target ≤ 1.3×).

The big journal is generated once and kept in the temp folder between runs."""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchmarks.ptyrun import PtyProcess, spawn
from ebbtide.core.journal.backup_files import list_backups
from ebbtide.core.journal.exchange import export_queries
from ebbtide.core.journal.models import DoseInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths, resolve_paths
from ebbtide.core.state import AppState

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=timezone(timedelta(hours=1)))
CHECKINS = 100_000
CACHE = Path(tempfile.gettempdir()) / f"ebbtide-bench-journal-{CHECKINS}"


def _prepare(home: Path) -> Paths:
    paths = resolve_paths(home)
    paths.ensure()
    AppState(paths.state_file, {"welcome_acknowledged": "bench",
                                "journal_medication_setup": "done"}).save()
    return paths


def _notes_seen(paths: Paths) -> Paths:
    """The generated history ends on a fixed day, so by now the medication watch rightly
    raises notes (a sudden stop...) that would open over the journal: dismiss them, as a
    person who has read them would, so the benchmark times the journal itself."""
    from ebbtide.core.health.safety import current_notes

    with Journal.open(paths, verify=False) as journal:
        for note in current_notes(journal):
            journal.dismiss_note(note.id)
    return paths


def big_journal() -> Paths:
    paths = _prepare(CACHE)
    if paths.journal_file.exists():
        return _notes_seen(paths)
    started = time.perf_counter()
    rng = random.Random(7)
    span = 5 * 365 * 24 * 3600
    with Journal.open(paths, clock=lambda: NOW) as journal:
        med = journal.add_medication("baclofen", strength="10 mg tablet", dose_mg=10)
        with journal.transaction():
            for _ in range(CHECKINS):
                at = NOW - timedelta(seconds=rng.randrange(span))
                journal.add_checkin(mood=rng.randint(1, 10), anxiety=rng.randint(0, 10), at=at,
                                    tags=["exercise"] if rng.random() < 0.2 else [],
                                    note="a note " * rng.randint(0, 12),
                                    doses=[DoseInput(med.id, 10.0)])
    print(f"generated {CHECKINS} check-ins + doses in {time.perf_counter() - started:.0f} s "
          f"({paths.journal_file.stat().st_size / 1e6:.0f} MB)")
    return _notes_seen(paths)


def _wait_for(process: PtyProcess, marker: bytes, timeout: float = 10.0) -> float:
    """Milliseconds until `marker` is drawn, counting from now."""
    return process.wait_for_new(marker, timeout) * 1000


def first_open(paths: Paths) -> float:
    """Milliseconds from pressing 4 on home, about 1.5 s after start-up, until the history
    rows are drawn, in a fresh process (Textual builds the screen and reads its CSS)."""
    process = spawn([sys.executable, "-m", "ebbtide"], columns=100, rows=32,
                    env={"EBBTIDE_HOME": str(paths.data_dir.parent)})
    try:
        process.wait_for(b"Journal", 30)
        process.drain(1.5)  # home reads the journal in the background
        process.send(b"4")
        return _wait_for(process, b"  anxiety ")
    finally:
        process.stop()


def journal_section(paths: Paths, rounds: int, passphrase: bytes = b"") -> dict[str, float]:
    """In a real terminal (a pty at 100x32): milliseconds from pressing 4 on home until
    the history rows are drawn, opening it again later; and from pressing s on the trends
    until they are drawn for 90 days. `passphrase`: typed into the unlock screen first."""
    process = spawn([sys.executable, "-m", "ebbtide"], columns=100, rows=32,
                    env={"EBBTIDE_HOME": str(paths.data_dir.parent)})
    try:
        process.wait_for(b"Journal", 30)
        if passphrase:
            process.wait_for(b"encrypted", 30)
            process.send(passphrase + b"\r")
            process.drain(1.0)
        process.drain(1.5)  # home reads the journal in the background
        process.send(b"4")
        first = _wait_for(process, b"  anxiety ")
        process.drain(0.5)
        reopen: list[float] = []
        for _ in range(rounds):
            process.send(b"\x1b")  # back home
            process.drain(0.5)
            process.send(b"4")
            reopen.append(_wait_for(process, b"  anxiety "))
            process.drain(0.5)
        process.send(b"t")  # the trends are built the first time they are shown
        trends_first = _wait_for(process, b"Last 30 days")
        process.drain(0.5)
        trends: list[float] = []
        for _ in range(rounds):
            process.send(b"s")  # 30 -> 90 days
            trends.append(_wait_for(process, b"Last 90 days"))
            process.drain(0.3)
            process.send(b"ss")  # 90 -> 7 -> 30
            process.drain(0.5)
    finally:
        process.stop()
    return {"first": first, "reopen": statistics.median(reopen),
            "trends_first": trends_first, "trends90": statistics.median(trends)}


def _time(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def run(rounds: int = 5) -> dict[str, float]:
    big = big_journal()
    empty = _prepare(Path(tempfile.mkdtemp(prefix="ebbtide-bench-empty-")))

    with Journal.open(empty, clock=lambda: NOW) as journal:  # one day, so rows are drawn
        journal.add_checkin(mood=6, anxiety=3, at=NOW - timedelta(hours=1))
    big_ms = journal_section(big, rounds)
    empty_ms = journal_section(empty, rounds)
    firsts: dict[str, list[float]] = {"big": [], "empty": []}
    for _ in range(rounds):  # a fresh process each time, alternating
        firsts["big"].append(first_open(big))
        firsts["empty"].append(first_open(empty))
    big_ms["first"] = statistics.median(firsts["big"])
    empty_ms["first"] = statistics.median(firsts["empty"])
    for key, label in (("first", f"first open in a run (median of {rounds} runs)"),
                       ("reopen", "open again from home"),
                       ("trends_first", "trends shown the first time (30 days)"),
                       ("trends90", "trends redrawn for 90 days")):
        print(f"journal, {label}: {big_ms[key]:.0f} ms with 100k check-ins vs "
              f"{empty_ms[key]:.0f} ms empty -> ratio {big_ms[key] / empty_ms[key]:.2f}"
              " (target <= 150 ms)")
    print(f"  first opens with 100k check-ins: {', '.join(f'{v:.0f}' for v in firsts['big'])} ms")
    print("  (one check-in instead of none, so the same rows and trends get drawn)")

    env = {**os.environ, "EBBTIDE_HOME": str(big.data_dir.parent)}
    sqlite3 = shutil.which("sqlite3")
    out = Path(tempfile.mkdtemp(prefix="ebbtide-bench-export-"))
    ours: list[float] = []
    theirs: list[float] = []
    for index in range(rounds):
        ours.append(_time([sys.executable, "-m", "ebbtide", "export", "--format", "csv",
                           "-o", str(out / f"e{index}.csv")], env))
        if sqlite3:
            with open(out / f"s{index}.csv", "w") as handle:
                started = time.perf_counter()
                # The very statements our export runs: the same rows and columns.
                subprocess.run([sqlite3, "-csv", str(big.journal_file),
                                ";\n".join(export_queries()) + ";"],
                               stdout=handle, check=True)
                theirs.append(time.perf_counter() - started)
    shutil.rmtree(out, ignore_errors=True)
    result = {f"journal_{key}_ms": value for key, value in big_ms.items()}
    if theirs:
        ratio = statistics.median(ours) / statistics.median(theirs)
        print(f"export csv: {statistics.median(ours) * 1000:.0f} ms vs sqlite3 -csv "
              f"{statistics.median(theirs) * 1000:.0f} ms -> ratio {ratio:.2f} (target <= 3)")
        result["export_ratio"] = ratio
    else:
        print("export csv: sqlite3 is not installed (apt-get install sqlite3); skipped")

    small = _prepare(Path(tempfile.mkdtemp(prefix="ebbtide-bench-log-")))
    small_env = {**os.environ, "EBBTIDE_HOME": str(small.data_dir.parent)}
    log = [sys.executable, "-m", "ebbtide", "log", "--mood", "6", "--anxiety", "3",
           "--dose", "10", "--tag", "bench"]
    version = [sys.executable, "-m", "ebbtide", "--version"]
    # Not timed: the first log creates the journal, the second makes the day's backup (the
    # first open of a journal with entries does). What is timed is the everyday log.
    _time(log, small_env)
    _time(log, small_env)
    if not list_backups(small.backup_dir):
        raise RuntimeError("no backup after two logs: the timed logs would not be everyday ones")
    logs: list[float] = []
    versions: list[float] = []
    for _ in range(rounds * 5):  # two commands of ~35 ms: enough pairs for a steady median
        logs.append(_time(log, small_env))
        versions.append(_time(version, small_env))
    ratio = statistics.median(logs) / statistics.median(versions)
    print(f"log: {statistics.median(logs) * 1000:.0f} ms vs --version "
          f"{statistics.median(versions) * 1000:.0f} ms -> ratio {ratio:.2f} (target <= 1.3)")
    result["log_ratio"] = ratio
    return result
