"""`ebbtide status` end to end against `ebbtide --version` (issue 19, target ≤ 1.2×).

The journal holds two medications with four scheduled times, a dose, a check-in and a
practice session today. The locations come from XDG_* variables (no EBBTIDE_HOME), as for
a person's own tmux line, so the platformdirs lookup is part of what is timed.
Runs alternate so load on the machine falls on both sides alike. With valgrind installed,
the same comparison is also counted in CPU instructions (callgrind), a figure that does
not move with the machine's load."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths
from ebbtide.core.practice.records import PracticeRecord

TARGET = 1.2


def _prepare() -> dict[str, str]:
    root = Path(tempfile.mkdtemp(prefix="ebbtide-bench-status-"))
    env = {key: value for key, value in os.environ.items() if key != "EBBTIDE_HOME"}
    env.update(XDG_CONFIG_HOME=str(root / "config"), XDG_DATA_HOME=str(root / "data"))
    paths = resolve_paths(None, env)
    paths.ensure()
    now = datetime.now().astimezone()
    with Journal.open(paths) as journal:
        med = journal.add_medication("baclofen", times=["08:00", "13:00", "20:00"])
        journal.add_medication("sertraline", times=["08:00"])
        journal.add_dose(med.id, amount_mg=10, scheduled_time="08:00")
        journal.add_checkin(mood=6, anxiety=3)
        journal.add_practice(PracticeRecord("breathe", "box", now - timedelta(minutes=5),
                                            300, 300, True))
    return env


def _time(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _instructions(argv: list[str], env: dict[str, str], out: Path) -> int:
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    match = re.search(r"^summary: (\d+)", out.read_text(), re.MULTILINE)
    if match is None:
        raise RuntimeError("callgrind wrote no summary")
    return int(match.group(1))


def run(rounds: int = 20) -> dict[str, float]:
    env = _prepare()
    status = [sys.executable, "-m", "ebbtide", "status"]
    version = [sys.executable, "-m", "ebbtide", "--version"]
    _time(status, env)  # warm the file cache for both
    _time(version, env)
    statuses: list[float] = []
    versions: list[float] = []
    for _ in range(rounds):
        statuses.append(_time(status, env))
        versions.append(_time(version, env))
    ratio = statistics.median(statuses) / statistics.median(versions)
    print(f"status: {statistics.median(statuses) * 1000:.0f} ms vs --version "
          f"{statistics.median(versions) * 1000:.0f} ms -> ratio {ratio:.2f} "
          f"(target <= {TARGET}), median of {rounds}")
    fastest = min(statuses) / min(versions)
    print(f"        fastest runs: {min(statuses) * 1000:.0f} ms vs "
          f"{min(versions) * 1000:.0f} ms -> ratio {fastest:.2f}")
    result = {"status_ratio": ratio}
    if shutil.which("valgrind"):
        out = Path(tempfile.mkdtemp(prefix="ebbtide-bench-callgrind-")) / "callgrind.out"
        ours, theirs = _instructions(status, env, out), _instructions(version, env, out)
        result["status_instructions_ratio"] = ours / theirs
        print(f"        instructions: {ours / 1e6:.0f} M vs {theirs / 1e6:.0f} M -> ratio "
              f"{ours / theirs:.2f} (steady whatever the load)")
    return result
