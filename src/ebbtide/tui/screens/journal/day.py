"""One day of the journal: its entries, each in full below the list (a check-in with its
doses and side effects and the whole note, scrollable); edit and delete."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.models import CheckIn, Dose, Practice, Record, SideEffect
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.screens.journal.text import entry_detail, entry_line
from ebbtide.tui.screens.journal.undo import delete_with_undo, undo_last_delete
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.safe_text import DETAIL_CHARS, multi_line, one_line


class DayScreen(EbbtideScreen[None]):
    CSS_PATH = style("journal.tcss")
    HELP_TEXT = ("Everything logged on one day. e edits the highlighted entry, d moves it to "
                 "the trash (u undoes), [ and ] go to the day before and after. The note is "
                 "shown below the list and scrolls; a very long one shows its start, and n "
                 "shows all of it.")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", id="journal_day.edit"),
        Binding("d", "delete", "Delete", id="journal_day.delete"),
        Binding("u", "undo", "Undo delete", id="journal_day.undo"),
        Binding("left_square_bracket", "day(-1)", "Day before", id="journal_day.previous"),
        Binding("right_square_bracket", "day(1)", "Day after", id="journal_day.next"),
        Binding("n", "full_note", "Whole note", id="journal_day.full_note", show=False),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, day: date, focus: tuple[str, int] | None = None) -> None:
        """`focus`: (kind, id) of the entry to highlight first (a search result)."""
        super().__init__(id="journal-day")
        self.day = day
        self.focus_entry = focus
        self.sub_title = "A day in the journal"
        self.entries: list[Record] = []
        self.full_note = False

    def compose(self) -> ComposeResult:
        with Vertical(id="day-body", classes="journal-body"):
            yield Static("", id="day-title")
            yield OptionList(id="entries", classes="journal-list")
            with VerticalScroll(id="entry-detail"):
                yield Static("", id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#entries").focus()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        title = Text(f"{self.day:%A %-d %B %Y}", style="bold")
        try:
            self.entries = list(self.ebbtide.journal().entries_between(self.day, self.day))
        except EbbtideError as exc:
            self.entries = []
            title.append(f"\nThe journal cannot be read: {exc}", style="italic")
        self.query_one("#day-title", Static).update(title)
        options = self.query_one("#entries", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(entry_line(e), id=f"{e.kind}:{e.id}")
                             for e in self.entries])
        if self.focus_entry is not None:
            wanted, self.focus_entry = self.focus_entry, None
            highlighted = next((i for i, e in enumerate(self.entries)
                                if (e.kind, e.id) == wanted), highlighted)
        if self.entries:
            options.highlighted = min(highlighted or 0, len(self.entries) - 1)
        self.show_detail()

    def selected(self) -> Record | None:
        index = self.query_one("#entries", OptionList).highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def show_detail(self) -> None:
        record = self.selected()
        detail = self.query_one("#detail", Static)
        if record is None:
            detail.update(Text("Nothing logged on this day. c checks in; [ and ] move "
                               "between days.", style="dim"))
        else:
            detail.update(self.detail_text(record))
        self.query_one("#entry-detail").scroll_home(animate=False)

    def detail_text(self, record: Record) -> Text:
        """Everything about the entry; a check-in also lists the doses and side effects
        logged with it, before its note."""
        linked = [e for e in self.entries if isinstance(e, Dose | SideEffect)
                  and isinstance(record, CheckIn) and e.checkin_id == record.id]
        if not isinstance(record, CheckIn) or not linked:
            return entry_detail(record, full=self.full_note)
        text = entry_detail(replace(record, note=""))
        for entry in linked:
            if isinstance(entry, Dose):
                amount = f" {entry.amount_mg:g} mg" if entry.amount_mg is not None else ""
                text.append("Dose: ", style="dim")
                text.append(f"{one_line(entry.medication, 200)}{amount} {entry.status}\n")
            elif isinstance(entry, SideEffect):
                text.append("Side effect: ", style="dim")
                text.append(f"{one_line(entry.name, 200)} ({entry.severity})")
                text.append(f": {one_line(entry.note, 200)}\n" if entry.note else "\n")
        if record.note:
            text.append("Note:\n", style="dim")
            text.append(multi_line(record.note, None if self.full_note else DETAIL_CHARS))
        return text

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.full_note = False
        self.show_detail()

    def action_full_note(self) -> None:
        self.full_note = True
        self.show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        from ebbtide.tui.screens.journal.checkin_form import CheckInFormScreen
        from ebbtide.tui.screens.journal.entry_edit import DoseEditScreen, SideEffectEditScreen

        record = self.selected()
        if isinstance(record, CheckIn):
            self.app.push_screen(CheckInFormScreen(editing=record))
        elif isinstance(record, Dose):
            try:
                meds = self.ebbtide.journal().medications()
            except EbbtideError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.app.push_screen(DoseEditScreen(record, meds), lambda _: self.load())
        elif isinstance(record, SideEffect):
            self.app.push_screen(SideEffectEditScreen(record), lambda _: self.load())
        elif isinstance(record, Practice):
            self.notify("Practice sessions are recorded as they happened; d deletes one.",
                        markup=False)

    def action_delete(self) -> None:
        record = self.selected()
        if record is not None and delete_with_undo(self.ebbtide, record):
            self.load()

    def action_undo(self) -> None:
        if undo_last_delete(self.ebbtide):
            self.load()

    def action_day(self, delta: int) -> None:
        self.day += timedelta(days=delta)
        self.query_one("#entries", OptionList).highlighted = None
        self.load()
