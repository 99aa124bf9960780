"""Unguided bell timer: a length (or open-ended), start/end bells, interval bells and custom
bell marks, plus named presets saved in `timer-presets.toml`.

Every bell's time is computed from the session's active (unpaused) time on a `Stopwatch`:
interval bell k rings at k × every, a mark at its minute, the end bell at the length. Bells
are never counted frame by frame, so late frames, load, and pause/resume cannot shift them;
`poll()` reports each bell crossed since the last poll with its planned monotonic time.

Bells that fall on the same moment ring once (priority: end, mark, interval). The start
delay (`TimerSpec.start_delay`) is the countdown before the timer starts: pass it to
`guide.SessionFlow(countdown_seconds=spec.start_delay)`; `TimerRun` itself starts at once.

Trace events: `session_start`, `bell` (fields: index — 1-based count of bells rung this
session, mark — seconds of active time into the session, kind), `session_end`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import tomli_w

from ebbtide.core import trace
from ebbtide.core.atomic import write_private
from ebbtide.core.clock import SYSTEM_CLOCK, Clock
from ebbtide.core.errors import EbbtideError
from ebbtide.core.paths import Paths
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.practice.timeline_run import TimelineRun
from ebbtide.core.toml_schema import TomlFileError, parse_toml

MIN_MINUTES = 1.0
MAX_MINUTES = 120.0
MAX_START_DELAY = 30
PRESETS_FILE_NAME = "timer-presets.toml"
MAX_PRESET_NAME = 40

BellKind = Literal["start", "interval", "mark", "end"]
TimerEventKind = Literal["session_start", "bell", "session_end"]
_PRIORITY: dict[str, int] = {"start": 0, "interval": 1, "mark": 2, "end": 3}


def _is_number(value: object) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
    )


@dataclass(frozen=True)
class TimerSpec:
    """What the timer does. Minutes and marks are in minutes; None minutes = open-ended."""

    minutes: float | None = 10.0
    start_delay: int = 0
    start_bell: bool = True
    end_bell: bool = True
    every: float | None = None  # interval bells every N minutes
    marks: Sequence[float] = ()  # custom bells at these minutes (stored as a tuple)

    def __post_init__(self) -> None:
        if not isinstance(self.marks, tuple):
            object.__setattr__(self, "marks", tuple(self.marks))

    @property
    def open_ended(self) -> bool:
        return self.minutes is None

    @property
    def length_seconds(self) -> float | None:
        return None if self.minutes is None else float(self.minutes) * 60.0

    def problems(self) -> list[str]:
        """Every problem, each a short phrase a person can act on; empty when valid."""
        out: list[str] = []
        minutes = self.minutes
        if minutes is not None and (
            not _is_number(minutes) or not MIN_MINUTES <= minutes <= MAX_MINUTES
        ):
            out.append(f"length must be {MIN_MINUTES:g}–{MAX_MINUTES:g} minutes "
                       f"(or open-ended), not {minutes!r}")
            minutes = None
        limit = MAX_MINUTES if minutes is None else float(minutes)
        if isinstance(self.start_delay, bool) or not isinstance(self.start_delay, int) or not (
            0 <= self.start_delay <= MAX_START_DELAY
        ):
            out.append(f"start delay must be a whole number of seconds from 0 to "
                       f"{MAX_START_DELAY}, not {self.start_delay!r}")
        for name in ("start_bell", "end_bell"):
            if not isinstance(getattr(self, name), bool):
                out.append(f"{name.replace('_', ' ')} must be true or false")
        if self.every is not None:
            if not _is_number(self.every) or self.every <= 0:
                out.append(f"interval must be more than 0 minutes, not {self.every!r}")
            elif minutes is not None and self.every >= limit:
                out.append(f"interval ({self.every:g} min) must be shorter than the length "
                           f"({limit:g} min)")
            elif minutes is None and self.every > MAX_MINUTES:
                out.append(f"interval must be at most {MAX_MINUTES:g} minutes")
        previous: float | None = None
        for mark in self.marks:
            if not _is_number(mark) or mark <= 0:
                out.append(f"bell mark {mark!r} must be a number of minutes above 0")
                previous = None
                continue
            if mark > limit:
                what = "the length" if minutes is not None else "the longest timer"
                out.append(f"bell mark {mark:g} min is after {what} ({limit:g} min)")
            if previous is not None and mark <= previous:
                out.append(f"bell marks must increase ({previous:g} then {mark:g})")
            previous = float(mark)
        return out

    def validated(self) -> TimerSpec:
        """Self, or EbbtideError with every problem on one line."""
        problems = self.problems()
        if problems:
            raise EbbtideError("; ".join(problems))
        return self

    def bells_between(self, after: float, upto: float) -> list[tuple[float, BellKind]]:
        """Bells with active-time offset in (after, upto] seconds, in order, one per moment."""
        found: dict[float, BellKind] = {}

        def add(offset: float, kind: BellKind) -> None:
            key = round(offset, 6)
            if not after < key <= upto:
                return
            if key not in found or _PRIORITY[kind] > _PRIORITY[found[key]]:
                found[key] = kind

        length = self.length_seconds
        if self.start_bell:
            add(0.0, "start")
        if self.every is not None and self.every > 0:
            step = self.every * 60.0
            k = max(1, math.floor(max(after, 0.0) / step))
            while True:
                offset = k * step
                if offset > upto + 1e-6 or (length is not None and offset >= length - 1e-6):
                    break
                add(offset, "interval")
                k += 1
        for mark in self.marks:
            add(mark * 60.0, "mark")
        if length is not None and self.end_bell:
            add(length, "end")
        return sorted(found.items())

    def next_bell_after(self, after: float) -> tuple[float, BellKind] | None:
        """The first bell strictly after `after` seconds of active time, or None."""
        length = self.length_seconds
        candidates: list[tuple[float, BellKind]] = []
        if self.start_bell:
            candidates.append((0.0, "start"))
        if self.every is not None and self.every > 0:
            step = self.every * 60.0
            k = max(1, math.floor(max(after, 0.0) / step))
            while round(k * step, 6) <= after:
                k += 1
            if length is None or k * step < length - 1e-6:
                candidates.append((k * step, "interval"))
        candidates.extend((mark * 60.0, "mark") for mark in self.marks)
        if length is not None and self.end_bell:
            candidates.append((length, "end"))
        later = [c for c in candidates if round(c[0], 6) > after]
        if not later:
            return None
        first = min(round(offset, 6) for offset, _ in later)
        kinds = [kind for offset, kind in later if round(offset, 6) == first]
        return first, max(kinds, key=lambda kind: _PRIORITY[kind])

    def describe(self) -> str:
        """One line, e.g. '20 min · bells every 5 min · marks at 10, 15 min'."""
        parts = ["open-ended" if self.minutes is None else f"{self.minutes:g} min"]
        if self.every is not None:
            parts.append(f"bells every {self.every:g} min")
        if self.marks:
            parts.append("marks at " + ", ".join(f"{m:g}" for m in self.marks) + " min")
        if self.start_delay:
            parts.append(f"{self.start_delay} s delay")
        return " · ".join(parts)


@dataclass(frozen=True)
class TimerEvent:
    kind: TimerEventKind
    planned: float  # monotonic seconds at which it was due
    offset: float  # active seconds into the session
    bell_index: int | None = None  # 1-based count of bells this session (bell events)
    bell_kind: BellKind | None = None


@dataclass(frozen=True)
class TimerState:
    elapsed: float  # active seconds (pauses excluded; never beyond the length)
    remaining: float | None  # None when open-ended
    next_bell_in: float | None  # None when no bell is left
    progress: float | None  # 0..1; None when open-ended
    bells_rung: int
    started: bool
    paused: bool
    finished: bool
    stopped: bool


def _local_now() -> datetime:
    return datetime.now().astimezone()


class TimerRun(TimelineRun[TimerEvent]):
    KIND = "timer"

    def __init__(
        self,
        spec: TimerSpec,
        clock: Clock = SYSTEM_CLOCK,
        *,
        content_id: str = "timer",
        wall_clock: Callable[[], datetime] = _local_now,
    ) -> None:
        super().__init__(clock, wall_clock)
        self.spec = spec.validated()
        self._content_id = content_id
        self._length = spec.length_seconds
        self._scanned_to = -1.0  # bells up to this offset have been reported
        self._bells = 0

    @property
    def finished(self) -> bool:
        """Reached the end of a timed session (an open-ended one only ends by stop())."""
        if not self._watch.started or self._length is None:
            return False
        if self._end_reported:
            return True
        return not self._stopped and self._watch.elapsed() >= self._length

    @property
    def elapsed(self) -> float:
        elapsed = self._watch.elapsed()
        return elapsed if self._length is None else min(elapsed, self._length)

    @property
    def content_id(self) -> str:
        return self._content_id

    @property
    def actual_seconds(self) -> float:
        return self.elapsed

    def _active(self) -> bool:
        return self._watch.started and not self._stopped and not self.finished

    def _completed_when_stopped(self) -> bool:
        return self._length is None  # open-ended: it has no planned end to fall short of

    def record(
        self, *, anxiety_before: int | None = None, anxiety_after: int | None = None
    ) -> PracticeRecord:
        actual = self.elapsed
        return PracticeRecord(
            kind="timer",
            content_id=self.content_id,
            started_at=self._started_wall or self._wall_clock(),
            planned_seconds=actual if self._length is None else self._length,
            actual_seconds=actual,
            completed=self.finished or (self._length is None and self._watch.started),
            anxiety_before=anxiety_before,
            anxiety_after=anxiety_after,
        )

    def state(self) -> TimerState:
        elapsed = self.elapsed
        upcoming = self.spec.next_bell_after(elapsed if self._watch.started else -1.0)
        next_in = None if upcoming is None else max(0.0, upcoming[0] - elapsed)
        length = self._length
        return TimerState(
            elapsed=elapsed,
            remaining=None if length is None else max(0.0, length - elapsed),
            next_bell_in=None if self._stopped or self.finished else next_in,
            progress=None if length is None else min(1.0, elapsed / length),
            bells_rung=self._bells,
            started=self._watch.started,
            paused=self._watch.paused,
            finished=self.finished,
            stopped=self._stopped,
        )

    def _collect(self) -> None:
        if self._end_reported:
            return
        elapsed = self.elapsed
        now = self._clock.now()
        watch = self._watch
        if not self._start_reported:
            self._start_reported = True
            planned = watch.monotonic_at(0.0)
            self._pending.append(TimerEvent("session_start", planned, 0.0))
            trace.emit("session_start", planned, now, kind="timer", content_id=self.content_id,
                       planned_seconds=self._length, spec=self.spec.describe())
        for offset, kind in self.spec.bells_between(self._scanned_to, elapsed):
            self._bells += 1
            planned = watch.monotonic_at(offset)
            self._pending.append(TimerEvent("bell", planned, offset, self._bells, kind))
            trace.emit("bell", planned, now, index=self._bells, mark=offset, kind=kind,
                       content_id=self.content_id)
        self._scanned_to = elapsed
        if self._length is not None and elapsed >= self._length:
            self._end_reported = True
            planned = watch.monotonic_at(self._length)
            self._pending.append(TimerEvent("session_end", planned, self._length))
            trace.emit("session_end", planned, now, kind="timer", content_id=self.content_id,
                       completed=True, stopped=False, actual_seconds=self._length)


# --------------------------------------------------------------------------- presets


def presets_path(paths: Paths) -> Path:
    return paths.config_dir / PRESETS_FILE_NAME


@dataclass
class PresetsLoad:
    presets: dict[str, TimerSpec] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # False when the file has a problem: saving would lose what the person wrote.
    writable: bool = True


_PRESET_KEYS = frozenset({"minutes", "open_ended", "start_delay", "start_bell", "end_bell",
                          "every", "marks"})


def check_preset_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise EbbtideError("a preset needs a name")
    if len(cleaned) > MAX_PRESET_NAME:
        raise EbbtideError(f"a preset name can be at most {MAX_PRESET_NAME} characters")
    return cleaned


def load_presets(path: Path) -> PresetsLoad:
    """Read presets. A missing file is no presets; a broken one gives problems naming the
    file and line, `writable=False`, and whatever presets were still valid."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return PresetsLoad()
    except OSError as exc:
        return PresetsLoad(problems=[f"{path}: cannot read ({exc.strerror or exc})"],
                           writable=False)
    try:
        text = raw.decode("utf-8")
        data = parse_toml(text)
    except UnicodeDecodeError:
        return PresetsLoad(problems=[f"{path}: not UTF-8 text"], writable=False)
    except TomlFileError as exc:
        return PresetsLoad(problems=[f"{path}, {exc}"], writable=False)
    result = PresetsLoad()
    lines = _preset_lines(text)
    for key in data:
        if key != "presets":
            result.problems.append(f"{path}: unknown key '{key}' (presets go under [presets.NAME])")
    table = data.get("presets", {})
    if not isinstance(table, dict):
        result.problems.append(f"{path}: 'presets' should be a table of [presets.NAME] tables")
        table = {}
    for name, value in table.items():
        where = f"{path}, line {lines[name]}" if name in lines else str(path)
        try:
            spec = _spec_from_toml(value)
            result.presets[check_preset_name(name)] = spec
        except EbbtideError as exc:
            result.problems.append(f"{where}: preset '{name}': {exc}")
    if result.problems:
        result.writable = False
    return result


