"""Journal speed with 100 000 check-ins plus 100 000 doses (issue 7).

- Opening the journal section (history list and 90-day trends drawn) in the app, against
  opening the same section on an empty journal in the same run: the target is ≤ 150 ms
  for the data work, and the ratio shows what the data adds to Textual's screen switch.
- `ebbtide export --format csv` of everything against `sqlite3 -csv` dumping the same
  rows (target ≤ 3×).
- `ebbtide log` end to end against `ebbtide --version` (target ≤ 1.3×).

The big journal is generated once and kept in the temp folder between runs."""

from __future__ import annotations

import asyncio
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

from ebbtide.core.exchange import export_queries
from ebbtide.core.journal import Journal
from ebbtide.core.journal_models import DoseInput
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


def big_journal() -> Paths:
    paths = _prepare(CACHE)
    if paths.journal_file.exists():
        return paths
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
    return paths


async def _open_journal_section(paths: Paths, rounds: int) -> list[float]:
    from ebbtide.ui.app import EbbtideApp
    from ebbtide.ui.cues import SilentCues

    app = EbbtideApp(paths, now=lambda: NOW, sound=SilentCues())
    timings: list[float] = []
    async with app.run_test(size=(100, 32)) as pilot:
        app.journal()  # opened by the home screen's worker in real use
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        import ebbtide.ui.screens.journal  # noqa: F401  (a one-time import, not per open)

        for _ in range(rounds):
            started = time.perf_counter()
            await pilot.press("4")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            timings.append(time.perf_counter() - started)
            app.switch_mode("home")
            await app.remove_mode("journal")  # so the next round builds the section afresh
            app.add_mode("journal", EbbtideApp.MODES["journal"])
            await pilot.pause()
    return timings


def _time(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def run(rounds: int = 5) -> dict[str, float]:
    big = big_journal()
    empty = _prepare(Path(tempfile.mkdtemp(prefix="ebbtide-bench-empty-")))
    Journal.open(empty, clock=lambda: NOW).close()

    big_times = asyncio.run(_open_journal_section(big, rounds))
    empty_times = asyncio.run(_open_journal_section(empty, rounds))
    print("  opening the section, ms: 100k " + " ".join(f"{t * 1000:.0f}" for t in big_times)
          + " | empty " + " ".join(f"{t * 1000:.0f}" for t in empty_times))
    t_big, t_empty = statistics.median(big_times), statistics.median(empty_times)
    print(f"journal section, 100k check-ins: {t_big * 1000:.0f} ms vs empty journal "
          f"{t_empty * 1000:.0f} ms -> data adds {(t_big - t_empty) * 1000:.0f} ms "
          f"(target <= 150 ms), ratio {t_big / t_empty:.2f}")

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
    result = {"section_data_ms": (t_big - t_empty) * 1000}
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
    _time(log, small_env)  # creates the journal and the day's backup: not what is timed
    logs: list[float] = []
    versions: list[float] = []
    for _ in range(rounds * 2 + 1):
        logs.append(_time(log, small_env))
        versions.append(_time(version, small_env))
    ratio = statistics.median(logs) / statistics.median(versions)
    print(f"log: {statistics.median(logs) * 1000:.0f} ms vs --version "
          f"{statistics.median(versions) * 1000:.0f} ms -> ratio {ratio:.2f} (target <= 1.3)")
    result["log_ratio"] = ratio
    return result
