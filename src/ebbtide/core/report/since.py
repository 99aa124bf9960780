"""'Since the last report': each saved report leaves a small record in the app state
(when, which period, its check-in count, mean mood and anxiety, latest self-check scores),
and the next report compares itself with the newest one saved on an earlier day (a report
saved again the same day is the same appointment)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ebbtide.core.report.model import Report
from ebbtide.core.state import AppState

STATE_KEY = "reports_saved"
KEEP = 10  # records kept, newest last


@dataclass(frozen=True)
class SavedReport:
    saved_at: datetime
    start: date
    end: date
    fmt: str
    checkins: int
    mood_mean: float | None
    anxiety_mean: float | None
    scores: dict[str, int]  # latest PHQ-9 / GAD-7 score in that period, by kind

    def to_json(self) -> dict[str, Any]:
        return {"saved_at": self.saved_at.isoformat(), "start": self.start.isoformat(),
                "end": self.end.isoformat(), "format": self.fmt, "checkins": self.checkins,
                "mood_mean": self.mood_mean, "anxiety_mean": self.anxiety_mean,
                "scores": dict(self.scores)}

    @classmethod
    def from_json(cls, data: object) -> SavedReport | None:
        """None for anything that is not a record this module wrote."""
        if not isinstance(data, dict):
            return None
        try:
            saved_at = datetime.fromisoformat(str(data["saved_at"]))
            scores = {str(k): int(v) for k, v in dict(data.get("scores") or {}).items()}
            return cls(saved_at, date.fromisoformat(str(data["start"])),
                       date.fromisoformat(str(data["end"])), str(data.get("format", "")),
                       int(data["checkins"]), _optional_float(data.get("mood_mean")),
                       _optional_float(data.get("anxiety_mean")), scores)
        except (KeyError, TypeError, ValueError):
            return None


def _optional_float(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(value)
    return float(value)


def latest_scores(r: Report) -> dict[str, int]:
    latest: dict[str, int] = {}
    for check in sorted(r.selfchecks, key=lambda c: (c.at, c.id)):
        latest[check.kind] = check.score
    return latest


def saved_record(r: Report, fmt: str, saved_at: datetime) -> SavedReport:
    return SavedReport(saved_at, r.start, r.end, fmt, r.checkin_count, r.mood.mean,
                       r.anxiety.mean, latest_scores(r))


def remember_saved(state: AppState, record: SavedReport) -> None:
    """Add the record (the oldest ones beyond KEEP are dropped). Never raises for a state
    file that cannot be written: the report itself was saved."""
    kept = [entry for entry in _entries(state) if SavedReport.from_json(entry) is not None]
    state.set(STATE_KEY, [*kept, record.to_json()][-KEEP:])


def earlier_report(state: AppState, today: date) -> SavedReport | None:
    """The newest report saved before `today`, if any."""
    found = [r for r in map(SavedReport.from_json, _entries(state))
             if r is not None and r.saved_at.date() < today]
    return max(found, key=lambda r: r.saved_at, default=None)


def _entries(state: AppState) -> list[object]:
    value = state.get(STATE_KEY, [])
    return list(value) if isinstance(value, list) else []


@dataclass(frozen=True)
class SinceLast:
    saved: SavedReport
    new_checkins: int  # check-ins on this period's days after the day it was saved
    mood_since: float | None  # mean of the daily means on those days
    anxiety_since: float | None
    scores_now: dict[str, int]
    changes_since: int  # medication changes marked after it was saved


def since_last(r: Report, saved: SavedReport) -> SinceLast:
    after = [d for d in r.days if d.day > saved.saved_at.date()]
    moods = [d.mood for d in after if d.mood is not None]
    anxieties = [d.anxiety for d in after if d.anxiety is not None]
    return SinceLast(
        saved, sum(d.checkins for d in after),
        statistics.fmean(moods) if moods else None,
        statistics.fmean(anxieties) if anxieties else None,
        latest_scores(r),
        sum(1 for c in r.medication_changes if c.day > saved.saved_at.date()))
