"""Settings → Reminders: turn a check-in reminder on, toggle it, save it to reminders.toml;
a broken reminders.toml is named and never overwritten; Install and Remove run the
scheduler path of `ebbtide remind install` against fake systemctl/crontab scripts."""

from __future__ import annotations

import errno
import tomllib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import DataTable, Input, Select, Static

from ebbtide.core.reminders import deliver
from ebbtide.tui.screens.common.help import HelpScreen
from ebbtide.tui.screens.common.reminders import RemindersScreen
from ebbtide.tui.screens.common.settings import SettingsScreen
from tests.conftest import FIXED_NOW, settle_until
from tests.fake_programs import FakePrograms

MakeApp = Callable[..., Any]
SIZE = (100, 40)


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePrograms:
    """Only the fake programs a test adds are on PATH: never this machine's scheduler."""
    programs = FakePrograms(tmp_path)
    monkeypatch.setenv("PATH", str(programs.folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "person"))
    monkeypatch.setattr(deliver, "PTS", tmp_path / "no-pts")
    return programs


def _text(screen: RemindersScreen, widget_id: str) -> str:
    content = screen.query_one(f"#{widget_id}", Static).render()
    return content.plain if isinstance(content, Text) else str(content)


def _state(screen: RemindersScreen, kind: str) -> str:
    table = screen.query_one("#reminders-table", DataTable)
    return str(table.get_cell(kind, table.ordered_columns[0].key))


async def _open_from_settings(app: Any, pilot: Any) -> RemindersScreen:
    await pilot.pause()
    await pilot.press("f2")
    assert isinstance(app.screen, SettingsScreen)
    # The settings form scrolls; the button is below the last setting.
    button = app.screen.query_one("#open-reminders")
    button.scroll_visible(animate=False)
    await settle_until(pilot, lambda: app.screen.region.contains(*button.region.center),
                       "the button is scrolled into view")
    await pilot.click("#open-reminders")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RemindersScreen)
    return screen


async def test_add_toggle_and_save_a_checkin(make_app: MakeApp, fakes: FakePrograms) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_from_settings(app, pilot)
        assert [_state(screen, k) for k in ("dose", "checkin", "wind-down", "self-check")] \
            == ["off"] * 4
        screen.query_one("#reminder-when", Input).value = "20:00"
        await pilot.click("#reminder-add")
        assert _state(screen, "checkin") == "on"
        screen.query_one("#reminders-table").focus()
        await pilot.press("t")
        assert _state(screen, "checkin") == "off"
        await pilot.press("t")
        assert _state(screen, "checkin") == "on"
        screen.query_one("#quiet-start", Input).value = "22:30"
        screen.query_one("#quiet-end", Input).value = "7:30"
        screen.query_one("#snooze", Select).value = "30m"
        await pilot.press("ctrl+s")
        assert "Saved to" in _text(screen, "reminders-status")
    path = app.paths.config_dir / "reminders.toml"
    saved = tomllib.loads(path.read_text())
    assert saved["reminders"] == {"checkin": {"time": "20:00"}}
    assert saved["quiet_hours"] == {"start": "22:30", "end": "07:30"}
    assert saved["snooze"]["until"] == FIXED_NOW + timedelta(minutes=30)
    assert path.stat().st_mode & 0o777 == 0o600
    assert fakes.calls() == []  # saving schedules nothing


async def test_bad_time_and_quiet_hours_are_sentences(make_app: MakeApp,
                                                      fakes: FakePrograms) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(RemindersScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RemindersScreen)
        screen.query_one("#reminder-when", Input).value = "25:00"
        await pilot.click("#reminder-add")
        assert "a time of day looks like 08:00" in _text(screen, "reminders-status")
        screen.query_one("#quiet-start", Input).value = "22:30"
        await pilot.press("ctrl+s")
        assert "Not saved: quiet hours take a start and an end" in \
            _text(screen, "reminders-status")
        await pilot.press("escape")
        assert not isinstance(app.screen, RemindersScreen)
        assert [n.message for n in app._notifications] == ["Reminder changes were not saved."]
    assert not (app.paths.config_dir / "reminders.toml").exists()


async def test_a_broken_file_is_named_and_left_untouched(make_app: MakeApp,
                                                         fakes: FakePrograms) -> None:
    app = make_app()
    path = app.paths.config_dir / "reminders.toml"
    broken = b'[reminders.checkin]\ntime = "20:00"\n[quiet_hours\n'
    path.write_bytes(broken)
    fakes.add("systemctl")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_from_settings(app, pilot)
        assert f"{path}, line 3" in _text(screen, "reminders-problem")
        screen.query_one("#reminder-when", Input).value = "21:00"
        await pilot.click("#reminder-add")
        await pilot.press("ctrl+s")
        assert _text(screen, "reminders-status").startswith(f"Not saved: {path}, line 3")
        await pilot.press("i")
        await pilot.pause()
        assert screen.outcome is None and not screen.busy
    assert path.read_bytes() == broken
    assert fakes.calls() == []


