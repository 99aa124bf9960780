"""A one-line picture of one breathing cycle: how full the lungs are over time."""

from __future__ import annotations

from collections.abc import Sequence

from ebbtide.core.content.patterns import Phase

LEVELS = "▁▂▃▄▅▆▇█"
TOP_UP_START = 0.8  # the main in-breath fills to here when a top-up follows


def cycle_profile(phases: Sequence[Phase], width: int) -> str:
    """`width` characters; each shows the lung fill at that moment of the cycle."""
    total = sum(p.seconds for p in phases)
    if total <= 0 or width <= 0:
        return ""
    levels = _levels(phases)
    out = []
    for column in range(width):
        moment = (column + 0.5) / width * total
        start = 0.0
        for phase, (begin, end) in zip(phases, levels, strict=True):
            if moment < start + phase.seconds or phase is phases[-1]:
                progress = min(1.0, (moment - start) / phase.seconds)
                fill = begin + (end - begin) * progress
                out.append(LEVELS[round(fill * (len(LEVELS) - 1))])
                break
            start += phase.seconds
    return "".join(out)


def _levels(phases: Sequence[Phase]) -> list[tuple[float, float]]:
    result: list[tuple[float, float]] = []
    fill = 0.0
    for index, phase in enumerate(phases):
        if phase.kind == "inhale":
            has_top_up = index + 1 < len(phases) and phases[index + 1].kind == "top-up"
            target = TOP_UP_START if has_top_up else 1.0
        elif phase.kind == "top-up":
            target = 1.0
        elif phase.kind == "exhale":
            target = 0.0
        else:
            target = fill
        result.append((fill, target))
        fill = target
    return result


def describe_cycle(phases: Sequence[Phase]) -> str:
    total = sum(p.seconds for p in phases)
    parts = [f"{p.word.lower()} {p.seconds:g}s" for p in phases]
    per_minute = 60 / total if total > 0 else 0
    return f"{' · '.join(parts)}  =  {total:g} s a breath, {per_minute:.1f} breaths a minute"
