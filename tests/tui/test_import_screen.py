"""The journal's import screen: the preview (nothing written), Import in a worker with a
progress bar and a Finished message, a second import adding nothing, and bad files shown
as a sentence. Reached with i in the journal and from the command palette."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.widgets import Button, Input, ProgressBar, Static

from ebbtide.core.journal.imports.formats import DAYLIO
from ebbtide.core.journal.imports.mapping import default_mapping_path
from ebbtide.launch import StartRoute
from ebbtide.tui.screens.journal.import_screen import ImportScreen
from tests.conftest import click_again, settle_until

MakeApp = Callable[..., Any]
SIZE = (100, 32)
EXPORT = ("full_date,date,weekday,time,mood,activities,note_title,note\n"
          '2024-05-01,May 1,Wednesday,20:39,good,"work | family","","[bold]x[/bold]"\n'
          '2024-04-30,April 30,Tuesday,08:15,rad,"","",""\n')


def _text(screen: ImportScreen, widget_id: str) -> str:
    content = screen.query_one(f"#{widget_id}", Static).render()
    return content.plain if isinstance(content, Text) else str(content)


def _checked_mapping(app: Any) -> None:
    """The person already checked the mapping and chose an anxiety value."""
    path = default_mapping_path(app.paths.config_dir, DAYLIO)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[mood.labels]\n"rad" = 9\n"good" = 7\n[anxiety]\ndefault = 3\n')


async def _settle(app: Any, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def _count(app: Any) -> int:
    return int(app.journal().cursor("SELECT count(*) FROM checkins").fetchone()[0])


async def test_preview_then_import_then_nothing_twice(make_app: MakeApp,
                                                      tmp_path: Path) -> None:
    export = tmp_path / "daylio_export.csv"
    export.write_text(EXPORT)
    app = make_app(route=StartRoute("journal", {}))
    _checked_mapping(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(export)
        await pilot.click("#import-preview")
        await _settle(app, pilot)
        preview = _text(screen, "import-plan")
        assert "Would add 2 check-ins from 2024-04-30 to 2024-05-01" in preview
        assert 'note: "[bold]x[/bold]"' in preview  # markup shown as typed
        assert _count(app) == 0
        assert not screen.query_one("#import-run", Button).disabled
        await pilot.click("#import-run")
        await _settle(app, pilot)
        await pilot.pause()
        outcome = screen.outcome
        assert isinstance(outcome, ImportScreen.Finished) and outcome.result is not None
        assert outcome.result.added == 2
        assert "Imported 2 check-ins from Daylio" in _text(screen, "import-status")
        bar = screen.query_one("#import-progress", ProgressBar)
        assert bar.progress == bar.total == 2
        assert _count(app) == 2
        assert screen.query_one("#import-run", Button).disabled  # preview again first

        await click_again(pilot, "#import-preview")
        await settle_until(pilot, lambda: "Would add 0" in _text(screen, "import-plan"),
                           "the second preview is shown")
        assert "Would add 0 check-ins; 2 already in the journal" in _text(screen,
                                                                         "import-plan")
        assert screen.query_one("#import-run", Button).disabled


async def test_bad_files_and_blocked_plans_are_sentences(make_app: MakeApp,
                                                         tmp_path: Path) -> None:
    app = make_app(route=StartRoute("journal", {}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_command_palette()
        await pilot.pause()
        await pilot.press(*"Import from another")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        path_input = screen.query_one("#import-path", Input)
        path_input.value = str(tmp_path / "missing.csv")
        await pilot.press("enter")
        await _settle(app, pilot)
        assert "no such file" in _text(screen, "import-status")
        assert screen.query_one("#import-status").has_class("-error")

        export = tmp_path / "daylio_export.csv"
        export.write_text(EXPORT)
        path_input.value = str(export)
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        preview = _text(screen, "import-plan")
        assert "Before importing:" in preview and "anxiety" in preview  # the first time
        assert default_mapping_path(app.paths.config_dir, DAYLIO).exists()
        assert screen.query_one("#import-run", Button).disabled
        await pilot.press("ctrl+s")  # refused quietly: the button is off
        await _settle(app, pilot)
        assert _count(app) == 0
