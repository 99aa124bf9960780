"""The calendar's days and grids: month boundaries and leap years in the right cells, each
day's mean mood from its live check-ins, practice and dose marks, one query for a year."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.calendar import (
    DayMark,
    add_months,
    add_years,
    mean_mood,
    month_grid,
    mood_band,
    mood_level,
    year_grid,
)
from ebbtide.core.journal.calendar_query import day_marks, read_day_marks
from ebbtide.core.journal.models import DoseInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import resolve_paths
from ebbtide.core.practice.records import PracticeRecord

BERLIN = timezone(timedelta(hours=1))
NOW = datetime(2024, 3, 10, 21, 0, tzinfo=BERLIN)


# ---------------------------------------------------------------- grids


def test_month_grid_starts_on_monday_and_blanks_other_months() -> None:
    grid = month_grid(2026, 11)  # 1 November 2026 is a Sunday
    assert all(len(week) == 7 for week in grid)
    assert len(grid) == 6
    assert grid[0][:6] == [None] * 6
    assert grid[0][6] == date(2026, 11, 1)
    assert grid[-1][0] == date(2026, 11, 30)
    assert grid[-1][1:] == [None] * 6
    days = [d for week in grid for d in week if d is not None]
    assert days == [date(2026, 11, 1) + timedelta(days=n) for n in range(30)]


def test_a_february_that_fits_four_weeks_exactly() -> None:
    grid = month_grid(2021, 2)  # Monday 1 to Sunday 28
    assert len(grid) == 4
    assert grid[0][0] == date(2021, 2, 1)
    assert grid[-1][-1] == date(2021, 2, 28)
    assert None not in [d for week in grid for d in week]


@pytest.mark.parametrize(("year", "february"), [(2024, 29), (2023, 28), (2000, 29),
                                                (1900, 28)])
def test_leap_years_in_the_year_grid(year: int, february: int) -> None:
    rows = year_grid(year)
    assert len(rows) == 12
    assert [len(row) for row in rows] == [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert rows[1][-1] == date(year, 2, february)
    assert month_grid(year, 2)[-1].count(None) + february + month_grid(year, 2)[0].count(
        None) == 7 * len(month_grid(year, 2))


def test_months_and_years_move_to_the_same_day_or_the_month_end() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
    assert add_months(date(2024, 1, 15), -1) == date(2023, 12, 15)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), -4) == date(2020, 2, 29)


def test_mood_levels_round_half_up_and_bands_cover_the_scale() -> None:
    assert mood_level(None) is None
    assert mood_level(6.5) == 7
    assert mood_level(6.49) == 6
    assert mood_level(1.0) == 1
    assert mood_level(10.0) == 10
    assert [mood_band(m) for m in (None, 1, 3, 3.4, 3.5, 5, 6, 7, 8, 10)] == \
        [0, 1, 1, 1, 2, 2, 3, 3, 4, 4]


def test_mean_mood_counts_each_day_once() -> None:
    marks = {date(2024, 3, 1): DayMark(date(2024, 3, 1), 3, 2.0),
             date(2024, 3, 2): DayMark(date(2024, 3, 2), 1, 8.0),
             date(2024, 3, 3): DayMark(date(2024, 3, 3), 0, None, practised=True),
             date(2024, 4, 1): DayMark(date(2024, 4, 1), 1, 10.0)}
    assert mean_mood(marks, date(2024, 3, 1), date(2024, 3, 31)) == 5.0
    assert mean_mood(marks, date(2024, 5, 1), date(2024, 5, 31)) is None


# ---------------------------------------------------------------- the query


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    paths = resolve_paths(tmp_path / "home")
    paths.ensure()
    with Journal.open(paths, clock=lambda: NOW) as opened:
        yield opened


def _practice(at: datetime) -> PracticeRecord:
    return PracticeRecord(kind="breathe", content_id="box", started_at=at,
                          planned_seconds=300, actual_seconds=290, completed=True)


def test_day_marks_mean_mood_practice_and_doses(journal: Journal) -> None:
    med = journal.add_medication("baclofen", dose_mg=10)
    leap_day = datetime(2024, 2, 29, 8, 0, tzinfo=BERLIN)
    journal.add_checkin(mood=4, anxiety=3, at=leap_day)
    journal.add_checkin(mood=7, anxiety=3, at=leap_day + timedelta(hours=10),
                        doses=[DoseInput(med.id, 10.0)])
    gone = journal.add_checkin(mood=1, anxiety=9, at=leap_day + timedelta(hours=12))
    journal.delete("checkin", gone.checkin.id)  # in the trash: not counted
    journal.add_practice_record(_practice(datetime(2024, 3, 1, 7, 0, tzinfo=BERLIN)))
    journal.add_dose(med.id, status="skipped", at=datetime(2024, 3, 2, 8, 0, tzinfo=BERLIN))
    journal.add_checkin(mood=9, anxiety=0, at=datetime(2024, 3, 5, 8, 0, tzinfo=BERLIN))

    marks = day_marks(journal, date(2024, 2, 1), date(2024, 3, 4))
    # 2 March has only a skipped dose: nothing for the calendar to mark.
    assert sorted(marks) == [date(2024, 2, 29), date(2024, 3, 1)]
    leap = marks[date(2024, 2, 29)]
    assert (leap.checkins, leap.mood, leap.practised, leap.dose_taken) == (2, 5.5, False, True)
    practice_day = marks[date(2024, 3, 1)]
    assert (practice_day.mood, practice_day.practised, practice_day.dose_taken) == \
        (None, True, False)
    assert not practice_day.empty and DayMark(date(2024, 3, 2)).empty


def test_days_are_the_local_days_they_were_logged_on(journal: Journal) -> None:
    tokyo = timezone(timedelta(hours=9))
    journal.add_checkin(mood=6, anxiety=2, at=datetime(2024, 3, 1, 7, 0, tzinfo=tokyo))
    marks = day_marks(journal, date(2024, 3, 1), date(2024, 3, 1))
    assert marks[date(2024, 3, 1)].mood == 6.0  # 29 February in UTC, 1 March where logged


def test_an_empty_journal_has_no_marks(journal: Journal) -> None:
    assert day_marks(journal, date(2020, 1, 1), date(2024, 12, 31)) == {}


def test_one_query_for_a_whole_year(journal: Journal) -> None:
    for days_ago in range(40):
        journal.add_checkin(mood=1 + days_ago % 10, anxiety=2,
                            at=NOW - timedelta(days=days_ago))
    statements: list[str] = []
    journal.connection.set_trace_callback(statements.append)
    try:
        marks = read_day_marks(journal.connection, date(2024, 1, 1), date(2024, 12, 31))
    finally:
        journal.connection.set_trace_callback(None)
    assert len(marks) == 40
    assert len(statements) == 1


def test_a_broken_journal_is_a_sentence_not_a_traceback(journal: Journal) -> None:
    journal.connection.execute("DROP TABLE practices")
    with pytest.raises(EbbtideError):
        day_marks(journal, date(2024, 1, 1), date(2024, 12, 31))
    with pytest.raises(sqlite3.Error):
        read_day_marks(journal.connection, date(2024, 1, 1), date(2024, 12, 31))
