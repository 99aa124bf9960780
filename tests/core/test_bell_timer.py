"""Bell timer on an injected clock: bells at their planned times whatever the frame rate,
after pauses, for custom marks, intervals and open-ended sits; presets that never overwrite
a file the person has to fix."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core import trace
from ebbtide.core.clock import ManualClock
from ebbtide.core.errors import EbbtideError
from ebbtide.core.paths import Paths
from ebbtide.core.practice.bell_timer import (
    TimerEvent,
    TimerRun,
    TimerSpec,
    delete_preset,
    load_presets,
    presets_path,
    save_preset,
)
from ebbtide.core.practice.records import MemoryPracticeLog
from ebbtide.core.practice.session_flow import SessionFlow

T0 = 500.0
WALL = datetime(2026, 11, 21, 7, 0, tzinfo=timezone(timedelta(hours=1)))


def make_run(clock: ManualClock, spec: TimerSpec) -> TimerRun:
    return TimerRun(spec, clock, wall_clock=lambda: WALL)


def bells(events: list[TimerEvent]) -> list[tuple[str | None, float]]:
    return [(e.bell_kind, e.planned) for e in events if e.kind == "bell"]


@pytest.fixture
def traced(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "trace.jsonl"
    trace.configure(str(path))
    yield path
    trace.configure(None)


def test_custom_marks_ring_at_their_minutes_and_the_end_bell_once() -> None:
    clock = ManualClock(T0)
    run = make_run(clock, TimerSpec(minutes=30, marks=(5, 25, 30)))
    run.start()
    seen: list[TimerEvent] = []
    for _ in range(31):
        seen += run.poll()
        clock.advance(60)
    assert bells(seen) == [("start", T0), ("mark", T0 + 300), ("mark", T0 + 1500),
                           ("end", T0 + 1800)]
    assert [e.bell_index for e in seen if e.kind == "bell"] == [1, 2, 3, 4]
    assert seen[-1].kind == "session_end" and run.finished


def test_interval_and_marks_merge_where_they_coincide() -> None:
    clock = ManualClock(T0)
    run = make_run(clock, TimerSpec(minutes=20, every=5, marks=(5, 12.5), start_bell=False))
    run.start()
    clock.advance(20 * 60)
    assert bells(run.poll()) == [("mark", T0 + 300), ("interval", T0 + 600),
                                 ("mark", T0 + 750), ("interval", T0 + 900), ("end", T0 + 1200)]


def test_three_minute_timer_with_30s_bells_is_exact_under_irregular_frames(traced: Path) -> None:
    clock = ManualClock(T0)
    run = make_run(clock, TimerSpec(minutes=3, every=0.5))
    rng = random.Random(5)
    run.start()
    seen: list[TimerEvent] = []
    paused_at_60 = False
    while not run.finished:
        seen += run.poll()
        clock.advance(rng.choice([0.016, 0.033, 0.2, 0.9, 2.7]))  # jittery, sometimes stalled
        if not paused_at_60 and run.elapsed >= 61:
            run.pause()
            clock.advance(17.25)
            run.resume()
            paused_at_60 = True
    seen += run.poll()
    planned = [p for _, p in bells(seen)]
    expected = [T0 + 30 * k for k in range(3)] + [T0 + 17.25 + 30 * k for k in range(3, 7)]
    assert planned == expected  # exactly start + 30k (+ the pause), never drifted
    lines = [json.loads(line) for line in traced.read_text().splitlines()]
    traced_bells = [line for line in lines if line["event"] == "bell"]
    assert [b["mark"] for b in traced_bells] == [30.0 * k for k in range(7)]
    assert [b["index"] for b in traced_bells] == list(range(1, 8))
    assert [line["event"] for line in lines][0::len(lines) - 1] == ["session_start", "session_end"]


def test_open_ended_runs_until_stopped_with_interval_bells() -> None:
    clock = ManualClock(T0)
    run = make_run(clock, TimerSpec(minutes=None, every=10))
    run.start()
    clock.advance(25 * 60)
    assert bells(run.poll()) == [("start", T0), ("interval", T0 + 600),
                                 ("interval", T0 + 1200)]
    state = run.state()
    assert state.remaining is None and state.progress is None
    assert state.next_bell_in == 300 and not run.finished
    log = MemoryPracticeLog()
    record = run.stop(log)
    assert record.completed and record.actual_seconds == record.planned_seconds == 1500
    assert record.kind == "timer" and log.records == [record]


def test_state_counts_down_to_the_next_bell_and_the_end() -> None:
    clock = ManualClock(T0)
    run = make_run(clock, TimerSpec(minutes=10, every=4))
    assert run.state().next_bell_in == 0  # the start bell, as soon as it starts
    run.start()
    run.poll()
    clock.advance(100)
    state = run.state()
    assert (state.elapsed, state.remaining, state.next_bell_in) == (100, 500, 140)
    clock.advance(400)
    assert run.state().next_bell_in == 100  # the end bell


def test_stopping_a_timed_session_early_is_partial_with_real_seconds() -> None:
    clock = ManualClock(T0)
    run = make_run(clock, TimerSpec(minutes=20))
    run.start()
    clock.advance(90)
    run.pause()
    clock.advance(600)
    record = run.stop()
    assert (record.completed, record.actual_seconds, record.planned_seconds) == (False, 90, 1200)
    assert record.started_at == WALL
    assert run.poll() == []


def test_timer_in_the_session_flow_uses_start_delay_as_countdown() -> None:
    clock = ManualClock(T0)
    spec = TimerSpec(minutes=1, start_delay=5)
    log = MemoryPracticeLog()
    flow: SessionFlow[TimerEvent] = SessionFlow(make_run(clock, spec), clock=clock, log=log,
                                                start_delay=spec.start_delay)
    flow.skip_rating_before()
    clock.advance(5)
    assert bells(flow.poll()) == [("start", T0 + 5)]
    clock.advance(60)
    assert bells(flow.poll()) == [("end", T0 + 65)]
    assert flow.stage == "summary"
    flow.skip_rating_after()
    assert log.records[0].completed


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (TimerSpec(minutes=0.5), "length must be 1–120 minutes"),
        (TimerSpec(minutes=121), "length must be 1–120 minutes"),
        (TimerSpec(start_delay=31), "start delay must be a whole number of seconds from 0 to 30"),
        (TimerSpec(minutes=10, every=0), "interval must be more than 0"),
        (TimerSpec(minutes=10, every=10), "interval (10 min) must be shorter than the length"),
        (TimerSpec(minutes=10, marks=(5, 11)), "bell mark 11 min is after the length"),
        (TimerSpec(minutes=10, marks=(5, 3)), "bell marks must increase (5 then 3)"),
        (TimerSpec(minutes=10, marks=(0,)), "bell mark 0 must be a number of minutes above 0"),
    ],
)
def test_invalid_specs_are_refused_in_one_line(spec: TimerSpec, message: str) -> None:
    with pytest.raises(EbbtideError) as info:
        spec.validated()
    assert message in str(info.value) and "\n" not in str(info.value)


def test_marks_given_as_a_list_are_kept_as_a_tuple() -> None:
    assert TimerSpec(minutes=30, marks=[5, 25]).marks == (5, 25)


# --------------------------------------------------------------------------- presets


def test_presets_round_trip_privately(paths: Paths) -> None:
    path = presets_path(paths)
    assert path == paths.config_dir / "timer-presets.toml"
    save_preset(path, "Morning sit", TimerSpec(minutes=20, every=5, marks=(12.5,)))
    save_preset(path, "Open", TimerSpec(minutes=None, start_delay=10, end_bell=False))
    loaded = load_presets(path)
    assert loaded.problems == [] and loaded.writable
    assert loaded.presets["Morning sit"] == TimerSpec(minutes=20, every=5, marks=(12.5,))
    assert loaded.presets["Open"].open_ended and loaded.presets["Open"].start_delay == 10
    assert path.stat().st_mode & 0o777 == 0o600
    assert list(delete_preset(path, "Open")) == ["Morning sit"]


def test_a_broken_presets_file_is_reported_by_line_and_never_overwritten(paths: Paths) -> None:
    path = presets_path(paths)
    text = '[presets.calm]\nminutes = 20\n\n[presets."too long"]\nminutes = 500\n'
    path.write_text(text, encoding="utf-8")
    loaded = load_presets(path)
    assert list(loaded.presets) == ["calm"] and not loaded.writable
    (problem,) = loaded.problems
    assert problem.startswith(f"{path}, line 4: preset 'too long': length must be 1–120")
    with pytest.raises(EbbtideError, match="not saving presets until the file is fixed"):
        save_preset(path, "new", TimerSpec(minutes=5))
    assert path.read_text(encoding="utf-8") == text


def test_a_presets_file_with_bad_toml_names_the_line(paths: Paths) -> None:
    path = presets_path(paths)
    path.write_text("[presets.calm]\nminutes = = 3\n", encoding="utf-8")
    loaded = load_presets(path)
    assert loaded.presets == {} and not loaded.writable
    assert loaded.problems[0].startswith(f"{path}, line 2, column")
