"""`SpeechRenderer`: renders a script's steps to WAV files ahead of time, in the background.

Synthesis never runs in the app's process: the engine (see speech_engine.py) is its own
program. Kokoro runs as one process per preparation that reads one step per line and
answers ``Wrote FILE`` on its standard error; espeak-ng runs once per step. This module
only feeds them, waits with a time limit, and keeps what they wrote (speech_cache.py).

Guarantees to the caller:
- `prepare()` returns at once; a background thread renders the steps not yet cached,
  in order (so the first steps are ready first), calling `on_progress(done, total)`.
- A crash or hang of the engine is survived: the engine is killed, restarted once, and
  if it fails again (or there is no engine at all) the renderer gives up, calls
  `on_notice` exactly once with a sentence, and sessions go on with text and bells.
- `ready(text)` never blocks: the rendered file, or None.

Threads: `on_notice` and `on_progress` are called from the renderer's thread.
"""

from __future__ import annotations

import contextlib
import queue
import re
import subprocess
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from ebbtide.audio.child_client import describe_exit
from ebbtide.audio.speech_cache import SpeechCache
from ebbtide.audio.speech_engine import INSTALL_HINT, Engine, one_line
from ebbtide.audio.wav_file import WavError
from ebbtide.core.errors import DataDirError

STEP_TIMEOUT = 60.0  # seconds for one step (and the model loading before the first)
_WROTE = re.compile(r"Wrote (.+\.wav)\s*$")

Progress = Callable[[int, int], None]


class RenderFailed(Exception):
    """The engine crashed, hung or wrote nothing usable; the message says which."""


class SpeechRenderer:
    def __init__(self, cache_dir: Path, engine: Engine | None, *, pace: int = 100,
                 volume: int = 80, on_notice: Callable[[str], None] | None = None,
                 step_timeout: float = STEP_TIMEOUT, max_restarts: int = 1) -> None:
        self.engine = engine
        self._cache_dir = cache_dir
        self._on_notice = on_notice
        self._step_timeout = step_timeout
        self._max_restarts = max_restarts
        self._lock = threading.Condition()
        self._cache = self._make_cache(pace, volume)
        # After a pace or volume change, the steps at the old one, said until re-rendered.
        self._previous: SpeechCache | None = None
        self._prepared: list[str] = []  # the last `prepare`'s steps
        self._queue: list[str] = []
        self._total = 0
        self._working = False
        self._progress: Progress | None = None
        self._lines: _LinesProcess | None = None
        self._deaths = 0
        self._reason = "" if engine is not None else f"no voice is installed ({INSTALL_HINT})"
        self._notified = False
        self._closed = False

    def _make_cache(self, pace: int, volume: int) -> SpeechCache:
        engine = self.engine
        return SpeechCache(self._cache_dir, engine.name if engine else "none",
                           engine.voice if engine else "none", pace, volume)

    # ----------------------------------------------------------------- public API

    @property
    def available(self) -> bool:
        """False once the renderer has given up (or had no engine to begin with)."""
        with self._lock:
            return not self._reason

    @property
    def reason(self) -> str:
        with self._lock:
            return self._reason

    @property
    def cache(self) -> SpeechCache:
        with self._lock:
            return self._cache

    def set_voice(self, pace: int, volume: int) -> None:
        """New pace and volume: the prepared steps render again with them, in the
        background; until each is ready, its old rendering is said, so nothing goes quiet."""
        with self._lock:
            if (pace, volume) == (self._cache.pace, self._cache.volume):
                return
            self._previous, self._cache = self._cache, self._make_cache(pace, volume)
            lines, self._lines = self._lines, None
            self._queue = [text for text in self._prepared if self._cache.ready(text) is None]
            self._start_locked()
        if lines is not None:
            lines.close()

    def ready(self, text: str) -> Path | None:
        with self._lock:
            cache, previous = self._cache, self._previous
        path = cache.ready(text)
        if path is None and previous is not None:
            return previous.ready(text)
        return path

    def prepare(self, texts: Sequence[str],
                on_progress: Progress | None = None) -> tuple[int, int]:
        """Render every text not yet cached, in the background; returns at once with
        (steps ready, steps in all). `on_progress` is then called from the renderer's thread
        after each step. Replaces what an earlier `prepare` still had to do."""
        # Words only: a step of punctuation alone has nothing to say (and no sound to keep).
        unique = list(dict.fromkeys(one_line(text) for text in texts
                                    if any(char.isalnum() for char in text)))
        with self._lock:
            if self._closed:
                return 0, len(unique)
            if self._reason:
                self._notify_locked()
                return 0, len(unique)
            cache = self._cache
            cache.touch(unique)
            self._prepared = unique
            self._queue = [text for text in unique if cache.ready(text) is None]
            self._progress = on_progress
            total = self._total = len(unique)
            done = total - len(self._queue)
            self._start_locked()
        return done, total

    def _start_locked(self) -> None:
        if self._queue and not self._working and not self._closed and not self._reason:
            self._working = True
            threading.Thread(target=self._work, name="ebbtide-speech", daemon=True).start()

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is left to render (tests and benchmarks, never the UI)."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._queue and not self._working, timeout)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._queue = []
            lines, self._lines = self._lines, None
            self._lock.notify_all()
        if lines is not None:
            lines.close()

    # ----------------------------------------------------------------- the worker

    def _work(self) -> None:
        try:
            self._work_loop()
        except Exception as exc:  # never a traceback on the user's terminal
            self._give_up(f"the voice failed ({type(exc).__name__}: {exc})")
            self._stop_working()

    def _stop_working(self) -> None:
        with self._lock:
            self._stop_working_locked()

    def _stop_working_locked(self) -> None:
        """Clearing `_working` in the same hold of the lock that saw nothing left to do:
        a `prepare` arriving after it starts a fresh worker (and engine)."""
        self._queue = []
        self._working = False
        lines, self._lines = self._lines, None
        if lines is not None:
            threading.Thread(target=lines.close, daemon=True).start()
        self._lock.notify_all()

    def _work_loop(self) -> None:
        try:
            self.cache.ensure_folder()
        except DataDirError as exc:
            self._give_up(f"the speech cache cannot be written ({exc})")
            self._stop_working()
            return
        finished, cache = False, self.cache
        while True:
            with self._lock:
                if self._closed or self._reason or not self._queue:
                    finished = not self._queue
                    self._stop_working_locked()
                    break
                text = self._queue[0]
                cache = self._cache
            try:
                self._render(cache, text)
            except RenderFailed as exc:
                with self._lock:
                    self._deaths += 1
                    retry = self._deaths <= self._max_restarts
                if not retry:
                    self._give_up(f"the speech engine stopped ({exc})")
                continue  # the same step again with a fresh engine, or stop (given up)
            with self._lock:
                if self._queue and self._queue[0] == text:
                    self._queue.pop(0)
                left, total, progress = len(self._queue), self._total, self._progress
                self._lock.notify_all()
            if progress is not None:
                with contextlib.suppress(Exception):
                    progress(total - left, total)
        if finished:
            cache.prune()  # outside the lock: `ready` never waits for it

    def _render(self, cache: SpeechCache, text: str) -> None:
        engine = self.engine
        assert engine is not None
        scratch = cache.scratch(text)
        if engine.reads_lines:
            with self._lock:
                if self._lines is None:
                    self._lines = _LinesProcess(engine.lines_command(
                        cache.pace, cache.volume, cache.folder))
                lines = self._lines
            try:
                written = lines.render(text, self._step_timeout)
            except RenderFailed:
                with self._lock:
                    if self._lines is lines:
                        self._lines = None
                lines.close()
                raise
            with contextlib.suppress(OSError):
                Path(written).replace(scratch)
        else:
            _run_once(engine.espeak_command(text, cache.pace, cache.volume, scratch),
                      self._step_timeout)
        try:
            cache.store(text, scratch)
        except WavError as exc:
            raise RenderFailed(f"it wrote no usable sound: {exc}") from None

    def _give_up(self, reason: str) -> None:
        with self._lock:
            if self._closed:
                return
            self._reason = reason
            self._queue = []
            self._notify_locked()
            self._lock.notify_all()

    def _notify_locked(self) -> None:
        if self._notified or self._on_notice is None:
            return
        self._notified = True
        notice = self._on_notice
        message = (f"Voice is off: {self._reason}. Sessions go on with text and bells.")
        threading.Thread(target=_quietly, args=(notice, message), daemon=True).start()


