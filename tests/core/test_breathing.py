"""A breathing session from the first question to the saved record."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ebbtide.core.clock import ManualClock
from ebbtide.core.content.patterns import load_shipped_patterns
from ebbtide.core.errors import EbbtideError
from ebbtide.core.practice.breathing import BreathingSession
from ebbtide.core.practice.records import MemoryPracticeLog, PracticeRecord
from ebbtide.core.practice.session_flow import Stage, validate_rating

PATTERNS = {p.id: p for p in load_shipped_patterns()}
WHEN = datetime(2026, 3, 1, 21, 30, tzinfo=timezone(timedelta(hours=1)))


def stage(s: BreathingSession) -> Stage:
    return s.stage  # (a function call, so mypy does not pin the stage between actions)


def session(clock: ManualClock, log: MemoryPracticeLog | None = None,
            **kwargs: object) -> BreathingSession:
    return BreathingSession(PATTERNS["gentle"], clock=clock, log=log,
                            wall_clock=lambda: WHEN, **kwargs)  # type: ignore[arg-type]


def test_a_whole_session_with_ratings_is_saved_once() -> None:
    clock, log = ManualClock(0.0), MemoryPracticeLog()
    s = session(clock, log, cycles=2, start_delay=3)
    assert stage(s) == "rating_before" and s.state() is None
    s.rate_before(7)
    assert stage(s) == "countdown" and s.countdown_left() == 3.0
    clock.advance(2.0)
    assert s.poll() == [] and stage(s) == "countdown" and s.countdown_left() == 1.0
    clock.advance(1.0)
    events = s.poll()
    assert stage(s) == "running" and [e.kind for e in events] == ["inhale"]
    clock.advance(4.0)
    assert [e.word for e in s.poll()] == ["Breathe out"]
    clock.advance(12.0)
    s.poll()
    assert stage(s) == "summary" and s.awaiting_after_rating
    # Saved the moment it ended; the after-rating then updates that same record.
    assert [(r.completed, r.anxiety_after) for r in log.records] == [(True, None)]
    s.rate_after(3)
    assert not s.awaiting_after_rating and s.saved
    assert log.records == [PracticeRecord(
        kind="breathe", content_id="gentle", started_at=WHEN, planned_seconds=16.0,
        actual_seconds=16.0, completed=True, anxiety_before=7, anxiety_after=3)]
    summary = s.summary
    assert summary is not None and summary.cycles_completed == 2 and summary.change == -4
    assert s.save() and len(log.records) == 1  # idempotent


def test_without_ratings_and_delay_breathing_starts_at_once_and_saves_itself() -> None:
    clock, log = ManualClock(5.0), MemoryPracticeLog()
    s = session(clock, log, cycles=1, ask_ratings=False)
    assert stage(s) == "running"
    assert [e.planned for e in s.poll()] == [5.0]
    clock.advance(8.0)
    s.poll()
    assert stage(s) == "summary" and not s.awaiting_after_rating
    assert len(log.records) == 1 and log.records[0].anxiety_before is None


def test_the_after_rating_can_be_skipped() -> None:
    clock, log = ManualClock(), MemoryPracticeLog()
    s = session(clock, log, cycles=1)
    s.skip_rating_before()
    clock.advance(9.0)
    s.poll()
    s.skip_rating_after()
    assert log.records[0].anxiety_after is None and log.records[0].completed


def test_stopping_midway_records_a_partial_session_with_real_time() -> None:
    clock, log = ManualClock(), MemoryPracticeLog()
    s = session(clock, log, minutes=5, ask_ratings=False)
    s.poll()
    clock.advance(20.0)
    s.toggle_pause()
    assert s.paused
    clock.advance(300.0)  # a long pause does not count as breathing
    s.toggle_pause()
    clock.advance(5.0)
    s.stop()
    assert stage(s) == "summary"
    record = log.records[0]
    assert not record.completed and record.actual_seconds == pytest.approx(25.0)
    assert record.planned_seconds == 38 * 8  # 5 min rounded up to whole breaths
    summary = s.summary
    assert summary is not None and summary.partial and summary.cycles_completed == 3
    state = s.state()
    assert state is not None and state.elapsed == pytest.approx(25.0)  # frozen


def test_skip_to_summary_then_rate_after() -> None:
    clock, log = ManualClock(), MemoryPracticeLog()
    s = session(clock, log, cycles=10)
    s.rate_before("4")
    clock.advance(12.0)
    s.poll()
    s.skip_to_summary()
    assert stage(s) == "summary" and s.awaiting_after_rating
    s.rate_after(2)
    assert log.records[0].actual_seconds == pytest.approx(12.0)
    assert (log.records[0].anxiety_before, log.records[0].anxiety_after) == (4, 2)


def test_stopping_before_breathing_cancels_and_saves_nothing() -> None:
    clock, log = ManualClock(), MemoryPracticeLog()
    s = session(clock, log, start_delay=10)
    s.skip_rating_before()
    clock.advance(4.0)
    s.stop()
    assert stage(s) == "cancelled" and s.summary is None
    assert not s.save() and log.records == []


@pytest.mark.parametrize("bad", [11, -1, "x", "7.5", True, None, 3.0])
def test_ratings_are_whole_numbers_from_0_to_10(bad: object) -> None:
    with pytest.raises(EbbtideError, match="0 to 10"):
        validate_rating(bad)
    s = session(ManualClock())
    with pytest.raises(EbbtideError):
        s.rate_before(bad)
    assert stage(s) == "rating_before"  # still asking


def test_actions_in_the_wrong_stage_are_refused() -> None:
    s = session(ManualClock(), cycles=1, ask_ratings=False)
    with pytest.raises(RuntimeError):
        s.rate_before(3)
    with pytest.raises(RuntimeError):
        s.rate_after(3)


def test_start_delay_is_limited_to_30_seconds() -> None:
    with pytest.raises(ValueError):
        session(ManualClock(), start_delay=31)


def test_beginner_warning_and_again() -> None:
    clock = ManualClock()
    long = BreathingSession(PATTERNS["4-7-8"], cycles=8, clock=clock)
    assert long.beginner_warning is not None
    assert BreathingSession(PATTERNS["4-7-8"], clock=clock).beginner_warning is None
    fresh = long.again()
    assert stage(fresh) == "rating_before" and fresh.pacer.total_cycles == 8


def test_a_log_error_is_kept_for_the_screen_not_raised() -> None:
    class BrokenLog(MemoryPracticeLog):
        def add_practice(self, record: PracticeRecord) -> None:
            raise EbbtideError("the journal is locked")

    clock = ManualClock()
    s = session(clock, BrokenLog(), cycles=1, ask_ratings=False)
    clock.advance(8.0)
    s.poll()
    assert stage(s) == "summary" and not s.saved
    assert s.save_error == "the journal is locked"
