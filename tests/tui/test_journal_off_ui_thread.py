"""The journal is opened and first read in worker threads, never on the UI thread, and the
results come back as messages."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from ebbtide.core.journal.store import Journal
from ebbtide.launch import StartRoute
from ebbtide.tui.app import EbbtideApp
from ebbtide.tui.screens.journal.overview import JournalScreen

MakeApp = Callable[..., Any]


@pytest.fixture
def journal_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the thread of every call to EbbtideApp.journal()."""
    threads: list[str] = []
    real = EbbtideApp.journal

    def recording(self: EbbtideApp) -> Journal:
        threads.append(threading.current_thread().name)
        return real(self)

    monkeypatch.setattr(EbbtideApp, "journal", recording)
    return threads


async def test_home_and_journal_first_reads_run_in_workers(
        make_app: MakeApp, journal_threads: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        assert "Nothing logged yet" in str(journal.query_one("#history-status").render())
    main = threading.main_thread().name
    assert journal_threads and main not in journal_threads


async def test_journal_opened_first_by_its_section_shows_a_problem_from_the_worker(
        make_app: MakeApp, journal_threads: list[str]) -> None:
    app = make_app(route=StartRoute("journal"))
    app.paths.journal_file.mkdir(parents=True)  # a folder where the file should be
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        journal = app.screen_stack[0]
        assert isinstance(journal, JournalScreen) and journal.problem is not None
    assert threading.main_thread().name not in journal_threads[:1]
