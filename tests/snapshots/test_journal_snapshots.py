"""Snapshots of the journal screens at 80x24 with a fixed journal and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot

from ebbtide.core.journal.models import DoseInput, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.launch import Overrides
from ebbtide.tui.screens.journal.medications import OFFER_KEY
from tests.conftest import FIXED_NOW

SIZE = (80, 24)


def _app(make_app: Callable[..., Any]) -> Any:
    app = make_app(overrides=Overrides(reduced_motion=True))
    app.state.set(OFFER_KEY, "done")
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        med = journal.add_medication("baclofen", strength="10 mg tablets",
                                     schedule="one tablet three times a day", dose_mg=10)
        for days_ago in range(0, 40, 1):
            if days_ago % 5 == 4:
                continue  # a gap
            journal.add_checkin(
                mood=3 + (days_ago * 7) % 6, anxiety=2 + (days_ago * 5) % 7,
                sleep_hours=6 + days_ago % 3, at=FIXED_NOW - timedelta(days=days_ago, hours=1),
                tags=["exercise"] if days_ago % 3 == 0 else [],
                note="Walked by the river. [bold]not bold[/bold]" if days_ago == 0 else "",
                doses=[DoseInput(med.id, 10.0 * (1 + days_ago % 3))],
                side_effects=[SideEffectInput("drowsiness", "mild")] if days_ago % 6 == 0
                else [])
    return app


async def _first_read(pilot: Pilot[Any]) -> None:
    """The journal section reads the journal in a worker the first time it opens."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_check_in_form(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def open_form(pilot: Pilot[Any]) -> None:
        await pilot.press("c")
        await _first_read(pilot)  # the form reads the medicines in a worker too
        await pilot.press("6", "tab", "3")
        await pilot.pause()

    assert snap_compare(_app(make_app), run_before=open_form, terminal_size=SIZE)


def test_history(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def open_history(pilot: Pilot[Any]) -> None:
        await pilot.press("4")
        await _first_read(pilot)

    assert snap_compare(_app(make_app), run_before=open_history, terminal_size=SIZE)


def test_trends(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def open_trends(pilot: Pilot[Any]) -> None:
        await pilot.press("4", "t")
        await _first_read(pilot)

    assert snap_compare(_app(make_app), run_before=open_trends, terminal_size=SIZE)


def test_day(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def open_day(pilot: Pilot[Any]) -> None:
        await pilot.press("4")
        await _first_read(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(_app(make_app), run_before=open_day, terminal_size=SIZE)
