"""Searching the journal from its overview (/), and the day view showing a check-in in
full: its doses and side effects and the whole note, with hostile text inert."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.widgets import Input, OptionList, Static

from ebbtide.core.journal.models import DoseInput, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.tui.screens.journal.day import DayScreen
from ebbtide.tui.screens.journal.medications import OFFER_KEY
from ebbtide.tui.screens.journal.search import JournalSearchScreen
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]
HOSTILE = "[bold]B[/bold] \x1b[31mRED\x1b]52;c;aGk=\x07 \u202eevil"
LONG_NOTE = ("Felt dizzy after lunch.\n" + " ".join(f"word{n}" for n in range(400))
             + "\n" + HOSTILE + "\nTHE END")


def _app(make_app: MakeApp) -> Any:
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as j:
        med = j.add_medication("baclofen", dose_mg=10)
        j.add_checkin(mood=6, anxiety=2, note="a calm walk",
                      at=FIXED_NOW - timedelta(days=1))
        j.add_checkin(mood=3, anxiety=7, note=LONG_NOTE, tags=["work"],
                      at=FIXED_NOW - timedelta(days=3, hours=2),
                      doses=[DoseInput(med.id, 10.0)],
                      side_effects=[SideEffectInput("nausea", "severe", "all morning")])
    return app


def _prompts(screen: Any, selector: str) -> list[str]:
    options = screen.query_one(selector, OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def _open_journal(pilot: Any) -> Any:
    await pilot.press("4")
    await pilot.app.workers.wait_for_complete()  # the first read runs in a worker
    await pilot.pause()
    return pilot.app.screen


async def test_slash_searches_and_enter_opens_the_day(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_journal(pilot)
        await pilot.press("slash")
        search = app.screen
        assert isinstance(search, JournalSearchScreen)
        await pilot.press(*"dizz", "enter")  # Enter searches at once, then the results
        lines = _prompts(search, "#journal-search-results")
        assert len(lines) == 1 and "note" in lines[0] and "dizzy" in lines[0]
        assert "1 match" in str(search.query_one("#journal-search-status", Static).render())
        await pilot.press("enter")
        day = app.screen
        assert isinstance(day, DayScreen)
        assert day.day == (FIXED_NOW - timedelta(days=3, hours=2)).date()
        assert day.selected() is not None and day.selected().kind == "checkin"


async def test_results_are_inert_and_odd_input_is_answered(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_journal(pilot)
        await pilot.press("slash")
        search = app.screen
        field = search.query_one("#journal-search-input", Input)
        field.value = "evil"
        await pilot.press("enter")
        (line,) = _prompts(search, "#journal-search-results")
        assert "\x1b" not in line and "\u202e" not in line and "\x07" not in line
        assert "\\u202eevil" in line
        field.value = "bold"  # markup in a note is text, never styling
        await pilot.press("ctrl+l", "enter")
        (line,) = _prompts(search, "#journal-search-results")
        assert "[bold]B[/bold]" in line
        for odd in ("(", "*", '"', "AND", "NEAR("):
            field.value = odd
            await pilot.press("ctrl+l", "enter")
            status = str(search.query_one("#journal-search-status", Static).render())
            assert "Type words" in status or "Nothing found" in status
        field.value = "nausea"
        await pilot.press("ctrl+l", "enter", "enter")
        day = app.screen
        assert isinstance(day, DayScreen) and day.selected().kind == "side_effect"


async def test_day_view_shows_a_checkin_in_full(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(DayScreen((FIXED_NOW - timedelta(days=3, hours=2)).date()))
        await pilot.pause()
        day = app.screen
        detail = str(day.query_one("#detail", Static).render())
        assert "Mood: 3 of 10" in detail and "Anxiety: 7 of 10" in detail
        assert "Tags: work" in detail
        assert "Dose: baclofen 10 mg taken" in detail
        assert "Side effect: nausea (severe): all morning" in detail
        assert "word0 word1" in detail and "word399" in detail and "THE END" in detail
        assert "\x1b" not in detail and "\u202e" not in detail
        assert "\\x1b[31mRED\\x1b]52;c;aGk=\\x07 \\u202eevil" in detail
        assert "[bold]B[/bold]" in detail
