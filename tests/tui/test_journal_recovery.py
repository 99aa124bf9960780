"""The recovery screen offers the newest backup that passes a check and holds entries, and
treats an emptied journal as damage (issue 13)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ebbtide.core.journal.backup_files import list_backups
from ebbtide.core.journal.store import Journal
from ebbtide.tui.screens.journal.medications import OFFER_KEY
from ebbtide.tui.screens.journal.overview import JournalScreen
from ebbtide.tui.screens.journal.recovery import JournalRecoveryScreen
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]


def _scribble(path: Path, offset: int, length: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(os.urandom(length))


def _fixed(when: datetime) -> Callable[[], datetime]:
    return lambda: when


def _app_with_backups(make_app: MakeApp) -> tuple[Any, Path, Path]:
    """Three days of entries and two backups (one entry, two entries; the newer one is then
    damaged)."""
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    for days_ago in (3, 2, 1):
        when = FIXED_NOW - timedelta(days=days_ago)
        with Journal.open(app.paths, clock=_fixed(when)) as j:
            j.add_checkin(mood=7, anxiety=2, at=when)
    good, newest = list_backups(app.paths.backup_dir)
    _scribble(newest, 0, 100)
    return app, good, newest


async def _open_journal(pilot: Any) -> Any:
    await pilot.press("4")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.screen


def _text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_recovery_offers_the_good_backup_when_the_newest_is_damaged(
        make_app: MakeApp) -> None:
    app, good, newest = _app_with_backups(make_app)
    _scribble(app.paths.journal_file, 0, 100)
    async with app.run_test(size=(80, 30)) as pilot:
        recovery = await _open_journal(pilot)
        assert isinstance(recovery, JournalRecoveryScreen)
        explanation = _text(recovery, "#recovery-text")
        assert f"newest good backup, {good.name} (1 entry" in explanation
        assert f"Skipped {newest.name}: damaged" in explanation
        await pilot.press("r")
        await pilot.pause()
        done = _text(recovery, "#recovery-text")
        assert f"Restored {good.name} (1 entry)" in done
        assert f"Skipped the newer {newest.name}" in done
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen) and app.screen.problem is None
    assert len(list(app.paths.data_dir.glob("journal.sqlite3.damaged-*"))) == 1


async def test_an_emptied_journal_is_named_and_kept_aside(make_app: MakeApp) -> None:
    app, good, _ = _app_with_backups(make_app)
    app.paths.journal_file.write_bytes(b"")
    async with app.run_test(size=(80, 30)) as pilot:
        recovery = await _open_journal(pilot)
        assert isinstance(recovery, JournalRecoveryScreen)
        assert "Your journal file is empty" in _text(recovery, "#recovery-title")
        explanation = _text(recovery, "#recovery-text")
        assert "is empty (0 bytes), but it held entries before" in explanation
        assert good.name in explanation
        assert app.paths.journal_file.stat().st_size == 0  # nothing changed yet
        await pilot.press("r")
        await pilot.pause()
        assert f"Restored {good.name}" in _text(recovery, "#recovery-text")
    [kept] = app.paths.data_dir.glob("journal.sqlite3.damaged-*")
    assert kept.stat().st_size == 0  # the empty file set aside, not deleted
