"""The safety rules reach the person in the app: the crisis lines for the region chosen
in Settings, the crisis dialog at once after a check-in with crisis words, the self-check's
talk prompt, the "my prescriber set a higher dose" answer, and a sudden stop on home."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from rich.text import Text
from textual.widgets import Button, Select, Static

from ebbtide.core.health.safety import ACK_RULE, acknowledgements, current_notes
from ebbtide.core.journal.store import Journal
from ebbtide.core.settings import load_settings
from ebbtide.launch import StartRoute
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.common.crisis import CrisisScreen
from ebbtide.tui.screens.common.safety_notes import SafetyNoteScreen, show_safety_notes
from ebbtide.tui.screens.common.settings import SettingsScreen
from ebbtide.tui.screens.home.home import SUMMARY_DELAY, HomeScreen
from ebbtide.tui.screens.journal.checkin_notices import announce_saved
from ebbtide.tui.screens.tools.selfcheck import SelfCheckScreen
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]
SIZE = (80, 30)


def _text(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


async def _settle(app: Any, pilot: Any) -> None:
    await pilot.pause(SUMMARY_DELAY + 0.2)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_region_chosen_in_settings_is_saved_and_sets_the_crisis_lines(
        make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SettingsScreen())
        await pilot.pause()
        region = app.screen.query_one("#region", Select)
        assert region.value == ""  # other / not set by default
        region.value = "uk"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.settings.region == "uk"
        assert load_settings(app.paths.settings_file).settings.region == "uk"
        app.push_screen(CrisisScreen())
        await pilot.pause()
        text = _text(app.screen.query_one("#crisis-text", Static))
        assert "call 999 now" in text and "NHS 111" in text and "116 123" in text
        assert "988" not in text


async def test_crisis_dialog_without_a_region_lists_the_local_number_and_main_lines(
        make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(CrisisScreen())
        await pilot.pause()
        text = _text(app.screen.query_one("#crisis-text", Static))
        assert "your local emergency number" in text
        assert "988" in text and "116 123" in text and "findahelpline.com" in text


async def test_crisis_words_in_a_saved_check_in_open_the_crisis_lines_for_the_region(
        make_app: MakeApp) -> None:
    app = make_app()
    app.settings = app.settings.with_changes(region="au")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        saved = app.journal().add_checkin(mood=2, anxiety=8,
                                          note="I don't want to be here anymore")
        announce_saved(app, saved)
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        text = _text(app.screen.query_one("#crisis-text", Static))
        assert "000" in text and "13 11 14" in text
        # the home screen's own announcement does not open it a second time
        assert show_safety_notes(app) == 0
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CrisisScreen)
        assert current_notes(app.journal(), FIXED_NOW) == []  # seen and closed


async def test_an_urgent_sign_by_meaning_is_said_at_once(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        from ebbtide.core.journal.models import SideEffectInput

        saved = app.journal().add_checkin(
            mood=5, anxiety=5, side_effects=[SideEffectInput("confusion", "severe")],
            note="had a fit in the night")
        announce_saved(app, saved)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        urgent = [m for m in messages if m.startswith("Seek medical help now")]
        assert urgent and "confusion" in urgent[0] and "had a fit" in urgent[0]
        assert not isinstance(app.screen, CrisisScreen)


async def test_a_phq9_of_12_with_item_9_at_0_prompts_a_talk_with_a_clinician(
        make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "phq9"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SelfCheckScreen)
        await pilot.press("2", "2", "2", "2", "2", "1", "1", "0", "0", "s")
        await pilot.pause()
        assert not isinstance(app.screen, CrisisScreen)
        result = _text(screen.query_one("#check-result", Static))
        assert "12 of 27" in result
        assert "worth a conversation with a clinician" in result
        assert "question 9" not in result


async def test_a_gad7_under_10_has_no_talk_prompt(make_app: MakeApp) -> None:
    app = make_app(route=StartRoute("check", {"kind": "gad7"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("1", "1", "1", "1", "1", "1", "1", "s")
        await pilot.pause()
        assert "conversation with a clinician" not in _text(
            screen.query_one("#check-result", Static))


def _above_label_max(app: Any) -> None:
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        med = journal.add_medication("Baclofen", dose_mg=50)
        for hours in (1, 3):
            journal.add_dose(med.id, amount_mg=50, at=FIXED_NOW - timedelta(hours=hours))


async def test_my_prescriber_set_a_higher_dose_stops_the_note_after_a_confirm(
        make_app: MakeApp) -> None:
    app = make_app()
    _above_label_max(app)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        show_safety_notes(app)
        await pilot.pause()
        assert isinstance(app.screen, SafetyNoteScreen)
        assert app.screen.note.rule == "above-label-max"
        assert app.screen.query_one("#prescribed", Button)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        journal = app.journal()
        (ack,) = acknowledgements(journal.note_states())
        assert ack.mg == 100 and ack.at is not None
        assert any(i.startswith(f"{ACK_RULE}:") for i in journal.note_states())
        assert current_notes(journal, FIXED_NOW) == []  # no longer repeated


async def test_other_notes_have_no_prescriber_button(make_app: MakeApp) -> None:
    app = make_app()
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        med = journal.add_medication("Baclofen", dose_mg=10)
        journal.add_dose(med.id, amount_mg=10, at=FIXED_NOW - timedelta(hours=1))
        journal.add_checkin(mood=5, anxiety=5, tags=["wine"],
                            at=FIXED_NOW - timedelta(minutes=30))
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        show_safety_notes(app)
        await pilot.pause()
        assert isinstance(app.screen, SafetyNoteScreen)
        assert app.screen.note.rule == "alcohol-dose-day"
        assert not app.screen.query("#prescribed")


async def test_a_sudden_stop_shows_its_note_on_home(make_app: MakeApp) -> None:
    app = make_app()
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        med = journal.add_medication("baclofen", times=["08:00", "20:00"], dose_mg=10)
        for days_ago in range(2, 16):
            for hour in (8, 20):
                moment = (FIXED_NOW - timedelta(days=days_ago)).replace(hour=hour)
                journal.add_dose(med.id, amount_mg=10, at=moment)
        journal.update_medication(replace(med, active=False))  # "I take this now" unticked
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        assert isinstance(app.screen, SafetyNoteScreen)
        note = app.screen.note
        assert note.rule == "sudden-stop"
        message = _text(app.screen.query_one("#safety-note-message", Static))
        assert "withdrawal" in message and "prescriber" in message
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_item_9_crisis_note_stays_until_dismissed(make_app: MakeApp) -> None:
    first = make_app(route=StartRoute("check", {"kind": "phq9"}))
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"0" * 8, "1")
        await pilot.pause()
        assert isinstance(first.screen, CrisisScreen)
        await pilot.press("escape", "s")
        await pilot.pause()
    # Shown during the check, not dismissed: the next start opens the crisis lines again.
    second = make_app()
    async with second.run_test(size=SIZE) as pilot:
        await _settle(second, pilot)
        assert isinstance(second.screen, CrisisScreen)
        await pilot.press("escape")  # closing the crisis dialog dismisses the note
        await pilot.pause()
    assert current_notes(second.journal(), FIXED_NOW) == []
