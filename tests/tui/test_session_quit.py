"""Leaving the app in the middle of a practice keeps it: ctrl+q (and, through the same path,
SIGTERM, SIGHUP and SIGINT: tests/tui/test_session_signals.py) writes the session as a
partial record with the seconds actually practised. The summary says "Saved" only once the
journal holds the record, and the after-rating updates that record. Injected clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import Static

from ebbtide.core.clock import ManualClock
from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths
from ebbtide.core.practice.bell_timer import TimerSpec
from ebbtide.core.practice.records import MemoryPracticeLog, PracticeRecord
from ebbtide.launch import StartRoute
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.common.flow import FlowScreen
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]

ROUTES = {
    "breathe": StartRoute("breathe", {"pattern": "box", "minutes": 5, "start_delay": 0},
                          exit_after=True),
    "meditate": StartRoute("meditate", {"script": "body-scan-10", "minutes": None},
                           exit_after=True),
    "timer": StartRoute("timer", {"spec": TimerSpec(minutes=10), "preset": None},
                        exit_after=True),
}


def stored(paths: Paths) -> list[PracticeRecord]:
    with Journal.open(paths, clock=lambda: FIXED_NOW) as journal:
        return journal.practices_between(FIXED_NOW - timedelta(days=1),
                                         FIXED_NOW + timedelta(days=1))


def summary_text(screen: FlowScreen) -> str:
    return str(screen.query_one("#summary-text", Static).render())


async def running(pilot: Any, clock: ManualClock) -> FlowScreen:
    """Open the route's session, answer 6 before, and get it running on the clock."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, FlowScreen)
    await pilot.press("6", "enter")
    clock.advance(screen.flow.countdown_left())
    screen.tick()
    assert screen.flow.stage == "running"
    return screen


@pytest.mark.parametrize("kind", ROUTES)
async def test_ctrl_q_mid_session_keeps_a_partial_record_with_the_seconds(
        kind: str, make_app: MakeApp, welcomed: Paths) -> None:
    clock = ManualClock(500.0)
    app = make_app(route=ROUTES[kind], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await running(pilot, clock)
        clock.advance(11.0)
        screen.tick()
        await pilot.press("ctrl+q")
    (record,) = stored(welcomed)
    assert (record.kind, record.completed, record.anxiety_before, record.anxiety_after) == \
        (kind, False, 6, None)
    assert record.actual_seconds == pytest.approx(11.0)


@pytest.mark.parametrize("kind", ROUTES)
async def test_ctrl_q_while_asked_to_stop_keeps_the_time_before_the_question(
        kind: str, make_app: MakeApp, welcomed: Paths) -> None:
    clock = ManualClock(500.0)
    app = make_app(route=ROUTES[kind], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await running(pilot, clock)
        clock.advance(24.0)
        screen.tick()
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        clock.advance(60.0)  # the question waits; that minute was not practice
        await pilot.press("ctrl+q")
    (record,) = stored(welcomed)
    assert not record.completed and record.actual_seconds == pytest.approx(24.0)


async def test_ctrl_q_on_the_after_question_keeps_the_one_record(
        make_app: MakeApp, welcomed: Paths) -> None:
    clock = ManualClock(500.0)
    app = make_app(route=ROUTES["breathe"], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await running(pilot, clock)
        clock.advance(11.0)
        screen.tick()
        await pilot.press("s")
        assert screen.flow.awaiting_after_rating
        assert "Stopped early. Saved as a partial session." in summary_text(screen)
        assert len(stored(welcomed)) == 1  # written before the question is answered
        await pilot.press("ctrl+q")
    assert [(r.completed, r.anxiety_after) for r in stored(welcomed)] == [(False, None)]


@pytest.mark.parametrize("kind", ROUTES)
async def test_the_after_rating_updates_the_saved_record(
        kind: str, make_app: MakeApp, welcomed: Paths) -> None:
    clock = ManualClock(500.0)
    app = make_app(route=ROUTES[kind], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await running(pilot, clock)
        clock.advance(24 * 3600)  # well past the end
        screen.tick()
        await pilot.pause()
        assert screen.flow.awaiting_after_rating
        assert "Well done. Saved." in summary_text(screen)
        await pilot.press("2", "enter")
        assert "after 2" in summary_text(screen)
        await pilot.press("h")
    (record,) = stored(welcomed)
    assert (record.completed, record.anxiety_before, record.anxiety_after) == (True, 6, 2)


class LockedLog(MemoryPracticeLog):
    def add_practice(self, record: PracticeRecord) -> None:
        raise EbbtideError("the journal is locked by another program")


async def test_a_failed_save_says_so_and_keeps_the_session(make_app: MakeApp) -> None:
    clock = ManualClock(500.0)
    app = make_app(route=ROUTES["breathe"], clock=clock)
    app.practice_log = LockedLog()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await running(pilot, clock)
        clock.advance(11.0)
        screen.tick()
        await pilot.press("s")
        text = summary_text(screen)
        assert "Saved" not in text
        assert "Not saved: the journal is locked by another program." in text
        assert "kept here" in text
        assert screen.flow.record() is not None
        app.practice_log = MemoryPracticeLog()
        screen.flow.log = app.practice_log
        await pilot.press("n")  # skipping the after question tries again
        assert "Stopped early. Saved as a partial session." in summary_text(screen)
        assert len(app.practice_log.records) == 1
