"""Timing trace: with EBBTIDE_TRACE=FILE set, timed events are appended as JSON lines
`{"event": NAME, "planned": S, "actual": S, ...}` in seconds on `time.monotonic()`.

Sound adds `played` (when the sound helper handed the audio to the device, or null) to
`cue` events (tones and bells) and `speech` events (a step's words, or a breathing word;
`planned` is the step's planned start, `name` says which).

Off by default; when off, `emit` is a single attribute check."""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any, TextIO

ENV_VAR = "EBBTIDE_TRACE"


class Tracer:
    def __init__(self, path: str | None) -> None:
        self._path = path
        self._file: TextIO | None = None
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self._path is not None

    def emit(self, event: str, planned: float, actual: float | None = None, **fields: Any) -> None:
        if self._path is None:
            return
        record: dict[str, Any] = {
            "event": event,
            "planned": round(planned, 6),
            "actual": round(time.monotonic() if actual is None else actual, 6),
        }
        record.update(fields)
        line = json.dumps(record, separators=(",", ":")) + "\n"
        with self._lock:
            if self._file is None:
                self._file = open(self._path, "a", encoding="utf-8")  # noqa: SIM115
            self._file.write(line)
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


_tracer = Tracer(os.environ.get(ENV_VAR) or None)


def configure(path: str | None) -> Tracer:
    """Point tracing at `path` (or switch it off). Used by tests and the CLI."""
    global _tracer
    _tracer.close()
    _tracer = Tracer(path)
    return _tracer


def emit(event: str, planned: float, actual: float | None = None, **fields: Any) -> None:
    _tracer.emit(event, planned, actual, **fields)
