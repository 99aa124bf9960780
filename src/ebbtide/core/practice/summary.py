"""What the home screen shows: today at a glance, computed here so the widget only draws.

Its records are NamedTuples rather than frozen dataclasses because home imports them before
its first frame: under Python 3.11 a frozen dataclass costs about 4 M instructions to
create (each generated method is compiled on its own), a NamedTuple under 1 M."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ebbtide.core.practice.records import PracticeRecord


class Suggestion(NamedTuple):
    """The practice home suggests: what to open, for how long, and why."""

    kind: str  # "breathe" or "meditate"
    content_id: str
    title: str
    minutes: int
    reason: str


class HomeSummary(NamedTuple):
    """Today at a glance: the last check-in, this week's practice and the suggestion."""

    last_checkin: str | None
    practice_minutes_week: int
    sessions_week: int
    streak_days: int | None  # None when the streak is switched off
    suggestion: Suggestion


def default_suggestion(now: datetime) -> Suggestion:
    if now.hour >= 21 or now.hour < 5:
        return Suggestion("meditate", "sleep-wind-down", "Sleep wind-down", 15,
                          "a gentle way into the night")
    return Suggestion("breathe", "cyclic-sighing", "Cyclic sighing", 5,
                      "long exhales did best for mood in a 2023 study")


def week_start(today: date) -> date:
    return today - timedelta(days=today.weekday())


def practice_streak(days: Iterable[date], today: date) -> int:
    """Days practised in a row, ending today or yesterday. One missed day between two
    practice days is forgiven; two missed days in a row end the streak."""
    practised = set(days)
    if not practised:
        return 0
    cursor = today if today in practised else today - timedelta(days=1)
    count = 0
    misses = 0
    while True:
        if cursor in practised:
            count += 1
            misses = 0
        else:
            misses += 1
            if misses >= 2 or count == 0:
                break
        cursor -= timedelta(days=1)
    return count


def describe_checkin(at: datetime, mood: int, anxiety: int, now: datetime) -> str:
    """"today 09:12 · mood 6/10, anxiety 4/10" (yesterday, or the date when older)."""
    local = at.astimezone(now.tzinfo) if now.tzinfo else at
    days = (now.date() - local.date()).days
    when = ("today" if days == 0 else "yesterday" if days == 1
            else local.strftime("%a %-d %b"))
    return f"{when} {local:%H:%M} · mood {mood}/10, anxiety {anxiety}/10"


def summarise(practices: Iterable[PracticeRecord], now: datetime, *,
              last_checkin: str | None, show_streak: bool,
              suggestion: Suggestion | None = None) -> HomeSummary:
    records = list(practices)
    today = now.date()
    start = week_start(today)
    this_week = [r for r in records if start <= r.started_at.date() <= today]
    minutes = round(sum(r.actual_seconds for r in this_week) / 60)
    streak = practice_streak({r.started_at.date() for r in records}, today) if show_streak else None
    return HomeSummary(
        last_checkin=last_checkin,
        practice_minutes_week=minutes,
        sessions_week=len(this_week),
        streak_days=streak,
        suggestion=suggestion or default_suggestion(now),
    )
