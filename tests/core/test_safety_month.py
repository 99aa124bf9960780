"""A scripted month of journal entries produces exactly the expected notes: in the report
(`notes_in_period`, every note raised, dismissed or not) and on screen at the month's end
(`current_notes`: only what is still open). A real journal, a fixed clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ebbtide.core.health.insights import load_snapshot
from ebbtide.core.health.safety import HISTORY_DAYS, current_notes, notes_in_period
from ebbtide.core.journal.store import Journal

TZ = timezone(timedelta(hours=1))
START, END = date(2026, 6, 1), date(2026, 6, 30)
NOW = datetime(2026, 6, 30, 12, 0, tzinfo=TZ)
TIMES = ("08:00", "14:00", "20:00")


def at(day: date, clock: str) -> datetime:
    h, m = (int(x) for x in clock.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=TZ)


def script_month(j: Journal) -> None:
    bac = j.add_medication("Baclofen (take it with food)", times=TIMES, dose_mg=10)
    lioresal = j.add_medication("Lioresal 20 mg")
    gaba = j.add_medication("Gabapentin 300 mg")
    notes = {
        date(2026, 6, 12): "had a fit in the night",
        date(2026, 6, 25): "killing time at the clinic, dying to see the results",
        date(2026, 6, 26): "seizure-free for a year now, no wine this week",
        date(2026, 6, 28): "I don't want to be here anymore",
    }
    for day in (START + timedelta(days=i) for i in range(30)):
        tags = ["wine"] if day == date(2026, 6, 8) else []
        j.add_checkin(mood=6, anxiety=3, tags=tags, note=notes.get(day, ""),
                      at=at(day, "21:00"))
        if day <= date(2026, 6, 20):  # three doses a day, then a sudden stop
            clocks = TIMES[:1] if day == date(2026, 6, 16) else TIMES  # one dose: a drop
            for clock in clocks:
                j.add_dose(bac.id, amount_mg=10, at=at(day, clock), scheduled_time=clock)
    j.add_dose(lioresal.id, amount_mg=60, at=at(date(2026, 6, 5), "12:00"))  # 90 mg that day
    j.add_dose(gaba.id, amount_mg=300, at=at(date(2026, 6, 10), "22:00"))
    j.add_selfcheck("phq9", [2, 2, 2, 2, 2, 1, 1, 0, 0], at=at(date(2026, 6, 14), "10:00"))


def test_a_scripted_month_gives_exactly_the_expected_notes(tmp_path: Path) -> None:
    j = Journal(tmp_path / "month.sqlite3", clock=lambda: NOW)
    script_month(j)
    snap = load_snapshot(j, START - timedelta(days=HISTORY_DAYS), END)
    raised = [(n.day.isoformat(), n.rule) for n in notes_in_period(snap, START, END)]
    assert raised == [
        ("2026-06-05", "above-label-max"),
        ("2026-06-08", "alcohol-dose-day"),
        ("2026-06-10", "sedative-combination"),
        ("2026-06-12", "urgent-side-effect"),
        ("2026-06-14", "selfcheck-score"),
        ("2026-06-16", "dose-drop"),
        ("2026-06-21", "sudden-stop"),
        ("2026-06-28", "crisis"),
    ]
    open_now = current_notes(j, NOW)
    assert [(n.rule, n.day.isoformat()) for n in open_now] == [
        ("crisis", "2026-06-28"),  # stays until dismissed
        ("sudden-stop", "2026-06-21"),  # still within 14 days of the last dose
    ]
    stop = open_now[1]
    assert "14 of the 14 days" in stop.message
    assert "no dose logged for 9 days" in stop.message
    for note in open_now:
        j.dismiss_note(note.id)
    assert current_notes(j, NOW) == []
    # the report still lists every note raised in the month
    assert len(notes_in_period(snap, START, END)) == 8
