"""Insights: per-practice effect and the "helped you most" suggestion (only after 3 rated
sessions), days with each side effect, and adherence against the schedule the person
entered (taken / skipped / not logged / upcoming)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ebbtide.core.health.insights import (
    NOT_LOGGED_MEANING,
    adherence,
    best_practice,
    daily_rows,
    load_snapshot,
    practice_stats,
    side_effect_days,
    side_effects_by_week,
)
from ebbtide.core.journal.models import DoseInput, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.practice.summary import Suggestion

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 6, 10, 12, 0, tzinfo=TZ)  # a Wednesday


def at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    d = NOW - timedelta(days=days_ago)
    return d.replace(hour=hour, minute=minute)


def rec(content: str, before: int | None, after: int | None, kind: str = "breathe",
        days_ago: int = 1, planned: float = 300) -> PracticeRecord:
    return PracticeRecord(kind, content, at(days_ago, 19), planned, planned, True,  # type: ignore[arg-type]
                          before, after)


def test_practice_stats_average_before_after_and_change() -> None:
    stats = practice_stats([rec("box", 8, 5), rec("box", 6, 5), rec("box", None, 3),
                            rec("4-7-8", 5, 5)])
    box = stats[0]
    assert (box.content_id, box.sessions, box.rated) == ("box", 3, 2)
    assert (box.mean_before, box.mean_after, box.mean_change) == (7.0, 5.0, -2.0)
    assert box.typical_minutes == 5 and box.minutes == 15
    assert stats[1].mean_change == 0.0


def test_best_practice_needs_three_rated_sessions() -> None:
    two = [rec("box", 8, 4), rec("box", 7, 3), rec("box", 6, None)]
    assert best_practice(practice_stats(two)) is None  # default suggestion stays
    three = [*two, rec("box", 6, 4)]
    best = best_practice(practice_stats(three), {"box": "Box breathing"})
    assert isinstance(best, Suggestion)
    assert (best.kind, best.content_id, best.title, best.minutes) == (
        "breathe", "box", "Box breathing", 5)
    assert "3.3 points" in best.reason and "3 rated sessions" in best.reason


def test_best_practice_picks_the_biggest_drop_and_skips_timers_and_no_help() -> None:
    records = ([rec("box", 6, 5)] * 3 + [rec("body-scan-10", 7, 3, "meditate", planned=600)] * 3
               + [rec("timer", 9, 1, "timer")] * 5 + [rec("4-7-8", 5, 6)] * 4)
    best = best_practice(practice_stats(records), lambda kind, cid: f"{kind}:{cid}")
    assert best is not None
    assert (best.kind, best.content_id, best.minutes) == ("meditate", "body-scan-10", 10)
    assert best.title == "meditate:body-scan-10"
    assert best_practice(practice_stats([rec("4-7-8", 5, 6)] * 4)) is None


def _journal(tmp_path: Path) -> Journal:
    j = Journal(tmp_path / "j.sqlite3", clock=lambda: NOW - timedelta(days=5))
    return j


def test_adherence_against_the_schedule(tmp_path: Path) -> None:
    j = _journal(tmp_path)
    bac = j.add_medication("baclofen", times=["08:00", "14:00", "20:00"])
    # 3 days ago: all three; 2 days ago: 08:00 taken late, 14:00 skipped, 20:00 missing;
    # yesterday: two doses near 08:00 (one extra); today: 08:00 taken, later ones upcoming
    for hour in (8, 14, 20):
        j.add_dose(bac.id, amount_mg=10, at=at(3, hour, 5))
    j.add_dose(bac.id, amount_mg=10, at=at(2, 9, 40))
    j.add_dose(bac.id, status="skipped", scheduled_time="14:00", at=at(2, 13))
    j.add_dose(bac.id, amount_mg=10, at=at(1, 7, 50), scheduled_time="08:00")
    j.add_dose(bac.id, amount_mg=10, at=at(1, 8, 10))
    j.add_dose(bac.id, amount_mg=10, at=at(1, 8, 20))
    j.add_dose(bac.id, amount_mg=10, at=at(1, 20, 0))
    j.add_dose(bac.id, amount_mg=10, at=at(0, 8, 0))
    snap = load_snapshot(j)
    (a,) = adherence(snap, NOW.date() - timedelta(days=3), NOW.date(), NOW)
    statuses = [[s.status for s in d.slots] for d in a.days]
    assert statuses == [
        ["taken", "taken", "taken"],
        ["taken", "skipped", "not logged"],
        ["taken", "taken", "taken"],  # 08:10 takes the 14:00 slot (nearest free)
        ["taken", "upcoming", "upcoming"],
    ]
    assert a.days[2].extra_taken == 1  # 08:20: no free slot left
    assert (a.scheduled, a.taken, a.skipped, a.not_logged) == (10, 8, 1, 1)
    assert a.rate == 0.8 and a.taken_total == 9
    assert "may well have been taken" in NOT_LOGGED_MEANING


def test_adherence_counts_only_days_since_the_medication_was_added(tmp_path: Path) -> None:
    j = _journal(tmp_path)  # medication added 5 days ago
    j.add_medication("sertraline", times=["08:00"])
    (a,) = adherence(load_snapshot(j), NOW.date() - timedelta(days=30), NOW.date(), NOW)
    assert len(a.days) == 6 and a.not_logged == 5  # not 08:00 on the day it was added (noon)
    unscheduled = j.add_medication("as needed")
    j.add_dose(unscheduled.id, amount_mg=5, at=at(1, 10))
    rows = adherence(load_snapshot(j), NOW.date() - timedelta(days=3), NOW.date(), NOW)
    no_times = next(r for r in rows if r.medication == "as needed")
    assert no_times.rate is None and no_times.scheduled == 0 and no_times.taken_total == 1


def test_daily_rows_and_side_effect_days(tmp_path: Path) -> None:
    j = _journal(tmp_path)
    bac = j.add_medication("baclofen")
    j.add_checkin(mood=3, anxiety=7, at=at(2, 8), doses=[DoseInput(bac.id, 10)],
                  side_effects=[SideEffectInput("drowsiness", "mild")])
    j.add_checkin(mood=5, anxiety=5, at=at(2, 20), doses=[DoseInput(bac.id, 15)],
                  side_effects=[SideEffectInput("drowsiness", "severe")])
    j.add_side_effect("Seizure", "severe", at=at(9, 10))
    snap = load_snapshot(j)
    start, end = NOW.date() - timedelta(days=3), NOW.date()
    rows = daily_rows(snap, start, end)
    assert [r.day for r in rows] == [start + timedelta(days=i) for i in range(4)]
    busy = rows[1]
    assert (busy.mood, busy.mood_low, busy.anxiety, busy.mg) == (4.0, 3, 6.0,
                                                                 {"baclofen": 25.0})
    assert busy.side_effects == {"drowsiness": "severe"} and rows[0].mood is None
    (drowsy,) = side_effect_days(snap, start, end)
    assert (drowsy.days, drowsy.entries, drowsy.worst) == (1, 2, "severe")
    everything = side_effect_days(snap, NOW.date() - timedelta(days=20), end)
    assert {e.name: e.urgent for e in everything} == {"drowsiness": False, "seizure": True}
    weeks = side_effects_by_week(snap, date(2026, 5, 30), end)
    assert [(w.start, w.end) for w in weeks] == [
        (date(2026, 5, 30), date(2026, 5, 31)), (date(2026, 6, 1), date(2026, 6, 7)),
        (date(2026, 6, 8), date(2026, 6, 10))]
    assert [e.name for e in weeks[1].effects] == ["seizure"]
    assert [e.name for e in weeks[2].effects] == ["drowsiness"]
