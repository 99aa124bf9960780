"""Cue synthesis time (the helper generates every cue once; the issue wants it never to
hold up a session). Baseline in the same run: writing the same number of samples of
silence, which is the least any generator has to do."""

from __future__ import annotations

import statistics
import time
from array import array

from ebbtide.audio import synth
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
    return {"synth_ms": synth_ms}
