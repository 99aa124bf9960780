"""A theme picked anywhere is saved and is the one the app starts with next time."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Select

from ebbtide.tui.screens.common.settings import SettingsScreen

MakeApp = Callable[..., Any]


async def _palette(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_textual_change_theme_command_is_saved_and_survives_a_restart(
        make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("ctrl+p")
        await _palette(pilot, "Theme")  # Textual's own "Change the current theme"
        await _palette(pilot, "nord")
        assert app.theme == "nord"
    assert tomllib.loads(app.paths.settings_file.read_text())["theme"] == "nord"

    again = make_app()
    async with again.run_test(size=(80, 30)) as pilot:
        assert again.theme == "nord"
        await pilot.press("f2")
        assert isinstance(again.screen, SettingsScreen)
        assert again.screen.query_one("#theme", Select).value == "nord"


async def test_settings_preview_is_not_saved_until_save(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("f2")
        app.screen.query_one("#theme", Select).value = "ebbtide-dawn"
        await pilot.pause()
        assert app.theme == "ebbtide-dawn"
        assert not app.paths.settings_file.exists()  # a preview only
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert tomllib.loads(app.paths.settings_file.read_text())["theme"] == "ebbtide-dawn"


async def test_theme_from_the_palette_while_settings_is_open_shows_there(
        make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("f2")
        settings = app.screen
        app.theme = "nord"  # what Textual's "Change theme" command does
        await pilot.pause()
        assert settings.query_one("#theme", Select).value == "nord"
        await pilot.press("escape")
        assert app.theme == "nord"
    assert tomllib.loads(app.paths.settings_file.read_text())["theme"] == "nord"
