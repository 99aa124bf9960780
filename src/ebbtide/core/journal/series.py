"""Day-by-day series for the trends, built from day summaries already read."""

from __future__ import annotations

from datetime import date, timedelta

from ebbtide.core.journal.models import DailySeries, DayPoint, DaySummary


def series_from_summaries(summaries: list[DaySummary], days: int,
                          today: date) -> DailySeries:
    """What `Journal.daily_series(days)` gives, built from day summaries already read (so
    the history list and the trends share one query)."""
    start = today - timedelta(days=days - 1)
    by_day = {s.local_date: s for s in summaries if start <= s.local_date <= today}
    points: list[DayPoint] = []
    names: dict[str, None] = {}
    for offset in range(days):
        day = start + timedelta(days=offset)
        s = by_day.get(day)
        if s is None:
            points.append(DayPoint(local_date=day))
            continue
        for name in s.mg_by_medication:
            names.setdefault(name, None)
        points.append(DayPoint(local_date=day, checkins=s.checkins, mood=s.mood_mean,
                               anxiety=s.anxiety_mean, sleep_hours=s.sleep_hours,
                               mg=dict(s.mg_by_medication)))
    return DailySeries(start=start, end=today, points=tuple(points), medications=tuple(names))
