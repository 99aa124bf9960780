"""The standard side-effect list (matching the reader) and the severity scale.

Names are plain lower-case words as a person would say them. `urgent=True` marks effects
that the label and patient leaflets say need medical help at once; the check-in form shows
an urgent notice for those. Nothing here is advice: it only names things a person may log."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"

    @property
    def level(self) -> int:
        """1 (mild), 2 (moderate), 3 (severe): handy for charts and sorting."""
        return SEVERITY_LEVELS[self.value]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """'mild' / 'Moderate' / ' severe ' -> Severity; ValueError with a clear sentence."""
        key = text.strip().lower()
        for member in cls:
            if member.value == key:
                return member
        raise ValueError(
            f"unknown severity '{text}': use mild, moderate or severe"
        )


SEVERITY_LEVELS = {"mild": 1, "moderate": 2, "severe": 3}
SEVERITIES: tuple[str, ...] = ("mild", "moderate", "severe")


class SideEffectInfo(NamedTuple):
    name: str
    urgent: bool = False


STANDARD_SIDE_EFFECTS: tuple[SideEffectInfo, ...] = (
    SideEffectInfo("drowsiness"),
    SideEffectInfo("dizziness"),
    SideEffectInfo("weakness"),
    SideEffectInfo("fatigue"),
    SideEffectInfo("nausea"),
    SideEffectInfo("headache"),
    SideEffectInfo("confusion"),
    SideEffectInfo("trouble sleeping"),
    SideEffectInfo("low mood"),
    SideEffectInfo("constipation"),
    SideEffectInfo("dry mouth"),
    SideEffectInfo("low blood pressure / light-headedness"),
    SideEffectInfo("frequent urination"),
    SideEffectInfo("hallucinations", urgent=True),
    SideEffectInfo("seizure", urgent=True),
    SideEffectInfo("trouble breathing", urgent=True),
    SideEffectInfo("severe confusion", urgent=True),
)

STANDARD_NAMES: tuple[str, ...] = tuple(info.name for info in STANDARD_SIDE_EFFECTS)
URGENT_NAMES: frozenset[str] = frozenset(i.name for i in STANDARD_SIDE_EFFECTS if i.urgent)
_BY_KEY = {info.name: info for info in STANDARD_SIDE_EFFECTS}


def standard_info(name: str) -> SideEffectInfo | None:
    """The standard entry for `name` (case and surrounding space ignored), else None."""
    return _BY_KEY.get(" ".join(name.split()).lower())


def canonical_name(name: str) -> str:
    """The standard spelling when `name` is on the list; otherwise the typed text, stripped."""
    info = standard_info(name)
    return info.name if info is not None else name.strip()


def is_urgent(name: str) -> bool:
    info = standard_info(name)
    return info is not None and info.urgent
