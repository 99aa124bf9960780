"""The journal's trash: deleted entries wait here until you bring them back or empty it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.models import Record
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.screens.journal.text import entry_line
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar


class TrashScreen(EbbtideScreen[None]):
    CSS_PATH = style("journal.tcss")
    HELP_TEXT = ("Deleted entries stay in the trash until you empty it. Enter or r brings the "
                 "highlighted one back (a check-in comes back with the dose and side effects "
                 "deleted with it). e empties the trash for good, after asking.")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "restore", "Bring back", id="trash.restore"),
        Binding("e", "empty", "Empty trash", id="trash.empty"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="journal-trash")
        self.sub_title = "Trash"
        self.records: list[Record] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="trash-body", classes="journal-body"):
            yield Static(Text("Trash", style="bold"), classes="journal-title")
            yield OptionList(id="trash-list", classes="journal-list")
            yield Static("", id="trash-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#trash-list").focus()

    def load(self) -> None:
        status = self.query_one("#trash-status", Static)
        options = self.query_one("#trash-list", OptionList)
        options.clear_options()
        try:
            self.records = self.ebbtide.journal().list_trash()
        except EbbtideError as exc:
            self.records = []
            status.update(f"The journal cannot be read: {exc}")
            return
        for record in self.records:
            line = entry_line(record, with_date=True)
            if record.deleted_at is not None:
                line.append(f"  deleted {record.deleted_at.astimezone():%-d %b %H:%M}",
                            style="dim")
            options.add_option(Option(line, id=f"{record.kind}:{record.id}"))
        count = len(self.records)
        status.update("The trash is empty." if not count else
                      f"{count} item{'s' if count != 1 else ''}. Enter brings one back; e "
                      "empties the trash.")
        if count:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_restore()

    def action_restore(self) -> None:
        index = self.query_one("#trash-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.records):
            return
        record = self.records[index]
        try:
            self.ebbtide.journal().undo_delete(record.kind, record.id)
        except EbbtideError as exc:
            self.notify(f"Could not bring it back: {exc}", severity="error", markup=False)
            return
        self.notify("Brought back from the trash.", markup=False)
        self.load()

    def action_empty(self) -> None:
        from ebbtide.tui.screens.common.confirm import ConfirmScreen

        if not self.records:
            self.notify("The trash is already empty.", markup=False)
            return
        count = len(self.records)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                removed = self.ebbtide.journal().empty_trash()
            except EbbtideError as exc:
                self.notify(f"Not emptied: {exc}", severity="error", markup=False)
                return
            self.notify(f"Removed {removed} item{'s' if removed != 1 else ''} for good.",
                        markup=False)
            self.load()

        self.app.push_screen(ConfirmScreen(
            f"Delete the {count} item{'s' if count != 1 else ''} in the trash for good? This "
            "cannot be undone.", yes="Empty trash", no="Keep"), answered)