def _quietly(call: Callable[[str], None], message: str) -> None:
    with contextlib.suppress(Exception):
        call(message)


def _run_once(command: list[str], timeout: float) -> None:
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=timeout, check=False,
                              start_new_session=True)
    except subprocess.TimeoutExpired:
        raise RenderFailed(f"no answer in {timeout:g} s") from None
    except OSError as exc:
        raise RenderFailed(f"it could not start: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise RenderFailed(describe_exit(done.returncode))


class _LinesProcess:
    """One engine process: a line of text in, ``Wrote FILE`` back on its standard error."""

    def __init__(self, command: list[str]) -> None:
        try:
            self._proc = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            raise RenderFailed(f"it could not start: {exc.strerror or exc}") from None
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert self._proc.stderr is not None
        threading.Thread(target=self._read, args=(self._proc.stderr,), daemon=True,
                         name="ebbtide-speech-reader").start()

    def _read(self, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            self._lines.put(raw.decode("utf-8", "replace"))
        self._lines.put(None)

    def render(self, text: str, timeout: float) -> str:
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            stdin.write(one_line(text).encode("utf-8") + b"\n")
            stdin.flush()
        except OSError:
            raise RenderFailed(self._ended()) from None
        while True:
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                self.close()
                raise RenderFailed(f"no answer in {timeout:g} s") from None
            if line is None:
                raise RenderFailed(self._ended())
            match = _WROTE.search(line)
            if match:
                return match.group(1)

    def _ended(self) -> str:
        try:
            return describe_exit(self._proc.wait(timeout=2.0))
        except subprocess.TimeoutExpired:
            self.close()
            return "it stopped answering"

    def close(self) -> None:
        with contextlib.suppress(OSError):
            if self._proc.stdin is not None:
                self._proc.stdin.close()
        try:
            self._proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