def save_presets(path: Path, presets: Mapping[str, TimerSpec]) -> None:
    body = {"presets": {check_preset_name(name): _spec_to_toml(spec.validated())
                        for name, spec in presets.items()}}
    try:
        write_private(path, tomli_w.dumps(body).encode("utf-8"))
    except OSError as exc:
        raise EbbtideError(f"could not save {path}: {exc.strerror or exc}") from exc


def save_preset(path: Path, name: str, spec: TimerSpec) -> dict[str, TimerSpec]:
    """Add or replace one preset; refuses (EbbtideError) while the file has problems."""
    loaded = _writable(path)
    loaded.presets[check_preset_name(name)] = spec.validated()
    save_presets(path, loaded.presets)
    return loaded.presets


def delete_preset(path: Path, name: str) -> dict[str, TimerSpec]:
    loaded = _writable(path)
    if name not in loaded.presets:
        raise EbbtideError(f"no timer preset named '{name}'")
    del loaded.presets[name]
    save_presets(path, loaded.presets)
    return loaded.presets


def _writable(path: Path) -> PresetsLoad:
    loaded = load_presets(path)
    if not loaded.writable:
        first = loaded.problems[0] if loaded.problems else f"{path} has a problem"
        raise EbbtideError(f"not saving presets until the file is fixed: {first}")
    return loaded


