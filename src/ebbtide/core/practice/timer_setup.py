"""The bell timer's setup form without the screen: what was typed becomes a `TimerSpec` or a
message per field, a spec becomes the form's text again, and `bell_plan` says when the bells
will ring."""

from __future__ import annotations

import math
import re

from ebbtide.core.durations import clock_text
from ebbtide.core.practice.bell_timer import TimerSpec

FIELDS = ("minutes", "start-delay", "every", "marks")
# Which field a `TimerSpec.problems()` message belongs to, by how it starts.
PROBLEM_FIELDS = (("length", "minutes"), ("start delay", "start-delay"),
                  ("interval", "every"), ("bell mark", "marks"))
PREVIEW_BELLS = 8


def _number(text: str) -> float | int | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def read_spec(minutes: str, open_ended: bool, start_delay: str, start_bell: bool,
              end_bell: bool, every: str, marks: str) -> tuple[TimerSpec | None, dict[str, str]]:
    """Turn what was typed into a spec, or explain each field's problem (field id ->
    message). Blank interval or marks mean none; a blank delay means 0."""
    errors: dict[str, str] = {}
    length: float | None = None
    if not open_ended:
        value = _number(minutes)
        if value is None:
            errors["minutes"] = "type the length in minutes, 1–120 (or tick open-ended)"
        else:
            length = value
    delay = 0
    if start_delay.strip():
        number = _number(start_delay)
        if not isinstance(number, int):
            errors["start-delay"] = "start delay must be a whole number of seconds, 0–30"
        else:
            delay = number
    interval: float | None = None
    if every.strip():
        interval = _number(every)
        if interval is None:
            errors["every"] = "type the minutes between bells, e.g. 5 (or leave it blank)"
    mark_values: list[float] = []
    for part in (p for p in re.split(r"[,;\s]+", marks.strip()) if p):
        value = _number(part)
        if value is None:
            errors["marks"] = f"'{part}' is not a number of minutes; write e.g. 5, 25, 30"
            break
        mark_values.append(value)
    if errors:
        return None, errors
    spec = TimerSpec(minutes=length, start_delay=delay, start_bell=start_bell,
                     end_bell=end_bell, every=interval, marks=tuple(mark_values))
    for problem in spec.problems():
        field = next((f for prefix, f in PROBLEM_FIELDS if problem.startswith(prefix)), "other")
        errors.setdefault(field, problem[0].upper() + problem[1:])
    return (None, errors) if errors else (spec, {})


def bell_plan(spec: TimerSpec) -> str:
    """When the bells ring, e.g. 'Bells at 0:00, 5:00, 10:00 (3 bells)'."""
    length = spec.length_seconds
    horizon = length if length is not None else max(
        [60.0 * 60.0, *(m * 60.0 for m in spec.marks)])
    bells = spec.bells_between(-1.0, horizon)
    if not bells:
        return "No bells: a silent timer."
    times = [clock_text(offset) for offset, _ in bells]
    if length is None:
        shown = ", ".join(times[:PREVIEW_BELLS])
        more = " …" if len(times) > PREVIEW_BELLS or spec.every else ""
        return f"Bells at {shown}{more}; the timer runs until you stop."
    if len(times) > PREVIEW_BELLS:
        times = [*times[: PREVIEW_BELLS - 2], "…", times[-1]]
    count = len(bells)
    return f"Bells at {', '.join(times)} ({count} bell{'s' if count != 1 else ''})."


def spec_fields(spec: TimerSpec) -> dict[str, str]:
    """The form's text fields (field id -> text) showing `spec`."""
    return {
        "minutes": "" if spec.minutes is None else f"{spec.minutes:g}",
        "start-delay": str(spec.start_delay),
        "every": "" if spec.every is None else f"{spec.every:g}",
        "marks": ", ".join(f"{m:g}" for m in spec.marks),
    }
