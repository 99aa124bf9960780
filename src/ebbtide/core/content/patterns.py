"""Breathing patterns: the shipped library (`content/breathing/*.toml`) and the user's own
(`Paths.patterns_dir/*.toml`), with one schema for both.

Schema (TOML)::

    name = "Box breathing"                  # required, one line
    purpose = "Steady and even ..."          # required, one line
    default_minutes = 4                      # required, 1–120 (int or float)
    max_cycles_beginner = 4                  # optional: cap for the default session
    beginner_note = "..."                    # optional: shown when a session goes past it
    evidence = "..."                         # optional: one honest line about the evidence
    safety = ["...", "..."]                  # optional for user patterns
    [source]                                 # optional for user patterns
    name = "..."
    url = "https://..."
    [[phases]]                               # required, 1–12 phases
    kind = "inhale"                          # inhale | top-up | hold | exhale | hold-out
    seconds = 4.0                            # 0 < seconds <= 60

Rules for a cycle: it starts with "inhale", ends with "exhale" or "hold-out", contains an
"exhale", a "top-up" follows an inhale (or another top-up), and it lasts at least 2 s.

Ids are file stems in kebab-case. A user file whose id equals a shipped id is NOT loaded
(it cannot silently shadow a shipped pattern); its problem message asks for a rename.
Any problem in a user file (bad TOML, unknown key, bad value) skips that file only, with a
message naming the file, the line where it can be found, the key and the problem.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import tomli_w

from ebbtide.core.atomic import write_private
from ebbtide.core.content.resources import content_dir
from ebbtide.core.errors import ContentError, EbbtideError
from ebbtide.core.toml_schema import (
    KeyLines,
    Source,
    TomlFileError,
    at_line,
    is_valid_id,
    read_toml,
)

PhaseKind = Literal["inhale", "top-up", "hold", "exhale", "hold-out"]
PHASE_KINDS: tuple[PhaseKind, ...] = ("inhale", "top-up", "hold", "exhale", "hold-out")

PHASE_WORDS: dict[PhaseKind, str] = {
    "inhale": "Breathe in",
    "top-up": "Top up",
    "hold": "Hold",
    "exhale": "Breathe out",
    "hold-out": "Rest",
}

MAX_PHASE_SECONDS = 60.0
MIN_CYCLE_SECONDS = 2.0
MAX_PHASES = 12
MINUTES_RANGE = (1, 120)
MAX_NAME_LENGTH = 60
MAX_LINE_LENGTH = 300

# Shipped patterns are listed in this order (gentlest first); any others follow by name.
SHIPPED_ORDER = (
    "gentle",
    "resonance-6",
    "resonance-5-5",
    "extended-exhale",
    "cyclic-sighing",
    "box",
    "4-7-8",
)

_TOP_KEYS = frozenset({
    "name", "purpose", "default_minutes", "max_cycles_beginner", "beginner_note",
    "evidence", "safety", "source", "phases",
})
_REQUIRED_TOP = ("name", "purpose", "default_minutes", "phases")
_SOURCE_KEYS = frozenset({"name", "url"})
_PHASE_KEYS = frozenset({"kind", "seconds"})

Origin = Literal["shipped", "user"]


@dataclass(frozen=True)
class Phase:
    kind: PhaseKind
    seconds: float

    @property
    def word(self) -> str:
        """What the pacer says during this phase: "Breathe in", "Hold", ..."""
        return PHASE_WORDS[self.kind]


@dataclass(frozen=True)
class Pattern:
    id: str
    name: str
    purpose: str
    phases: tuple[Phase, ...]
    default_minutes: float
    safety: tuple[str, ...] = ()
    source: Source | None = None
    max_cycles_beginner: int | None = None
    beginner_note: str | None = None
    evidence: str | None = None
    origin: Origin = "shipped"
    path: Path | None = field(default=None, compare=False)

    @property
    def is_user(self) -> bool:
        return self.origin == "user"

    @property
    def cycle_seconds(self) -> float:
        """Length of one cycle (exact to the microsecond, like the pacer)."""
        return sum(round(p.seconds * 1_000_000) for p in self.phases) / 1_000_000

    @property
    def breaths_per_minute(self) -> float:
        return 60.0 / self.cycle_seconds

    @property
    def rhythm(self) -> str:
        """Phase lengths joined by "-", a top-up joined by "+": "4-7-8", "5.45-5.45", "3+1-8"."""
        parts: list[str] = []
        for index, phase in enumerate(self.phases):
            if index:
                parts.append("+" if phase.kind == "top-up" else "-")
            parts.append(format_seconds(phase.seconds))
        return "".join(parts)

    @property
    def has_holds(self) -> bool:
        return any(p.kind in ("hold", "hold-out") for p in self.phases)

    def beginner_warning(self, cycles: int) -> str | None:
        """The beginner note when a session of `cycles` goes past `max_cycles_beginner`."""
        cap = self.max_cycles_beginner
        if cap is None or cycles <= cap:
            return None
        return self.beginner_note or (
            f"If you are new to {self.name}, keep to {cap} cycles at a time."
        )


def format_seconds(seconds: float) -> str:
    """4.0 -> "4", 5.45 -> "5.45" (at most 3 decimals)."""
    text = f"{seconds:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def format_bpm(pattern: Pattern) -> str:
    """Breaths per minute for display: "3.75", "5.5", "6"."""
    return f"{pattern.breaths_per_minute:.2f}".rstrip("0").rstrip(".")


@dataclass
class PatternSet:
    """Loaded patterns in display order (shipped first) plus problems with user files."""

    patterns: dict[str, Pattern] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def get(self, pattern_id: str) -> Pattern | None:
        return self.patterns.get(pattern_id)

    def __iter__(self) -> Iterator[Pattern]:
        return iter(self.patterns.values())

    def __len__(self) -> int:
        return len(self.patterns)

    @property
    def shipped(self) -> list[Pattern]:
        return [p for p in self.patterns.values() if not p.is_user]

    @property
    def user(self) -> list[Pattern]:
        return [p for p in self.patterns.values() if p.is_user]

    def find(self, query: str) -> Pattern | None:
        """Exact id, then case-insensitive id, then case-insensitive name."""
        if query in self.patterns:
            return self.patterns[query]
        folded = query.strip().casefold()
        for pattern in self.patterns.values():
            if pattern.id.casefold() == folded:
                return pattern
        for pattern in self.patterns.values():
            if pattern.name.casefold() == folded:
                return pattern
        return None


# ---------------------------------------------------------------------------------------
# Loading


def shipped_patterns_dir() -> Path:
    return content_dir() / "breathing"


def load_shipped_patterns(folder: Path | None = None) -> list[Pattern]:
    """The shipped library. Raises ContentError (all problems, one per line) if broken."""
    folder = folder if folder is not None else shipped_patterns_dir()
    patterns: list[Pattern] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        pattern, file_problems = load_pattern_file(path, origin="shipped")
        problems.extend(file_problems)
        if pattern is not None:
            patterns.append(pattern)
    if problems:
        raise ContentError("; ".join(problems))
    rank = {pid: i for i, pid in enumerate(SHIPPED_ORDER)}
    patterns.sort(key=lambda p: (rank.get(p.id, len(rank)), p.name.casefold()))
    return patterns


def shipped_ids() -> frozenset[str]:
    """Ids user files may not take: the shipped files' stems and the known shipped ids."""
    try:
        stems = {path.stem for path in shipped_patterns_dir().glob("*.toml")}
    except (OSError, FileNotFoundError):
        stems = set()
    return frozenset(stems | set(SHIPPED_ORDER))


