"""Drafts in the forms: what was typed survives closing the app, comes back on request,
Esc asks before throwing it away, and saving removes it."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual import work
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from ebbtide.core.drafts import DraftStore
from ebbtide.core.journal.models import CheckIn
from ebbtide.core.journal.store import Journal
from ebbtide.tui.screens.breathe.menu import BreatheMenuScreen
from ebbtide.tui.screens.breathe.pattern_form import PatternFormScreen
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.common.drafts import DraftFormScreen, DraftKeeping, DraftNotice
from ebbtide.tui.screens.journal.checkin_form import CheckInFormScreen
from ebbtide.tui.screens.journal.medications import (
    OFFER_KEY,
    MedicationFormScreen,
    MedicationsScreen,
)
from ebbtide.tui.screens.journal.plan_form import PlanFormScreen
from ebbtide.tui.screens.read.links import follow_link
from ebbtide.tui.widgets.scale_input import ScaleInput
from tests.conftest import FIXED_NOW, POLL_INTERVAL, WAIT_LIMIT, settle_until

MakeApp = Callable[..., Any]
ODD = "Évening 🌊\x1b]52;c;aGk=\x07 calm\x1b[?1049l"


@pytest.fixture(autouse=True)
def _write_on_every_change(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DraftKeeping, "DRAFT_INTERVAL", 0.0)  # every form and dialog


def _store(app: Any) -> DraftStore:
    return DraftStore.in_data_dir(app.paths.data_dir)


async def _open_pattern_form(pilot: Any) -> PatternFormScreen:
    await pilot.press("1", "n")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, PatternFormScreen)
    return form


async def test_pattern_draft_survives_exit_and_keep_restores_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _open_pattern_form(pilot)
        form.query_one("#name", Input).value = ODD
        form.query_one("#purpose", Input).value = "for\tnights"
        await pilot.pause()
        app.exit()
    draft = _store(app).load("pattern-new")
    assert draft is not None and draft.fields["name"] == ODD

    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _open_pattern_form(pilot)
        await pilot.pause()
        notice = form.query_one(DraftNotice)
        assert notice.text == "Restored your unsaved pattern from 10:00."
        await pilot.click("#draft-keep")
        assert not form.query(DraftNotice)
        assert form.query_one("#name", Input).value == ODD
        assert form.query_one("#purpose", Input).value == "for\tnights"
        assert form.query_one("#inhale", Input).value == "4"


async def test_discarding_a_restored_draft_empties_the_form(make_app: MakeApp) -> None:
    app = make_app()
    _store(app).save("pattern-new", {"name": "Half typed"}, app.now())
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _open_pattern_form(pilot)
        assert form.query_one("#name", Input).value == "Half typed"
        await pilot.click("#draft-discard")
        await pilot.pause()
        assert form.query_one("#name", Input).value == ""
        assert _store(app).load("pattern-new") is None


async def test_escape_on_a_changed_pattern_asks(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _open_pattern_form(pilot)
        await pilot.press(*"Calm")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert app.screen is form
        assert form.query_one("#name", Input).value == "Calm"
        assert _store(app).load("pattern-new") is not None
        await pilot.press("escape", "y")  # discard
        assert isinstance(app.screen, BreatheMenuScreen)
        assert _store(app).load("pattern-new") is None


async def test_escape_on_an_untouched_form_leaves_at_once(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await _open_pattern_form(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, BreatheMenuScreen)


async def test_saving_a_pattern_removes_its_draft(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _open_pattern_form(pilot)
        await pilot.press(*"Calm")
        draft_file = _store(app).path("pattern-new")
        assert json.loads(draft_file.read_text())["fields"] == {"name": "Calm"}
        assert draft_file.stat().st_mode & 0o777 == 0o600
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BreatheMenuScreen)
        assert not draft_file.exists()
    del form


async def test_exit_writes_what_waits_for_the_timer(make_app: MakeApp,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DraftFormScreen, "DRAFT_INTERVAL", 3600.0)
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await _open_pattern_form(pilot)
        await pilot.press(*"Calm")  # "C" at once; the rest waits an hour
        assert _store(app).load("pattern-new").fields == {"name": "C"}  # type: ignore[union-attr]
        app.exit()
    assert _store(app).load("pattern-new").fields == {"name": "Calm"}  # type: ignore[union-attr]


def _with_a_medicine(make_app: MakeApp) -> Any:
    app = make_app()
    app.state.set(OFFER_KEY, "skipped")
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        journal.add_medication("baclofen")
    return app


async def _open_from_medicines(pilot: Any, key: str, screen: type[Any]) -> Any:
    follow_link(pilot.app, "action:journal/medications")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MedicationsScreen)
    await pilot.press(key)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, screen)
    return form


async def test_medicine_draft_comes_back_and_saving_removes_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_from_medicines(pilot, "a", MedicationFormScreen)
        form.query_one("#strength", Input).value = ODD
        await pilot.pause()
        app.exit()

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_from_medicines(pilot, "a", MedicationFormScreen)
        await pilot.pause()
        assert form.query_one(DraftNotice).text == \
            "Restored your unsaved medicine from 10:00."
        await pilot.click("#draft-keep")
        assert form.query_one("#strength", Input).value == ODD
        assert form.query_one("#name", Input).value == "baclofen"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # Esc on the question: keep editing
        assert app.screen is form
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MedicationsScreen)
        assert _store(app).load("medication-new") is None
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        assert journal.medications()[0].strength == ODD


async def test_plan_step_draft_comes_back_and_adding_it_removes_it(make_app: MakeApp) -> None:
    app = _with_a_medicine(make_app)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_from_medicines(pilot, "p", PlanFormScreen)
        form.query_one("#step-date", Input).value = str(FIXED_NOW.date())
        form.query_one("#step-mg", Input).value = "30"
        form.query_one("#step-note", Input).value = ODD
        await pilot.pause()
        app.exit()

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_from_medicines(pilot, "p", PlanFormScreen)
        await pilot.pause()
        assert form.query(DraftNotice)
        assert form.query_one("#step-note", Input).value == ODD
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen is form
        await pilot.click("#add-step")
        await pilot.pause()
        assert form.query_one("#step-note", Input).value == ""
        assert _store(app).load(form.draft_name()) is None
        await pilot.press("escape")  # nothing typed now: closes without asking
        assert isinstance(app.screen, MedicationsScreen)
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        plan = journal.plans()[0]
    assert plan.steps[0].note == ODD


class _LateListForm(DraftFormScreen[None]):
    """A form whose pick list is read in a worker, as the check-in reads the medicines,
    and arrives only once the test lets it (after the draft was offered)."""

    def __init__(self) -> None:
        super().__init__()
        self.list_may_arrive = threading.Event()

    def compose(self) -> Any:
        yield Select[int]([], id="pick")

    def draft_name(self) -> str:
        return "late-list"

    def on_mount(self) -> None:
        self._read_list()

    @work(thread=True)
    def _read_list(self) -> None:
        self.list_may_arrive.wait(WAIT_LIMIT)
        self.app.call_from_thread(self.query_one("#pick", Select).set_options,
                                  [("one", 1), ("two", 2)])


async def test_a_pick_list_read_in_a_worker_still_gets_its_draft_back(
        make_app: MakeApp) -> None:
    app = make_app()
    _store(app).save("late-list", {"pick": 2}, app.now())
    async with app.run_test(size=(80, 24)) as pilot:
        form = _LateListForm()
        app.push_screen(form)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT_LIMIT
        while not form.query(DraftNotice):  # the worker waits, so settle_until would too
            assert loop.time() < deadline, "the draft was never offered"
            await pilot.pause(POLL_INTERVAL)
        assert form.query_one("#pick", Select).is_blank()  # nothing to pick from yet
        form.list_may_arrive.set()
        await settle_until(pilot, lambda: form.query_one("#pick", Select).value == 2,
                           "the list is read and the draft's pick put back")


# ---------------------------------------------------------------- the check-in

NOTE = "slept badly 😴\nsecond line\ttabbed\n\x1b[?1049l\x1b]52;c;aGk=\x07 end\n"


async def _open_checkin(pilot: Any) -> CheckInFormScreen:
    follow_link(pilot.app, "action:journal/check-in")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, CheckInFormScreen),
                       "the check-in form is open")
    form = pilot.app.screen
    assert isinstance(form, CheckInFormScreen)
    return form


async def test_checkin_draft_survives_exit_and_saving_removes_it(make_app: MakeApp) -> None:
    app = _with_a_medicine(make_app)
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _open_checkin(pilot)
        form.query_one("#mood", ScaleInput).value = 7
        form.query_one("#anxiety", ScaleInput).value = 3
        form.query_one("#tag-1", Checkbox).value = True
        form.query_one("#medication", Select).value = form.medications[0].id
        form.query_one("#amount", Input).value = "10"
        form.query_one("#effect-typed", Input).value = "dizzy"
        form.query_one("#effect-typed", Input).focus()
        await pilot.press("enter")  # adds the side effect
        form.query_one("#note", TextArea).text = NOTE
        await pilot.pause()
        app.exit()

    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _open_checkin(pilot)
        await settle_until(pilot, lambda: bool(form.query(DraftNotice)), "the draft is offered")
        assert form.query_one(DraftNotice).text == "Restored your unsaved check-in from 10:00."
        await pilot.click("#draft-keep")
        assert form.query_one("#mood", ScaleInput).value == 7
        assert form.query_one("#anxiety", ScaleInput).value == 3
        assert form.query_one("#tag-1", Checkbox).value is True
        assert form.query_one("#medication", Select).value == form.medications[0].id
        assert form.query_one("#amount", Input).value == "10"
        assert [(e.name, e.severity) for e in form.effects] == [("dizzy", "mild")]
        assert form.query_one("#note", TextArea).text == NOTE
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: form.saved is not None and not form.is_attached,
                           "the check-in is saved and the form closed")
        assert _store(app).load("checkin-new") is None
    with Journal.open(app.paths, clock=lambda: FIXED_NOW) as journal:
        [saved] = journal.entries_between(kinds=["checkin"])
    assert isinstance(saved, CheckIn) and saved.mood == 7 and saved.note == NOTE


async def test_escape_on_a_changed_checkin_asks_and_keep_editing_keeps_it(
        make_app: MakeApp) -> None:
    app = _with_a_medicine(make_app)
    async with app.run_test(size=(80, 40)) as pilot:
        form = await _open_checkin(pilot)
        await pilot.press("escape")  # nothing typed: leaves at once
        assert not isinstance(app.screen, CheckInFormScreen)
        form = await _open_checkin(pilot)
        form.query_one("#note", TextArea).text = NOTE
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard what you typed?" in str(app.screen.query_one("#confirm-question",
                                                                       Static).render())
        await pilot.press("n")
        assert app.screen is form
        assert form.query_one("#note", TextArea).text == NOTE
        assert _store(app).load("checkin-new") is not None
        await pilot.press("escape", "y")
        assert not isinstance(app.screen, CheckInFormScreen)
        assert _store(app).load("checkin-new") is None
