"""While home is shown, the sections' screens are loaded ahead of time, one at a time,
and only while home is in front."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ebbtide.tui import warm_up
from ebbtide.tui.routes import section_screen_class
from tests.conftest import settle_until

MakeApp = Callable[..., Any]


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []

    def recording(name: str) -> Any:
        names.append(name)
        return section_screen_class(name)

    monkeypatch.setattr(warm_up, "section_screen_class", recording)
    return names


@pytest.fixture
def held_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first tick waits for the test (`start_now`) instead of START_AFTER seconds, so
    what a test sees never depends on how quickly a loaded machine gets there; the later
    ticks follow almost at once."""
    monkeypatch.setattr(warm_up.SectionWarmer.schedule, "__defaults__", (3600.0,))
    monkeypatch.setattr(warm_up, "BETWEEN", 0.001)  # Textual timers need > 0


def start_now(app: Any) -> None:
    """What the first timer tick does, now."""
    warmer = app.section_warmer
    assert warmer._timer is not None, "no warm-up was scheduled"
    warmer._timer.stop()
    warmer._next_section()


async def _all_loaded(pilot: Any, loaded: list[str]) -> None:
    await settle_until(pilot, lambda: len(loaded) >= len(warm_up.ORDER),
                       "every section is loaded")


@pytest.mark.usefixtures("held_start")
async def test_home_loads_every_section_soon_after_it_appears(
        make_app: MakeApp, loaded: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert loaded == []  # nothing before home has been drawn
        assert app.section_warmer._timer is not None  # home asked for it, for later
        start_now(app)
        await _all_loaded(pilot, loaded)
        assert loaded == list(warm_up.ORDER)
        await pilot.press("4")
        await pilot.pause()
        assert app.current_mode == "journal"
        assert loaded == list(warm_up.ORDER)  # each is loaded once, not again


@pytest.mark.usefixtures("held_start")
async def test_loading_waits_while_the_user_is_elsewhere(
        make_app: MakeApp, loaded: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")  # straight into Read, before anything was loaded
        await pilot.pause()
        assert app.current_mode == "read"
        start_now(app)  # the tick comes while the user reads
        await pilot.pause()
        assert loaded == []
        assert app.section_warmer._timer is None  # and nothing more until home is back
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "home"
        start_now(app)
        await _all_loaded(pilot, loaded)
        assert loaded == list(warm_up.ORDER)


def test_a_tick_while_the_app_closes_does_nothing(loaded: list[str]) -> None:
    class ClosingApp:
        current_mode = "home"
        screen_stack = ()  # what Textual has left while it shuts down

    warmer = warm_up.SectionWarmer(ClosingApp())  # type: ignore[arg-type]
    warmer._next_section()
    assert loaded == [] and warmer.pending == list(warm_up.ORDER)