def load_user_patterns(folder: Path, reserved_ids: Iterable[str] = ()) -> PatternSet:
    """User patterns in `folder` (missing folder: none). Never raises for a bad file."""
    result = PatternSet()
    reserved = set(reserved_ids)
    try:
        paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    except OSError as exc:
        result.problems.append(f"{folder}: cannot read ({exc.strerror or exc}).")
        return result
    loaded: list[Pattern] = []
    for path in paths:
        if path.name.startswith("."):
            continue  # editor and atomic-write temporaries
        if path.stem in reserved:
            result.problems.append(
                f"{path}: '{path.stem}' is the id of a built-in pattern; rename the file "
                f"(for example to my-{path.stem}.toml) to use it."
            )
            continue
        pattern, problems = load_pattern_file(path, origin="user")
        result.problems.extend(problems)
        if pattern is not None:
            loaded.append(pattern)
    loaded.sort(key=lambda p: (p.name.casefold(), p.id))
    result.patterns = {p.id: p for p in loaded}
    return result


def load_patterns(user_dir: Path | None = None) -> PatternSet:
    """Shipped patterns then the user's (which cannot shadow shipped ids)."""
    shipped = load_shipped_patterns()
    result = PatternSet({p.id: p for p in shipped})
    if user_dir is not None:
        user = load_user_patterns(user_dir, reserved_ids=set(result.patterns) | shipped_ids())
        result.patterns.update(user.patterns)
        result.problems.extend(user.problems)
    return result


