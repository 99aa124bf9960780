"""Drafts in the dose and side-effect edit dialogs and in Settings: what was typed survives
ctrl+q and comes back when the dialog opens again, Esc asks before throwing it away, and
saving removes it. (The forms' own drafts: test_drafts.py; under real signals in a pty:
test_form_signals.py.)"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input, Select, Switch

from ebbtide.core.journal.models import Dose, DoseInput, Medication, SideEffect, SideEffectInput
from ebbtide.core.journal.store import Journal
from ebbtide.tui.screens.common.confirm import ConfirmScreen
from ebbtide.tui.screens.common.drafts import DraftKeeping, DraftNotice, keep_open_drafts
from ebbtide.tui.screens.common.settings import SettingsScreen
from ebbtide.tui.screens.home.home import HomeScreen
from ebbtide.tui.screens.journal.entry_edit import DoseEditScreen, SideEffectEditScreen
from tests.conftest import FIXED_NOW, settle_until
from tests.tui.test_drafts import _store, _write_on_every_change  # noqa: F401  (autouse)

MakeApp = Callable[..., Any]
ODD = "after food 🌊\x1b]52;c;aGk=\x07"


def _journal(app: Any) -> Journal:
    return Journal.open(app.paths, clock=lambda: FIXED_NOW)


def _logged(app: Any) -> tuple[Dose, SideEffect, list[Medication]]:
    with _journal(app) as journal:
        med = journal.add_medication("baclofen", dose_mg=10)
        saved = journal.add_checkin(mood=5, anxiety=4, doses=[DoseInput(med.id, 10)],
                                    side_effects=[SideEffectInput("drowsiness", "mild")])
        return saved.doses[0], saved.side_effects[0], journal.medications()


async def _draft_open(pilot: Any) -> Any:
    """The screen on top, once its draft is open (after its first refresh, when a draft
    is also offered back): what is typed from then on is a change of the form."""
    screen = pilot.app.screen
    await settle_until(pilot, lambda: screen._draft is not None, "the form's draft is open")
    return screen


async def _opened(pilot: Any, dialog: Any) -> Any:
    pilot.app.push_screen(dialog)
    return await _draft_open(pilot)


async def test_a_dose_edit_survives_ctrl_q_and_comes_back(make_app: MakeApp) -> None:
    app = make_app()
    dose, _, meds = _logged(app)
    async with app.run_test(size=(80, 40)) as pilot:
        dialog = await _opened(pilot, DoseEditScreen(dose, meds))
        dialog.query_one("#amount", Input).value = "12.5"
        dialog.query_one("#dose-note", Input).value = ODD
        dialog.query_one("#status", Select).value = "skipped"
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert _store(app).load(f"dose-{dose.id}") is not None

    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        dialog = await _opened(pilot, DoseEditScreen(dose, meds))
        assert dialog.query_one(DraftNotice).text == \
            "Restored your unsaved changes to this dose from 10:00."
        assert dialog.query_one("#amount", Input).value == "12.5"
        assert dialog.query_one("#dose-note", Input).value == ODD
        assert dialog.query_one("#status", Select).value == "skipped"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert app.screen is dialog
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, DoseEditScreen)
        assert _store(app).load(f"dose-{dose.id}") is None
    with _journal(app) as journal:
        [saved] = [e for e in journal.entries_between(kinds=["dose"])]
    assert (saved.amount_mg, saved.status, saved.note) == (12.5, "skipped", ODD)  # type: ignore[union-attr]


async def test_a_side_effect_edit_comes_back_and_discarding_it_leaves(
        make_app: MakeApp) -> None:
    app = make_app()
    _, effect, _ = _logged(app)
    async with app.run_test(size=(80, 40)) as pilot:
        dialog = await _opened(pilot, SideEffectEditScreen(effect))
        dialog.query_one("#effect-note", Input).value = "only at night"
        dialog.query_one("#effect-severity", Select).value = "severe"
        await pilot.pause()
        app.exit()

    app = make_app()
    answers: list[bool | None] = []
    async with app.run_test(size=(80, 40)) as pilot:
        app.push_screen(SideEffectEditScreen(effect), answers.append)
        await pilot.pause()
        await pilot.pause()
        dialog = app.screen
        assert dialog.query(DraftNotice)
        assert dialog.query_one("#effect-note", Input).value == "only at night"
        assert dialog.query_one("#effect-severity", Select).value == "severe"
        await pilot.press("escape", "y")  # discard
        assert answers == [False]
        assert _store(app).load(f"side-effect-{effect.id}") is None
    with _journal(app) as journal:
        [kept] = [e for e in journal.entries_between(kinds=["side_effect"])]
    assert (kept.severity, kept.note) == ("mild", "")  # type: ignore[union-attr]


async def test_an_untouched_dialog_cancels_at_once(make_app: MakeApp) -> None:
    app = make_app()
    dose, _, meds = _logged(app)
    answers: list[bool | None] = []
    async with app.run_test(size=(80, 40)) as pilot:
        app.push_screen(DoseEditScreen(dose, meds), answers.append)
        await pilot.pause()
        await pilot.press("escape")
        assert answers == [False]
        assert _store(app).load(f"dose-{dose.id}") is None


async def test_unsaved_settings_survive_ctrl_q_and_come_back_previewed(
        make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("f2")
        settings = await _draft_open(pilot)
        settings.query_one("#volume", Input).value = "25"
        settings.query_one("#reduced_motion", Switch).value = True
        settings.query_one("#theme", Select).value = "ebbtide-dawn"
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert not app.paths.settings_file.exists()  # nothing saved, only the draft

    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        before = app.theme
        await pilot.press("f2")
        settings = await _draft_open(pilot)
        assert isinstance(settings, SettingsScreen)
        assert settings.query_one(DraftNotice).text == \
            "Restored your unsaved settings from 10:00."
        assert settings.query_one("#volume", Input).value == "25"
        assert settings.query_one("#reduced_motion", Switch).value is True
        await pilot.pause()
        assert app.theme == "ebbtide-dawn"  # the restored theme is previewed
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == before
        assert _store(app).load("settings") is None


async def test_saving_settings_removes_their_draft(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("f2")
        (await _draft_open(pilot)).query_one("#start_delay", Input).value = "7"
        await pilot.pause()
        assert _store(app).load("settings") is not None
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _store(app).load("settings") is None
    assert tomllib.loads(app.paths.settings_file.read_text())["start_delay"] == 7


async def test_open_drafts_are_written_without_unmounting(
        make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """A closed terminal ends the app at once (tui/closing.py): what waited for the write
    timer is written by keep_open_drafts."""
    monkeypatch.setattr(DraftKeeping, "DRAFT_INTERVAL", 3600.0)
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("f2")
        volume = (await _draft_open(pilot)).query_one("#volume", Input)
        volume.value = "1"  # written at once
        await pilot.pause()
        volume.value = "15"  # waits an hour
        await pilot.pause()
        assert _store(app).load("settings").fields == {"volume": "1"}  # type: ignore[union-attr]
        keep_open_drafts(app)
        assert _store(app).load("settings").fields == {"volume": "15"}  # type: ignore[union-attr]
