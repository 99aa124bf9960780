"""Home reads today at a glance from the journal; practice goes to the journal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import Static

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.store import Journal
from ebbtide.core.paths import Paths
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.core.settings import Settings, save_settings
from ebbtide.tui.screens.home.home import HomeScreen
from tests.conftest import FIXED_NOW, home_summary_loaded

MakeApp = Callable[..., Any]


def _glance(app: Any) -> str:
    return str(app.screen.query_one("#glance", Static).render())


async def test_home_shows_last_checkin_and_practice_this_week(make_app: MakeApp,
                                                              welcomed: Paths) -> None:
    save_settings(welcomed.settings_file, Settings(show_streak=True))  # off by default
    app = make_app()
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        journal.add_checkin(mood=6, anxiety=4, at=FIXED_NOW - timedelta(hours=1))
        journal.add_practice(PracticeRecord("breathe", "box", FIXED_NOW - timedelta(days=1),
                                            300, 300, True, 6, 3))
    async with app.run_test(size=(80, 24)) as pilot:
        await home_summary_loaded(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = _glance(app)
        assert "today 09:00 · mood 6/10, anxiety 4/10" in text
        assert "Practice this week: 5 min in 1 session" in text
        assert "2-day streak" not in text and "1-day streak" in text


async def test_streaks_are_off_by_default(make_app: MakeApp) -> None:
    assert Settings().show_streak is False
    app = make_app()
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        journal.add_practice(PracticeRecord("breathe", "box", FIXED_NOW - timedelta(days=1),
                                            300, 300, True, 6, 3))
    async with app.run_test(size=(80, 24)) as pilot:
        await home_summary_loaded(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = _glance(app)
        assert "Practice this week: 5 min in 1 session" in text
        assert "streak" not in text


async def test_start_up_reads_the_journal_once(make_app: MakeApp,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[object] = []
    real_show = HomeScreen._show_loaded

    def counting(self: HomeScreen, summary: Any) -> None:
        shown.append(summary)
        real_show(self, summary)

    monkeypatch.setattr(HomeScreen, "_show_loaded", counting)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_summary_loaded(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Practice this week: 0 min" in _glance(app)
    assert len(shown) == 1  # mount and the first resume both asked


async def test_session_is_kept_when_the_journal_is_damaged(make_app: MakeApp) -> None:
    app = make_app()
    app.paths.journal_file.write_bytes(b"this is not a database" * 100)
    record = PracticeRecord("breathe", "box", FIXED_NOW, 60, 60, True)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_summary_loaded(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "needs attention" in _glance(app)
        with pytest.raises(EbbtideError, match="damaged"):  # the session screen shows it
            app.practice_log.add_practice(record)
        assert app.practice_log.waiting == [record]
        # the damaged file is never overwritten
        assert app.paths.journal_file.read_bytes().startswith(b"this is not a database")
