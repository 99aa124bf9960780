"""`SoundPlayer`: what the UI calls to play cues.

simpleaudio (unmaintained, native, known to segfault on some Pythons) only ever runs in a
long-lived helper process, ``python -m ebbtide.audio.helper``, started with
`subprocess.Popen` and fed JSON lines over its stdin; it answers over its stdout with the
monotonic time each cue started. A plain subprocess rather than `multiprocessing`:
spawn-mode multiprocessing re-imports the app's ``__main__`` (Textual and all) in the
child and needs pickling and a resource tracker, while a subprocess is a clean
interpreter with a tiny explicit protocol, easy to kill in tests, and independent of how
the app was launched.

Guarantees to the caller:
- `start()` returns at once: the helper is spawned from a background thread.
- `play()` never blocks and never raises: it writes one short line to a non-blocking pipe
  (atomic, far below PIPE_BUF); a full pipe means the helper hangs and it is killed.
- When the helper dies it is restarted once. If it dies again, or cannot start at all
  (simpleaudio missing, no audio device), the player falls back to the terminal bell,
  then to silence, and calls `on_notice` exactly once with a one-line reason.

Every `play()` ends in exactly one trace event ``cue`` (see core/trace.py) with `name`,
`planned`, `actual` (request time), `played` (helper's start time, or null) and
`backend`; every `play_file()` in one ``speech`` event with the same fields (`name` is
the caller's label, e.g. "step 3"). Files never fall back to the bell: without the
helper, speech is simply not heard and the text stays on screen.

Threads: `on_notice` is called from the player's background thread (a Textual app should
wrap it with `call_from_thread`); `bell` is called from the thread that calls `play()`.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebbtide.audio.child_client import close_quietly, helper_environment
from ebbtide.audio.helper_supervision import HelperSupervision
from ebbtide.audio.synth import is_cue
from ebbtide.audio.terminal_bell import terminal_bell
from ebbtide.core import trace

HELPER_MODULE = "ebbtide.audio.helper"
BACKENDS = ("auto", "simpleaudio", "bell", "silent")


@dataclass(frozen=True)
class PlayResult:
    request_id: int
    name: str
    requested: float
    played: float | None
    backend: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.played is not None

    @property
    def latency(self) -> float | None:
        """Seconds from the request to the start of playback."""
        return None if self.played is None else self.played - self.requested


class SoundPlayer(HelperSupervision):
    def __init__(
        self,
        enabled: bool,
        volume: int,
        backend: str = "auto",
        on_notice: Callable[[str], None] | None = None,
        *,
        bell: Callable[[], None] | None = None,
        audio_module: str = "simpleaudio",
        helper_command: Sequence[str] | None = None,
        helper_env: Mapping[str, str] | None = None,
        max_restarts: int = 1,
        own_sounds: Mapping[str, Path] | None = None,
        ready_timeout: float = 10.0,
        reply_timeout: float = 2.0,
    ) -> None:
        """`backend`: "auto"/"simpleaudio" (helper, then bell, then silence), "bell" or
        "silent". `bell`: the fallback (default: BEL to /dev/tty when there is one).
        `audio_module`, `helper_command`, `helper_env`: for tests and `ebbtide doctor`.
        `own_sounds`: WAV files (checked, see own_sounds.py) played instead of these cues,
        as recorded (the volume setting does not scale them)."""
        self._enabled = enabled
        self._volume = _clamp(volume)
        self._backend = backend if backend in BACKENDS else "auto"
        self._on_notice = on_notice
        self._bell = bell
        self._audio_module = audio_module
        self._own_sounds = dict(own_sounds or {})  # cue name -> the person's checked WAV
        self._command = list(helper_command) if helper_command else [sys.executable, "-m",
                                                                     HELPER_MODULE]
        self._env = helper_environment(helper_env)
        self._max_restarts = max_restarts
        self._ready_timeout = ready_timeout
        self._reply_timeout = reply_timeout

        self._lock = threading.Condition()
        self._mode = "new"  # new, starting, helper, bell, silent, closed
        self._reason = ""
        self._pid: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._fd: int | None = None
        self._pending: list[bytes] = []
        self._inflight: dict[int, tuple[str, float, float, str]] = {}
        self._results: dict[int, PlayResult] = {}
        self._next_id = 0
        self._deaths = 0
        self._notified = False
        self._thread: threading.Thread | None = None

    # ----------------------------------------------------------------- public API

    def start(self) -> None:
        """Begin starting the helper in the background; returns immediately."""
        with self._lock:
            if self._mode != "new":
                return
            if self._backend == "silent":
                self._mode, self._reason = "silent", "sound backend set to silent"
                return
            if self._backend == "bell":
                if self._bell is None:
                    self._bell = terminal_bell()
                self._mode, self._reason = "bell", "chosen in settings"
                return
            self._mode = "starting"
            self._thread = threading.Thread(target=self._supervise, name="ebbtide-sound",
                                            daemon=True)
        self._thread.start()

    def play(self, name: str, planned: float | None = None) -> None:
        """Play cue `name` (planned for monotonic time `planned`). Returns at once; never
        blocks, never raises. Fits `ebbtide.tui.cues.CuePlayer`."""
        self.request(name, planned)

    def request(self, name: str, planned: float | None = None) -> int:
        """`play`, returning a request id for `wait_result` (doctor and tests)."""
        requested = time.monotonic()
        planned_at = requested if planned is None else planned
        if self._mode == "new":
            self.start()  # forgiving: the cue waits in the pipe until the helper is ready
        own = self._own_sounds.get(name)
        if own is not None and self._enabled and self._volume > 0 \
                and self._mode in ("starting", "helper"):
            return self.play_file(own, planned, label=name, event="cue", stale_after=1.5)
        use_bell = False
        with self._lock:
            self._next_id += 1
            request_id = self._next_id
            mode = self._mode
            if not is_cue(name):
                self._finish(request_id, name, planned_at, requested, None, "none",
                             f"unknown cue {name!r}")
            elif not self._enabled or self._volume == 0 or mode in ("silent", "closed"):
                reason = "sound is off" if not self._enabled else (
                    "volume is 0" if self._volume == 0 else self._reason or mode)
                self._finish(request_id, name, planned_at, requested, None, "silent", reason)
            elif mode == "bell":
                use_bell = True
            else:
                self._send_play(request_id, name, planned_at, requested)
        if use_bell:
            self._ring(request_id, name, planned_at, requested)
        return request_id

    def play_file(self, path: str | Path, planned: float | None = None, *,
                  label: str = "", event: str = "speech", stale_after: float = 5.0) -> int:
        """Play a WAV file (rendered speech) in the helper at `planned`. Returns at once
        with a request id; never raises. Dropped when the helper gets it `stale_after`
        seconds late (a step's words long after the step began would confuse)."""
        requested = time.monotonic()
        planned_at = requested if planned is None else planned
        if self._mode == "new":
            self.start()
        with self._lock:
            self._next_id += 1
            request_id = self._next_id
            if not self._enabled or self._mode not in ("starting", "helper"):
                reason = "sound is off" if not self._enabled else self._reason or self._mode
                self._finish(request_id, label, planned_at, requested, None, "silent", reason,
                             event)
            else:
                self._send(request_id, label, planned_at, requested, event,
                           {"op": "play_file", "id": request_id, "path": str(path),
                            "t": requested, "stale": stale_after})
        return request_id

    def hush(self) -> None:
        """Stop the files playing (speech); cues and bells ring on."""
        with self._lock:
            if self._mode in ("starting", "helper"):
                self._write({"op": "hush"})

    def set_volume(self, volume: int) -> None:
        """New volume (0-100) for the next cues; the helper prepares them in advance."""
        with self._lock:
            self._volume = _clamp(volume)
            if self._mode in ("starting", "helper"):
                self._write({"op": "warm", "volume": self._volume})

    def set_enabled(self, enabled: bool) -> None:
        with self._lock:
            self._enabled = enabled

    @property
    def volume(self) -> int:
        return self._volume

    @property
    def status(self) -> str:
        """A short human description, e.g. "simpleaudio (helper pid 1234)"."""
        with self._lock:
            mode, reason = self._mode, self._reason
            if not self._enabled:
                return "silent: sound is off in settings"
            if mode == "helper":
                return f"{self._audio_module} (helper pid {self._pid})"
            if mode in ("new", "starting"):
                return f"{self._audio_module} (helper starting)"
            if mode == "bell":
                return f"terminal bell: {reason}"
            if mode == "closed":
                return "silent: sound closed"
            return f"silent: {reason}"

    @property
    def reason(self) -> str:
        """Why sound is not coming from the helper ("" while it is, or may still be)."""
        with self._lock:
            return "" if self._mode in ("new", "starting", "helper") else self._reason

    @property
    def backend(self) -> str:
        """"simpleaudio" (helper running or starting), "bell", "silent" or "closed"."""
        with self._lock:
            return {"new": "simpleaudio", "starting": "simpleaudio",
                    "helper": "simpleaudio"}.get(self._mode, self._mode)

    @property
    def helper_pid(self) -> int | None:
        with self._lock:
            return self._pid if self._mode == "helper" else None

    def wait_ready(self, timeout: float) -> bool:
        """Block until the helper is ready or the player gave up on it; True when the
        helper plays. For `ebbtide doctor` and tests, never for the UI."""
        with self._lock:
            self._lock.wait_for(lambda: self._mode not in ("new", "starting"), timeout)
            return self._mode == "helper"

    def wait_result(self, request_id: int, timeout: float) -> PlayResult | None:
        """Block until request `request_id` has an outcome (doctor and tests only)."""
        with self._lock:
            self._lock.wait_for(lambda: request_id in self._results, timeout)
            return self._results.get(request_id)

    def close(self) -> None:
        """Stop sounds and the helper. Waits at most ~0.2 s."""
        with self._lock:
            if self._mode == "closed":
                return
            self._mode = "closed"
            proc, fd = self._proc, self._fd
            self._proc = self._fd = None
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.write(fd, b'{"op":"quit"}\n')
            self._lock.notify_all()
        if proc is not None:
            close_quietly(proc.stdin)
            try:
                proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                proc.kill()

    # ----------------------------------------------------------------- internals

    def _send_play(self, request_id: int, name: str, planned: float, requested: float) -> None:
        self._send(request_id, name, planned, requested, "cue",
                   {"op": "play", "id": request_id, "cue": name, "volume": self._volume,
                    "t": requested})

    def _send(self, request_id: int, name: str, planned: float, requested: float, event: str,
              message: dict[str, Any]) -> None:
        """Caller holds the lock."""
        self._inflight[request_id] = (name, planned, requested, event)
        oldest = next(iter(self._inflight.values()))[2]  # dicts keep request order
        if self._mode == "helper" and requested - oldest > self._reply_timeout:
            self._kill("not responding")
            return
        self._write(message)

    def _write(self, message: dict[str, Any]) -> None:
        """Caller holds the lock."""
        data = json.dumps(message, separators=(",", ":")).encode() + b"\n"
        if self._fd is None:
            self._pending.append(data)
            return
        try:
            os.write(self._fd, data)
        except BlockingIOError:
            self._kill("not responding")
        except OSError:
            pass  # it died; the reader thread sees the end of its output and acts

    def _kill(self, why: str) -> None:
        self._reason = why
        if self._proc is not None:
            with contextlib.suppress(OSError):
                self._proc.kill()

    def _ring(self, request_id: int, name: str, planned: float, requested: float) -> None:
        """Fallback: the terminal bell, outside the lock (the UI's bell may take a moment)."""
        ring = self._bell
        if ring is None:
            self._finish_locked(request_id, name, planned, requested, None, "silent",
                                "no terminal bell")
            return
        if name == "hold":
            # A bell for every hold would be noise; the next phase's bell marks it.
            self._finish_locked(request_id, name, planned, requested, None, "bell",
                                "no bell for holds")
            return
        try:
            ring()
        except Exception as exc:
            with self._lock:
                self._mode, self._reason = "silent", f"terminal bell failed ({exc})"
            self._finish_locked(request_id, name, planned, requested, None, "silent",
                                "terminal bell failed")
            return
        self._finish_locked(request_id, name, planned, requested, time.monotonic(), "bell",
                            None)

    def _finish_locked(self, request_id: int, name: str, planned: float, requested: float,
                       played: float | None, backend: str, error: str | None) -> None:
        with self._lock:
            self._finish(request_id, name, planned, requested, played, backend, error)

    def _finish(self, request_id: int, name: str, planned: float, requested: float,
                played: float | None, backend: str, error: str | None,
                event: str = "cue") -> None:
        """Record an outcome and trace it. Caller holds the lock."""
        self._results[request_id] = PlayResult(request_id, name, requested, played, backend,
                                               error)
        if len(self._results) > 256:
            for old in sorted(self._results)[:128]:
                del self._results[old]
        fields: dict[str, Any] = {"name": name, "played": played, "backend": backend}
        if error is not None:
            fields["error"] = error
        trace.emit(event, planned, requested, **fields)
        self._lock.notify_all()


def _clamp(volume: int) -> int:
    try:
        return max(0, min(100, int(volume)))
    except (TypeError, ValueError):
        return 60
