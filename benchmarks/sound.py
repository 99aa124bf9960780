"""Cue synthesis time (the helper generates every cue once; the issue wants it never to
hold up a session). Baseline in the same run: writing the same number of samples of
silence, which is the least any generator has to do.

Then cue latency through the real helper (simpleaudio into ALSA's `file` plugin, so no
speaker is needed): from the request to the moment the cue started, median and p99 over 50
plays (target: median under 20 ms), and how long `play()` itself takes (it must return at
once). The tests check the behaviour; these figures are measurements.

Then the opening bell (issue 16, item 5): `ebbtide timer --start-delay 0` in a pseudo-
terminal, sound into ALSA's `file` plugin, traced: from the bell's planned time (the
session's start) to the moment the helper handed it to the device, over a few launches.
The helper has to be running by then, so it is started as the app starts."""

from __future__ import annotations

import importlib.util
import statistics
import sys
import tempfile
import time
from array import array
from pathlib import Path

from ebbtide.audio import synth
from ebbtide.audio.player import SoundPlayer
from ebbtide.audio.synth import CUE_NAMES, synthesise


def run(rounds: int = 7) -> dict[str, float]:
    ours: list[float] = []
    baseline: list[float] = []
    for _ in range(rounds):
        synth.clear_cache()
        started = time.perf_counter()
        cues = [synthesise(name, 60) for name in CUE_NAMES]
        ours.append(time.perf_counter() - started)
        frames = sum(cue.frames for cue in cues)
        started = time.perf_counter()
        array("h", bytes(2 * frames)).tobytes()
        baseline.append(time.perf_counter() - started)
    synth_ms = statistics.median(ours) * 1000
    base_ms = statistics.median(baseline) * 1000
    print(f"sound: all {len(CUE_NAMES)} cues synthesised in {synth_ms:.0f} ms "
          f"(in the helper process, once) vs {base_ms:.2f} ms to write as much silence")
    return {"synth_ms": synth_ms, **cue_latency(), **opening_bell()}


def alsa_file_home(folder: str, capture: str = "/dev/null") -> str:
    """A HOME whose ALSA default device writes raw PCM to `capture`, not a speaker."""
    Path(folder, ".asoundrc").write_text(
        f'pcm.!default {{ type file slave.pcm "null" file "{capture}" format "raw" }}\n')
    return folder


def opening_bell(launches: int = 5) -> dict[str, float]:
    if importlib.util.find_spec("simpleaudio") is None:
        print("sound: opening bell not measured (simpleaudio is not installed)")
        return {}
    from benchmarks.pacer import COLUMNS, ROWS, quit_app
    from benchmarks.ptyrun import TraceTail, spawn
    from ebbtide.core.paths import resolve_paths
    from ebbtide.core.state import AppState

    lateness: list[float] = []
    with tempfile.TemporaryDirectory() as home:
        paths = resolve_paths(Path(home, "data"))
        paths.ensure()
        AppState(paths.state_file, {"welcome_acknowledged": "bench"}).save()
        for index in range(launches):
            trace_path = Path(home, f"trace-{index}.jsonl")
            argv = [sys.executable, "-m", "ebbtide", "--data-dir", str(Path(home, "data")),
                    "timer", "--minutes", "1", "--start-delay", "0", "--skip-ratings"]
            process = spawn(argv, columns=COLUMNS, rows=ROWS,
                            env={"EBBTIDE_TRACE": str(trace_path),
                                 "HOME": alsa_file_home(home)})
            tail = TraceTail(trace_path)
            try:
                cue, _ = tail.wait_for(process, "cue", timeout=60)
                quit_app(process)
            finally:
                process.stop()
            if cue.get("played") is None:
                print(f"sound: opening bell not played ({cue.get('error')})")
                return {}
            lateness.append((float(cue["played"]) - float(cue["planned"])) * 1000)  # type: ignore[arg-type]
    print(f"sound: opening bell after its planned time over {launches} launches: median "
          f"{statistics.median(lateness):.1f} ms, max {max(lateness):.1f} ms "
          f"(target: like any cue, a few ms)")
    return {"opening_bell_median_ms": statistics.median(lateness),
            "opening_bell_max_ms": max(lateness)}


def cue_latency(plays: int = 50) -> dict[str, float]:
    if importlib.util.find_spec("simpleaudio") is None:
        print("sound: cue latency not measured (simpleaudio is not installed)")
        return {}
    with tempfile.TemporaryDirectory() as home:
        player = SoundPlayer(True, 60, helper_env={"HOME": alsa_file_home(home)})
        try:
            player.start()
            if not player.wait_ready(20.0):
                print(f"sound: cue latency not measured ({player.status})")
                return {}
            latencies: list[float] = []
            calls: list[float] = []
            for index in range(plays):
                before = time.perf_counter()
                request = player.request("hold" if index % 2 else "inhale",
                                         planned=time.monotonic())
                calls.append(time.perf_counter() - before)
                result = player.wait_result(request, 5.0)
                if result is None or result.latency is None:
                    print(f"sound: cue {index} had no outcome ({player.status})")
                    return {}
                latencies.append(result.latency)
                time.sleep(0.02)  # cues in a session come apart, not back to back
        finally:
            player.close()
    latencies.sort()
    median = statistics.median(latencies) * 1000
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
    call_max = max(calls) * 1000
    print(f"sound: cue latency over {plays} plays: median {median:.2f} ms, p99 {p99:.2f} ms, "
          f"max {latencies[-1] * 1000:.2f} ms (target: median < 20 ms); "
          f"play() call max {call_max:.2f} ms")
    return {"latency_median_ms": median, "latency_p99_ms": p99, "play_call_max_ms": call_max}
