"""Snapshots of the journal calendar, month and year, at 80x24 and 40x12, with a fixed
journal (ten months of check-ins, practices and doses, with gaps) and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from ebbtide.core.journal.models import DoseInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.launch import Overrides
from ebbtide.tui.screens.journal.medications import OFFER_KEY
from tests.conftest import FIXED_NOW

SIZES = {"80x24": (80, 24), "40x12": (40, 12)}


def _app(make_app: Callable[..., Any]) -> Any:
    app = make_app(overrides=Overrides(reduced_motion=True))
    app.state.set(OFFER_KEY, "done")
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        med = journal.add_medication("baclofen", dose_mg=10)
        with journal.transaction():
            for days_ago in range(300):
                if days_ago % 5 == 4 or 60 <= days_ago < 70:
                    continue  # gaps: a day now and then, and ten days in September
                at = FIXED_NOW - timedelta(days=days_ago, hours=1)
                journal.add_checkin(mood=1 + (days_ago * 7) % 10, anxiety=3, at=at,
                                    doses=[DoseInput(med.id, 10.0)] if days_ago % 2 else [])
                if days_ago % 3 == 0:
                    journal.add_practice_record(PracticeRecord(
                        kind="breathe", content_id="box", started_at=at,
                        planned_seconds=300, actual_seconds=300, completed=True))
    return app


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", ["month", "year"])
def test_calendar(snap_compare: Any, make_app: Callable[..., Any], view: str,
                  size: str) -> None:
    async def open_calendar(pilot: Pilot[Any]) -> None:
        await pilot.press("4", "v")
        await pilot.pause()
        await pilot.press("left", "left")  # the cursor on a day with a practice
        if view == "year":
            await pilot.press("y")
        await pilot.pause()

    assert snap_compare(_app(make_app), run_before=open_calendar, terminal_size=SIZES[size])
