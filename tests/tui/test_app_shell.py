"""The app shell as a user meets it: welcome, home, doors, help, palette, settings."""

from __future__ import annotations

import gc
import html
import tomllib
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input, Select, Static, Switch

from ebbtide.core.paths import Paths
from ebbtide.core.state import AppState
from ebbtide.launch import Overrides, StartRoute
from ebbtide.tui.app import EbbtideApp
from ebbtide.tui.screens.common.help import HelpScreen
from ebbtide.tui.screens.common.settings import SettingsScreen
from ebbtide.tui.screens.home.home import HomeScreen
from ebbtide.tui.screens.home.welcome import WelcomeScreen
from tests.conftest import FIXED_NOW, home_summary_loaded, settle_until

MakeApp = Callable[..., Any]


async def test_first_run_welcome_is_shown_once(paths: Paths) -> None:
    app = EbbtideApp(paths, now=lambda: FIXED_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "not medical advice" in text and str(paths.data_dir) in text
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    assert AppState.load(paths.state_file).get("welcome_acknowledged")
    again = EbbtideApp(paths, now=lambda: FIXED_NOW)
    async with again.run_test(size=(80, 24)):
        assert isinstance(again.screen, HomeScreen)


async def test_home_shows_date_and_doors_open_sections(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Saturday 21 November 2026" in str(app.screen.query_one("#home-heading").render())
        for key, mode in (("1", "breathe"), ("2", "meditate"), ("3", "read"), ("4", "journal")):
            await pilot.press(key)
            assert app.current_mode == mode
            await pilot.press("escape")
            assert app.current_mode == "home"


async def test_clicking_a_door_opens_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#door-read")
        assert app.current_mode == "read"


async def test_cycle_collection_paused_for_start_up_is_back_after_the_first_frame(
        make_app: MakeApp) -> None:
    gc.disable()  # as `ebbtide` does before it imports the app (cli.context.run_app)
    try:
        app = make_app(resume_collection=True)  # as tui.app.run_app makes it then
        async with app.run_test(size=(80, 24)) as pilot:
            await settle_until(pilot, gc.isenabled, "cycle collection is back on")
            assert isinstance(app.screen, HomeScreen)
    finally:
        gc.enable()


async def test_an_app_not_told_to_resume_collection_leaves_it_alone(
        make_app: MakeApp) -> None:
    gc.disable()  # paused by someone else, as the test run does (tests/conftest.py)
    try:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await home_summary_loaded(pilot)
            assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("paused", [True, False])
def test_run_app_asks_for_collection_back_only_when_it_was_paused(
        monkeypatch: pytest.MonkeyPatch, welcomed: Paths, paused: bool) -> None:
    import ebbtide.tui.app as app_module

    made: list[bool] = []

    def record(self: EbbtideApp, *args: object, **kwargs: object) -> None:
        made.append(self._resume_collection)

    monkeypatch.setattr(EbbtideApp, "run", record)
    if paused:
        gc.disable()
    else:
        gc.enable()  # the test run pauses it during each test (tests/conftest.py)
    try:
        assert app_module.run_app(welcomed, Overrides(), StartRoute()) == 0
    finally:
        gc.enable()
    assert made == [paused]


async def test_q_on_home_quits(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        assert not app.is_running or app._exit_renderables is not None


async def test_help_lists_keys_of_the_current_screen(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen.keys)
        assert keys.get("1") == "Breathe" and keys.get("s") == "Suggested"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HomeScreen)


async def test_palette_goes_to_a_section_and_switches_theme(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Go: Read")
        await app.workers.wait_for_complete()  # the palette's search is a worker
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "read"
        await pilot.press("ctrl+p")
        await pilot.press(*"Theme: high-contrast")
        await app.workers.wait_for_complete()  # the palette's search is a worker
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "high-contrast"
    saved = tomllib.loads(app.paths.settings_file.read_text())
    assert saved["theme"] == "high-contrast"


async def test_settings_save_and_reject_out_of_range(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("f2")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        volume = screen.query_one("#volume", Input)
        volume.value = "250"
        screen.query_one("#reduced_motion", Switch).value = True
        await pilot.press("ctrl+s")
        assert app.screen is screen  # kept open, nothing lost
        assert "0 to 100" in str(screen.query_one("#volume-error", Static).render())
        assert volume.value == "250"
        assert not app.paths.settings_file.exists()
        volume.value = "30"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, HomeScreen)
    saved = tomllib.loads(app.paths.settings_file.read_text())
    assert saved["volume"] == 30 and saved["reduced_motion"] is True
    assert app.animation_level == "none"


async def test_settings_cancel_restores_previewed_theme(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        before = app.theme
        await pilot.press("f2")
        app.screen.query_one("#theme", Select).value = "ebbtide-dawn"
        await pilot.pause()
        assert app.theme == "ebbtide-dawn"
        await pilot.press("escape", "y")  # "Discard what you typed?"
        assert app.theme == before
    assert not app.paths.settings_file.exists()


async def test_broken_settings_file_runs_on_defaults_and_is_never_overwritten(
        make_app: MakeApp, welcomed: Paths) -> None:
    broken = "theme = 'nord'\nvolume = [\n"
    welcomed.settings_file.write_text(broken)
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        messages = [n.message for n in app._notifications]
        assert any(str(welcomed.settings_file) in m and "line" in m for m in messages)
        assert app.settings.volume == 60
        await pilot.press("f2")
        assert app.screen.query("#settings-readonly")
        app.screen.query_one("#volume", Input).value = "10"
        await pilot.press("ctrl+s")
        assert app.settings.volume == 10  # applies for this run
    assert welcomed.settings_file.read_text() == broken


async def test_cli_overrides_apply_without_being_saved(make_app: MakeApp) -> None:
    app = make_app(overrides=Overrides(no_sound=True, reduced_motion=True, theme="dracula"))
    async with app.run_test(size=(80, 24)):
        assert app.theme == "dracula"
        assert not app.settings.sound and app.settings.reduced_motion
    assert not app.paths.settings_file.exists()


async def test_no_color_is_honoured(make_app: MakeApp, monkeypatch: Any) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert app.no_color


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 50)])
async def test_every_terminal_size_shows_all_five_doors_in_full(
        size: tuple[int, int], make_app: MakeApp) -> None:
    width, height = size
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        doors = [app.screen.query_one(f"#door-{target}")
                 for target in ("breathe", "meditate", "sleep", "read", "journal")]
        for door in doors:
            # Above the key bar, inside the width, and wide enough for the name whole.
            assert door.region.bottom <= height - 1 and door.region.right <= width, door.id
            assert door.region.width >= len(door.door_name) + 4, door.id


async def test_home_fits_a_short_terminal_and_recovers_when_it_grows(
        make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 12)) as pilot:
        await home_summary_loaded(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        heading = app.screen.query_one("#home-heading")
        glance = app.screen.query_one("#glance", Static)
        assert "November" not in _screen_text(app) and "Suggested:" not in _screen_text(app)
        await pilot.resize_terminal(80, 24)
        await settle_until(pilot, lambda: "November" in str(heading.render()),
                           "the heading has room for the date")
        assert "Saturday 21 November 2026" in str(heading.render())
        assert "Suggested:" in str(glance.render())
        assert "Saturday 21 November 2026" in _screen_text(app)


def _screen_text(app: Any) -> str:
    """What the terminal shows, from the SVG screenshot Textual would save."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


@pytest.mark.parametrize(("size", "expected"), [((40, 12), {"-narrow", "-short"}),
                                                ((80, 24), {"-normal", "-tall"}),
                                                ((100, 16), {"-normal", "-short"})])
async def test_a_new_screen_starts_with_the_size_classes_textual_would_give_it(
        make_app: MakeApp, size: tuple[int, int], expected: set[str]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert expected <= set(app.screen.classes)  # what Textual set after its resize
        fresh = HomeScreen()  # not mounted: no resize has reached it
        assert {c for c in fresh.classes if c.startswith("-")} == expected
