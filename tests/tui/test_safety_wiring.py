"""Safety notes and the suggestion reach the person where they are: after a check-in is
saved, and on the home screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.widgets import Input, Select, Static, TextArea

from ebbtide.core.journal.store import Journal
from ebbtide.core.practice.records import PracticeRecord
from ebbtide.tui.screens.common.crisis import CrisisScreen
from ebbtide.tui.screens.common.safety_notes import SafetyNoteScreen
from ebbtide.tui.screens.journal.checkin_form import CheckInFormScreen
from ebbtide.tui.screens.journal.medications import OFFER_KEY
from tests.conftest import FIXED_NOW, home_summary_loaded, settle_until

MakeApp = Callable[..., Any]


async def _settle(app: Any, pilot: Any) -> None:
    await home_summary_loaded(pilot)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_alcohol_with_a_dose_shows_the_interaction_note_after_saving(
        make_app: MakeApp) -> None:
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        med = journal.add_medication("baclofen", dose_mg=10)
    async with app.run_test(size=(80, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("c")
        await app.workers.wait_for_complete()  # the form reads the medicines in a worker
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CheckInFormScreen)
        await pilot.press("6", "tab", "3")
        form.query_one("#tag-0").value = True  # alcohol
        form.query_one("#medication", Select).value = med.id
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()  # the save's worker
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SafetyNoteScreen)
        assert app.screen.note.rule == "alcohol-dose-day"


async def test_typing_suicidal_thoughts_opens_the_crisis_resources(make_app: MakeApp) -> None:
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    async with app.run_test(size=(80, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("c")
        form = app.screen
        await pilot.press("2", "tab", "8")
        form.query_one("#effect-typed", Input).value = "suicidal thoughts"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()  # the save's worker
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "988" in text and "116 123" in text


async def test_home_suggests_what_helped_most(make_app: MakeApp) -> None:
    app = make_app()
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        for days_ago in (1, 2, 3):
            journal.add_practice(PracticeRecord("breathe", "box",
                                                FIXED_NOW - timedelta(days=days_ago),
                                                240, 240, True, 7, 3))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        # The suggestion comes from its own journal read, after the summary's.
        await settle_until(pilot, lambda: "Suggested: Box breathing" in str(
            app.screen.query_one("#glance", Static).render()), "home suggests box breathing")
        await pilot.press("s")
        await pilot.pause()
        assert app.current_mode == "breathe"
        assert type(app.screen).__name__ == "BreathingScreen"
        assert app.screen.session.pattern.id == "box"


async def test_crisis_words_in_the_note_open_the_crisis_resources(make_app: MakeApp) -> None:
    """Matched by meaning in the note too, not only in a typed side effect."""
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    async with app.run_test(size=(80, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("c")
        form = app.screen
        await pilot.press("3", "tab", "7")
        form.query_one("#note", TextArea).text = "Rough week. Honestly I just want to end it all"
        await pilot.press("ctrl+s")
        await settle_until(
            pilot, lambda: isinstance(app.screen, (CrisisScreen, SafetyNoteScreen)),
            "the crisis resources open after the save")
        if isinstance(app.screen, SafetyNoteScreen):
            assert app.screen.note.crisis