def load_pattern_file(path: Path, origin: Origin = "user") -> tuple[Pattern | None, list[str]]:
    """One file -> (pattern or None, problems). Problems name file, line, key and issue."""
    pattern_id = path.stem
    if not is_valid_id(pattern_id):
        return None, [
            f"{path}: the file name is the pattern id and must use lowercase letters, digits "
            f"and single hyphens (for example {slugify(pattern_id) or 'my-pattern'}.toml)."
        ]
    try:
        data, text = read_toml(path)
    except TomlFileError as exc:
        return None, [f"{path}: {exc}" + (" (not valid TOML)" if exc.is_syntax else ".")]
    pattern, problems = pattern_from_mapping(data, pattern_id, origin=origin, path=path)
    if problems:
        lines = KeyLines(text)
        return None, [at_line(path, lines.line(key), message) for key, message in problems]
    return pattern, []


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


# ---------------------------------------------------------------------------------------
# Writing user patterns


def slugify(name: str) -> str:
    """"Evening Calm!" -> "evening-calm" (ASCII, lowercase, single hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


def new_pattern_id(name: str, taken: Iterable[str]) -> str:
    """A free id for a new user pattern named `name` (never a shipped or used id)."""
    used = set(taken)
    base = slugify(name) or "my-pattern"
    candidate = base
    counter = 2
    while candidate in used:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


def pattern_to_mapping(pattern: Pattern) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": pattern.name,
        "purpose": pattern.purpose,
        "default_minutes": _plain_number(pattern.default_minutes),
    }
    if pattern.max_cycles_beginner is not None:
        data["max_cycles_beginner"] = pattern.max_cycles_beginner
    if pattern.beginner_note:
        data["beginner_note"] = pattern.beginner_note
    if pattern.evidence:
        data["evidence"] = pattern.evidence
    if pattern.safety:
        data["safety"] = list(pattern.safety)
    if pattern.source is not None:
        data["source"] = {"name": pattern.source.name, "url": pattern.source.url}
    data["phases"] = [{"kind": p.kind, "seconds": float(p.seconds)} for p in pattern.phases]
    return data


def pattern_to_toml(pattern: Pattern) -> str:
    return tomli_w.dumps(pattern_to_mapping(pattern))


def user_pattern_path(patterns_dir: Path, pattern_id: str) -> Path:
    if not is_valid_id(pattern_id):
        raise EbbtideError(
            f"'{pattern_id}' cannot be a pattern id: use lowercase letters, digits and hyphens."
        )
    return patterns_dir / f"{pattern_id}.toml"


def save_user_pattern(
    patterns_dir: Path,
    pattern: Pattern,
    *,
    reserved_ids: Iterable[str] | None = None,
    replace: bool = False,
) -> Path:
    """Create (replace=False) or update (replace=True) `patterns_dir/<id>.toml`, atomically,
    mode 0600. Validates first; raises EbbtideError with a one-line reason."""
    reserved = shipped_ids() if reserved_ids is None else set(reserved_ids)
    if pattern.id in reserved:
        raise EbbtideError(f"'{pattern.id}' is a built-in pattern; choose another name.")
    path = user_pattern_path(patterns_dir, pattern.id)
    data = pattern_to_mapping(pattern)
    checked, problems = pattern_from_mapping(data, pattern.id, origin="user", path=path)
    if checked is None:
        raise EbbtideError("; ".join(describe_problems(problems)))
    if path.exists() and not replace:
        raise EbbtideError(f"a pattern called '{pattern.id}' already exists ({path}).")
    if not path.exists() and replace:
        raise EbbtideError(f"there is no pattern '{pattern.id}' to update ({path}).")
    try:
        write_private(path, pattern_to_toml(pattern).encode("utf-8"))
    except OSError as exc:
        raise EbbtideError(f"could not save {path}: {exc.strerror or exc}") from exc
    return path


def delete_user_pattern(patterns_dir: Path, pattern_id: str) -> None:
    """Remove the user's pattern file. Shipped patterns cannot be deleted."""
    if pattern_id in shipped_ids():
        raise EbbtideError(f"'{pattern_id}' is a built-in pattern and cannot be deleted.")
    path = user_pattern_path(patterns_dir, pattern_id)
    try:
        path.unlink()
    except FileNotFoundError as exc:
        raise EbbtideError(f"there is no pattern '{pattern_id}' to delete ({path}).") from exc
    except OSError as exc:
        raise EbbtideError(f"could not delete {path}: {exc.strerror or exc}") from exc


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)
