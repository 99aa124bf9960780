"""`Soundscape`: what the app calls to play a soundscape under a session.

The sound itself is made and played by ``python -m ebbtide.audio.soundscape_player`` (see
there), a child process of its own, so the cues, bells and voice keep their own helper
and play over it. The same guarantees as `player.SoundPlayer`:

- `start()` returns at once (the process is spawned from a background thread);
  `set_volume`, `fade_out` and `close` never block for long and never raise;
- a crash, hang or missing device is survived: the soundscape goes quiet and `on_notice`
  is called once with a one-line reason; the session goes on.

Trace (core/trace.py): ``soundscape`` events with ``action`` "start" (`planned`: when it
was asked for, `actual`: when its first block reached the device) and "stop" (`planned`:
when the stop was asked for, or the end was due; `actual`: when it ended; `reason`).
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
from typing import IO, Any

from ebbtide.audio.child_client import describe_exit, fatal_reason, helper_environment, messages
from ebbtide.audio.soundscape import label
from ebbtide.core import trace

PLAYER_MODULE = "ebbtide.audio.soundscape_player"
QUIT_WAIT = 0.5


class Soundscape:
    def __init__(
        self,
        kind: str,
        volume: int,
        *,
        seconds: float | None = None,
        fade_in: float | None = None,
        fade_out: float | None = None,
        on_notice: Callable[[str], None] | None = None,
        audio_module: str = "simpleaudio",
        env: Mapping[str, str] | None = None,
        extra_args: Sequence[str] = (),
        command: Sequence[str] | None = None,
    ) -> None:
        """`seconds`: the whole length, fades included (None: until `fade_out`/`close`).
        `extra_args` go to the player process (tests: a seed, shorter blocks)."""
        self.kind = kind
        self._volume = max(0, min(100, int(volume)))
        self._seconds = seconds
        self._on_notice = on_notice
        self._audio_module = audio_module
        self._env = helper_environment(env)
        args = [*(command or [sys.executable, "-m", PLAYER_MODULE]), "--kind", kind,
                "--volume", str(self._volume), "--module", audio_module, *extra_args]
        if seconds is not None:
            args += ["--seconds", f"{seconds:g}"]
        if fade_in is not None:
            args += ["--fade-in", f"{fade_in:g}"]
        if fade_out is not None:
            args += ["--fade-out", f"{fade_out:g}"]
        self._args = args
        self._lock = threading.Condition()
        self._state = "new"  # new, starting, playing, ended, closed
        self._proc: subprocess.Popen[bytes] | None = None
        self._requested = 0.0
        self._stop_requested: float | None = None
        self._started: float | None = None
        self._end_reason: str | None = None
        self._notified = False
        self._pending: list[bytes] = []
        self._pid: int | None = None

    # ----------------------------------------------------------------- public API

    def start(self) -> None:
        with self._lock:
            if self._state != "new":
                return
            self._state = "starting"
            self._requested = time.monotonic()
        threading.Thread(target=self._supervise, name="ebbtide-soundscape",
                         daemon=True).start()

    def set_volume(self, volume: int) -> None:
        self._volume = max(0, min(100, int(volume)))
        self._send({"op": "volume", "volume": self._volume})

    def fade_out(self, seconds: float) -> None:
        """Fade to silence over `seconds` (from the next block, at most ~4 s away) and end."""
        with self._lock:
            if self._stop_requested is None:
                self._stop_requested = time.monotonic()
        self._send({"op": "fade", "seconds": max(0.1, float(seconds))})

    def close(self) -> None:
        """Stop now. Waits at most ~0.5 s for the process to go."""
        with self._lock:
            if self._state in ("closed", "new"):
                self._state = "closed"
                return
            if self._stop_requested is None:
                self._stop_requested = time.monotonic()
            proc = self._proc
            self._state = "closed"
        self._send({"op": "quit"})
        if proc is not None:
            with contextlib.suppress(OSError):
                if proc.stdin is not None:
                    proc.stdin.close()
            try:
                proc.wait(timeout=QUIT_WAIT)
            except subprocess.TimeoutExpired:
                proc.kill()

    @property
    def playing(self) -> bool:
        with self._lock:
            return self._state == "playing"

    @property
    def pid(self) -> int | None:
        """The player process, once it said it is ready (tests)."""
        with self._lock:
            return self._pid

    @property
    def started_at(self) -> float | None:
        with self._lock:
            return self._started

    @property
    def end_reason(self) -> str | None:
        """None while it plays or starts; then "done", "quit" or what went wrong."""
        with self._lock:
            return self._end_reason

    def wait_started(self, timeout: float) -> bool:
        """Tests and benchmarks only: block until the first block plays (True) or it ended."""
        with self._lock:
            self._lock.wait_for(lambda: self._started is not None
                                or self._end_reason is not None, timeout)
            return self._started is not None

    def wait_ended(self, timeout: float) -> str | None:
        with self._lock:
            self._lock.wait_for(lambda: self._end_reason is not None, timeout)
            return self._end_reason

    # ----------------------------------------------------------------- internals

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message, separators=(",", ":")).encode() + b"\n"
        with self._lock:
            proc = self._proc
            if proc is None and self._state in ("new", "starting"):
                self._pending.append(data)  # sent once the process is there
                return
        if proc is None or proc.stdin is None:
            return
        with contextlib.suppress(OSError, ValueError):  # it died, or we closed its pipe
            os.write(proc.stdin.fileno(), data)

    def _supervise(self) -> None:
        try:
            proc = subprocess.Popen(self._args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, env=self._env, close_fds=True,
                                    start_new_session=True)
        except OSError as exc:
            self._end(f"the soundscape could not start ({exc.strerror or exc})", None)
            return
        assert proc.stdin is not None and proc.stdout is not None
        os.set_blocking(proc.stdin.fileno(), False)
        with self._lock:
            closed = self._state == "closed"
            self._proc = proc
            pending, self._pending = self._pending, []
        if closed:
            proc.kill()
        for data in pending:
            with contextlib.suppress(OSError):
                os.write(proc.stdin.fileno(), data)
        problem = self._read(proc.stdout)
        returncode = proc.wait()
        with contextlib.suppress(OSError):
            proc.stdout.close()
        with self._lock:
            self._proc = None
            closed = self._state == "closed"
        if closed:
            self._end("quit", None)  # closed by the app: whatever happened, no notice
        else:
            self._end(problem or f"the soundscape stopped ({describe_exit(returncode)})", None)

    def _read(self, stream: IO[bytes]) -> str | None:
        """Messages until the output ends; the reason when the process reported one."""
        for event, message in messages(stream):
            if event == "ready":
                with self._lock:
                    self._pid = int(message.get("pid", 0)) or None
            elif event == "started":
                with self._lock:
                    self._started = float(message.get("t", time.monotonic()))
                    self._state = "playing" if self._state == "starting" else self._state
                    self._lock.notify_all()
                trace.emit("soundscape", self._requested, self._started, action="start",
                           kind=self.kind, volume=self._volume)
            elif event == "note":
                self._notify(f"Soundscape: {message.get('text', '')}.")
            elif event == "ended":
                self._end(str(message.get("reason", "done")), float(message.get("t", 0)))
            elif event == "fatal":
                return fatal_reason(message, "the soundscape failed")
        return None

    def _end(self, reason: str, ended: float | None) -> None:
        with self._lock:
            if self._end_reason is not None:
                return
            self._end_reason = reason
            was_started = self._started is not None
            if self._state != "closed":
                self._state = "ended"
            self._lock.notify_all()
            planned = self._stop_requested
        actual = ended if ended else time.monotonic()
        if planned is None:
            planned = actual
        trace.emit("soundscape", planned, actual, action="stop", kind=self.kind,
                   reason=reason, played=was_started)
        if reason not in ("done", "quit"):
            self._notify(f"{label(self.kind)} stopped: {reason}. The session goes on "
                         "without it.")

    def _notify(self, text: str) -> None:
        with self._lock:
            if self._notified:
                return
            self._notified = True
        if self._on_notice is not None:
            with contextlib.suppress(Exception):
                self._on_notice(text)
