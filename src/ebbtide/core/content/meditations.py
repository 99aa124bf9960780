"""Guided meditation scripts: load and validate `content/meditations/*.toml`.

A script file looks like this (the id is the file name without `.toml`)::

    name = "Body scan (10 minutes)"
    purpose = "One line saying what the practice is for."
    minutes = 10
    source = { name = "Who the technique comes from", url = "https://…" }
    notes = ["Optional lines shown before the session starts."]

    [[steps]]
    text = "What to do, in short calm sentences."
    seconds = 40          # how long this step lasts
    bell = true           # optional: a soft bell as this step starts

Instead of `seconds`, every step may carry `at`, the time mark at which it starts (seconds
from the start as a number, or "M:SS"). Marks start at 0, increase strictly, and the last
step runs until `minutes`. A script uses durations or marks, never both.

Validation collects every problem as a `ContentError` whose message names the file, the
line where it can be found, the key, and the problem.

Scaling (`Script.scaled(minutes)`, used by `ebbtide meditate --minutes N`): every step is
stretched or shrunk by the same factor so the script lasts N minutes, except that no step
becomes shorter than `MIN_STEP_SECONDS` (10 s); the time those short steps keep is taken
proportionally from the longer ones. Step boundaries are then rounded to whole seconds, so
the total is exactly N minutes. A script with k steps cannot be shorter than k × 10 s; asking
for less is an error that names the shortest length possible.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ebbtide.core.content.resources import content_dir
from ebbtide.core.errors import ContentError, EbbtideError
from ebbtide.core.toml_schema import (
    KeyLines,
    Source,
    TomlFileError,
    at_line,
    is_valid_id,
    parse_toml,
    read_utf8,
)

__all__ = [
    "MAX_MINUTES", "MIN_STEP_SECONDS", "Script", "ScriptLibrary", "Source", "Step",
    "check_script", "check_script_file", "load_script", "load_scripts", "meditations_dir",
    "parse_script",
]

MIN_STEP_SECONDS = 10.0
MAX_MINUTES = 120.0
# The steps of a duration-based script may add up to `minutes` give or take this much
# (whichever is larger): 10 %, or 30 seconds.
TOTAL_TOLERANCE_FRACTION = 0.10
TOTAL_TOLERANCE_SECONDS = 30.0

_TOP_KEYS = frozenset({"name", "purpose", "minutes", "source", "notes", "steps"})
_SOURCE_KEYS = frozenset({"name", "url"})
_STEP_KEYS = frozenset({"text", "seconds", "at", "bell"})
_MARK_RE = re.compile(r"^(\d+):([0-5]\d)$")


@dataclass(frozen=True)
class Step:
    text: str
    seconds: float
    bell: bool = False


@dataclass(frozen=True)
class Script:
    id: str
    name: str
    purpose: str
    minutes: float  # nominal length as written in the file
    source: Source
    steps: tuple[Step, ...]
    notes: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    @property
    def total_seconds(self) -> float:
        return sum(step.seconds for step in self.steps)

    @property
    def min_minutes(self) -> float:
        """The shortest length `scaled` accepts: every step at least 10 s."""
        return len(self.steps) * MIN_STEP_SECONDS / 60.0

    def scaled(self, minutes: float) -> Script:
        """This script stretched or shrunk to last `minutes` (see the module docstring)."""
        if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not (
            math.isfinite(minutes) and 1 <= minutes <= MAX_MINUTES
        ):
            raise EbbtideError(f"minutes must be between 1 and {MAX_MINUTES:g}")
        target = minutes * 60.0
        if target < len(self.steps) * MIN_STEP_SECONDS - 1e-9:
            shortest = math.ceil(self.min_minutes)
            raise EbbtideError(
                f"'{self.id}' has {len(self.steps)} steps and cannot be shorter than "
                f"{shortest} minute{'s' if shortest != 1 else ''}"
            )
        exact = _scale_durations([step.seconds for step in self.steps], target)
        rounded = _round_keeping_total(exact)
        steps = tuple(
            replace(step, seconds=secs) for step, secs in zip(self.steps, rounded, strict=True)
        )
        return replace(self, steps=steps, minutes=float(minutes))


def _scale_durations(durations: Sequence[float], target: float) -> list[float]:
    """Scale proportionally to `target`, flooring at MIN_STEP_SECONDS; floored steps keep
    10 s and the rest share what is left, in proportion to their original lengths."""
    floored: set[int] = set()
    while True:
        free = [i for i in range(len(durations)) if i not in floored]
        budget = target - MIN_STEP_SECONDS * len(floored)
        base = sum(durations[i] for i in free)
        factor = budget / base if base > 0 else 0.0
        newly = {i for i in free if durations[i] * factor < MIN_STEP_SECONDS}
        if not newly or not free:
            break
        floored |= newly
    return [
        MIN_STEP_SECONDS if i in floored else durations[i] * factor for i in range(len(durations))
    ]


def _round_keeping_total(exact: Sequence[float]) -> list[float]:
    """Round the step boundaries (not each step) to whole seconds: the total stays exact and
    a step of at least 10 s stays at least 10 s."""
    out: list[float] = []
    running = 0.0
    previous_edge = 0
    for value in exact:
        running += value
        edge = round(running)
        out.append(float(edge - previous_edge))
        previous_edge = edge
    return out


# --------------------------------------------------------------------------- loading


@dataclass
class ScriptLibrary:
    """Every script that loaded, by id, and the problems of those that did not."""

    scripts: dict[str, Script] = field(default_factory=dict)
    problems: list[ContentError] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return sorted(self.scripts)

    def ordered(self) -> list[Script]:
        """Shortest first, then by id: the order `--list` and the picker show."""
        return sorted(self.scripts.values(), key=lambda s: (s.minutes, s.id))

    def get(self, script_id: str) -> Script:
        try:
            return self.scripts[script_id]
        except KeyError:
            known = ", ".join(self.ids) or "none"
            raise EbbtideError(f"unknown meditation '{script_id}'. Scripts: {known}") from None


def meditations_dir() -> Path:
    return content_dir() / "meditations"


def load_scripts(folder: Path | None = None) -> ScriptLibrary:
    """Load every `*.toml` in `folder` (default: the shipped meditations). Broken files are
    left out and reported in `problems`; the good ones still load."""
    folder = meditations_dir() if folder is None else folder
    library = ScriptLibrary()
    for path in sorted(folder.glob("*.toml")):
        script, problems = check_script_file(path)
        library.problems.extend(problems)
        if script is not None:
            library.scripts[script.id] = script
    return library


def load_script(path: Path) -> Script:
    """Load one script; raise `ContentError` for the first problem (the message counts the
    others)."""
    script, problems = check_script_file(path)
    if problems or script is None:
        raise _combined(problems)
    return script


def parse_script(text: str, path: Path, script_id: str | None = None) -> Script:
    script, problems = check_script(text, path, script_id)
    if problems or script is None:
        raise _combined(problems)
    return script


def check_script_file(path: Path) -> tuple[Script | None, list[ContentError]]:
    try:
        text = read_utf8(path)
    except TomlFileError as exc:
        return None, [ContentError(f"{path}: {exc}")]
    return check_script(text, path)


def check_script(
    text: str, path: Path, script_id: str | None = None
) -> tuple[Script | None, list[ContentError]]:
    """Parse and validate; return the script (None when any problem) and every problem."""
    script_id = path.stem if script_id is None else script_id
    try:
        data = parse_toml(text)
    except TomlFileError as exc:
        return None, [ContentError(f"{path}, {exc}")]
    checker = _Checker(path, _LineIndex(text))
    if not is_valid_id(script_id):
        checker.problem(None, "file name", "should be lower-case letters, digits and dashes")
    script = checker.script(script_id, data)
    if checker.problems:
        return None, checker.problems
    return script, []


def _combined(problems: Sequence[ContentError]) -> ContentError:
    if not problems:
        return ContentError("invalid script")
    first = str(problems[0])
    more = len(problems) - 1
    if more:
        first += f" (and {more} more problem{'s' if more > 1 else ''})"
    return ContentError(first)


class _LineIndex(KeyLines):
    """Key lines addressed as the checker counts: top-level keys, and steps from 0."""

    def of_top(self, key: str) -> int | None:
        return self.exact(key)

    def of_step(self, index: int, key: str | None = None) -> int | None:
        step = f"steps[{index + 1}]"
        return self.line(step if key is None else f"{step}.{key}")


class _Checker:
    def __init__(self, path: Path, lines: _LineIndex) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[ContentError] = []

    def problem(self, line: int | None, key: str, what: str) -> None:
        self.problems.append(ContentError(at_line(self.path, line, f"'{key}' {what}",
                                                  joiner=", ")))

    def script(self, script_id: str, data: Mapping[str, Any]) -> Script | None:
        for key in data:
            if key not in _TOP_KEYS:
                self.problem(self.lines.of_top(key), key, "is not a known key "
                             f"(expected: {', '.join(sorted(_TOP_KEYS))})")
        name = self._text(data, "name")
        purpose = self._text(data, "purpose")
        if purpose is not None and "\n" in purpose.strip():
            self.problem(self.lines.of_top("purpose"), "purpose", "should be one line")
        minutes = self._minutes(data)
        source = self._source(data.get("source"))
        notes = self._notes(data.get("notes", []))
        steps = self._steps(data.get("steps"), minutes)
        if (name is None or purpose is None or minutes is None or source is None
                or steps is None or self.problems):
            return None
        return Script(id=script_id, name=name, purpose=purpose.strip(), minutes=minutes,
                      source=source, steps=steps, notes=notes, path=self.path)

    def _text(self, data: Mapping[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            self.problem(None, key, "is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(self.lines.of_top(key), key, "should be non-empty text")
            return None
        return value.strip()

    def _minutes(self, data: Mapping[str, Any]) -> float | None:
        value = data.get("minutes")
        line = self.lines.of_top("minutes")
        if value is None:
            self.problem(None, "minutes", "is missing")
            return None
        if not _is_number(value) or not 0 < value <= MAX_MINUTES:
            self.problem(line, "minutes", f"should be a number above 0 and at most "
                         f"{MAX_MINUTES:g}, not {value!r}")
            return None
        return float(value)

    def _source(self, value: Any) -> Source | None:
        line = self.lines.of_top("source")
        if value is None:
            self.problem(None, "source", "is missing (a table with name and url)")
            return None
        if not isinstance(value, dict):
            self.problem(line, "source", "should be a table: { name = \"…\", url = \"…\" }")
            return None
        ok = True
        for key in value:
            if key not in _SOURCE_KEYS:
                self.problem(line, f"source.{key}", "is not a known key (expected: name, url)")
                ok = False
        name, url = value.get("name"), value.get("url")
        if not isinstance(name, str) or not name.strip():
            self.problem(line, "source.name", "should be non-empty text")
            ok = False
        if not isinstance(url, str) or not re.match(r"^https?://\S+$", url.strip()):
            self.problem(line, "source.url", "should be an http(s) address")
            ok = False
        if not ok or not isinstance(name, str) or not isinstance(url, str):
            return None
        return Source(name=name.strip(), url=url.strip())

    def _notes(self, value: Any) -> tuple[str, ...]:
        line = self.lines.of_top("notes")
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            self.problem(line, "notes", "should be a list of non-empty text lines")
            return ()
        return tuple(item.strip() for item in value)

    def _steps(self, value: Any, minutes: float | None) -> tuple[Step, ...] | None:
        if value is None:
            self.problem(None, "steps", "are missing (add [[steps]] tables)")
            return None
        if not isinstance(value, list) or not value or not all(isinstance(s, dict) for s in value):
            self.problem(self.lines.of_top("steps"), "steps",
                         "should be one or more [[steps]] tables")
            return None
        uses_marks = ["at" in step for step in value]
        uses_seconds = ["seconds" in step for step in value]
        mixed = any(uses_marks) and any(uses_seconds)
        by_marks = any(uses_marks) and not mixed
        texts: list[str | None] = []
        bells: list[bool] = []
        seconds: list[float | None] = []
        marks: list[float | None] = []
        for index, step in enumerate(value):
            texts.append(self._step_text(index, step))
            bells.append(self._step_bell(index, step))
            for key in step:
                if key not in _STEP_KEYS:
                    self.problem(self.lines.of_step(index, key), f"steps[{index + 1}].{key}",
                                 "is not a known key (expected: text, seconds or at, bell)")
            if mixed:
                if uses_marks[index] and uses_seconds[index]:
                    self.problem(self.lines.of_step(index, "at"), f"steps[{index + 1}]",
                                 "has both 'seconds' and 'at'; use one or the other")
                continue
            if by_marks:
                marks.append(self._step_mark(index, step))
            else:
                seconds.append(self._step_seconds(index, step))
        if mixed:
            first_mark = uses_marks.index(True)
            first_secs = uses_seconds.index(True)
            later = max(first_mark, first_secs)
            self.problem(self.lines.of_step(later), "steps",
                         "mix durations ('seconds') and time marks ('at'); a script uses "
                         "one or the other")
            return None
        if by_marks:
            durations = self._durations_from_marks(marks, minutes)
        else:
            durations = seconds
            self._check_total(durations, minutes)
        if durations is None or any(d is None for d in durations) or any(
            t is None for t in texts
        ):
            return None
        return tuple(
            Step(text=str(t), seconds=float(d or 0.0), bell=b)
            for t, d, b in zip(texts, durations, bells, strict=True)
        )

    def _step_text(self, index: int, step: Mapping[str, Any]) -> str | None:
        text = step.get("text")
        if not isinstance(text, str) or not text.strip():
            what = "is missing" if text is None else "should be non-empty text"
            self.problem(self.lines.of_step(index, "text"), f"steps[{index + 1}].text", what)
            return None
        return " ".join(text.split())

    def _step_bell(self, index: int, step: Mapping[str, Any]) -> bool:
        bell = step.get("bell", False)
        if not isinstance(bell, bool):
            self.problem(self.lines.of_step(index, "bell"), f"steps[{index + 1}].bell",
                         "should be true or false")
            return False
        return bell

    def _step_seconds(self, index: int, step: Mapping[str, Any]) -> float | None:
        key = f"steps[{index + 1}].seconds"
        line = self.lines.of_step(index, "seconds")
        if "seconds" not in step:
            self.problem(line, key, "is missing (how long this step lasts)")
            return None
        value = step["seconds"]
        if not _is_number(value):
            self.problem(line, key, f"should be a number of seconds, not {value!r}")
            return None
        if value <= 0:
            self.problem(line, key, f"should be more than 0, not {value!r}")
            return None
        return float(value)

    def _step_mark(self, index: int, step: Mapping[str, Any]) -> float | None:
        key = f"steps[{index + 1}].at"
        line = self.lines.of_step(index, "at")
        if "at" not in step:
            self.problem(line, key, "is missing (this script uses time marks)")
            return None
        value = step["at"]
        if isinstance(value, str):
            match = _MARK_RE.match(value.strip())
            if match:
                return int(match.group(1)) * 60.0 + int(match.group(2))
            self.problem(line, key, f"should be seconds or \"M:SS\", not {value!r}")
            return None
        if not _is_number(value) or value < 0:
            self.problem(line, key, f"should be seconds from the start (0 or more), not {value!r}")
            return None
        return float(value)

    def _durations_from_marks(
        self, marks: list[float | None], minutes: float | None
    ) -> list[float | None] | None:
        if any(m is None for m in marks) or minutes is None:
            return None
        values = [float(m or 0.0) for m in marks]
        ok = True
        if values[0] != 0:
            self.problem(self.lines.of_step(0, "at"), "steps[1].at",
                         f"should be 0 (the first step starts at once), not {values[0]:g}")
            ok = False
        for index in range(1, len(values)):
            if values[index] <= values[index - 1]:
                self.problem(self.lines.of_step(index, "at"), f"steps[{index + 1}].at",
                             f"should be later than the mark before it ({values[index - 1]:g} s)")
                ok = False
        end = minutes * 60.0
        if values[-1] >= end:
            self.problem(self.lines.of_step(len(values) - 1, "at"), f"steps[{len(values)}].at",
                         f"should be before the end of the script ({end:g} s = minutes)")
            ok = False
        if not ok:
            return None
        edges = [*values, end]
        return [edges[i + 1] - edges[i] for i in range(len(values))]

    def _check_total(self, durations: Iterable[float | None], minutes: float | None) -> None:
        values = list(durations)
        if minutes is None or any(d is None for d in values):
            return
        total = sum(float(d or 0.0) for d in values)
        planned = minutes * 60.0
        tolerance = max(TOTAL_TOLERANCE_SECONDS, TOTAL_TOLERANCE_FRACTION * planned)
        if abs(total - planned) > tolerance:
            self.problem(self.lines.of_top("minutes"), "minutes",
                         f"is {minutes:g}, but the steps add up to {_mmss(total)} "
                         f"(allowed: within {_mmss(tolerance)} of {_mmss(planned)})")


def _is_number(value: Any) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
    )


def _mmss(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
