"""Crisis resources: the one source of truth for every place that shows them (the crisis
screen, the PHQ-9 item-9 answer, crisis words in a side effect or note, safety notes, the
CLI, the report). The numbers live in content/safety/crisis.toml with the date they were
last checked and the page that confirms each one; the `region` setting chooses which
country's lines are shown. Without a region: your local emergency number, the US and
UK/Ireland lines, and findahelpline.com for everyone else."""

from __future__ import annotations

import textwrap
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from ebbtide.core.content.resources import content_dir

CRISIS_ACTION = "action:crisis"  # the reader link that opens the crisis screen

Line = tuple[str, str]  # (heading, detail)


@dataclass(frozen=True)
class Region:
    id: str  # "us", "uk", "ie", "ca", "au"
    name: str
    emergency: str  # "911"
    lines: tuple[Line, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CrisisResources:
    checked: date
    headline: str
    default_lines: tuple[Line, ...]
    other_countries: str
    today: str
    regions: dict[str, Region]


def _lines(raw: Any, where: str) -> tuple[Line, ...]:
    if not isinstance(raw, list) or not all(
            isinstance(x, list) and len(x) == 2 and all(isinstance(t, str) for t in x)
            for x in raw):
        raise ValueError(f"crisis.toml {where}: lines are [heading, detail] pairs")
    return tuple((x[0], x[1]) for x in raw)


def parse_resources(text: str) -> CrisisResources:
    data = tomllib.loads(text)
    checked = data["checked"]
    regions = {key: Region(key, str(r["name"]), str(r["emergency"]),
                           _lines(r["lines"], key), tuple(r.get("sources", ())))
               for key, r in data.get("regions", {}).items()}
    return CrisisResources(
        checked=checked if isinstance(checked, date) else date.fromisoformat(str(checked)),
        headline=str(data["headline"]), default_lines=_lines(data["default"]["lines"],
                                                             "default"),
        other_countries=str(data["other_countries"]), today=str(data["today"]),
        regions=regions)


@cache
def resources() -> CrisisResources:
    """content/safety/crisis.toml, read once."""
    return parse_resources((content_dir() / "safety" / "crisis.toml").read_text("utf-8"))


def regions() -> tuple[str, ...]:
    """The region ids there are numbers for (the `region` setting's choices besides "")."""
    return tuple(resources().regions)


def crisis_lines(region: str | None = None) -> tuple[Line, ...]:
    """(heading, detail) for each resource, in the order shown. An unknown or empty
    region falls back to the local emergency number and the main lines."""
    res = resources()
    found = res.regions.get((region or "").strip().lower())
    if found is None:
        local: tuple[Line, ...] = res.default_lines
    else:
        local = ((f"If you are in immediate danger, call {found.emergency} now.",
                  "Or go to the nearest emergency department."),
                 *((f"{found.name}: {heading}", detail) for heading, detail in found.lines))
    return (*local, ("Other countries", res.other_countries), ("Today", res.today))


def emergency_number(region: str | None = None) -> str:
    """'999' for the UK, ...; 'your local emergency number' when no region is set."""
    found = resources().regions.get((region or "").strip().lower())
    return found.emergency if found is not None else "your local emergency number"


CRISIS_HEADLINE: str = resources().headline
CRISIS_LINES: tuple[Line, ...] = crisis_lines()
"""The lines without a region (kept for callers that do not pass the setting)."""


def crisis_plain(width: int | None = None, region: str | None = None) -> str:
    """The headline and every resource as plain text (for the CLI and logs)."""
    def wrap(text: str, indent: str = "") -> str:
        if width is None:
            return indent + text
        return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent)

    parts = [wrap(CRISIS_HEADLINE)]
    for heading, detail in crisis_lines(region):
        parts.append(wrap(heading) + "\n" + wrap(detail, "  "))
    return "\n\n".join(parts)


def crisis_markdown(region: str | None = None) -> str:
    """The resources as a Markdown list (used by the report), with the checked date."""
    lines = [f"**{CRISIS_HEADLINE}**", ""]
    lines.extend(f"- **{heading}** {detail}" for heading, detail in crisis_lines(region))
    checked = resources().checked
    lines.append(f"\n_Numbers checked {checked.day} {checked:%B %Y}._")
    return "\n".join(lines)