def _spec_to_toml(spec: TimerSpec) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if spec.minutes is None:
        out["open_ended"] = True
    else:
        out["minutes"] = spec.minutes
    out["start_delay"] = spec.start_delay
    out["start_bell"] = spec.start_bell
    out["end_bell"] = spec.end_bell
    if spec.every is not None:
        out["every"] = spec.every
    if spec.marks:
        out["marks"] = list(spec.marks)
    return out


def _spec_from_toml(value: Any) -> TimerSpec:
    if not isinstance(value, dict):
        raise EbbtideError("should be a table of settings")
    unknown = sorted(set(value) - _PRESET_KEYS)
    if unknown:
        raise EbbtideError(f"unknown key '{unknown[0]}'")
    open_ended = value.get("open_ended", False)
    if not isinstance(open_ended, bool):
        raise EbbtideError("'open_ended' should be true or false")
    minutes = value.get("minutes")
    if open_ended and minutes is not None:
        raise EbbtideError("has both 'minutes' and 'open_ended = true'")
    if not open_ended and minutes is None:
        raise EbbtideError("needs 'minutes' (or 'open_ended = true')")
    marks = value.get("marks", [])
    if not isinstance(marks, list):
        raise EbbtideError("'marks' should be a list of minutes")
    spec = TimerSpec(
        minutes=None if open_ended else minutes,
        start_delay=value.get("start_delay", 0),
        start_bell=value.get("start_bell", True),
        end_bell=value.get("end_bell", True),
        every=value.get("every"),
        marks=tuple(marks),
    )
    return spec.validated()


def _preset_lines(text: str) -> dict[str, int]:
    pattern = re.compile(
        r"""^\s*\[\s*presets\s*\.\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*\]"""
    )
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = pattern.match(line)
        if match:
            name = next(g for g in match.groups() if g is not None)
            lines.setdefault(name, number)
    return lines


