"""Dialogs that edit one dose or one side effect logged with a check-in. The fields are
read on the UI thread; the journal is written in a worker thread, whose outcome comes back
as a message. What is typed is kept as a draft until saved (common/drafts.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Input, Select, Static

from ebbtide.core.content.side_effects import SEVERITIES, STANDARD_NAMES
from ebbtide.core.drafts import draft_name
from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.models import (
    Dose,
    DoseStatus,
    Medication,
    SeverityName,
    SideEffect,
    check_severity,
)
from ebbtide.tui.app_access import ebbtide_app
from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.screens.common.drafts import DraftKeeping, DraftNotice
from ebbtide.tui.screens.journal.checkin_parts import (
    EntrySaved,
    SaveFailed,
    form_row,
    medication_label,
    parse_number,
    save_buttons,
    show_saving,
)
from ebbtide.tui.styles import style
from ebbtide.tui.widgets.safe_text import editable, stored_from

if TYPE_CHECKING:
    from ebbtide.core.journal.store import Journal
    from ebbtide.tui.app import EbbtideApp

# A change read from a dialog's fields, as the journal call that saves it.
Write = Callable[["Journal"], object]


class _EntryEditScreen(DraftKeeping[bool], EbbtideModal[bool]):
    CSS_PATH = style("journal.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="entry_edit.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="entry_edit.cancel"),
    ]
    TITLE_TEXT = ""

    def __init__(self) -> None:
        super().__init__()
        self.saving = False

    @property
    def ebbtide(self) -> EbbtideApp:
        return ebbtide_app(self)

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="entry-edit journal-dialog"):
            yield Static(Text(self.TITLE_TEXT, style="bold"), classes="dialog-title")
            yield from self.compose_fields()
            yield Static("", id="edit-error", classes="field-error", markup=False)
            yield save_buttons()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def edited(self) -> Write:
        """The change typed; InvalidEntry names a value that cannot be saved."""
        raise NotImplementedError

    def action_save(self) -> None:
        if self.saving:
            return
        try:
            write = self.edited()
        except InvalidEntry as exc:
            self._show_problem(exc)
            return
        self.saving = True
        show_saving(self, True)
        self._write(write)

    @work(thread=True, exclusive=True, group="entry-edit-save")
    def _write(self, write: Write) -> None:
        """Opening and writing the journal can wait on the disk: off the UI thread."""
        try:
            write(self.ebbtide.journal())
        except EbbtideError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(EntrySaved())

    @on(EntrySaved)
    def _saved(self) -> None:
        self.draft_saved()
        self.notify("Your changes are saved.", markup=False)
        self.dismiss(True)

    @on(SaveFailed)
    def _save_failed(self, failed: SaveFailed) -> None:
        self.saving = False
        show_saving(self, False)
        self._show_problem(failed.error)

    def _show_problem(self, exc: EbbtideError) -> None:
        text = str(exc)
        self.query_one("#edit-error", Static).update(
            ("Not saved: " if not isinstance(exc, InvalidEntry) else "")
            + text[:1].upper() + text[1:])

    def action_cancel(self) -> None:
        if not self.saving:  # else the change might be saved with nobody told
            self.leave_form(lambda: self.dismiss(False))

    def place_draft_notice(self, notice: DraftNotice) -> None:
        self.query_one(".journal-dialog").mount(notice, after=0)  # under the title


class DoseEditScreen(_EntryEditScreen):
    TITLE_TEXT = "Edit dose"
    DRAFT_LABEL = "changes to this dose"

    def __init__(self, dose: Dose, medications: Iterable[Medication]) -> None:
        super().__init__()
        self.dose = dose
        self.medications = list(medications)
        if dose.medication_id not in [m.id for m in self.medications]:
            self.medications.append(Medication(id=dose.medication_id, uid="",
                                               name=dose.medication))

    def compose_fields(self) -> ComposeResult:
        d = self.dose
        yield form_row("Medicine", Select[int]([(medication_label(m), m.id)
                                                for m in self.medications],
                                               value=d.medication_id, allow_blank=False,
                                               id="medication", compact=True))
        yield form_row("Amount mg", Input("" if d.amount_mg is None else f"{d.amount_mg:g}",
                                          id="amount", max_length=10, classes="number"),
                       Select[str]([("taken", "taken"), ("skipped", "skipped")], value=d.status,
                                   allow_blank=False, id="status", compact=True))
        yield form_row("Note", Input(editable(d.note), id="dose-note"))

    def on_mount(self) -> None:
        self.query_one("#amount").focus()

    def draft_name(self) -> str:
        return draft_name("dose", self.dose.id)

    def edited(self) -> Write:
        amount = parse_number(self.query_one("#amount", Input).value, "amount_mg", "the dose")
        status: DoseStatus = "skipped" if self.query_one("#status", Select).value == \
            "skipped" else "taken"
        dose = replace(self.dose, medication_id=int(str(self.query_one("#medication",
                                                                       Select).value)),
                       amount_mg=amount, status=status,
                       note=stored_from(self.query_one("#dose-note", Input).value))
        return lambda journal: journal.update_dose(dose)


class SideEffectEditScreen(_EntryEditScreen):
    TITLE_TEXT = "Edit side effect"
    DRAFT_LABEL = "changes to this side effect"

    def __init__(self, effect: SideEffect) -> None:
        super().__init__()
        self.effect = effect

    def compose_fields(self) -> ComposeResult:
        from textual.suggester import SuggestFromList

        e = self.effect
        yield form_row("Side effect", Input(editable(e.name), id="effect-name", max_length=200,
                                            suggester=SuggestFromList(STANDARD_NAMES,
                                                                      case_sensitive=False)))
        yield form_row("Severity", Select[str]([(s, s) for s in SEVERITIES], value=e.severity,
                                               allow_blank=False, id="effect-severity",
                                               compact=True))
        yield form_row("Note", Input(editable(e.note), id="effect-note"))

    def on_mount(self) -> None:
        self.query_one("#effect-name").focus()

    def draft_name(self) -> str:
        return draft_name("side-effect", self.effect.id)

    def edited(self) -> Write:
        severity: SeverityName = check_severity(
            self.query_one("#effect-severity", Select).value)
        effect = replace(self.effect,
                         name=stored_from(self.query_one("#effect-name", Input).value),
                         severity=severity,
                         note=stored_from(self.query_one("#effect-note", Input).value))
        return lambda journal: journal.update_side_effect(effect)