async def test_install_shows_what_was_written_and_remove_takes_it_out(
        make_app: MakeApp, fakes: FakePrograms, tmp_path: Path) -> None:
    fakes.add("systemctl")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_from_settings(app, pilot)
        screen.query_one("#reminder-when", Input).focus()
        await pilot.press(*"20:00", "enter")  # in the time field: Add
        assert _state(screen, "checkin") == "on"
        screen.query_one("#reminders-table").focus()
        await pilot.press("i")
        await settle_until(pilot, lambda: screen.outcome is not None, "installed")
        assert screen.outcome is not None and not screen.outcome.error
        units = tmp_path / "xdg" / "systemd" / "user"
        timer = units / "ebbtide-remind-checkin.timer"
        assert "OnCalendar=*-*-* 20:00:00\nPersistent=true" in timer.read_text()
        shown = _text(screen, "reminders-output")
        assert f"wrote {timer}" in shown and f"{timer}:\n" in shown
        assert timer.read_text() in shown
        assert (units / "ebbtide-remind-checkin.service").read_text() in shown
        assert "systemctl --user enable --now ebbtide-remind-checkin.timer" in fakes.calls()
        assert "Reminders scheduled" in _text(screen, "reminders-status")

        screen.outcome = None
        await pilot.press("u")
        await settle_until(pilot, lambda: screen.outcome is not None, "uninstalled")
        assert not timer.exists()
        assert f"removed {timer}" in _text(screen, "reminders-output")


async def test_install_into_cron_and_no_scheduler_at_all(
        make_app: MakeApp, fakes: FakePrograms) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(RemindersScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RemindersScreen)
        screen.query_one("#reminder-when", Input).value = "sun 18:00"
        screen.query_one("#reminder-kind", Select).value = "self-check"
        await pilot.click("#reminder-add")
        await pilot.click("#reminders-install")
        await settle_until(pilot, lambda: screen.outcome is not None, "refused")
        assert screen.outcome is not None and screen.outcome.error
        assert "Not installed: neither systemd" in _text(screen, "reminders-status")
        assert screen.query_one("#reminders-status").has_class("-error")

        fakes.add("crontab")
        screen.outcome = None
        await pilot.press("i")  # a second click within the button's 0.2 s effect is ignored
        await settle_until(pilot, lambda: screen.outcome is not None, "installed")
        shown = _text(screen, "reminders-output")
        assert "In your crontab:" in shown and "0 18 * * 0 " in shown
        assert fakes.crontab.read_text().splitlines()[1] in shown.splitlines()


async def test_the_palette_opens_reminders(make_app: MakeApp, fakes: FakePrograms) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_command_palette()
        await pilot.pause()
        await pilot.press(*"Settings: Reminders")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RemindersScreen)


async def test_a_read_only_home_is_said_plainly(make_app: MakeApp, fakes: FakePrograms,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(path: Path, data: bytes) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    fakes.add("systemctl")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(RemindersScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RemindersScreen)
        screen.query_one("#reminder-when", Input).value = "20:00"
        await pilot.click("#reminder-add")
        monkeypatch.setattr("ebbtide.core.reminders.scheduler.write_private", read_only)
        await pilot.click("#reminders-install")
        await settle_until(pilot, lambda: screen.outcome is not None, "refused")
        assert _text(screen, "reminders-status").startswith("Not installed: cannot write ")
        assert "Read-only file system; no reminder was scheduled" in \
            _text(screen, "reminders-status")
        monkeypatch.setattr("ebbtide.core.reminders.config.write_private", read_only)
        await pilot.press("ctrl+s")
        assert "Not saved: could not save" in _text(screen, "reminders-status")
    assert fakes.calls() == ["systemctl --user show-environment"]


async def test_help_lists_the_keys(make_app: MakeApp, fakes: FakePrograms) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(RemindersScreen())
        await pilot.pause()
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        here = {what: key for key, what in help_screen.keys}
        assert {here["Add"], here["On/off"], here["Remove"], here["Install"],
                here["Uninstall"]} == {"a", "t", "d", "i", "u"}
        assert "ctrl+s" in here["Save"] or "^s" in here["Save"]
