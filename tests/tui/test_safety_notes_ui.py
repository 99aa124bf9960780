"""Safety notes in the app: each shown once, calm and dismissible, never again after a
restart; crisis notes open the crisis resources; the article link opens the reader; and
the home suggestion from the practice that helped most."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from rich.text import Text
from textual.widgets import Static

from ebbtide.core.journal.models import DoseInput
from ebbtide.core.journal.store import Journal
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.tui.screens.common.crisis import CrisisScreen
from ebbtide.tui.screens.common.safety_notes import (
    SafetyNoteScreen,
    announced,
    home_suggestion,
    pending_safety_notes,
    show_safety_notes,
)
from ebbtide.tui.screens.home.home import HomeScreen
from ebbtide.tui.screens.read.article import ArticleScreen
from tests.conftest import FIXED_NOW, home_summary_loaded

MakeApp = Callable[..., Any]
SIZE = (80, 24)


def _text(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


def _alcohol_on_a_dose_day(app: Any) -> None:
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        med = journal.add_medication("Baclofen", dose_mg=10)
        journal.add_checkin(mood=6, anxiety=3, tags=["wine"], doses=[DoseInput(med.id, 10)],
                            at=FIXED_NOW - timedelta(hours=1))


async def _announce(app: Any, pilot: Any) -> int:
    """Notes announced once the app has settled: home announces new ones by itself a
    moment after start; announcing again must not add any twice."""
    await home_summary_loaded(pilot)
    await app.workers.wait_for_complete()
    await pilot.pause()
    show_safety_notes(app)
    await pilot.pause()
    return announced(app)


async def test_a_note_is_shown_once_and_never_again_after_dismissal(
    make_app: MakeApp
) -> None:
    first = make_app()
    _alcohol_on_a_dose_day(first)
    async with first.run_test(size=SIZE) as pilot:
        assert await _announce(first, pilot) == 1
        dialog = first.screen
        assert isinstance(dialog, SafetyNoteScreen)
        assert dialog.note.rule == "alcohol-dose-day"
        message = _text(dialog.query_one("#safety-note-message", Static))
        assert "You tagged alcohol today" in message and "prescriber" in message
        assert "never gives dosing advice" in _text(
            dialog.query_one("#safety-note-footnote", Static))
        # Announced again while it is still open: not stacked twice.
        assert show_safety_notes(first) == 0
        await pilot.press("d")  # don't show again
        await pilot.pause()
        assert isinstance(first.screen, HomeScreen)
        assert await _announce(first, pilot) == 0
        states = first.journal().note_states()
        assert states[dialog.note.id].dismissed_at is not None
    second = make_app()  # the app restarted
    async with second.run_test(size=SIZE) as pilot:
        assert await _announce(second, pilot) == 0
        assert isinstance(second.screen, HomeScreen)


async def test_closing_a_note_also_means_it_does_not_pop_up_again(make_app: MakeApp) -> None:
    first = make_app()
    _alcohol_on_a_dose_day(first)
    async with first.run_test(size=SIZE) as pilot:
        assert await _announce(first, pilot) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(first.screen, HomeScreen)
    second = make_app()
    async with second.run_test(size=SIZE) as pilot:
        assert pending_safety_notes(second) == []
        assert await _announce(second, pilot) == 0


async def test_the_article_link_opens_the_reader(make_app: MakeApp) -> None:
    app = make_app()
    _alcohol_on_a_dose_day(app)
    async with app.run_test(size=SIZE) as pilot:
        await _announce(app, pilot)
        assert isinstance(app.screen, SafetyNoteScreen)
        await pilot.press("r")
        await pilot.pause()
        assert app.current_mode == "read"
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "interactions"


async def test_suicidal_thoughts_open_the_crisis_resources_once(make_app: MakeApp) -> None:
    first = make_app()
    with Journal.open(first.paths, clock=lambda: FIXED_NOW) as journal:
        journal.add_side_effect("suicidal thoughts", "severe",
                                at=FIXED_NOW - timedelta(minutes=5))
    async with first.run_test(size=SIZE) as pilot:
        (note,) = pending_safety_notes(first)
        assert note.crisis
        assert await _announce(first, pilot) == 1
        assert isinstance(first.screen, CrisisScreen)
        text = _text(first.screen.query_one("#crisis-text", Static))
        assert "988" in text and "116 123" in text and "clinician today" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(first.screen, HomeScreen)
    second = make_app()
    async with second.run_test(size=SIZE) as pilot:
        assert await _announce(second, pilot) == 0


async def test_several_notes_come_one_after_another_most_urgent_first(
    make_app: MakeApp
) -> None:
    app = make_app()
    _alcohol_on_a_dose_day(app)
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        journal.add_side_effect("seizure", "severe", at=FIXED_NOW - timedelta(minutes=5))
    async with app.run_test(size=SIZE) as pilot:
        assert await _announce(app, pilot) == 2
        first = app.screen
        assert isinstance(first, SafetyNoteScreen)
        assert first.note.rule == "urgent-side-effect" and first.note.severity == "urgent"
        assert "1 of 2" in _text(first.query_one("#safety-note-title", Static))
        assert "seek medical help now" in _text(first.query_one("#safety-note-message",
                                                                Static))
        await pilot.press("escape")
        await pilot.pause()
        second = app.screen
        assert isinstance(second, SafetyNoteScreen) and second.note.rule == "alcohol-dose-day"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


def _rated(content_id: str, kind: str, days_ago: int, before: int, after: int
           ) -> PracticeRecord:
    return PracticeRecord(kind, content_id,  # type: ignore[arg-type]
                          FIXED_NOW - timedelta(days=days_ago), 300, 300, True, before, after)


async def test_home_suggestion_needs_three_rated_sessions(make_app: MakeApp) -> None:
    app = make_app()
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        for days_ago in (1, 2):
            journal.add_practice_record(_rated("box", "breathe", days_ago, 7, 3))
        for days_ago in (1, 2, 3):
            journal.add_practice_record(_rated("loving-kindness", "meditate", days_ago, 6, 5))
            journal.add_practice_record(_rated("gone-pattern", "breathe", days_ago, 9, 1))
    async with app.run_test(size=SIZE):
        best = home_suggestion(app)
        assert best is not None
        assert (best.kind, best.content_id) == ("meditate", "loving-kindness")
        assert best.title == "Loving-kindness"
        assert "3 rated sessions" in best.reason
        with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
            journal.add_practice_record(_rated("box", "breathe", 3, 8, 4))
        best = home_suggestion(app)
        assert best is not None and best.content_id == "box" and best.title == "Box breathing"


async def test_home_suggestion_is_none_without_enough_ratings(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        assert home_suggestion(app) is None
