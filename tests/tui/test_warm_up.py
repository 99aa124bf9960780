"""While home is shown, the sections' screens are loaded ahead of time, one at a time,
and only while home is in front."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ebbtide.tui import warm_up
from ebbtide.tui.routes import section_screen_class

MakeApp = Callable[..., Any]


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []

    def recording(name: str) -> Any:
        names.append(name)
        return section_screen_class(name)

    monkeypatch.setattr(warm_up, "section_screen_class", recording)
    return names


async def test_home_loads_every_section_soon_after_it_appears(
        make_app: MakeApp, loaded: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert loaded == []  # nothing before home has been drawn
        await pilot.pause(warm_up.START_AFTER + len(warm_up.ORDER) * warm_up.BETWEEN + 0.3)
        assert loaded == list(warm_up.ORDER)
        await pilot.press("4")
        await pilot.pause()
        assert app.current_mode == "journal"
        assert loaded == list(warm_up.ORDER)  # each is loaded once, not again


async def test_loading_waits_while_the_user_is_elsewhere(
        make_app: MakeApp, loaded: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")  # straight into Read, before anything was loaded
        await pilot.pause(warm_up.START_AFTER + 0.3)
        assert app.current_mode == "read"
        assert loaded == []
        await pilot.press("escape")
        await pilot.pause(warm_up.START_AFTER + len(warm_up.ORDER) * warm_up.BETWEEN + 0.3)
        assert app.current_mode == "home"
        assert loaded == list(warm_up.ORDER)


def test_a_tick_while_the_app_closes_does_nothing(loaded: list[str]) -> None:
    class ClosingApp:
        current_mode = "home"
        screen_stack = ()  # what Textual has left while it shuts down

    warmer = warm_up.SectionWarmer(ClosingApp())  # type: ignore[arg-type]
    warmer._next_section()
    assert loaded == [] and warmer.pending == list(warm_up.ORDER)
