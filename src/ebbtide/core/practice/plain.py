"""Plain mode: a practice session as a linear stream of short lines, for screen readers,
braille displays, SSH and logs ("Breathe in, 4 seconds", "Step 3 of 12: …", "Bell").

`plain_events` drives a session's stages (`StagedSession`: a `BreathingSession` or a
`SessionFlow` around `GuideRun` / `TimerRun`) on its own clock and yields `PlainEvent`s:
a line to print (with the cue to sound, if any) at its planned monotonic time, or — with
no text — a wake-up: "nothing happens before `at`; sleep until then and ask again". It
never sleeps or prints itself, so tests drive it with a `ManualClock` and the CLI runner
with the real one. The runs keep their own timing and trace; this only words their events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ebbtide.core.clock import Clock
from ebbtide.core.practice.bell_timer import TimerEvent, TimerRun
from ebbtide.core.practice.breathing import BreathingSession, phase_cue
from ebbtide.core.practice.guide import GuideEvent, GuideRun
from ebbtide.core.practice.pacer import PhaseEvent
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.practice.session_flow import SessionFlow, StagedSession
from ebbtide.core.text import inert, plural

MIN_WAIT = 0.001  # a wake-up is always a little ahead, so rounding never spins the loop
OPEN_ENDED_WAKE = 60.0  # an open-ended timer with no bell left still wakes now and then


@dataclass(frozen=True)
class PlainEvent:
    at: float  # monotonic time it is due
    text: str | None = None  # None: a wake-up only
    cue: str | None = None  # sound to play with the line ("inhale", "bell", ...)


def spoken_duration(seconds: float) -> str:
    """'4 seconds', '1 minute', '5 minutes', '1 minute 12 seconds' (said, not abbreviated)."""
    whole = max(0, round(seconds))
    minutes, secs = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(plural(minutes, "minute"))
    if secs or not minutes:
        parts.append(plural(secs, "second"))
    return " ".join(parts)


def _phase_seconds(seconds: float) -> str:
    if seconds == round(seconds):
        return spoken_duration(seconds)
    return f"{seconds:g} seconds"


def ending_line(record: PracticeRecord | None) -> str:
    """The last line: 'Done: 5 minutes', or how long a stopped session lasted."""
    if record is None:
        return "Stopped before it started; nothing saved."
    if record.completed:
        return f"Done: {spoken_duration(record.actual_seconds)}"
    return f"Stopped after {spoken_duration(record.actual_seconds)}; saved as partial."


def breathing_events(session: BreathingSession) -> Iterator[PlainEvent]:
    pacer = session.pacer
    total = pacer.total_cycles
    header = (f"{inert(session.pattern.name, 80)}: {plural(total, 'cycle')}, "
              f"{spoken_duration(pacer.total_seconds)}")

    def lines(event: PhaseEvent) -> Iterable[PlainEvent]:
        if event.phase_index == 0:
            yield PlainEvent(event.planned, f"Cycle {event.cycle} of {total}")
        yield PlainEvent(event.planned, f"{event.word}, {_phase_seconds(event.seconds)}",
                         phase_cue(event.kind))

    def next_due() -> float:
        run = session.run
        reached = pacer.starts_reached(run.elapsed())
        offset = (pacer.phase_start(reached).offset if reached < pacer.phase_count
                  else pacer.total_seconds)
        return run.stopwatch.monotonic_at(offset)

    return plain_events(session, header, lines, next_due)


def with_timed_lines(session: BreathingSession, events: Iterator[PlainEvent],
                     timed: Iterable[tuple[float, str]]) -> Iterator[PlainEvent]:
    """`events`, with each (offset, words) line said when the session's active time
    reaches offset (the SOS minute's words over its breathing). The header stays first;
    at the same moment the words come before the phase lines."""
    pending = sorted(timed, key=lambda item: item[0])
    run = session.run

    def said_before(at: float) -> Iterator[PlainEvent]:
        while pending and run.started and not run.over:
            due = run.stopwatch.monotonic_at(pending[0][0])
            if due > at + 1e-9:
                return
            yield PlainEvent(due, inert(pending.pop(0)[1]))

    header = next(events, None)  # the session's name comes first, whatever its clock
    if header is None:
        return
    yield header
    for event in events:
        yield from said_before(event.at)
        yield event


def guided_events(flow: SessionFlow[GuideEvent]) -> Iterator[PlainEvent]:
    run = flow.run
    assert isinstance(run, GuideRun)
    script = run.script
    count = len(script.steps)
    header = f"{inert(script.name, 80)}: {count} steps, {spoken_duration(run.total_seconds)}"

    def lines(event: GuideEvent) -> Iterable[PlainEvent]:
        if event.kind == "step_start":
            yield PlainEvent(event.planned,
                             f"Step {event.step + 1} of {count}: {inert(event.text)}")
        elif event.kind == "bell":
            yield PlainEvent(event.planned, "Bell", "bell")

    def next_due() -> float:
        return flow.clock.now() + run.state().step_left

    return plain_events(flow, header, lines, next_due)


def timer_events(flow: SessionFlow[TimerEvent]) -> Iterator[PlainEvent]:
    run = flow.run
    assert isinstance(run, TimerRun)
    header = f"Timer: {run.spec.describe()}"

    def lines(event: TimerEvent) -> Iterable[PlainEvent]:
        if event.kind == "bell":
            yield PlainEvent(event.planned, "Bell", "bell")

    def next_due() -> float:
        state = run.state()
        waits = [w for w in (state.next_bell_in, state.remaining) if w is not None]
        return flow.clock.now() + (min(waits) if waits else OPEN_ENDED_WAKE)

    return plain_events(flow, header, lines, next_due)


def plain_events(session: StagedSession[Any], header: str,
                 lines: Callable[[Any], Iterable[PlainEvent]],
                 next_due: Callable[[], float]) -> Iterator[PlainEvent]:
    """The header, then each event's lines as the session polls them, with wake-ups in
    between, then the ending line once the session reaches its summary. Stopping early is
    the caller's (`session.end()` then `ending_line(session.record())`)."""
    clock: Clock = session.clock
    yield PlainEvent(clock.now(), header)
    while True:
        for event in session.poll():
            yield from lines(event)
        if session.stage == "summary":
            yield PlainEvent(clock.now(), ending_line(session.record()))
            return
        if session.stage == "cancelled":
            return
        now = clock.now()
        due = next_due() if session.stage == "running" else now + session.countdown_left()
        yield PlainEvent(max(due, now + MIN_WAIT))
