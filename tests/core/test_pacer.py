"""The pacer: the right phase at the right time, through pauses, late frames and two hours."""

from __future__ import annotations

import json
import random
from fractions import Fraction
from pathlib import Path

import pytest

from ebbtide.core import trace
from ebbtide.core.clock import ManualClock
from ebbtide.core.content.patterns import Pattern, Phase, load_shipped_patterns
from ebbtide.core.practice.pacer import Pacer, PacerRun

PATTERNS = {p.id: p for p in load_shipped_patterns()}
BOX = PATTERNS["box"]


def test_phases_change_exactly_at_their_boundaries() -> None:
    pacer = Pacer(BOX, cycles=2)
    expectations = [
        (0.0, 0, "Breathe in", 1), (3.999, 0, "Breathe in", 1), (4.0, 1, "Hold", 1),
        (8.0, 2, "Breathe out", 1), (12.0, 3, "Rest", 1), (15.9999, 3, "Rest", 1),
        (16.0, 0, "Breathe in", 2), (31.9, 3, "Rest", 2),
    ]
    for elapsed, index, word, cycle in expectations:
        state = pacer.state_at(elapsed)
        assert (state.phase_index, state.word, state.cycle) == (index, word, cycle), elapsed
        assert not state.finished


def test_state_reports_progress_and_time_left() -> None:
    pacer = Pacer(BOX, cycles=2)
    state = pacer.state_at(5.0)
    assert state.kind == "hold" and state.progress == pytest.approx(0.25)
    assert state.seconds_left == pytest.approx(3.0) and state.count == 3
    assert state.total_cycles == 2
    assert state.session_progress == pytest.approx(5 / 32)
    assert state.session_seconds_left == pytest.approx(27.0)


def test_the_session_ends_after_the_last_phase() -> None:
    pacer = Pacer(BOX, cycles=2)
    end = pacer.state_at(32.0)
    assert end.finished and end.session_progress == 1.0 and end.seconds_left == 0
    assert end.cycle == 2 and end.count == 0
    assert pacer.state_at(1000.0) == end
    assert pacer.state_at(-5.0) == pacer.state_at(0.0)


def test_the_shape_fills_on_inhale_and_empties_on_exhale() -> None:
    pacer = Pacer(BOX, cycles=1)
    assert pacer.state_at(0.0).fill == 0.0
    assert pacer.state_at(2.0).fill == pytest.approx(0.5)
    assert pacer.state_at(6.0).fill == pytest.approx(1.0)  # hold: stays full
    assert pacer.state_at(10.0).fill == pytest.approx(0.5)
    assert pacer.state_at(14.0).fill == pytest.approx(0.0)  # rest: stays empty
    sigh = Pacer(PATTERNS["cyclic-sighing"], cycles=1)
    assert sigh.state_at(3.0).fill == pytest.approx(0.8)  # the top-up fills the rest
    assert sigh.state_at(4.0).fill == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("pattern_id", "minutes", "cycles"),
    [
        ("box", 1, 4),  # 60 / 16 = 3.75: finish the breath in progress
        ("gentle", 1, 8),  # 7.5 -> 8
        ("resonance-6", 1, 6),  # exactly 6: no extra cycle from float noise
        ("resonance-5-5", 1.09, 6),  # 65.4 s is exactly 6 cycles of 10.9 s
        ("resonance-5-5", 5, 28),  # 27.5 -> 28
        ("4-7-8", 1, 4),
    ],
)
def test_minutes_round_up_to_whole_cycles(pattern_id: str, minutes: float,
                                          cycles: int) -> None:
    pacer = Pacer(PATTERNS[pattern_id], minutes=minutes)
    assert pacer.total_cycles == cycles
    assert pacer.total_seconds >= minutes * 60 - 1e-9
    assert pacer.total_seconds < minutes * 60 + pacer.cycle_seconds


def test_default_length_respects_the_beginner_cap() -> None:
    assert Pacer(PATTERNS["4-7-8"]).total_cycles == 4
    assert Pacer(PATTERNS["resonance-6"]).total_seconds == 5 * 60  # default_minutes
    assert Pacer(PATTERNS["gentle"]).total_cycles == 23  # 3 min = 22.5 cycles, rounded up
    long = Pacer(PATTERNS["4-7-8"], cycles=8)
    assert long.beginner_warning() is not None
    assert Pacer(PATTERNS["4-7-8"], cycles=4).beginner_warning() is None


