"""Breathing-session timing and CPU (issue 3): a 1-minute session of a 2-2-2-2 user pattern
in a 100x32 pseudo-terminal, traced with EBBTIDE_TRACE, while a busy loop keeps one core
busy. Reports phase-start lateness (p99, max), the end-of-session error, and the app's CPU
seconds over the session against a bare Textual app redrawing one line at 30 fps for the
same time under the same load. Also a --reduced-motion session. Medians of the rounds."""

from __future__ import annotations

import math
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.ptyrun import (
    PtyProcess,
    TraceTail,
    busy_core,
    spawn,
    stop_busy,
    tree_cpu_seconds,
)
from ebbtide.core.paths import resolve_paths
from ebbtide.core.state import AppState

BARE = Path(__file__).with_name("bare_redraw_app.py")
BARE_MARKER = b"Bare redraw ready"
PATTERN_ID = "two-square"
PATTERN_TOML = """\
name = "Two square"
purpose = "Benchmark pattern: two seconds each side."
default_minutes = 1

[[phases]]
kind = "inhale"
seconds = 2.0

[[phases]]
kind = "hold"
seconds = 2.0

[[phases]]
kind = "exhale"
seconds = 2.0

[[phases]]
kind = "hold-out"
seconds = 2.0
"""
COLUMNS, ROWS = 100, 32
PHASE_TARGET_MS = 35.0
END_TARGET_MS = 50.0
CPU_TARGET = 0.6
CTRL_Q = b"\x11"


@dataclass
class SessionRun:
    phase_errors_ms: list[float]  # |actual - planned| of every phase_start
    end_error_ms: float  # session_end actual - planned
    seconds: float  # session_start -> session_end, as traced
    window: float  # wall seconds between the two CPU samples
    cpu: float  # app process CPU seconds over the window
    tree_cpu: float  # app + descendants (sound helper)
    bytes_out: int  # bytes drawn to the terminal over the window

    @property
    def p99_ms(self) -> float:
        return percentile(self.phase_errors_ms, 99)

    @property
    def max_ms(self) -> float:
        return max(self.phase_errors_ms)


