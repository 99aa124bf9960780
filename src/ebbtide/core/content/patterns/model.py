"""Breathing patterns as the app uses them: phases, a pattern and the set loaded from the
shipped library and the user's folder, plus the limits the schema enforces."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ebbtide.core.toml_schema import Source

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
