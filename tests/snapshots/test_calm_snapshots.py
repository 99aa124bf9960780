"""Snapshots of the screens issue 15's calm work changed, at 80x24 and 40x12: the beginner
note with the question and the countdown (not a notice over the pacer), the pacer at night
and in the night theme, and home naming a session left waiting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from textual.pilot import Pilot

from ebbtide.core.clock import ManualClock
from ebbtide.launch import Overrides, StartRoute
from tests.conftest import home_summary_loaded

SIZES = {"80x24": (80, 24), "40x12": (40, 12)}
NIGHT = datetime(2026, 11, 21, 22, 30, tzinfo=timezone(timedelta(hours=1)))


def _four_seven_eight(make_app: Callable[..., Any], clock: ManualClock, **kwargs: Any) -> Any:
    route = StartRoute("breathe", {"pattern": "4-7-8", "cycles": 8})
    return make_app(route=route, clock=clock, **kwargs)


@pytest.mark.parametrize("size", SIZES)
def test_beginner_note_in_the_countdown(size: str, snap_compare: Any,
                                        make_app: Callable[..., Any]) -> None:
    async def past_the_question(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()

    app = _four_seven_eight(make_app, ManualClock(100.0))
    assert snap_compare(app, run_before=past_the_question, terminal_size=SIZES[size])


def _night_pacer(make_app: Callable[..., Any], theme: str | None = None) -> Any:
    clock = ManualClock(100.0)
    route = StartRoute("breathe", {"pattern": "box", "cycles": 2, "start_delay": 0,
                                   "skip_ratings": True})
    return make_app(route=route, clock=clock, now=lambda: NIGHT,
                    overrides=Overrides(theme=theme)), clock


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", [None, "ebbtide-night"])
def test_pacer_at_night(size: str, theme: str | None, snap_compare: Any,
                        make_app: Callable[..., Any]) -> None:
    app, clock = _night_pacer(make_app, theme)

    async def halfway_in(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(2.0)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(app, run_before=halfway_in, terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_home_names_a_session_left_waiting(size: str, snap_compare: Any,
                                           make_app: Callable[..., Any]) -> None:
    clock = ManualClock(100.0)
    route = StartRoute("breathe", {"pattern": "box", "cycles": 2, "start_delay": 0,
                                   "skip_ratings": True})
    app = make_app(route=route, clock=clock, overrides=Overrides(reduced_motion=True))

    async def left_for_home(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(2.0)
        pilot.app.go("home")
        await home_summary_loaded(pilot)

    assert snap_compare(app, run_before=left_for_home, terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_welcome(size: str, snap_compare: Any, tmp_path_factory: Any) -> None:
    """The first-run welcome: its button in view, the text scrolling above it. The folders
    it names are fixed (not a test's temporary one), so the picture is the same each run."""
    import shutil
    from pathlib import Path

    from ebbtide.core.paths import resolve_paths
    from ebbtide.tui.app import EbbtideApp
    from ebbtide.tui.cues import SilentCues
    from tests.conftest import FIXED_NOW

    home = Path("/tmp") / f"ebbtide-welcome-snapshot-{size}"
    shutil.rmtree(home, ignore_errors=True)
    paths = resolve_paths(home)
    paths.ensure()
    app = EbbtideApp(paths, Overrides(reduced_motion=True), now=lambda: FIXED_NOW,
                     sound=SilentCues())
    try:
        assert snap_compare(app, terminal_size=SIZES[size])
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.mark.parametrize("size", SIZES)
def test_settings_switches_in_words(size: str, snap_compare: Any,
                                    make_app: Callable[..., Any]) -> None:
    app = make_app(overrides=Overrides(no_sound=True))
    assert snap_compare(app, press=["f2"], terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_after_rating_says_how_to_answer(size: str, snap_compare: Any,
                                         make_app: Callable[..., Any]) -> None:
    """The question after a session reads as the one before it: the scale's meaning
    first, then the numbers."""
    clock = ManualClock(100.0)
    route = StartRoute("breathe", {"pattern": "box", "cycles": 2, "start_delay": 0})
    app = make_app(route=route, clock=clock, overrides=Overrides(reduced_motion=True))

    async def ended(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("n")  # no rating before
        clock.advance(5.0)
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(app, run_before=ended, terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("section", ["1", "2"])
def test_section_menus(section: str, size: str, snap_compare: Any,
                       make_app: Callable[..., Any]) -> None:
    """Breathe and Meditate menus: at 40x12 the list gets the blank lines."""
    app = make_app(overrides=Overrides(reduced_motion=True))
    assert snap_compare(app, press=[section], terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_article_sources(size: str, snap_compare: Any, make_app: Callable[..., Any]) -> None:
    """Each source's address whole on its own line (an ellipsis when too long)."""
    app = make_app(route=StartRoute("read", {"article": "what-is-baclofen"}),
                   overrides=Overrides(reduced_motion=True))

    async def to_the_end(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()

    assert snap_compare(app, run_before=to_the_end, terminal_size=SIZES[size])