def percentile(values: list[float], pct: float) -> float:
    """Linear-interpolated percentile (numpy's default)."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def prepare_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="ebbtide-bench-pacer-"))
    paths = resolve_paths(home)
    paths.ensure()
    AppState(paths.state_file, {"welcome_acknowledged": "bench"}).save()
    paths.patterns_dir.mkdir(parents=True, exist_ok=True)
    (paths.patterns_dir / f"{PATTERN_ID}.toml").write_text(PATTERN_TOML, encoding="utf-8")
    return home


def quit_app(process: PtyProcess) -> None:
    process.send(CTRL_Q)
    deadline = time.monotonic() + 10
    while process.proc.poll() is None and time.monotonic() < deadline:
        process.read_available(0.05)


def run_session(home: Path, *, reduced_motion: bool, minutes: int = 1) -> SessionRun:
    trace_path = home / f"trace-{time.monotonic_ns()}.jsonl"
    argv = [sys.executable, "-m", "ebbtide", "--data-dir", str(home)]
    if reduced_motion:
        argv.append("--reduced-motion")
    argv += ["breathe", PATTERN_ID, "--minutes", str(minutes), "--start-delay", "0",
             "--skip-ratings"]
    process = spawn(argv, columns=COLUMNS, rows=ROWS, env={"EBBTIDE_TRACE": str(trace_path)})
    tail = TraceTail(trace_path)
    try:
        start, _ = tail.wait_for(process, "session_start", timeout=60)
        cpu0, tree0, out0, t0 = (process.cpu_seconds(), tree_cpu_seconds(process.proc.pid),
                                 len(process.output), time.monotonic())
        end, _ = tail.wait_for(process, "session_end", timeout=minutes * 60 + 60)
        cpu1, tree1, out1, t1 = (process.cpu_seconds(), tree_cpu_seconds(process.proc.pid),
                                 len(process.output), time.monotonic())
        quit_app(process)
    finally:
        process.stop()
    phases = [e for e in tail.events if e["event"] == "phase_start"]
    errors = [abs(float(e["actual"]) - float(e["planned"])) * 1000  # type: ignore[arg-type]
              for e in phases]
    return SessionRun(
        phase_errors_ms=errors,
        end_error_ms=(float(end["actual"]) - float(end["planned"])) * 1000,  # type: ignore[arg-type]
        seconds=float(end["actual"]) - float(start["actual"]),  # type: ignore[arg-type]
        window=t1 - t0,
        cpu=cpu1 - cpu0,
        tree_cpu=tree1 - tree0,
        bytes_out=out1 - out0,
    )


def run_bare(seconds: float) -> tuple[float, int]:
    """CPU seconds and bytes drawn by the bare 30 fps app over `seconds`."""
    process = spawn([sys.executable, str(BARE)], columns=COLUMNS, rows=ROWS)
    try:
        process.wait_for(BARE_MARKER)
        process.drain(0.5)
        cpu0, out0 = process.cpu_seconds(), len(process.output)
        process.drain(seconds)
        return process.cpu_seconds() - cpu0, len(process.output) - out0
    finally:
        process.stop()


def run(rounds: int = 3, minutes: int = 1) -> dict[str, float]:
    home = prepare_home()
    expected = 64.0 * minutes  # 60 s of 8 s cycles rounds up to whole cycles
    load = busy_core()
    motion: list[SessionRun] = []
    still: list[SessionRun] = []
    bare: list[tuple[float, int]] = []
    try:
        for index in range(rounds):
            steps = ["motion", "still", "bare"]
            order = steps[index % 3:] + steps[:index % 3]  # rotate who goes first
            for step in order:
                if step == "motion":
                    motion.append(run_session(home, reduced_motion=False, minutes=minutes))
                elif step == "still":
                    still.append(run_session(home, reduced_motion=True, minutes=minutes))
                else:
                    seconds = (motion[-1].window if motion else expected)
                    bare.append(run_bare(seconds))
            print(f"  round {index + 1}: " + "; ".join(_round_line(r, tag) for r, tag in
                  ((motion[-1], "motion"), (still[-1], "reduced"))) +
                  f"; bare {bare[-1][0]:.2f} s CPU, {bare[-1][1] / 1024:.0f} KiB out; "
                  f"load average {_loadavg()}", flush=True)
    finally:
        stop_busy(load)
    return report(motion, still, bare, rounds)


def _loadavg() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def _round_line(r: SessionRun, tag: str) -> str:
    return (f"{tag} p99 {r.p99_ms:.1f} ms max {r.max_ms:.1f} ms end {r.end_error_ms:+.1f} ms "
            f"{r.seconds:.2f} s, CPU {r.cpu:.2f} s (tree {r.tree_cpu:.2f}), "
            f"{r.bytes_out / 1024:.0f} KiB out")


def report(motion: list[SessionRun], still: list[SessionRun],
           bare: list[tuple[float, int]], rounds: int) -> dict[str, float]:
    med = statistics.median
    # CPU per wall second, so a slightly longer or shorter window does not skew the ratio.
    bare_rate = med(b[0] for b in bare) / med(r.window for r in motion)
    results: dict[str, float] = {}
    for runs, tag in ((motion, "motion"), (still, "reduced")):
        p99, worst = med(r.p99_ms for r in runs), med(r.max_ms for r in runs)
        pooled = percentile([e for r in runs for e in r.phase_errors_ms], 99)
        end = med(abs(r.end_error_ms) for r in runs)
        rate = med(r.cpu / r.window for r in runs)
        tree_rate = med(r.tree_cpu / r.window for r in runs)
        ratio, tree_ratio = rate / bare_rate, tree_rate / bare_rate
        count = len(runs[0].phase_errors_ms)
        print(f"{tag}: {count} phase starts in {med(r.seconds for r in runs):.2f} s; "
              f"phase error p99 {p99:.1f} ms, max {worst:.1f} ms "
              f"(target p99 <= {PHASE_TARGET_MS:.0f} ms; pooled p99 {pooled:.1f} ms)")
        print(f"{tag}: end-of-session error {end:.1f} ms (target <= {END_TARGET_MS:.0f} ms)")
        print(f"{tag}: CPU {rate * 100:.1f}% of a core vs bare 30 fps {bare_rate * 100:.1f}% "
              f"-> ratio {ratio:.2f} (target <= {CPU_TARGET}); "
              f"with sound helper {tree_ratio:.2f}")
        results.update({f"{tag}_phase_p99_ms": p99, f"{tag}_phase_max_ms": worst,
                        f"{tag}_end_ms": end, f"{tag}_cpu_ratio": ratio})
    print(f"(median of {rounds} rounds, one core kept busy throughout, {COLUMNS}x{ROWS})")
    return results


if __name__ == "__main__":
    run()
