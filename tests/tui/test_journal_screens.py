"""The journal screens: quick check-in, history with filters, day view with delete/undo,
trash, trends, first-run medicine setup, a damaged journal, and hostile text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from importlib import import_module
from typing import Any

import pytest
from textual.widgets import ContentSwitcher, Input, OptionList, Select, TextArea

from ebbtide.core.journal.backup_files import list_backups
from ebbtide.core.journal.models import DoseInput, SideEffectInput
from ebbtide.core.journal.store import Journal, JournalUnavailable
from ebbtide.launch import StartRoute
from ebbtide.tui.screens.journal.checkin_form import CheckInFormScreen
from ebbtide.tui.screens.journal.day import DayScreen
from ebbtide.tui.screens.journal.entry_edit import DoseEditScreen
from ebbtide.tui.screens.journal.filter import FilterScreen
from ebbtide.tui.screens.journal.medications import (
    OFFER_KEY,
    MedicationFormScreen,
    MedicationsScreen,
)
from ebbtide.tui.screens.journal.overview import JournalScreen
from ebbtide.tui.screens.journal.recovery import JournalRecoveryScreen
from ebbtide.tui.screens.journal.trash import TrashScreen
from ebbtide.tui.widgets.day_sparkline import DaySparkline, draw
from ebbtide.tui.widgets.safe_text import stored_from
from ebbtide.tui.widgets.scale_input import ScaleInput
from tests.conftest import FIXED_NOW, home_summary_loaded, settle_until

MakeApp = Callable[..., Any]
TODAY = FIXED_NOW.date()
HOSTILE = ("[bold]B[/bold] [link=http://evil.example]x[/link] \x1b[2J\x1b[31mRED\x00NUL "
           "שלום עולם 🙂👍🏽\n")


def _text(widget: Any) -> str:
    return str(widget.render())


def _options(screen: Any, selector: str) -> list[str]:
    options = screen.query_one(selector, OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@pytest.fixture
def journal_app(make_app: MakeApp) -> Iterator[Callable[..., Any]]:
    """An app whose first-run medicine offer was already answered."""

    def make(**kwargs: Any) -> Any:
        app = make_app(**kwargs)
        app.state.set(OFFER_KEY, "skipped")
        return app

    yield make


def _journal(app: Any) -> Journal:
    return Journal.open(app.paths, clock=lambda: FIXED_NOW)


async def _settle(pilot: Any) -> None:
    """The form reads the medicines and saves in workers that report back with messages;
    the journal it closes onto may then read in a worker of its own. Wait for all of it."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _open_journal(pilot: Any) -> Any:
    await pilot.press("4")
    await pilot.app.workers.wait_for_complete()  # the first read runs in a worker
    await pilot.pause()
    return pilot.app.screen


async def _check_in_from_journal(pilot: Any) -> None:
    """c in the journal: the check-in returns there once saved (or on Esc), where the
    history shows it (from home it returns home: tests/tui/test_calm_keys.py)."""
    await _open_journal(pilot)
    await pilot.press("c")


# ---------------------------------------------------------------- check-in


