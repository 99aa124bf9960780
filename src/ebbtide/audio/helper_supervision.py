"""The background thread of `SoundPlayer` (player.py): it starts the helper process,
hands it the requests queued meanwhile, reads its messages, restarts it once when it
dies, and gives up to the terminal bell (or silence) with one notice.

A mixin rather than an object of its own because it shares the player's lock and state:
`mode` moves between "starting", "helper", "bell", "silent" and "closed" from both sides.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Callable
from typing import IO

from ebbtide.audio.child_client import close_quietly, describe_exit, fatal_reason, messages
from ebbtide.audio.terminal_bell import terminal_bell


class HelperSupervision:
    """State `SoundPlayer` sets up in its `__init__`; all guarded by `_lock`."""

    _lock: threading.Condition
    _mode: str
    _reason: str
    _pid: int | None
    _proc: subprocess.Popen[bytes] | None
    _fd: int | None
    _pending: list[bytes]
    _inflight: dict[int, tuple[str, float, float, str]]
    _deaths: int
    _notified: bool
    _bell: Callable[[], None] | None
    _on_notice: Callable[[str], None] | None
    _command: list[str]
    _audio_module: str
    _env: dict[str, str]
    _max_restarts: int
    _ready_timeout: float
    _volume: int

    def _finish(self, request_id: int, name: str, planned: float, requested: float,
                played: float | None, backend: str, error: str | None,
                event: str = "cue") -> None:
        raise NotImplementedError  # SoundPlayer records and traces the outcome

    def _supervise(self) -> None:
        try:
            self._supervise_loop()
        except Exception as exc:  # never a traceback on the user's terminal
            self._give_up(f"sound failed ({type(exc).__name__}: {exc})")

    def _supervise_loop(self) -> None:
        while True:
            with self._lock:
                if self._mode == "closed":
                    return
                volume = self._volume
            command = [*self._command, "--module", self._audio_module, "--volume", str(volume)]
            try:
                proc = subprocess.Popen(
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, env=self._env, close_fds=True,
                    start_new_session=True,
                )
            except OSError as exc:
                self._give_up(f"the sound helper could not start ({exc.strerror or exc})")
                return
            assert proc.stdin is not None and proc.stdout is not None
            with self._lock:
                if self._mode == "closed":
                    proc.kill()
                    proc.wait()
                    return
                self._proc, self._fd = proc, proc.stdin.fileno()
                os.set_blocking(self._fd, False)
                pending, self._pending = self._pending, []
                for data in pending:
                    try:
                        os.write(self._fd, data)
                    except OSError:
                        break
            watchdog = threading.Timer(self._ready_timeout, self._not_ready, args=(proc,))
            watchdog.daemon = True
            watchdog.start()
            fatal = self._read(proc.stdout)
            watchdog.cancel()
            returncode = proc.wait()
            close_quietly(proc.stdin)
            close_quietly(proc.stdout)
            with self._lock:
                self._proc = self._fd = None
                self._pid = None
                if self._mode == "closed":
                    return
                self._fail_inflight("the sound helper stopped")
                if fatal is not None:
                    why = fatal
                    restart = False
                else:
                    self._deaths += 1
                    detail = self._reason or describe_exit(returncode)
                    restart = self._deaths <= self._max_restarts
                    times = {1: "", 2: " twice"}.get(self._deaths, f" {self._deaths} times")
                    why = f"the sound helper stopped{times} ({detail})"
                    if restart:
                        self._mode, self._reason = "starting", ""
                        self._lock.notify_all()
            if not restart:
                self._give_up(why)
                return

    def _not_ready(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            if self._mode == "starting" and self._proc is proc:
                self._reason = "did not start in time"
                proc.kill()

    def _read(self, stream: IO[bytes]) -> str | None:
        """Handle the helper's messages until its output ends. Returns the reason when
        the helper reported a problem that restarting cannot fix."""
        failures = 0
        for event, message in messages(stream):
            if event == "fatal":
                return fatal_reason(message, "the sound helper failed")
            if event == "ready":
                with self._lock:
                    if self._mode == "starting":
                        self._mode = "helper"
                    self._pid = int(message.get("pid", 0)) or None
                    self._lock.notify_all()
            elif event == "played":
                with self._lock:
                    entry = self._inflight.pop(int(message.get("id", -1)), None)
                    if entry is None:
                        continue
                    name, planned, requested, kind = entry
                    if message.get("ok"):
                        failures = 0
                        self._finish(int(message["id"]), name, planned, requested,
                                     float(message["started"]), "simpleaudio", None, kind)
                        continue
                    error = str(message.get("error", "playback failed"))
                    self._finish(int(message["id"]), name, planned, requested, None,
                                 "simpleaudio", error, kind)
                    if message.get("stale") or kind != "cue":
                        continue
                    failures += 1
                    if failures >= 2:
                        # The device keeps refusing: a restart will not fix that.
                        if self._proc is not None:
                            self._proc.kill()
                        return f"the audio device keeps failing ({error})"
        return None

    def _fail_inflight(self, why: str) -> None:
        """Caller holds the lock."""
        for request_id, (name, planned, requested, kind) in sorted(self._inflight.items()):
            self._finish(request_id, name, planned, requested, None, "simpleaudio", why, kind)
        self._inflight.clear()
        self._pending.clear()

    def _give_up(self, reason: str) -> None:
        with self._lock:
            if self._mode == "closed":
                return
            self._fail_inflight(reason)
            if self._bell is None:
                self._bell = terminal_bell()
            self._mode = "bell" if self._bell is not None else "silent"
            self._reason = reason
            self._lock.notify_all()
            notify = not self._notified
            self._notified = True
            fallback = ("Using the terminal bell instead." if self._mode == "bell"
                        else "Sessions continue without sound.")
        if notify and self._on_notice is not None:
            with contextlib.suppress(Exception):
                self._on_notice(f"Sound is off: {reason}. {fallback}")
