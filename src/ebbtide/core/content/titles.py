"""Names for practice ids (breathing patterns, meditations, the timer), for tables and reports."""

from __future__ import annotations

from ebbtide.core.paths import Paths


def practice_titles(paths: Paths) -> dict[str, str]:
    """Pattern and meditation ids -> their names (shipped and the user's own). Broken
    files are simply left out here (other commands report them)."""
    titles: dict[str, str] = {}
    try:
        from ebbtide.core.content.patterns import load_patterns

        titles.update({p.id: p.name for p in load_patterns(paths.patterns_dir)})
    except Exception:
        pass
    try:
        from ebbtide.core.content.meditations import load_scripts

        titles.update({s.id: s.name for s in load_scripts().scripts.values()})
    except Exception:
        pass
    titles.setdefault("timer", "Bell timer")
    return titles
