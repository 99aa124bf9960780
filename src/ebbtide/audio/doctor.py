"""Sound diagnostics for `ebbtide doctor`. Anything that touches native code (importing
simpleaudio, opening the ALSA device) runs in a child process, so a crash there is
reported rather than suffered."""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ebbtide.audio.player import SoundPlayer
from ebbtide.audio.synth import synthesise

PLAY_TEST_CUES = ("bell", "inhale", "exhale")
LATENCY_LIMIT = 0.020  # a cue should start within 20 ms of the request
# Let each cue ring out before the next, so a listener hears them one by one.
WAIT_FOR_CUES = True


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


@dataclass(frozen=True)
class CueCheck:
    name: str
    ok: bool
    latency: float | None
    detail: str


def _run_child(code: Sequence[str], timeout: float = 15.0) -> tuple[int, str]:
    try:
        done = subprocess.run([sys.executable, *code], capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return -1, "timed out"
    except OSError as exc:
        return -1, exc.strerror or str(exc)
    return done.returncode, done.stdout.strip()


def check_import(module: str = "simpleaudio") -> Check:
    """Import `module` in a child process; report its version or why it fails."""
    code = (
        "import importlib, importlib.metadata as m, sys\n"
        "try:\n"
        f"    importlib.import_module({module!r})\n"
        "except ImportError as exc:\n"
        "    print(exc); sys.exit(3)\n"
        "v = None\n"
        "for dist in ('simpleaudio', 'simpleaudio-312compat'):\n"
        "    try:\n"
        "        v = m.version(dist); break\n"
        "    except m.PackageNotFoundError:\n"
        "        pass\n"
        "print(v or '')\n"
    )
    rc, out = _run_child(["-c", code])
    if rc == 0:
        return Check(True, f"imports (version {out})" if out else "imports")
    if rc < 0 and out != "timed out":
        return Check(False, f"crashes on import (signal {-rc})")
    if rc == 3:
        return Check(False, "not installed (pip install 'ebbtide[audio]'; "
                            "building it needs the ALSA headers, e.g. libasound2-dev)")
    return Check(False, f"cannot be imported ({out or f'exit status {rc}'})")


def check_alsa_default() -> Check:
    """Can the ALSA `default` playback device be opened? (asked in a child process)"""
    rc, out = _run_child(["-m", "ebbtide.audio.doctor", "--probe-alsa"])
    try:
        result = json.loads(out.splitlines()[-1]) if out else {}
    except ValueError:
        result = {}
    if rc == 0 and result.get("ok"):
        return Check(True, "opens for playback")
    if "error" in result:
        return Check(False, str(result["error"]))
    return Check(False, f"probe failed ({out or f'exit status {rc}'})")


def probe_alsa_default() -> dict[str, object]:
    """In the child: snd_pcm_open("default", playback, non-blocking) through ctypes."""
    name = ctypes.util.find_library("asound") or "libasound.so.2"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return {"ok": False, "error": "libasound (ALSA) is not installed"}
    lib.snd_strerror.restype = ctypes.c_char_p
    handle = ctypes.c_void_p()
    playback, nonblock = 0, 1
    rc = lib.snd_pcm_open(ctypes.byref(handle), b"default", playback, nonblock)
    if rc < 0:
        reason = lib.snd_strerror(rc).decode(errors="replace")
        return {"ok": False, "error": f"cannot open: {reason}"}
    lib.snd_pcm_close(handle)
    return {"ok": True}


def play_test(volume: int, on_line: Callable[[CueCheck], None] | None = None,
              audio_module: str = "simpleaudio") -> tuple[bool, str, list[CueCheck]]:
    """Play bell, inhale and exhale through the real helper. Returns (passed, backend
    status, per-cue results); a cue passes when the helper started it."""
    notices: list[str] = []
    player = SoundPlayer(True, volume, on_notice=notices.append, bell=_no_bell,
                         audio_module=audio_module)
    checks: list[CueCheck] = []
    try:
        player.start()
        if not player.wait_ready(20.0):
            return False, player.reason or player.status, checks
        status = player.status
        for name in PLAY_TEST_CUES:
            request = player.request(name)
            result = player.wait_result(request, 5.0)
            if result is None:
                check = CueCheck(name, False, None, "no answer from the sound helper")
            elif result.played is None or result.backend != "simpleaudio":
                check = CueCheck(name, False, None, result.error or "not played")
            else:
                latency = result.latency or 0.0
                slow = "" if latency <= LATENCY_LIMIT else " (slower than 20 ms)"
                check = CueCheck(name, True, latency,
                                 f"started {latency * 1000:.1f} ms after the request{slow}")
            checks.append(check)
            if on_line is not None:
                on_line(check)
            if WAIT_FOR_CUES and check.ok:
                time.sleep(synthesise(name, volume).duration + 0.3)
    finally:
        player.close()
    passed = len(checks) == len(PLAY_TEST_CUES) and all(c.ok for c in checks)
    return passed, status, checks


def _no_bell() -> None:
    """The play test is about the real backend: never fall back to the terminal bell."""


if __name__ == "__main__":
    if sys.argv[1:] == ["--probe-alsa"]:
        print(json.dumps(probe_alsa_default()))
        sys.exit(0)
    sys.exit(2)
