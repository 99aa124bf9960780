"""Every button on the check-in form, its edit dialogs and the bell-timer form does what
its key does (the buttons are wired with @on(Button.Pressed, "#id"))."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Button, Input

from ebbtide.core.journal.models import DoseInput
from ebbtide.core.journal.store import Journal
from ebbtide.tui.screens.journal.checkin_form import CheckInFormScreen
from ebbtide.tui.screens.journal.entry_edit import DoseEditScreen
from ebbtide.tui.screens.journal.medications import OFFER_KEY, MedicationsScreen
from ebbtide.tui.screens.meditate.preset_name import PresetNameScreen
from ebbtide.tui.screens.meditate.timer import TimerSetupScreen
from ebbtide.tui.screens.meditate.timer_session import TimerScreen
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]
TODAY = FIXED_NOW.date()


def _journal(app: Any) -> Journal:
    return Journal.open(app.paths, clock=lambda: FIXED_NOW)


def _app(make_app: MakeApp) -> Any:
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    return app


async def _press(pilot: Any, button_id: str) -> None:
    pilot.app.screen.query_one(f"#{button_id}", Button).press()
    await pilot.pause()


async def _settle(pilot: Any) -> None:
    """A save runs in a worker and reports back with a message."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_check_in_save_button_saves(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, CheckInFormScreen)
        await pilot.press("6", "tab", "3")
        await _press(pilot, "save")
        await _settle(pilot)
        assert not isinstance(app.screen, CheckInFormScreen)
    with _journal(app) as j:
        [checkin] = j.entries_between(TODAY, TODAY)
    assert (checkin.mood, checkin.anxiety) == (6, 3)  # type: ignore[union-attr]


async def test_check_in_cancel_button_leaves_without_saving(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("c")
        await pilot.press("6", "tab", "3")
        await _press(pilot, "cancel")
        assert not isinstance(app.screen, CheckInFormScreen)
    with _journal(app) as j:
        assert j.entries_between(TODAY, TODAY) == []


async def test_set_up_medicines_button_opens_the_medicines(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("c")
        await _settle(pilot)  # the offer shows once the form has read there are none
        await _press(pilot, "setup-medications")
        assert isinstance(app.screen, MedicationsScreen)


async def test_dose_dialog_buttons_save_and_cancel(make_app: MakeApp) -> None:
    app = _app(make_app)
    with _journal(app) as j:
        med = j.add_medication("baclofen", dose_mg=10)
        [dose] = j.add_checkin(mood=5, anxiety=5, doses=[DoseInput(med.id, 10)]).doses
        meds = j.medications()
    answers: list[bool | None] = []
    async with app.run_test(size=(80, 40)) as pilot:
        app.push_screen(DoseEditScreen(dose, meds), answers.append)
        await pilot.pause()
        app.screen.query_one("#amount", Input).value = "12.5"
        await _press(pilot, "save")
        await _settle(pilot)
        app.push_screen(DoseEditScreen(dose, meds), answers.append)
        await pilot.pause()
        app.screen.query_one("#amount", Input).value = "99"
        await _press(pilot, "cancel")
        await pilot.press("y")  # "Discard what you typed?"
    assert answers == [True, False]
    with _journal(app) as j:
        [saved] = [e for e in j.entries_between(TODAY, TODAY) if e.kind == "dose"]
    assert saved.amount_mg == 12.5  # type: ignore[union-attr]


async def test_timer_buttons_start_and_save_a_preset(make_app: MakeApp) -> None:
    app = _app(make_app)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("2", "t")
        setup = app.screen
        assert isinstance(setup, TimerSetupScreen)
        await _press(pilot, "save-preset")
        assert isinstance(app.screen, PresetNameScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is setup
        await _press(pilot, "start")
        assert isinstance(app.screen, TimerScreen)
