"""Guided meditation timeline on an injected clock: steps and bells at their planned times,
pauses shift them by exactly the paused time, late frames miss nothing, jumps move the
timeline, stopping records the real minutes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebbtide.core import trace
from ebbtide.core.clock import ManualClock
from ebbtide.core.content.meditations import Script, Source, Step, load_scripts
from ebbtide.core.errors import EbbtideError
from ebbtide.core.practice.guide import GuideEvent, GuideRun
from ebbtide.core.practice.records import MemoryPracticeLog
from ebbtide.core.practice.session_flow import SessionFlow, validate_rating

T0 = 1000.0
WALL = datetime(2026, 11, 21, 8, 30, tzinfo=timezone(timedelta(hours=1)))


def short_script() -> Script:
    return Script(
        id="short", name="Short", purpose="Test.", minutes=100 / 60,
        source=Source("Test", "https://example.org/"),
        steps=(
            Step("Open.", 30.0, bell=True),
            Step("Notice.", 20.0),
            Step("Middle.", 40.0, bell=True),
            Step("Close.", 10.0, bell=True),
        ),
    )


def make_run(clock: ManualClock, script: Script | None = None,
             minutes: float | None = None) -> GuideRun:
    return GuideRun(script or short_script(), clock, minutes, wall_clock=lambda: WALL)


def kinds(events: list[GuideEvent]) -> list[tuple[str, int, float]]:
    return [(e.kind, e.step, e.planned) for e in events]


@pytest.fixture
def traced(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "trace.jsonl"
    trace.configure(str(path))
    yield path
    trace.configure(None)


def read_trace(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_short_script_runs_through_every_step_with_bells_on_time(traced: Path) -> None:
    clock = ManualClock(T0)
    run = make_run(clock)
    run.start()
    seen: list[GuideEvent] = []
    for _ in range(1100):  # ~11 frames a second for 100 s
        seen += run.poll()
        clock.advance(0.091)
    seen += run.poll()
    assert kinds(seen) == [
        ("session_start", 0, T0),
        ("step_start", 0, T0), ("bell", 0, T0),
        ("step_start", 1, T0 + 30),
        ("step_start", 2, T0 + 50), ("bell", 2, T0 + 50),
        ("step_start", 3, T0 + 90), ("bell", 3, T0 + 90),
        ("session_end", 3, T0 + 100),
    ]
    assert run.finished and run.state().progress == 1.0
    lines = read_trace(traced)
    assert [line["event"] for line in lines] == [e.kind for e in seen]
    bells = [line for line in lines if line["event"] == "bell"]
    assert [b["planned"] for b in bells] == [T0, T0 + 50, T0 + 90]
    # every event was noticed within one frame of its plan
    assert all(0 <= float(line["actual"]) - float(line["planned"]) < 0.1  # type: ignore[arg-type]
               for line in lines)


def test_state_shows_current_and_next_step_and_time_left() -> None:
    clock = ManualClock(T0)
    run = make_run(clock)
    run.start()
    clock.advance(35)
    state = run.state()
    assert (state.step_index, state.text, state.next_text) == (1, "Notice.", "Middle.")
    assert state.step_left == 15 and state.total_left == 65
    assert state.progress == pytest.approx(0.35) and state.step_progress == pytest.approx(0.25)
    clock.advance(60)
    assert run.state().next_text is None and run.state().step_index == 3


def test_pause_and_resume_shift_later_events_by_exactly_the_paused_time() -> None:
    clock = ManualClock(T0)
    run = make_run(clock)
    run.start()
    clock.advance(10)
    run.poll()
    run.pause()
    clock.advance(123.5)
    assert run.poll() == []  # nothing happens while paused
    assert run.state().elapsed == 10
    run.resume()
    clock.advance(200)
    events = run.poll()
    assert kinds(events) == [
        ("step_start", 1, T0 + 30 + 123.5),
        ("step_start", 2, T0 + 50 + 123.5), ("bell", 2, T0 + 50 + 123.5),
        ("step_start", 3, T0 + 90 + 123.5), ("bell", 3, T0 + 90 + 123.5),
        ("session_end", 3, T0 + 100 + 123.5),
    ]


def test_an_event_due_before_a_pause_keeps_its_true_time() -> None:
    clock = ManualClock(T0)
    run = make_run(clock)
    run.start()
    run.poll()
    clock.advance(31)  # step 1 started at +30, but no frame saw it before the pause
    run.pause()
    clock.advance(50)
    run.resume()
    assert kinds(run.poll()) == [("step_start", 1, T0 + 30)]


def test_one_very_late_frame_reports_every_step_and_bell_it_skipped() -> None:
    clock = ManualClock(T0)
    run = make_run(clock)
    run.start()
    clock.advance(95)
    assert [e.kind for e in run.poll()] == [
        "session_start", "step_start", "bell", "step_start", "step_start", "bell",
        "step_start", "bell",
    ]
    clock.advance(400)
    assert kinds(run.poll()) == [("session_end", 3, T0 + 100)]
    assert run.poll() == []


def test_next_step_starts_it_now_and_the_total_shrinks() -> None:
    clock = ManualClock(T0)
    run = make_run(clock)
    run.start()
    clock.advance(12)
    run.poll()
    run.next_step()
    assert kinds(run.poll()) == [("step_start", 1, T0 + 12)]
    state = run.state()
    assert state.step_index == 1 and state.step_left == 20
    assert state.total == 82  # 12 s heard + 20 + 40 + 10
    clock.advance(20)
    assert kinds(run.poll()) == [("step_start", 2, T0 + 32), ("bell", 2, T0 + 32)]


def test_previous_step_replays_it_with_its_bell_and_the_total_grows() -> None:
    clock = ManualClock(T0)
    run = make_run(clock)
    run.start()
    clock.advance(60)  # 10 s into "Middle."
    run.poll()
    run.previous_step()
    assert kinds(run.poll()) == [("step_start", 1, T0 + 60)]
    assert run.state().total == 60 + 20 + 40 + 10
    run.previous_step()
    assert kinds(run.poll()) == [("step_start", 0, T0 + 60), ("bell", 0, T0 + 60)]
    assert run.state().text == "Open."


def test_next_on_the_last_step_ends_the_session() -> None:
    clock = ManualClock(T0)
    run = make_run(clock)
    run.start()
    clock.advance(92)
    run.poll()
    run.next_step()
    assert kinds(run.poll()) == [("session_end", 3, T0 + 92)]
    assert run.finished and run.stop().completed


def test_stop_gives_a_partial_record_with_the_real_active_seconds() -> None:
    clock = ManualClock(T0)
    run = make_run(clock)
    log = MemoryPracticeLog()
    run.start()
    clock.advance(20)
    run.pause()
    clock.advance(300)  # a long pause is not practice time
    run.resume()
    clock.advance(25)
    record = run.stop(log)
    assert log.records == [record]
    assert record.kind == "meditate" and record.content_id == "short"
    assert record.planned_seconds == 100 and record.actual_seconds == 45
    assert record.completed is False and record.started_at == WALL
    clock.advance(100)
    assert run.poll() == [] and run.record().actual_seconds == 45


def test_minutes_rescale_the_script() -> None:
    clock = ManualClock(T0)
    run = make_run(clock, load_scripts().get("breath-awareness"), minutes=5)
    assert run.planned_seconds == 300 and run.state().total == 300


# --------------------------------------------------------------------------- flow


def make_flow(clock: ManualClock, **kwargs: object) -> tuple[SessionFlow[GuideEvent],
                                                             MemoryPracticeLog]:
    log = MemoryPracticeLog()
    flow: SessionFlow[GuideEvent] = SessionFlow(make_run(clock), clock=clock, log=log,
                                                **kwargs)  # type: ignore[arg-type]
    return flow, log


def stage_of(flow: SessionFlow[GuideEvent]) -> str:
    return flow.stage  # a plain str, so mypy doesn't narrow between assertions


def test_flow_rating_countdown_running_summary_then_saves_once() -> None:
    clock = ManualClock(T0)
    flow, log = make_flow(clock, start_delay=3)
    assert stage_of(flow) == "rating_before"
    flow.rate_before(7)
    assert stage_of(flow) == "countdown" and flow.countdown_left() == 3
    clock.advance(3)
    events = flow.poll()
    assert stage_of(flow) == "running" and events[0].planned == T0 + 3
    clock.advance(100)
    flow.poll()
    assert stage_of(flow) == "summary" and flow.awaiting_after_rating
    # Saved the moment it ended; the after-rating then updates that same record.
    assert [(r.completed, r.anxiety_after) for r in log.records] == [(True, None)]
    flow.rate_after("4")
    (record,) = log.records
    assert (record.anxiety_before, record.anxiety_after, record.completed) == (7, 4, True)
    assert flow.save() and len(log.records) == 1


def test_flow_skip_ratings_starts_at_once_and_saves_a_stopped_session() -> None:
    clock = ManualClock(T0)
    flow, log = make_flow(clock, ask_ratings=False)
    assert stage_of(flow) == "running"
    clock.advance(40)
    flow.poll()
    flow.stop()
    assert stage_of(flow) == "summary"
    (record,) = log.records
    assert record.completed is False and record.actual_seconds == 40
    assert record.anxiety_before is None


def test_flow_stopped_before_starting_records_nothing() -> None:
    clock = ManualClock(T0)
    flow, log = make_flow(clock, start_delay=5)
    flow.skip_rating_before()
    flow.stop()
    assert stage_of(flow) == "cancelled" and not flow.save() and log.records == []


def test_ratings_are_whole_numbers_from_0_to_10() -> None:
    assert validate_rating(0) == 0 and validate_rating(" 10") == 10
    for bad in (-1, 11, "x", True, 3.5):
        with pytest.raises(EbbtideError):
            validate_rating(bad)
