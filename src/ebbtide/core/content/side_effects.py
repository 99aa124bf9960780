"""The standard side-effect list (matching the reader) and the severity scale.

Names are plain lower-case words as a person would say them. `URGENT_NAMES` are effects
that the label and patient leaflets say need medical help at once. Typed names and notes
are also matched by meaning against the urgent-sign phrase families
(content/safety/urgent-signs.toml): "seizures", "had a fit", "can't breathe", and
confusion logged as severe. Nothing here is advice: it only names things a person may log."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ebbtide.core.content.phrases import Family


SEVERITY_LEVELS = {"mild": 1, "moderate": 2, "severe": 3}
SEVERITIES: tuple[str, ...] = ("mild", "moderate", "severe")


STANDARD_NAMES: tuple[str, ...] = (
    "drowsiness", "dizziness", "weakness", "fatigue", "nausea", "headache", "confusion",
    "trouble sleeping", "low mood", "constipation", "dry mouth",
    "low blood pressure / light-headedness", "frequent urination",
    "hallucinations", "seizure", "trouble breathing", "severe confusion",
)
URGENT_NAMES: frozenset[str] = frozenset(
    {"hallucinations", "seizure", "trouble breathing", "severe confusion"})


def standard_name(name: str) -> str | None:
    """The standard entry for `name` (case and inner spacing ignored), else None."""
    key = " ".join(name.split()).lower()
    return key if key in STANDARD_NAMES else None


def is_listed_urgent(name: str) -> bool:
    """One of the standard effects that need medical help at once."""
    return standard_name(name) in URGENT_NAMES


def canonical_name(name: str) -> str:
    """The standard spelling when `name` is on the list; otherwise the typed text, stripped."""
    return standard_name(name) or name.strip()


def urgent_signs(text: str, severity: str | None = None) -> list[Family]:
    """The urgent-sign families `text` names (by meaning; see core.content.phrases). A
    family that escalates when severe (confusion) counts only with severity "severe"
    or when the text itself says so ("very confused")."""
    # Imported here: the phrase files cost ~10 ms to load, and `ebbtide log` only needs
    # them when a side effect was given.
    from ebbtide.core.content.phrases import family_file
    from ebbtide.core.content.resources import URGENT_SIGNS

    found = family_file(URGENT_SIGNS).matching(text)
    severe = (severity or "").strip().lower() == "severe"
    return [f for f in found if not f.escalates_when_severe or severe]


def is_urgent(name: str, severity: str | None = None) -> bool:
    """True for the standard urgent effects and anything typed that names an urgent sign
    ("seizures", "had a fit", "hallucinating"), or confusion logged as severe."""
    if is_listed_urgent(name):
        return True
    return bool(urgent_signs(name, severity))
