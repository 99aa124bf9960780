"""Checking a pattern's TOML mapping (or a form's values) against the schema; every
problem is a (key, message) pair so a caller can add the file and line."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from ebbtide.core.content.patterns.model import (
    MAX_LINE_LENGTH,
    MAX_NAME_LENGTH,
    MAX_PHASE_SECONDS,
    MAX_PHASES,
    MIN_CYCLE_SECONDS,
    MINUTES_RANGE,
    PHASE_KINDS,
    Origin,
    Pattern,
    Phase,
    PhaseKind,
    format_seconds,
)
from ebbtide.core.toml_schema import Source, is_valid_id

_TOP_KEYS = frozenset({
    "name", "purpose", "default_minutes", "max_cycles_beginner", "beginner_note",
    "evidence", "safety", "source", "phases",
})
_REQUIRED_TOP = ("name", "purpose", "default_minutes", "phases")
_SOURCE_KEYS = frozenset({"name", "url"})
_PHASE_KEYS = frozenset({"kind", "seconds"})


def pattern_from_mapping(
    data: Mapping[str, Any],
    pattern_id: str,
    *,
    origin: Origin = "user",
    path: Path | None = None,
) -> tuple[Pattern | None, list[tuple[str, str]]]:
    """Validate a parsed TOML mapping (or a form's values).

    Returns the pattern, or None and a list of (key, message) pairs, where key is
    "name", "source.url" or "phases[2].seconds" (phases counted from 1) and message reads
    like "'seconds' must be more than 0 (got -1)". Use `describe_problems` to join them.
    """
    problems: list[tuple[str, str]] = []

    def problem(key: str, message: str) -> None:
        problems.append((key, message))

    if not is_valid_id(pattern_id):
        problem("id", "the id must use lowercase letters, digits and single hyphens")
    for key in data:
        if key not in _TOP_KEYS:
            problem(key, f"unknown key '{key}' (allowed: {', '.join(sorted(_TOP_KEYS))})")
    for key in _REQUIRED_TOP:
        if key not in data:
            problem(key, f"'{key}' is missing")
    if origin == "shipped":
        for key in ("safety", "source"):
            if key not in data:
                problem(key, f"'{key}' is missing (required for shipped patterns)")

    name = _text(data, "name", problem, MAX_NAME_LENGTH)
    purpose = _text(data, "purpose", problem, MAX_LINE_LENGTH)
    beginner_note = _text(data, "beginner_note", problem, MAX_LINE_LENGTH)
    evidence = _text(data, "evidence", problem, MAX_LINE_LENGTH * 2)

    default_minutes: float | None = None
    if "default_minutes" in data:
        value = data["default_minutes"]
        low, high = MINUTES_RANGE
        if not _is_number(value):
            problem("default_minutes", f"'default_minutes' should be a number, not {value!r}")
        elif not low <= value <= high:
            problem("default_minutes",
                    f"'default_minutes' must be between {low} and {high} (got {value})")
        else:
            default_minutes = float(value)

    max_cycles: int | None = None
    if "max_cycles_beginner" in data:
        value = data["max_cycles_beginner"]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 500:
            problem("max_cycles_beginner",
                    f"'max_cycles_beginner' should be a whole number from 1 to 500, not {value!r}")
        else:
            max_cycles = value

    safety: list[str] = []
    if "safety" in data:
        value = data["safety"]
        if not isinstance(value, list) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            problem("safety", "'safety' should be a list of non-empty texts")
        else:
            safety = [" ".join(v.split()) for v in value]

    source: Source | None = None
    if "source" in data:
        value = data["source"]
        if not isinstance(value, dict):
            problem("source", "'source' should be a table with 'name' and 'url'")
        else:
            for key in value:
                if key not in _SOURCE_KEYS:
                    problem(f"source.{key}",
                            f"unknown key '{key}' in [source] (allowed: name, url)")
            src_name = _text(value, "name", problem, MAX_LINE_LENGTH, prefix="source.")
            src_url = _text(value, "url", problem, MAX_LINE_LENGTH, prefix="source.")
            if src_name is None and "name" not in value:
                problem("source.name", "'name' is missing in [source]")
            if src_url and not src_url.startswith(("https://", "http://")):
                problem("source.url", f"'url' should start with https:// (got {src_url!r})")
            if src_name:
                source = Source(src_name, src_url or "")

    phases = _phases(data.get("phases"), problem) if "phases" in data else []

    if problems or name is None or purpose is None or default_minutes is None:
        return None, problems
    pattern = Pattern(
        id=pattern_id,
        name=name,
        purpose=purpose,
        phases=tuple(phases),
        default_minutes=default_minutes,
        safety=tuple(safety),
        source=source,
        max_cycles_beginner=max_cycles,
        beginner_note=beginner_note,
        evidence=evidence,
        origin=origin,
        path=path,
    )
    return pattern, []


def describe_problems(problems: Iterable[tuple[str, str]]) -> list[str]:
    """(key, message) pairs from `pattern_from_mapping` as user-facing lines."""
    return [message for _key, message in problems]


def _phases(value: Any, problem: Any) -> list[Phase]:
    if not isinstance(value, list):
        problem("phases", "'phases' should be a list of [[phases]] tables")
        return []
    if not value:
        problem("phases", "'phases' is empty: add at least an inhale and an exhale")
        return []
    if len(value) > MAX_PHASES:
        problem("phases", f"too many phases ({len(value)}; at most {MAX_PHASES})")
        return []
    phases: list[Phase] = []
    ok = True
    for number, item in enumerate(value, start=1):
        where = f"phases[{number}]"
        label = f"phase {number}"
        if not isinstance(item, dict):
            problem(where, f"{label} should be a table with 'kind' and 'seconds'")
            ok = False
            continue
        for key in item:
            if key not in _PHASE_KEYS:
                problem(f"{where}.{key}",
                        f"{label}: unknown key '{key}' (allowed: kind, seconds)")
                ok = False
        kind = item.get("kind")
        if kind is None:
            problem(f"{where}.kind", f"{label}: 'kind' is missing")
            ok = False
        elif kind not in PHASE_KINDS:
            problem(f"{where}.kind",
                    f"{label}: unknown kind {kind!r} (use one of {', '.join(PHASE_KINDS)})")
            ok = False
        seconds = item.get("seconds")
        if seconds is None:
            problem(f"{where}.seconds", f"{label}: 'seconds' is missing")
            ok = False
        elif not _is_number(seconds) or not math.isfinite(seconds):
            problem(f"{where}.seconds", f"{label}: 'seconds' should be a number, not {seconds!r}")
            ok = False
        elif seconds < 0:
            problem(f"{where}.seconds", f"{label}: 'seconds' cannot be negative (got {seconds})")
            ok = False
        elif round(seconds * 1000) <= 0:
            problem(f"{where}.seconds",
                    f"{label}: 'seconds' must be more than 0 (got {seconds}); leave the phase out "
                    "instead")
            ok = False
        elif seconds > MAX_PHASE_SECONDS:
            problem(f"{where}.seconds",
                    f"{label}: 'seconds' must be at most {MAX_PHASE_SECONDS:g} (got {seconds})")
            ok = False
        if ok:
            phases.append(Phase(cast(PhaseKind, kind), float(cast(float, seconds))))
    if not ok:
        return []
    total = sum(p.seconds for p in phases)
    if total < MIN_CYCLE_SECONDS:
        problem("phases",
                f"one cycle lasts {format_seconds(total)} s; it must last at least "
                f"{MIN_CYCLE_SECONDS:g} s")
        return []
    if phases[0].kind != "inhale":
        problem("phases[1].kind", "phase 1 must be an 'inhale' (a cycle starts with a breath in)")
        return []
    if phases[-1].kind not in ("exhale", "hold-out"):
        problem(f"phases[{len(phases)}].kind",
                f"phase {len(phases)} must be an 'exhale' or 'hold-out' (a cycle ends after "
                "a breath out)")
        return []
    for number, (before, after) in enumerate(itertools.pairwise(phases), start=2):
        if after.kind == "top-up" and before.kind not in ("inhale", "top-up"):
            problem(f"phases[{number}].kind",
                    f"phase {number}: a 'top-up' must follow an 'inhale'")
            return []
    return phases


def _text(data: Mapping[str, Any], key: str, problem: Any, limit: int,
          prefix: str = "") -> str | None:
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        problem(prefix + key, f"'{key}' should be non-empty text")
        return None
    text = " ".join(value.split())
    if len(text) > limit:
        problem(prefix + key, f"'{key}' is too long ({len(text)} characters; at most {limit})")
        return None
    return text


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def slugify(name: str) -> str:
    """"Evening Calm!" -> "evening-calm" (ASCII, lowercase, single hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
