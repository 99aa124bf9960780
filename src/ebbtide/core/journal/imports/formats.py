"""The formats Ebbtide imports, the columns it looks for in each, and reading their dates
and times.

Daylio's CSV export (confirmed): `full_date,date,weekday,time,mood,activities,note_title,
note`; older versions wrote `year,date,weekday,time,mood,activities,note` with dates like
"18 May". Moods are the person's own labels; activities are separated by " | ".

eMoods: its CSV column layout could not be confirmed from any public source. What is
confirmed is what it records once a day: depressed, elevated mood, irritability and
anxiety as none/mild/moderate/severe, hours of sleep and notes. The columns are found by
those names (any case); `[columns]` in the mapping names others.

Generic CSV: every column comes from the mapping's `[columns]`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from ebbtide.core.text import inert

ROLES = ("date", "year", "time", "mood", "anxiety", "activities", "note_title", "note",
         "sleep_hours")


@dataclass(frozen=True)
class SourceFormat:
    name: str  # as typed after --from
    title: str
    columns: dict[str, tuple[str, ...]]  # role -> header names it is found under (any case)
    mood_labels: dict[str, int] = field(default_factory=dict)  # the guesses to check
    anxiety_labels: dict[str, int] = field(default_factory=dict)
    records_anxiety: bool = False
    # Columns kept as tags "name value" when not none/0 (eMoods' other ratings).
    tag_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    activity_separator: str = "|"


DAYLIO = SourceFormat(
    "daylio", "Daylio",
    {"date": ("full_date", "date"), "year": ("year",), "time": ("time",), "mood": ("mood",),
     "activities": ("activities",), "note_title": ("note_title",), "note": ("note",)},
    mood_labels={"rad": 9, "good": 7, "meh": 5, "bad": 3, "awful": 1})

_SEVERITY_WORDS = ("none", "mild", "moderate", "severe")
EMOODS = SourceFormat(
    "emoods", "eMoods",
    {"date": ("date", "day"), "time": ("time",),
     "mood": ("depressed", "depression", "depressed mood"),
     "anxiety": ("anxiety", "anxious", "anxiety level"),
     "note": ("notes", "note"),
     "sleep_hours": ("sleep", "hours of sleep", "sleep hours", "hours slept")},
    # Mood from the depressed rating (none is not "great", so 7 at most); a guess to check.
    mood_labels={**dict(zip("0123", (7, 5, 3, 1), strict=True)),
                 **dict(zip(_SEVERITY_WORDS, (7, 5, 3, 1), strict=True))},
    anxiety_labels={**dict(zip("0123", (0, 3, 6, 9), strict=True)),
                    **dict(zip(_SEVERITY_WORDS, (0, 3, 6, 9), strict=True))},
    records_anxiety=True,
    tag_columns={"elevated": ("elevated", "elevated mood", "elevation"),
                 "irritability": ("irritability", "irritable")})

GENERIC = SourceFormat("csv", "CSV", {}, records_anxiety=True)

FORMATS: dict[str, SourceFormat] = {f.name: f for f in (DAYLIO, EMOODS, GENERIC)}


class BadCell(Exception):
    """One row cannot be read; the message says why (the caller adds the line)."""


def find_column(header: list[str], names: tuple[str, ...]) -> int | None:
    """The index of the first of `names` in the header (any case, spaces trimmed)."""
    folded = [h.strip().casefold() for h in header]
    for name in names:
        if name.casefold() in folded:
            return folded.index(name.casefold())
    return None


_ISO_DAY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_DAY_MONTH = ("%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*(m\.?)?$", re.IGNORECASE)


def parse_date(raw: str, year: str | None, pattern: str | None) -> date:
    """2024-05-01 (also with / or .), Daylio's older "18 May" with its year column, or the
    mapping's own `[format] date` pattern."""
    text = raw.strip()
    if pattern:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            raise BadCell(f"the date '{inert(text, 40)}' does not match the pattern "
                          f"'{inert(pattern, 40)}' in the mapping") from None
    match = _ISO_DAY.match(text)
    try:
        if match:
            return date(*(int(g) for g in match.groups()))
        if year and year.strip().isdigit():
            for form in _DAY_MONTH:
                try:
                    return datetime.strptime(f"{text} {year.strip()}", form).date()
                except ValueError:
                    continue
    except ValueError:
        pass
    raise BadCell(f"cannot read the date '{inert(text, 40)}': expected e.g. 2024-05-01 "
                  "(for another form, set date = \"%d/%m/%Y\" or the like under [format] "
                  "in the mapping)")


def parse_time(raw: str, pattern: str | None) -> time:
    """20:39, 8:39 pm, 20:39:05, or the mapping's `[format] time`. No time: noon, so the
    day stays the day whatever the offset."""
    text = raw.strip()
    if not text:
        return time(12, 0)
    if pattern:
        try:
            return datetime.strptime(text, pattern).time()
        except ValueError:
            raise BadCell(f"the time '{inert(text, 40)}' does not match the pattern "
                          f"'{inert(pattern, 40)}' in the mapping") from None
    match = _CLOCK.match(text)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2))
        seconds = int(match.group(3) or 0)
        half = (match.group(4) or "").lower()
        if half and 1 <= hours <= 12:
            hours = hours % 12 + (12 if half == "p" else 0)
        elif half:
            hours = 99
        if hours <= 23 and minutes <= 59 and seconds <= 59:
            return time(hours, minutes, seconds)
    raise BadCell(f"cannot read the time '{inert(text, 40)}': expected e.g. 20:39 or 8:39 pm")
