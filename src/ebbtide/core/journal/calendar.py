"""The journal as a calendar: what each day holds (mean mood, practice, dose) and the
month and year grids the calendar screen draws. Pure: the one query that fills the days is
in core/journal/calendar_query.py.

A month is weeks × 7 days, Monday first, with the days of the neighbouring months left
blank (None). A year is 12 rows, one per month, of 28–31 days: at 80 columns that reads as
"a month per line" and keeps every day in its month, which a 53-week contribution graph
does not."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

DAYS_IN_WEEK = 7
MONTHS_IN_YEAR = 12
MOOD_BANDS = 4  # 1–3, 4–5, 6–7, 8–10


@dataclass(frozen=True)
class DayMark:
    """One local day of the journal, as the calendar shows it."""

    local_date: date
    checkins: int = 0
    mood: float | None = None  # mean of that day's check-ins (1–10); None when none
    practised: bool = False  # a breathing or meditation session was recorded
    dose_taken: bool = False  # at least one dose marked taken

    @property
    def empty(self) -> bool:
        return self.checkins == 0 and not self.practised and not self.dose_taken


def mood_level(mood: float | None) -> int | None:
    """A day's mean mood rounded half up to a whole 1–10 (6.5 -> 7), None when none."""
    if mood is None:
        return None
    return max(1, min(10, math.floor(mood + 0.5)))


def mood_band(mood: float | None) -> int:
    """0 when nothing was logged, else 1 (1–3), 2 (4–5), 3 (6–7) or 4 (8–10), by the
    rounded mean."""
    level = mood_level(mood)
    if level is None:
        return 0
    if level <= 3:
        return 1
    if level <= 5:
        return 2
    if level <= 7:
        return 3
    return 4


def days_in_month(year: int, month: int) -> int:
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - first).days


def month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    return [first + timedelta(days=offset) for offset in range(days_in_month(year, month))]


def month_grid(year: int, month: int) -> list[list[date | None]]:
    """Weeks × 7 (Monday first) covering the month; days outside it are None. 4 to 6
    weeks."""
    days = month_days(year, month)
    cells: list[date | None] = [None] * days[0].weekday()
    cells.extend(days)
    cells.extend([None] * (-len(cells) % DAYS_IN_WEEK))
    return [cells[start:start + DAYS_IN_WEEK] for start in range(0, len(cells), DAYS_IN_WEEK)]


def year_grid(year: int) -> list[list[date]]:
    """12 rows, January first, each the days of that month in order."""
    return [month_days(year, month) for month in range(1, MONTHS_IN_YEAR + 1)]


def month_span(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month (inclusive)."""
    return date(year, month, 1), date(year, month, days_in_month(year, month))


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier), clamped to the month's end
    (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, days_in_month(year, month + 1)))


def add_years(day: date, years: int) -> date:
    return add_months(day, years * 12)


def mean_mood(marks: dict[date, DayMark], start: date, end: date) -> float | None:
    """Mean of the daily means in [start, end] (each day counts once), None when none."""
    moods = [m.mood for d, m in marks.items() if start <= d <= end and m.mood is not None]
    return sum(moods) / len(moods) if moods else None
