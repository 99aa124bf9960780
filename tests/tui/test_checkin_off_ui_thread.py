"""The check-in form and its dose dialog read and write the journal in worker threads: the
form takes keys while its medicines are read, Save says "Saving…" while the write runs,
"saved" is said only after it, and a refused write keeps everything typed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.widgets import Button, Input, Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from ebbtide.core.journal.models import DoseInput
from ebbtide.core.journal.store import Journal, JournalUnavailable
from ebbtide.tui.screens.home.home import HomeScreen
from ebbtide.tui.screens.journal.checkin_form import CheckInFormScreen
from ebbtide.tui.screens.journal.entry_edit import DoseEditScreen
from ebbtide.tui.screens.journal.medications import OFFER_KEY
from ebbtide.tui.widgets.scale_input import ScaleInput
from tests.conftest import FIXED_NOW

MakeApp = Callable[..., Any]
FULL_DISK = ("the disk holding /x is full, so the journal cannot save. Free some space and "
             "try again.")


class Gate:
    """Holds calls made from worker threads until opened, and records for every call
    whether it ran on the main (UI) thread."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.on_main: list[bool] = []

    def wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def gated(*args: Any, **kwargs: Any) -> Any:
            on_main = threading.current_thread() is threading.main_thread()
            self.on_main.append(on_main)
            if not on_main:  # never stall the UI thread, should the form call it there
                assert self.opened.wait(30), "the test never opened the gate"
            return method(*args, **kwargs)

        return gated


@pytest.fixture
def app(make_app: MakeApp) -> Any:
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    return app


@pytest.fixture
def gate() -> Iterator[Gate]:
    gate = Gate()
    yield gate
    gate.opened.set()  # a failed test must not leave a worker thread waiting


async def _settle(pilot: Any) -> None:
    """Workers done, their messages handled, and the workers those start in turn."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _open_form(pilot: Any) -> CheckInFormScreen:
    await pilot.press("c")
    await _settle(pilot)  # its medicines
    form = pilot.app.screen
    assert isinstance(form, CheckInFormScreen)
    return form


def _text(widget: Any) -> str:
    return str(widget.render())


def _journal(app: Any) -> Journal:
    return Journal.open(app.paths, clock=lambda: FIXED_NOW)


async def test_form_takes_keys_while_its_medicines_are_read_in_a_worker(
        app: Any, gate: Gate, monkeypatch: pytest.MonkeyPatch) -> None:
    with _journal(app) as j:
        med = j.add_medication("baclofen", dose_mg=10)
    monkeypatch.setattr(Journal, "medications", gate.wrap(Journal.medications))
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("c", "6", "tab", "3")
        form = app.screen
        assert isinstance(form, CheckInFormScreen)
        assert form.query_one("#mood", ScaleInput).value == 6
        assert form.query_one("#anxiety", ScaleInput).value == 3
        # Not known yet: the dose rows with an empty list, not "No medicines set up yet".
        assert not form.query_one("#no-medications").display
        with pytest.raises(InvalidSelectValueError):
            form.query_one("#medication", Select).value = med.id
        gate.opened.set()
        await _settle(pilot)
        assert all(row.display for row in form.query(".dose-row"))
        form.query_one("#medication", Select).value = med.id  # now it can be picked
        assert form.query_one("#mood", ScaleInput).value == 6
    assert gate.on_main and not any(gate.on_main)  # the form's read, and home's


async def test_save_runs_in_a_worker_and_says_saved_only_after_the_write(
        app: Any, gate: Gate, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Journal, "add_checkin", gate.wrap(Journal.add_checkin))
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _open_form(pilot)
        await pilot.press("6", "tab", "3")
        form.query_one("#note", TextArea).text = "typed before saving"
        await pilot.press("ctrl+s")
        save = form.query_one("#save", Button)
        assert str(save.label) == "Saving…" and save.disabled
        assert form.query_one("#cancel", Button).disabled
        await pilot.press("escape", "ctrl+s")  # neither leaves nor saves twice meanwhile
        assert app.screen is form
        assert form.query_one("#note", TextArea).text == "typed before saving"
        assert not any("saved" in str(n.message).lower() for n in app._notifications)
        gate.opened.set()
        await _settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # where c was pressed (issue 15)
        assert any(n.title == "Check-in saved" for n in app._notifications)
    assert gate.on_main == [False]
    with _journal(app) as j:
        assert j.count("checkin") == 1


async def test_refused_save_keeps_what_was_typed_and_says_why(
        app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Journal, **values: Any) -> Any:
        raise JournalUnavailable(FULL_DISK)

    async with app.run_test(size=(80, 40)) as pilot:
        form = await _open_form(pilot)
        await pilot.press("4", "tab", "7")
        form.query_one("#sleep-hours", Input).value = "7,5"
        form.query_one("#note", TextArea).text = "a long entry I do not want to lose"
        monkeypatch.setattr(Journal, "add_checkin", refuse)
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.screen is form
        message = _text(form.query_one("#save-error", Static))
        assert "Not saved: the disk holding /x is full" in message
        assert "Everything you typed is still here" in message
        assert form.query_one("#note", TextArea).text == "a long entry I do not want to lose"
        assert form.query_one("#sleep-hours", Input).value == "7,5"
        assert form.query_one("#mood", ScaleInput).value == 4
        assert form.query_one("#anxiety", ScaleInput).value == 7
        save = form.query_one("#save", Button)
        assert str(save.label) == "Save (ctrl+s)" and not save.disabled
        assert not any(n.title == "Check-in saved" for n in app._notifications)
    with _journal(app) as j:
        assert j.count("checkin") == 0


async def test_dose_dialog_saves_in_a_worker_and_keeps_the_amount_when_refused(
        app: Any, gate: Gate, monkeypatch: pytest.MonkeyPatch) -> None:
    with _journal(app) as j:
        med = j.add_medication("baclofen", dose_mg=10)
        [dose] = j.add_checkin(mood=5, anxiety=5, doses=[DoseInput(med.id, 10)]).doses
        meds = j.medications()
    real_update = Journal.update_dose

    def refuse_once(self: Journal, changed: Any) -> Any:
        if len(gate.on_main) == 1:
            raise JournalUnavailable(FULL_DISK)
        return real_update(self, changed)

    monkeypatch.setattr(Journal, "update_dose", gate.wrap(refuse_once))
    answers: list[bool | None] = []
    async with app.run_test(size=(80, 40)) as pilot:
        app.push_screen(DoseEditScreen(dose, meds), answers.append)
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#amount", Input).value = "12.5"
        await pilot.press("ctrl+s")
        assert str(dialog.query_one("#save", Button).label) == "Saving…"
        gate.opened.set()
        await _settle(pilot)
        assert app.screen is dialog and answers == []
        assert "Not saved: The disk holding /x is full" in _text(
            dialog.query_one("#edit-error", Static))
        assert dialog.query_one("#amount", Input).value == "12.5"
        await pilot.press("ctrl+s")  # the disk has room again
        await _settle(pilot)
        assert answers == [True]
    assert gate.on_main == [False, False]
    with _journal(app) as j:
        [saved] = [e for e in j.entries_between(FIXED_NOW.date(), FIXED_NOW.date())
                   if e.kind == "dose"]
    assert saved.amount_mg == 12.5  # type: ignore[union-attr]
