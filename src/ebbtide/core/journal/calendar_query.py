"""The calendar's one read of the journal: per local day, the check-ins and their mean mood,
whether a practice was recorded and whether a dose was taken. One aggregate query over the
day indexes of three tables; entries in the trash are left out. Read-only."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from ebbtide.core.journal.calendar import DayMark

if TYPE_CHECKING:
    from ebbtide.core.journal.store import Journal

# Each part groups by day on its own index first, so the outer GROUP BY sees at most three
# rows a day however many entries there are.
_DAY_MARKS = """
SELECT local_date, sum(checkins), sum(mood_total), max(practised), max(dosed) FROM (
    SELECT local_date, count(*) AS checkins, sum(mood) AS mood_total,
           0 AS practised, 0 AS dosed
      FROM checkins WHERE deleted_utc IS NULL AND local_date BETWEEN :start AND :end
     GROUP BY local_date
    UNION ALL
    SELECT local_date, 0, 0, 1, 0
      FROM practices WHERE deleted_utc IS NULL AND local_date BETWEEN :start AND :end
     GROUP BY local_date
    UNION ALL
    SELECT local_date, 0, 0, 0, 1
      FROM doses WHERE deleted_utc IS NULL AND status = 'taken'
       AND local_date BETWEEN :start AND :end
     GROUP BY local_date
) GROUP BY local_date ORDER BY local_date
"""


def read_day_marks(connection: sqlite3.Connection, start: date,
                   end: date) -> dict[date, DayMark]:
    """Every day in [start, end] (inclusive) with anything on it. Raises sqlite3.Error."""
    rows = connection.execute(_DAY_MARKS, {"start": start.isoformat(),
                                           "end": end.isoformat()}).fetchall()
    marks: dict[date, DayMark] = {}
    for day_text, checkins, mood_total, practised, dosed in rows:
        day = date.fromisoformat(day_text)
        marks[day] = DayMark(local_date=day, checkins=checkins,
                             mood=mood_total / checkins if checkins else None,
                             practised=bool(practised), dose_taken=bool(dosed))
    return marks


def day_marks(journal: Journal, start: date, end: date) -> dict[date, DayMark]:
    """`read_day_marks` on the journal's connection, with SQLite's errors turned into the
    journal's own (JournalUnavailable / JournalCorrupt, each a sentence for the user)."""
    try:
        return read_day_marks(journal.connection, start, end)
    except sqlite3.Error as exc:
        raise journal.mapped_error(exc) from exc
