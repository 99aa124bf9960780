"""Snapshots of the SOS minute with the words for its second step under the pacer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from ebbtide.core.clock import ManualClock
from ebbtide.launch import StartRoute


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_sos_minute_with_its_words(snap_compare: Any, make_app: Callable[..., Any],
                                   size: tuple[int, int]) -> None:
    clock = ManualClock()
    app = make_app(route=StartRoute("sos", exit_after=True), clock=clock)

    async def into_the_second_step(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(14.0)  # step 2, two seconds into the second cycle's breath in
        pilot.app.screen.tick()
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, run_before=into_the_second_step, terminal_size=size)
