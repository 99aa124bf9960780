"""Names for practice ids (breathing patterns, meditations, the timer), for tables and reports.

People see titles ("Body scan", "Bell timer"), never ids ("body-scan-10", "timer")."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from ebbtide.core.paths import Paths

TIMER_TITLE = "Bell timer"


def practice_titles(paths: Paths | None) -> dict[str, str]:
    """Pattern and meditation ids -> their names (shipped, and the user's own when `paths`
    is given). Broken files are simply left out here (other commands report them)."""
    titles: dict[str, str] = {}
    try:
        from ebbtide.core.content.patterns import load_patterns

        folder = None if paths is None else paths.patterns_dir
        titles.update({p.id: p.name for p in load_patterns(folder)})
    except Exception:
        pass
    try:
        from ebbtide.core.content.meditations import load_scripts

        titles.update({s.id: s.name for s in load_scripts().scripts.values()})
    except Exception:
        pass
    titles.setdefault("timer", TIMER_TITLE)
    return titles


@lru_cache(maxsize=1)
def shipped_titles() -> Mapping[str, str]:
    """The titles of everything Ebbtide ships (read once)."""
    return practice_titles(None)


def readable_id(content_id: str) -> str:
    """An id nobody has a title for, made readable: 'my-calm_breath' -> 'My calm breath'."""
    words = " ".join(content_id.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:] if words else "Practice"


def practice_title(kind: str, content_id: str, titles: Mapping[str, str] | None = None) -> str:
    """What a person calls one practice: its title, 'Bell timer' for the timer."""
    if kind == "timer":
        return TIMER_TITLE
    known = shipped_titles() if titles is None else titles
    return known.get(content_id) or readable_id(content_id)
