"""Snapshots at 80x24 with animation off: the self-check form (and PHQ-9's closing "how
difficult" question, also at 40x12) and its result, the report screen, what helps you, and
a safety note; the encrypted-save dialog at 80x24 and 40x12."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from ebbtide.core.journal.models import DoseInput, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.launch import Overrides, StartRoute
from tests.conftest import FIXED_NOW

SIZE = (80, 24)


def _app(make_app: Callable[..., Any], route: StartRoute | None = None) -> Any:
    app = make_app(route=route, overrides=Overrides(reduced_motion=True))
    with Journal.open(app.paths, clock=lambda: FIXED_NOW - timedelta(days=30)) as journal:
        med = journal.add_medication("Baclofen", strength="10 mg", times=["08:00", "20:00"],
                                     dose_mg=10)
        for days_ago in range(0, 30):
            at = FIXED_NOW - timedelta(days=days_ago, hours=2)
            journal.add_checkin(
                mood=4 + (days_ago * 3) % 5, anxiety=3 + (days_ago * 5) % 5, at=at,
                doses=[DoseInput(med.id, 10, scheduled_time="08:00")]
                + ([DoseInput(med.id, 10, scheduled_time="20:00")] if days_ago % 4 else []),
                side_effects=[SideEffectInput("drowsiness", "mild")] if days_ago % 5 == 0
                else [],
                note="[b]not bold[/b] <i>" if days_ago == 3 else "",
                flagged_for_doctor=days_ago == 3)
            if days_ago % 2 == 0:
                journal.add_practice_record(PracticeRecord(
                    "breathe", "cyclic-sighing", at - timedelta(hours=3), 300, 300, True,
                    6, 3 + days_ago % 2))
            if days_ago % 3 == 0:
                journal.add_practice_record(PracticeRecord(
                    "meditate", "body-scan-10", at - timedelta(hours=5), 600, 600, True, 5, 4))
        for days_ago, answers in ((28, [1, 2, 1, 2, 1, 1, 0, 0, 0]),
                                  (14, [1, 1, 1, 1, 0, 1, 0, 0, 0]),
                                  (1, [0, 1, 1, 0, 0, 1, 0, 0, 0])):
            journal.add_selfcheck("phq9", answers, at=FIXED_NOW - timedelta(days=days_ago))
    return app


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_selfcheck_question(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def answer(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("1", "2", "b")
        await pilot.pause()

    app = _app(make_app, StartRoute("check", {"kind": "phq9"}))
    assert snap_compare(app, run_before=answer, terminal_size=SIZE)


def test_selfcheck_result(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def finish(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("1", "1", "0", "1", "0", "0", "0", "0", "0", "s")
        await pilot.pause()

    app = _app(make_app, StartRoute("check", {"kind": "phq9"}))
    assert snap_compare(app, run_before=finish, terminal_size=SIZE)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_selfcheck_difficulty_question(snap_compare: Any, make_app: Callable[..., Any],
                                       size: tuple[int, int]) -> None:
    """PHQ-9's closing "how difficult" question, after a problem was checked off."""
    async def reach(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("1", *"0" * 8)
        await pilot.pause()

    app = _app(make_app, StartRoute("check", {"kind": "phq9"}))
    assert snap_compare(app, run_before=reach, terminal_size=size)


def test_report(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    app = _app(make_app, StartRoute("report", {}))
    assert snap_compare(app, run_before=_settle, terminal_size=SIZE)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_report_encrypted_dialog(snap_compare: Any, make_app: Callable[..., Any],
                                 size: tuple[int, int]) -> None:
    """'Encrypted (age)' ticked and Markdown saved: the dialog, the two passphrases typed
    and differing, so its message shows."""
    async def ask(pilot: Pilot[Any]) -> None:
        from textual.widgets import Checkbox, Input

        await _settle(pilot)
        pilot.app.screen.query_one("#report-encrypt", Checkbox).value = True
        await pilot.press("ctrl+t")
        await pilot.pause()
        dialog = pilot.app.screen
        dialog.query_one("#new", Input).value = "one passphrase"
        dialog.query_one("#repeat", Input).value = "another"
        dialog.query_one("#repeat", Input).focus()
        await pilot.press("enter")
        await pilot.pause()

    app = _app(make_app, StartRoute("report", {}))
    assert snap_compare(app, run_before=ask, terminal_size=size)


def test_insights(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    app = _app(make_app, StartRoute("insights", {}))
    assert snap_compare(app, run_before=_settle, terminal_size=SIZE)


def test_safety_note(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    async def announce(pilot: Pilot[Any]) -> None:
        from ebbtide.tui.screens.common.safety_notes import show_safety_notes

        await _settle(pilot)
        show_safety_notes(pilot.app)  # type: ignore[arg-type]
        await pilot.pause()

    app = _app(make_app)
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        med = journal.medications()[0]
        journal.add_checkin(mood=6, anxiety=3, tags=["wine"], doses=[DoseInput(med.id, 10)],
                            at=FIXED_NOW - timedelta(minutes=30))
    assert snap_compare(app, run_before=announce, terminal_size=SIZE)
