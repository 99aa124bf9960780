"""The standard side-effect list (matching the reader) and the severity scale.

Names are plain lower-case words as a person would say them. `urgent=True` marks effects
that the label and patient leaflets say need medical help at once. Typed names and notes
are also matched by meaning against the urgent-sign phrase families
(content/safety/urgent-signs.toml): "seizures", "had a fit", "can't breathe", and
confusion logged as severe. Nothing here is advice: it only names things a person may log."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ebbtide.core.content.phrases import Family


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


def urgent_signs(text: str, severity: str | None = None) -> list[Family]:
    """The urgent-sign families `text` names (by meaning; see core.content.phrases). A
    family that escalates when severe (confusion) counts only with severity "severe"
    or when the text itself says so ("very confused")."""
    # Imported here: the phrase files cost ~10 ms to load, and `ebbtide log` only needs
    # them when a side effect was given.
    from ebbtide.core.content.phrases import family_file

    found = family_file("urgent-signs").matching(text)
    severe = (severity or "").strip().lower() == "severe"
    return [f for f in found if not f.escalates_when_severe or severe]


def is_urgent(name: str, severity: str | None = None) -> bool:
    """True for the standard urgent effects and anything typed that names an urgent sign
    ("seizures", "had a fit", "hallucinating"), or confusion logged as severe."""
    info = standard_info(name)
    if info is not None and info.urgent:
        return True
    return bool(urgent_signs(name, severity))
