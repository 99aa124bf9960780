"""The journal calendar with five years of data (issue 17: the year view draws in ≤ 150 ms,
measured against the journal's 30-day trends).

In a real terminal (a pty at 80x24), with one or two check-ins a day for five years, a
dose most days and a practice every other day: milliseconds from a key press until the
calendar has drawn
- the month, opening the calendar from the journal (v; builds the screen and its CSS),
- the year, switching from the month (y; one query for the year),
- another year ([ and ]; one query each),
against the trends page: shown the first time (t) and redrawn for 30 days (s s s: 30 ->
90 -> 7 -> 30). Medians over the rounds; the first open of the calendar is one number.

The journal is generated once and kept in the temp folder between runs."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks.journal import _prepare, _wait_for
from benchmarks.ptyrun import PtyProcess, spawn
from ebbtide.core.journal.models import DoseInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths
from ebbtide.core.practice.records import PracticeRecord

YEARS = 5
# Up to today: a journal that stopped days ago would open on home with a safety note about
# missed doses (and the app's clock is the real one).
TODAY = date.today()
CACHE = Path(tempfile.gettempdir()) / f"ebbtide-bench-calendar-{YEARS}y-{TODAY}"
TARGET_MS = 150.0


def five_years() -> Paths:
    paths = _prepare(CACHE)
    if paths.journal_file.exists():
        return paths
    started = time.perf_counter()
    now = datetime.now().astimezone()
    rng = random.Random(17)
    checkins = 0
    with Journal.open(paths, clock=lambda: now) as journal:
        med = journal.add_medication("baclofen", strength="10 mg tablet", dose_mg=10)
        with journal.transaction():
            for days_ago in range(YEARS * 365):
                day = now - timedelta(days=days_ago)
                for hour in (8, 20)[:rng.randint(1, 2)]:
                    at = day.replace(hour=hour)
                    if at > now:
                        continue  # today's evening has not come yet
                    doses = [DoseInput(med.id, 10.0)] if rng.random() < 0.8 else []
                    journal.add_checkin(mood=rng.randint(1, 10), anxiety=rng.randint(0, 10),
                                        at=at, doses=doses)
                    checkins += 1
                if days_ago % 2 == 0:
                    journal.add_practice_record(PracticeRecord(
                        kind="breathe", content_id="box", started_at=day.replace(hour=0),
                        planned_seconds=300, actual_seconds=300, completed=True))
    print(f"generated {checkins} check-ins over {YEARS} years in "
          f"{time.perf_counter() - started:.1f} s")
    return paths


def _press(process: PtyProcess, key: bytes, marker: bytes) -> float:
    process.drain(0.3)  # let the previous draw finish
    process.output.clear()
    process.send(key)
    return _wait_for(process, marker)


def measure(paths: Paths, rounds: int) -> dict[str, float]:
    process = spawn([sys.executable, "-m", "ebbtide"], columns=80, rows=24,
                    env={"EBBTIDE_HOME": str(paths.data_dir.parent)})
    try:
        process.wait_for(b"Journal", 30)
        process.drain(1.5)  # home reads the journal in the background
        process.send(b"4")
        _wait_for(process, b"  anxiety ")
        opened = _press(process, b"v", b"Mon  ")
        years: list[float] = []
        other_years: list[float] = []
        this_year = TODAY.year
        for _ in range(rounds):
            years.append(_press(process, b"y", b"Dec "))
            title = f"{this_year - 1} \N{MIDDLE DOT} mean mood".encode()
            other_years.append(_press(process, b"[", title))
            title = f"{this_year} \N{MIDDLE DOT} mean mood".encode()
            other_years.append(_press(process, b"]", title))
            _press(process, b"m", b"Mon  ")
        process.send(b"\x1b")  # back to the journal
        process.drain(0.5)
        trends_first = _press(process, b"t", b"Last 30 days")
        trends: list[float] = []
        for _ in range(rounds):
            process.send(b"ss")  # 30 -> 90 -> 7
            process.drain(0.5)
            trends.append(_press(process, b"s", b"Last 30 days"))
    finally:
        process.stop()
    return {"calendar_open": opened, "year": statistics.median(years),
            "other_year": statistics.median(other_years), "trends_first": trends_first,
            "trends30": statistics.median(trends)}


def run(rounds: int = 5) -> dict[str, float]:
    ms = measure(five_years(), rounds)
    print(f"calendar, opened from the journal (month): {ms['calendar_open']:.0f} ms")
    for key, label in (("year", "year view from the month (y)"),
                       ("other_year", "another year ([ and ])")):
        verdict = "ok" if ms[key] <= TARGET_MS else "OVER"
        print(f"calendar, {label}: {ms[key]:.0f} ms with {YEARS} years of data "
              f"(target <= {TARGET_MS:.0f} ms: {verdict}); vs trends redrawn for 30 days "
              f"{ms['trends30']:.0f} ms -> ratio {ms[key] / ms['trends30']:.2f}")
    print(f"trends, shown the first time (30 days): {ms['trends_first']:.0f} ms")
    return {f"calendar_{key}_ms": value for key, value in ms.items()}
