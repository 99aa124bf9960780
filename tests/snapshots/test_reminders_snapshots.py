"""Settings → Reminders at 80x24 and 40x12, animation off, the clock fixed (FIXED_NOW): a
check-in and a weekly self-check on, quiet hours, and a snooze that is still running."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot

from ebbtide.core.reminders.config import (
    ReminderConfig,
    make_reminder,
    reminders_file,
    save_config,
)
from ebbtide.launch import Overrides
from ebbtide.tui.screens.common.reminders import RemindersScreen
from tests.conftest import FIXED_NOW


def _app(make_app: Callable[..., Any]) -> Any:
    app = make_app(overrides=Overrides(reduced_motion=True))
    config = ReminderConfig((make_reminder("checkin", "20:00"),
                             make_reminder("self-check", "18:00", "sun")),
                            "22:30", "07:30", FIXED_NOW + timedelta(hours=1))
    save_config(reminders_file(app.paths.config_dir), config)
    return app


async def _open(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    pilot.app.push_screen(RemindersScreen())
    await pilot.pause()


def test_reminders(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_app(make_app), run_before=_open, terminal_size=(80, 24))


def test_reminders_small_terminal(snap_compare: Any, make_app: Callable[..., Any]) -> None:
    assert snap_compare(_app(make_app), run_before=_open, terminal_size=(40, 12))
