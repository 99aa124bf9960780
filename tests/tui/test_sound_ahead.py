"""The sound helper starts before the first cue is due, so the opening bell is on time
(`python -m benchmarks sound` measures it: ~150 ms late when the helper started on first
use, a few ms now)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ebbtide.launch import StartRoute
from ebbtide.tui.cues import SilentCues
from tests.conftest import settle_until

MakeApp = Callable[..., Any]


class CountingCues(SilentCues):
    def __init__(self) -> None:
        self.starts = 0

    def start(self) -> None:
        self.starts += 1


def test_a_start_route_into_a_practice_starts_the_helper_with_the_app(
        make_app: MakeApp) -> None:
    for screen, started in (("timer", True), ("breathe", True), ("meditate", True),
                            ("sos", True), ("journal", False), ("home", False)):
        cues = CountingCues()
        make_app(route=StartRoute(screen), sound=cues)  # constructed, not yet running
        assert (cues.starts > 0) is started, screen


async def test_a_sound_notice_before_the_app_runs_is_shown_once_it_does(
        make_app: MakeApp) -> None:
    app = make_app()
    app._sound_notice("Sound is off: simpleaudio is not installed.")  # the helper's thread
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: bool(app._notifications), "the notice")
        assert [n.message for n in app._notifications] == [
            "Sound is off: simpleaudio is not installed."]