def test_bad_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        Pacer(BOX, minutes=5, cycles=3)
    with pytest.raises(ValueError):
        Pacer(BOX, cycles=0)
    with pytest.raises(ValueError):
        Pacer(BOX, minutes=0)


def test_phase_starts_are_listed_in_order() -> None:
    pacer = Pacer(PATTERNS["4-7-8"], cycles=3)
    starts = list(pacer.phase_starts())
    assert len(starts) == 9 == pacer.phase_count
    assert [(s.cycle, s.kind, s.offset) for s in starts[:4]] == [
        (1, "inhale", 0.0), (1, "hold", 4.0), (1, "exhale", 11.0), (2, "inhale", 19.0)]
    assert pacer.phase_start_offset(3, 2) == 2 * 19 + 11
    assert starts[-1].offset == pacer.phase_start_offset(3, 2)


# --- running on a clock -----------------------------------------------------------------


def test_first_poll_reports_the_first_inhale_at_the_start_time() -> None:
    clock = ManualClock(100.0)
    run = PacerRun(Pacer(BOX, cycles=1), clock)
    assert run.poll() == []  # not started
    run.start()
    events = run.poll()
    assert [(e.kind, e.cycle, e.planned) for e in events] == [("inhale", 1, 100.0)]
    assert run.poll() == []  # nothing new


def test_pause_freezes_the_pacer_and_shifts_the_plan() -> None:
    clock = ManualClock(0.0)
    run = PacerRun(Pacer(BOX, cycles=1), clock)
    run.start()
    run.poll()
    clock.advance(3.0)
    run.pause()
    clock.advance(60.0)
    assert run.poll() == []
    assert run.paused and run.state().kind == "inhale" and run.elapsed() == 3.0
    run.resume()
    clock.advance(1.0)
    events = run.poll()
    assert [(e.kind, e.planned) for e in events] == [("hold", 64.0)]
    assert run.state().seconds_left == pytest.approx(4.0)


def test_a_late_frame_still_reports_every_skipped_phase_with_its_planned_time() -> None:
    clock = ManualClock(50.0)
    run = PacerRun(Pacer(BOX, cycles=3), clock)
    run.start()
    run.poll()
    clock.advance(1.0)
    run.poll()
    clock.advance(10.0)  # the UI froze for 10 s
    events = run.poll()
    assert [(e.kind, e.cycle, e.planned) for e in events] == [
        ("hold", 1, 54.0), ("exhale", 1, 58.0)]
    assert all(e.actual == 61.0 for e in events)
    assert events[0].late == pytest.approx(7.0)


def test_cycle_and_session_boundaries_and_the_end() -> None:
    clock = ManualClock(0.0)
    run = PacerRun(Pacer(BOX, cycles=2), clock)
    run.start()
    run.poll()
    clock.set(16.0)
    events = run.poll()
    assert (events[-1].kind, events[-1].cycle) == ("inhale", 2)
    assert not run.finished
    clock.set(31.99)
    run.poll()
    assert not run.finished
    clock.set(40.0)
    assert run.poll() == []  # no phase starts after the last one ...
    assert run.finished and run.over and not run.stopped_early  # ... but the end is noticed
    assert run.elapsed() == 32.0 and run.cycles_completed() == 2
    assert run.state().finished


def test_skip_to_end_keeps_the_real_time_breathed() -> None:
    clock = ManualClock(0.0)
    run = PacerRun(Pacer(BOX, cycles=4), clock)
    run.start()
    clock.advance(10.0)
    run.pause()
    clock.advance(100.0)
    run.resume()
    clock.advance(10.0)
    run.skip_to_end()
    assert run.stopped_early and not run.finished
    assert run.elapsed() == pytest.approx(20.0) and run.cycles_completed() == 1
    clock.advance(100.0)
    assert run.poll() == [] and run.elapsed() == pytest.approx(20.0)