async def test_check_in_from_home_shows_in_history_and_on_home(journal_app: MakeApp) -> None:
    app = journal_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, CheckInFormScreen)
        assert form.query_one("#at", Input).value == "10:00"  # now, by default
        await pilot.press("6", "tab", "3", "ctrl+s")
        await _settle(pilot)  # the save; back on home, where it was started
        await home_summary_loaded(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        glance = _text(app.screen.query_one("#glance"))
        assert "mood 6/10, anxiety 3/10" in glance
        journal = await _open_journal(pilot)
        assert isinstance(journal, JournalScreen)
        days = _options(journal, "#days")
        assert len(days) == 1 and "Sat 21 Nov 2026  mood 6  anxiety 3" in days[0]
    with _journal(app) as j:
        [checkin] = j.entries_between(TODAY, TODAY)
        assert (checkin.mood, checkin.anxiety) == (6, 3)  # type: ignore[union-attr]


async def test_ten_needs_two_keys_and_every_field_is_saved(journal_app: MakeApp) -> None:
    app = journal_app()
    with _journal(app) as j:
        med = j.add_medication("baclofen", strength="10 mg tablets", dose_mg=10)
    async with app.run_test(size=(80, 40)) as pilot:
        await _check_in_from_journal(pilot)
        await _settle(pilot)  # the medicines
        form = app.screen
        await pilot.press("1", "0", "tab", "0", "tab")
        assert form.query_one("#mood", ScaleInput).value == 10
        assert form.query_one("#anxiety", ScaleInput).value == 0
        form.query_one("#sleep-hours", Input).value = "7,5"
        form.query_one("#sleep-quality", ScaleInput).value = 4
        form.query_one("#energy", ScaleInput).value = 7
        form.query_one("#tag-1").value = True  # exercise
        form.query_one("#tags-other", Input).value = "walk, sunny"
        form.query_one("#medication", Select).value = med.id
        await pilot.pause()
        assert form.query_one("#amount", Input).value == "10"  # the usual dose, filled in
        form.query_one("#effect-pick", Select).value = "headache"
        form.query_one("#effect-severity", Select).value = "moderate"
        form.query_one("#effect-add").press()
        await pilot.pause()
        form.query_one("#effect-typed", Input).value = "tingling"  # typed, not yet added
        form.query_one("#note", TextArea).text = "a calm day"
        form.query_one("#flag").value = True
        await pilot.press("ctrl+s")
        await _settle(pilot)  # the save, then the journal's read
        assert isinstance(app.screen, JournalScreen)
    with _journal(app) as j:
        entries = j.entries_between(TODAY, TODAY)
    checkin, dose, *effects = entries
    assert checkin.kind == "checkin" and checkin.sleep_hours == 7.5  # type: ignore[union-attr]
    assert checkin.tags == ("exercise", "walk", "sunny")  # type: ignore[union-attr]
    assert checkin.flagged_for_doctor and checkin.note == "a calm day"  # type: ignore[union-attr]
    assert dose.kind == "dose" and dose.amount_mg == 10  # type: ignore[union-attr]
    assert [(e.name, e.severity) for e in effects] == [  # type: ignore[union-attr]
        ("headache", "moderate"), ("tingling", "mild")]


async def test_validation_messages_are_inline_and_keep_input(journal_app: MakeApp) -> None:
    app = journal_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await _check_in_from_journal(pilot)
        form = app.screen
        form.query_one("#note", TextArea).text = "keep me"
        form.query_one("#sleep-hours", Input).value = "30"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.screen is form
        assert "Pick your mood from 1 to 10" in _text(form.query_one("#mood-error"))
        assert app.focused is form.query_one("#mood")
        await pilot.press("5", "tab", "5", "ctrl+s")
        await _settle(pilot)  # the journal checks the sleep hours in the save's worker
        assert app.screen is form
        assert "24 hours" in _text(form.query_one("#sleep-error"))
        assert app.focused is form.query_one("#sleep-hours")
        assert not form.query_one("#mood-error").display  # fixed fields lose their message
        form.query_one("#sleep-hours", Input).value = "7"
        form.query_one("#at", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert "Cannot read the time" in _text(form.query_one("#at-error"))
        assert form.query_one("#note", TextArea).text == "keep me"
        assert form.query_one("#mood", ScaleInput).value == 5
        form.query_one("#at", Input).value = "09:15"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    with _journal(app) as j:
        [checkin] = j.entries_between(TODAY, TODAY)
    assert checkin.at.strftime("%H:%M") == "09:15"


async def test_checkin_time_reads_what_people_type_and_asks_when_unsure(
        journal_app: MakeApp) -> None:
    app = journal_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await _check_in_from_journal(pilot)
        await _settle(pilot)
        form = app.screen
        await pilot.press("5", "tab", "5")
        form.query_one("#at", Input).value = "yesterday 8:30"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.screen is form
        message = _text(form.query_one("#at-error"))
        assert "08:30 or 20:30" in message and "am/pm" in message
        form.query_one("#at", Input).value = "yesterday 8:30pm"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    yesterday = TODAY - timedelta(days=1)
    with _journal(app) as j:
        [checkin] = j.entries_between(yesterday, yesterday)
    assert checkin.at.strftime("%H:%M") == "20:30"


async def test_save_failure_keeps_everything_typed(journal_app: MakeApp,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    app = journal_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await _check_in_from_journal(pilot)
        await _settle(pilot)  # the medicines
        form = app.screen
        await pilot.press("4", "tab", "7")
        form.query_one("#note", TextArea).text = "a long entry I do not want to lose"

        def refuse() -> Journal:
            raise JournalUnavailable("the disk holding /x is full, so the journal cannot "
                                     "save. Free some space and try again.")

        monkeypatch.setattr(app, "journal", refuse)
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.screen is form
        message = _text(form.query_one("#save-error"))
        assert "Not saved: the disk holding /x is full" in message
        assert "Everything you typed is still here" in message
        assert form.query_one("#note", TextArea).text == "a long entry I do not want to lose"
        assert form.query_one("#mood", ScaleInput).value == 4
        monkeypatch.undo()
        await pilot.press("ctrl+s")  # the disk has room again
        await _settle(pilot)  # the save, then the journal's read
        assert isinstance(app.screen, JournalScreen)
    with _journal(app) as j:
        assert j.count("checkin") == 1


async def test_journal_path_that_cannot_be_opened(journal_app: MakeApp) -> None:
    app = journal_app()
    app.paths.journal_file.mkdir(parents=True)  # a folder where the file should be
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("c")
        form = app.screen
        await pilot.press("5", "tab", "5", "ctrl+s")
        await _settle(pilot)
        assert app.screen is form
        assert "Not saved" in _text(form.query_one("#save-error"))
        app.go("journal")  # the form was opened over home (issue 15), the journal is apart
        await app.workers.wait_for_complete()  # the journal's read
        await pilot.pause()
        journal = app.screen_stack[0]
        assert isinstance(journal, JournalScreen) and journal.problem is not None
        assert "needs attention" in _text(journal.query_one("#history-status"))


async def test_urgent_side_effect_says_seek_help(journal_app: MakeApp) -> None:
    app = journal_app()
    async with app.run_test(size=(80, 30)) as pilot:
        open_route = import_module("ebbtide.tui.routes").open_route
        open_route(app, StartRoute("journal", {"form": "side-effect"}))
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CheckInFormScreen)
        assert app.focused is form.query_one("#effect-pick")
        await pilot.press("tab", *"Seizure", "enter")  # Enter in the typed box adds it
        banner = form.query_one("#urgent")
        assert banner.display and "Seek medical help now: seizure" in _text(banner)
        form.query_one("#mood", ScaleInput).value = 3
        form.query_one("#anxiety", ScaleInput).value = 8
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert any("Seek medical help now" in str(n.message) for n in app._notifications)


# ---------------------------------------------------------------- history, day, trash


def _fill(app: Any) -> None:
    with _journal(app) as j:
        bac = j.add_medication("baclofen", dose_mg=10)
        other = j.add_medication("sertraline")
        for days_ago in range(12):
            at = FIXED_NOW - timedelta(days=days_ago, hours=1)
            j.add_checkin(mood=1 + days_ago % 10, anxiety=days_ago % 11, at=at,
                          tags=["exercise"] if days_ago % 3 == 0 else [],
                          doses=[DoseInput(bac.id, 10.0 + days_ago)],
                          side_effects=[SideEffectInput("dizziness", "moderate")]
                          if days_ago % 4 == 0 else [])
        j.add_dose(other.id, amount_mg=50, at=FIXED_NOW - timedelta(days=5))


async def test_day_delete_undo_and_trash(journal_app: MakeApp) -> None:
    app = journal_app()
    _fill(app)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await _open_journal(pilot)
        assert len(_options(journal, "#days")) == 12
        await pilot.press("enter")
        day = app.screen
        assert isinstance(day, DayScreen) and day.day == TODAY
        assert [e.kind for e in day.entries] == ["checkin", "dose", "side_effect"]
        await pilot.press("d")  # the check-in, with its dose and side effect
        await pilot.pause()
        assert day.entries == []
        assert any("Press u to undo" in str(n.message) for n in app._notifications)
        await pilot.press("u")
        assert len(day.entries) == 3
        await pilot.press("down", "d")  # just the dose
        assert [e.kind for e in day.entries] == ["checkin", "side_effect"]
        await pilot.press("escape", "x")
        trash = app.screen
        assert isinstance(trash, TrashScreen)
        assert [r.kind for r in trash.records] == ["dose"]
        await pilot.press("e")
        await pilot.press("n")  # kept
        assert len(trash.records) == 1
        await pilot.press("e", "y")
        await pilot.pause()
        assert trash.records == []
        assert "empty" in _text(trash.query_one("#trash-status"))
    with _journal(app) as j:
        assert j.list_trash() == []
        assert j.count("dose", include_deleted=True) == 12  # 13 logged, one emptied


async def test_trash_brings_back_a_checkin(journal_app: MakeApp) -> None:
    app = journal_app()
    _fill(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_journal(pilot)
        await pilot.press("enter", "d", "escape", "x")
        trash = app.screen
        assert trash.records[0].kind == "checkin"
        await pilot.press("enter")
        assert all(r.kind != "checkin" for r in trash.records)
        await pilot.press("escape")
        await pilot.pause()
        assert "mood 1" in _options(app.screen, "#days")[0]


async def test_edit_checkin_and_dose(journal_app: MakeApp) -> None:
    app = journal_app()
    _fill(app)
    async with app.run_test(size=(80, 30)) as pilot:
        await _open_journal(pilot)
        await pilot.press("enter", "e")
        form = app.screen
        assert isinstance(form, CheckInFormScreen) and form.editing is not None
        assert form.query_one("#mood", ScaleInput).value == 1
        await pilot.press("8", "ctrl+s")
        await _settle(pilot)
        day = app.screen
        assert isinstance(day, DayScreen)
        assert "mood 8" in _options(day, "#entries")[0]
        await pilot.press("down", "e")
        edit = app.screen
        assert isinstance(edit, DoseEditScreen)
        edit.query_one("#amount", Input).value = "-3"
        await pilot.press("ctrl+s")
        await _settle(pilot)  # the journal checks the amount in the save's worker
        assert app.screen is edit and "more than 0 mg" in _text(edit.query_one("#edit-error"))
        edit.query_one("#amount", Input).value = "12.5"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert "12.5 mg" in _options(app.screen, "#entries")[1]


async def test_filters_by_tag_side_effect_medicine_and_dates(journal_app: MakeApp) -> None:
    app = journal_app()
    _fill(app)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await _open_journal(pilot)
        await pilot.press("f")
        dialog = app.screen
        assert isinstance(dialog, FilterScreen)
        dialog.query_one("#tag", Select).value = "exercise"
        await pilot.press("ctrl+s")
        await pilot.pause()
        days = _options(journal, "#days")
        assert len(days) == 4 and all("#exercise" in d for d in days)  # 0, 3, 6, 9 days ago
        assert "tag #exercise" in _text(journal.query_one("#filter-line"))
        await pilot.press("f")
        app.screen.query_one("#tag", Select).clear()
        app.screen.query_one("#side_effect", Select).value = "dizziness"
        app.screen.query_one("#start", Input).value = "2026-11-15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(_options(journal, "#days")) == 2  # 0 and 4 days ago
        await pilot.press("f")
        app.screen.query_one("#side_effect", Select).clear()
        app.screen.query_one("#start", Input).value = "15 Nov"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, FilterScreen)
        assert "YYYY-MM-DD" in _text(app.screen.query_one("#date-error"))
        app.screen.query_one("#start", Input).value = ""
        app.screen.query_one("#medication", Select).value = "sertraline"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [only] = _options(journal, "#days")
        assert "Mon 16 Nov" in only and "sertraline 50 mg" in only
        await pilot.press("a")
        await pilot.pause()
        assert len(_options(journal, "#days")) == 12


async def test_trends_toggle_spans_and_show_gaps(journal_app: MakeApp) -> None:
    app = journal_app()
    _fill(app)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await _open_journal(pilot)
        await pilot.press("t")
        assert journal.span == 30
        mood = journal.query_one("#mood-line", DaySparkline)
        assert len(mood.values) == 30 and mood.values[:18] == (None,) * 18
        assert mood.values[-1] == 1.0
        await settle_until(pilot, lambda: bool(_text(mood)), "the trend line is laid out")
        assert "·" in _text(mood)
        assert "lowest 1 · highest 10" in _text(journal.query_one("#mood-label"))
        assert "baclofen" in _text(journal.query_one("#dose-0-label"))
        assert "sertraline" in _text(journal.query_one("#dose-1-label"))
        assert not journal.query_one("#dose-2-line").display
        assert "dizziness  3× (3 moderate)" in _text(journal.query_one("#effect-counts"))
        await pilot.press("s")
        assert journal.span == 90 and len(mood.values) == 90
        assert "24 Aug – 21 Nov 2026" in _text(journal.query_one("#trend-range"))
        await pilot.press("s")
        assert journal.span == 7 and len(mood.values) == 7
        assert "(2 moderate)" in _text(journal.query_one("#effect-counts"))
        await pilot.press("s")
        assert journal.span == 30


async def test_pages_open_by_clicking_their_names_and_trends_start_with_s(
        journal_app: MakeApp) -> None:
    app = journal_app()
    _fill(app)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await _open_journal(pilot)
        pages = journal.query_one("#journal-pages", ContentSwitcher)
        assert pages.current == "history" and not journal.query("#mood-line")
        await pilot.click("#journal-tabs", offset=(12, 0))  # "Trends"
        await pilot.pause()
        assert pages.current == "trends"
        assert "lowest 1 · highest 10" in _text(journal.query_one("#mood-label"))
        await pilot.click("#journal-tabs", offset=(3, 0))  # "History"
        assert pages.current == "history" and app.focused is journal.query_one("#days")
        await pilot.press("s")  # straight from the history to 90 days of trends
        await pilot.pause()
        assert pages.current == "trends" and journal.span == 90
        assert "24 Aug – 21 Nov 2026" in _text(journal.query_one("#trend-range"))


def test_sparkline_draws_gaps_on_a_fixed_scale() -> None:
    assert draw([1.0, None, 10.0], 1, 10, 3) == "▁·█"
    assert draw([1.0, None, 10.0], 1, 10, 9) == "▁▁▁···███"  # 3 cells a day when roomy
    assert draw([None] * 4 + [5.5] * 4, 1, 10, 4) == "··▅▅"  # days share a column


# ---------------------------------------------------------------- medicines


def _offered(journal: JournalScreen) -> bool:
    """The first-run offer to set up medicines is on the screen."""
    return any(offer.display for offer in journal.query("#medication-offer"))


async def test_first_run_offer_adds_a_medicine_and_is_remembered(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await _open_journal(pilot)
        assert _offered(journal)
        assert "never suggests a dose" in _text(journal.query_one("#offer-text"))
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MedicationFormScreen)
        assert form.query_one("#name", Input).value == "baclofen"
        assert _text(form.query_one("#name-error")) == ""  # opens without an error
        form.query_one("#name", Input).value = " "
        await pilot.press("ctrl+s")
        assert _text(form.query_one("#name-error")) == "Give the medicine a name"
        form.query_one("#name", Input).value = "baclofen"
        form.query_one("#strength", Input).value = "10 mg tablets"
        form.query_one("#schedule", Input).value = "one three times a day"
        form.query_one("#times", Input).value = "08:00, 25:00"
        await pilot.press("ctrl+s")
        assert "08:00" in _text(form.query_one("#times-error"))
        form.query_one("#times", Input).value = "8:00, 14:00"
        form.query_one("#dose_mg", Input).value = "10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is journal
        assert not _offered(journal)  # not offered again
    with _journal(app) as j:
        [med] = j.medications()
    assert (med.name, med.times, med.dose_mg) == ("baclofen", ("08:00", "14:00"), 10.0)


async def test_first_run_offer_can_be_skipped_for_good(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await _open_journal(pilot)
        assert _offered(journal)
        await pilot.press("n")
        assert not _offered(journal)
        await pilot.press("escape", "4")
        await pilot.pause()
        assert not _offered(journal)
    assert app.state.get(OFFER_KEY) == "skipped"


async def test_links_open_the_journal_forms(journal_app: MakeApp) -> None:
    from ebbtide.tui.screens.read.links import follow_link

    app = journal_app()
    async with app.run_test(size=(80, 24)) as pilot:
        follow_link(app, "action:journal/medications")
        await pilot.pause()
        assert isinstance(app.screen, MedicationsScreen)
        await pilot.press("a")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "baclofen" in _options(app.screen, "#medication-list")[0]
        follow_link(app, "action:journal/check-in")
        await pilot.pause()
        assert isinstance(app.screen, CheckInFormScreen)
        assert app.focused is app.screen.query_one("#mood")
        follow_link(app, "action:journal/side-effect")  # the same form, not a second one
        await pilot.pause()
        assert app.focused is app.screen.query_one("#effect-pick")
        assert sum(isinstance(s, CheckInFormScreen) for s in app.screen_stack) == 1


# ---------------------------------------------------------------- damaged journal


def _damaged_with_backup(app: Any) -> None:
    with _journal(app) as j:
        j.add_checkin(mood=7, anxiety=2, at=FIXED_NOW - timedelta(days=1))
        assert j.backup() is not None
    app.paths.journal_file.write_bytes(b"this is not a database" * 200)
    for suffix in ("-wal", "-shm"):
        app.paths.journal_file.with_name(app.paths.journal_file.name + suffix).unlink(
            missing_ok=True)


async def test_damaged_journal_restores_the_newest_backup(journal_app: MakeApp) -> None:
    app = journal_app()
    _damaged_with_backup(app)
    [backup] = list_backups(app.paths.backup_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_journal(pilot)
        await pilot.pause()
        recovery = app.screen
        assert isinstance(recovery, JournalRecoveryScreen)
        explanation = _text(recovery.query_one("#recovery-text"))
        assert backup.name in explanation
        assert "not deleted or overwritten" in explanation
        await pilot.press("r")
        await pilot.pause()
        done = _text(recovery.query_one("#recovery-text"))
        assert f"Restored {backup.name}" in done
        damaged = sorted(app.paths.journal_file.parent.glob("journal.sqlite3.damaged-*"))
        assert damaged and damaged[0].name in done
        assert damaged[0].read_bytes().startswith(b"this is not a database")
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the journal's read
        await pilot.pause()
        journal = app.screen
        assert isinstance(journal, JournalScreen) and journal.problem is None
        assert "mood 7  anxiety 2" in _options(journal, "#days")[0]


async def test_damaged_journal_can_start_fresh_or_wait(journal_app: MakeApp) -> None:
    app = journal_app()
    _damaged_with_backup(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_journal(pilot)
        await pilot.press("escape")  # not now: back home, nothing touched
        await pilot.pause()
        assert app.current_mode == "home"
        assert app.paths.journal_file.read_bytes().startswith(b"this is not a database")
        await _open_journal(pilot)
        await pilot.press("r")  # the journal's repair key opens the choice again
        await pilot.pause()
        recovery = app.screen
        assert isinstance(recovery, JournalRecoveryScreen)
        await pilot.press("n", "y")
        await pilot.pause()
        assert "new, empty journal" in _text(recovery.query_one("#recovery-text"))
        await pilot.press("enter")
        await pilot.pause()
        assert _options(app.screen, "#days") == []
    damaged = list(app.paths.journal_file.parent.glob("journal.sqlite3.damaged-*"))
    assert len(damaged) == 1


# ---------------------------------------------------------------- hostile text


async def test_hostile_text_is_shown_inert_everywhere(journal_app: MakeApp) -> None:
    app = journal_app()
    note = HOSTILE + "long " * 199_000
    with _journal(app) as j:
        med = j.add_medication("[bold]bac[/bold]\x1b[31m", strength="[i]10[/i]")
        j.add_checkin(mood=3, anxiety=8, note=note, tags=["[red]t[/red]", "\x1b[5mblink"],
                      at=FIXED_NOW - timedelta(hours=1), doses=[DoseInput(med.id, 10.0)],
                      side_effects=[SideEffectInput("[i]odd\x00\x1b[0m", "severe")])
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await _open_journal(pilot)
        [line] = _options(journal, "#days")
        assert "[bold]bac[/bold]" in line and "\x1b" not in line
        await pilot.press("t")
        counts = _text(journal.query_one("#effect-counts"))
        assert "[i]odd\\x00\\x1b[0m" in counts
        await pilot.press("h", "enter")
        day = app.screen
        detail = _text(day.query_one("#detail"))
        assert "[link=http://evil.example]x[/link]" in detail
        assert "\\x1b[2J\\x1b[31mRED\\x00NUL שלום עולם 🙂👍🏽" in detail
        assert "\x1b" not in detail and "\x00" not in detail
        assert "more characters: press n to show all of it" in detail
        assert len(_options(day, "#entries")[0]) < 200  # shortened in the list
        await pilot.press("e")
        form = app.screen
        shown = form.query_one("#note", TextArea).text
        assert "\x1b" not in shown and "\\x1b[2J" in shown  # controls visible, not raw
        assert stored_from(shown) == note  # saved unchanged, the note is kept verbatim
        await pilot.press("escape", "x", "escape", "m")
        await pilot.pause()
        assert "[bold]bac[/bold]\\x1b[31m" in _options(app.screen, "#medication-list")[0]


async def test_small_terminal_still_works(journal_app: MakeApp) -> None:
    app = journal_app()
    _fill(app)
    async with app.run_test(size=(40, 12)) as pilot:
        await _check_in_from_journal(pilot)
        await pilot.press("5", "tab", "5", "ctrl+s")
        await settle_until(pilot, lambda: isinstance(app.screen, JournalScreen),
                           "the check-in is saved (in a worker) and the journal is back")
        await pilot.press("t", "s", "h", "enter")
        await settle_until(pilot, lambda: isinstance(app.screen, DayScreen),
                           "the day opens")
        assert len(app.screen.entries) == 4


def test_days_before_today_only(journal_app: MakeApp) -> None:
    from ebbtide.core.journal.series import series_from_summaries

    app = journal_app()
    _fill(app)
    with _journal(app) as j:
        summaries = j.day_summaries(TODAY - timedelta(days=89), None)
        ours = series_from_summaries(summaries, 30, TODAY)
        theirs = j.daily_series(30, today=TODAY)
    assert ours == theirs  # one query feeds both lists, with the same numbers
    assert ours.start == date(2026, 10, 23)
