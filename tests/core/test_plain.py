"""Plain mode's event stream, driven by a manual clock: exact lines at exact times."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from ebbtide.core.clock import ManualClock
from ebbtide.core.content.meditations import Script, Source, Step
from ebbtide.core.content.patterns import load_shipped_patterns
from ebbtide.core.practice.bell_timer import TimerRun, TimerSpec
from ebbtide.core.practice.breathing import BreathingSession
from ebbtide.core.practice.guide import GuideRun
from ebbtide.core.practice.plain import (
    PlainEvent,
    breathing_events,
    ending_line,
    guided_events,
    spoken_duration,
    timer_events,
)
from ebbtide.core.practice.records import MemoryPracticeLog
from ebbtide.core.practice.session_flow import SessionFlow

T0 = 1000.0
WALL = datetime(2026, 11, 30, 8, 30, tzinfo=timezone(timedelta(hours=1)))


def play(events: Iterator[PlainEvent], clock: ManualClock) -> list[tuple[float, str, str | None]]:
    """Run the stream as the CLI does, with sleeping replaced by moving the clock."""
    said = []
    for event in events:
        if event.text is None:
            clock.set(max(clock.now(), event.at))
        else:
            said.append((round(event.at - T0, 6), event.text, event.cue))
    return said


def test_box_breathing_two_cycles_exact_lines_and_times() -> None:
    clock = ManualClock(T0)
    log = MemoryPracticeLog()
    box = next(p for p in load_shipped_patterns() if p.id == "box")
    session = BreathingSession(box, cycles=2, ask_ratings=False, clock=clock, log=log,
                               wall_clock=lambda: WALL)
    said = play(breathing_events(session), clock)
    cycle = [("Breathe in, 4 seconds", "inhale"), ("Hold, 4 seconds", "hold"),
             ("Breathe out, 4 seconds", "exhale"), ("Rest, 4 seconds", "hold")]
    expected: list[tuple[float, str, str | None]] = [
        (0.0, "Box breathing: 2 cycles, 32 seconds", None)]
    for number in (1, 2):
        start = (number - 1) * 16.0
        expected.append((start, f"Cycle {number} of 2", None))
        expected.extend((start + 4.0 * i, text, cue) for i, (text, cue) in enumerate(cycle))
    expected.append((32.0, "Done: 32 seconds", None))
    assert said == expected
    assert len(log.records) == 1
    record = log.records[0]
    assert (record.kind, record.content_id, record.completed) == ("breathe", "box", True)
    assert record.actual_seconds == 32.0


def test_guided_script_steps_and_bells() -> None:
    clock = ManualClock(T0)
    log = MemoryPracticeLog()
    script = Script(id="short", name="Short", purpose="Test.", minutes=1.0,
                    source=Source("Test", "https://example.org/"),
                    steps=(Step("Open.", 30.0, bell=True), Step("Notice\x1b[31m.", 20.0),
                           Step("Close.", 10.0, bell=True)))
    flow = SessionFlow(GuideRun(script, clock, wall_clock=lambda: WALL), ask_ratings=False,
                       clock=clock, log=log)
    assert play(guided_events(flow), clock) == [
        (0.0, "Short: 3 steps, 1 minute", None),
        (0.0, "Step 1 of 3: Open.", None),
        (0.0, "Bell", "bell"),
        (30.0, "Step 2 of 3: Notice\\x1b[31m.", None),
        (50.0, "Step 3 of 3: Close.", None),
        (50.0, "Bell", "bell"),
        (60.0, "Done: 1 minute", None),
    ]
    assert [(r.kind, r.completed) for r in log.records] == [("meditate", True)]


def test_timer_bells_and_done() -> None:
    clock = ManualClock(T0)
    log = MemoryPracticeLog()
    run = TimerRun(TimerSpec(minutes=2.0, every=0.5), clock, wall_clock=lambda: WALL)
    flow = SessionFlow(run, ask_ratings=False, clock=clock, log=log)
    said = play(timer_events(flow), clock)
    assert said == [
        (0.0, "Timer: 2 min · bells every 0.5 min", None),
        (0.0, "Bell", "bell"),
        (30.0, "Bell", "bell"),
        (60.0, "Bell", "bell"),
        (90.0, "Bell", "bell"),
        (120.0, "Bell", "bell"),
        (120.0, "Done: 2 minutes", None),
    ]
    assert [(r.kind, r.completed) for r in log.records] == [("timer", True)]


def test_stopping_early_is_saved_as_partial() -> None:
    clock = ManualClock(T0)
    log = MemoryPracticeLog()
    box = next(p for p in load_shipped_patterns() if p.id == "box")
    session = BreathingSession(box, cycles=2, ask_ratings=False, clock=clock, log=log,
                               wall_clock=lambda: WALL)
    events = breathing_events(session)
    for event in events:
        if event.text is None:
            if event.at - T0 > 10:
                break
            clock.set(event.at)
    clock.advance(2.0)
    session.end()
    assert ending_line(session.record()) == "Stopped after 10 seconds; saved as partial."
    assert [(r.completed, r.actual_seconds) for r in log.records] == [(False, 10.0)]


def test_spoken_durations() -> None:
    assert [spoken_duration(s) for s in (1, 4, 60, 72, 300)] == [
        "1 second", "4 seconds", "1 minute", "1 minute 12 seconds", "5 minutes"]