def test_phase_starts_are_traced_with_planned_and_actual_times(tmp_path: Path) -> None:
    trace_file = tmp_path / "trace.jsonl"
    trace.configure(str(trace_file))
    try:
        clock = ManualClock(10.0)
        run = PacerRun(Pacer(PATTERNS["gentle"], cycles=1), clock)
        run.start()
        run.poll()
        clock.advance(4.5)
        run.poll()
        clock.advance(4.0)
        run.poll()
    finally:
        trace.configure(None)
    lines = [json.loads(line) for line in trace_file.read_text().splitlines()]
    assert [line["event"] for line in lines] == [
        "session_start", "phase_start", "phase_start", "session_end"]
    exhale = lines[2]
    assert exhale == {"event": "phase_start", "planned": 14.0, "actual": 14.5,
                      "phase": "exhale", "cycle": 1}
    assert lines[3]["planned"] == 18.0 and lines[3]["completed"] is True


def test_two_hours_at_irregular_frames_never_drift() -> None:
    """Frames every 5–250 ms (and a few long stalls and pauses) for two hours: every phase
    start's planned time equals exact rational arithmetic, and every frame shows the phase
    exact arithmetic says it should."""
    pattern = Pattern(
        id="drift", name="Drift", purpose="test", default_minutes=120,
        phases=(Phase("inhale", 5.45), Phase("top-up", 0.35), Phase("hold", 1.1),
                Phase("exhale", 5.45), Phase("hold-out", 0.7)),
    )
    durations = [Fraction(str(p.seconds)) for p in pattern.phases]
    cycle = sum(durations)
    starts_in_cycle = [sum(durations[:i], Fraction(0)) for i in range(len(durations))]
    pacer = Pacer(pattern, minutes=120)
    assert pacer.total_cycles * cycle >= 7200 > (pacer.total_cycles - 1) * cycle

    rng = random.Random(20260101)
    start = Fraction(123456789, 1000)  # a realistic monotonic start
    now = start
    paused_total = Fraction(0)
    pauses: list[tuple[Fraction, Fraction]] = []  # (active time at pause, length)
    clock = ManualClock(float(now))
    run = PacerRun(pacer, clock)
    run.start()
    reported = []
    frames = 0
    while not run.over:
        roll = rng.random()
        if roll < 0.0005:  # a pause of up to a minute, without a poll just before it
            run.pause()
            gap = Fraction(rng.randint(1, 60_000), 1000)
            pauses.append((now - start - paused_total, gap))
            now += gap
            paused_total += gap
            clock.set(float(now))
            run.resume()
        step = Fraction(rng.randint(5_000, 250_000), 1_000_000)
        if roll > 0.9995:
            step = Fraction(rng.randint(1, 20), 1)  # a long stall
        now += step
        clock.set(float(now))
        reported.extend(run.poll())
        frames += 1
        if not run.over and frames % 7 == 0:
            elapsed = now - start - paused_total
            cycle_index, rest = divmod(elapsed, cycle)
            expected_phase = max(i for i, s in enumerate(starts_in_cycle) if s <= rest)
            distance = min(abs(rest - s) for s in [*starts_in_cycle, cycle])
            if distance > Fraction(1, 100_000):
                state = run.state()
                assert (state.cycle, state.phase_index) == (cycle_index + 1, expected_phase)

    assert frames > 50_000 and len(pauses) > 5
    assert len(reported) == pacer.phase_count
    assert [(e.cycle, e.phase_index) for e in reported] == [
        (s.cycle, s.phase_index) for s in pacer.phase_starts()]
    worst = 0.0
    for event in reported:
        offset = (event.cycle - 1) * cycle + starts_in_cycle[event.phase_index]
        paused_before = sum((gap for at, gap in pauses if at < offset), Fraction(0))
        exact_planned = start + paused_before + offset
        worst = max(worst, abs(event.planned - float(exact_planned)))
        assert event.offset == float(offset)  # exact: the correctly rounded true value
        assert event.actual >= event.planned - 1e-9
    assert worst < 1e-8  # float rounding of one addition, nothing accumulated
    assert run.elapsed() == float(pacer.total_cycles * cycle)


def test_a_phase_due_just_before_a_pause_keeps_its_planned_time() -> None:
    clock = ManualClock(0.0)
    run = PacerRun(Pacer(BOX, cycles=1), clock)
    run.start()
    run.poll()
    clock.set(4.5)  # the hold began at 4.0, but no frame ran before the pause
    run.pause()
    clock.set(30.0)
    run.resume()
    events = run.poll()
    assert [(e.kind, e.planned, e.actual) for e in events] == [("hold", 4.0, 4.5)]
