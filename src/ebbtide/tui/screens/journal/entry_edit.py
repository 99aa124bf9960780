"""Dialogs that edit one dose or one side effect logged with a check-in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from ebbtide.core.content.side_effects import SEVERITIES, STANDARD_NAMES
from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.models import (
    Dose,
    DoseStatus,
    Medication,
    SeverityName,
    SideEffect,
    check_severity,
)
from ebbtide.tui.screens.journal.checkin_parts import form_row, medication_label, parse_number
from ebbtide.tui.styles import style
from ebbtide.tui.widgets.safe_text import editable, stored_from

if TYPE_CHECKING:
    from ebbtide.core.journal.store import Journal
    from ebbtide.tui.app import EbbtideApp


class _EntryEditScreen(ModalScreen[bool]):
    CSS_PATH = style("journal.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="entry_edit.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="entry_edit.cancel"),
    ]
    TITLE_TEXT = ""

    @property
    def ebbtide(self) -> EbbtideApp:
        return self.app  # type: ignore[return-value]

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="entry-edit journal-dialog"):
            yield Static(Text(self.TITLE_TEXT, style="bold"), classes="dialog-title")
            yield from self.compose_fields()
            yield Static("", id="edit-error", classes="field-error", markup=False)
            with Horizontal(classes="journal-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def write(self, journal: Journal) -> None:
        raise NotImplementedError

    def action_save(self) -> None:
        try:
            self.write(self.ebbtide.journal())
        except EbbtideError as exc:
            text = str(exc)
            self.query_one("#edit-error", Static).update(
                ("Not saved: " if not isinstance(exc, InvalidEntry) else "")
                + text[:1].upper() + text[1:])
            return
        self.notify("Your changes are saved.", markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class DoseEditScreen(_EntryEditScreen):
    TITLE_TEXT = "Edit dose"

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

    def write(self, journal: Journal) -> None:
        amount = parse_number(self.query_one("#amount", Input).value, "amount_mg", "the dose")
        status: DoseStatus = "skipped" if self.query_one("#status", Select).value == \
            "skipped" else "taken"
        journal.update_dose(replace(self.dose,
                                    medication_id=int(str(self.query_one("#medication",
                                                                         Select).value)),
                                    amount_mg=amount, status=status,
                                    note=stored_from(
                                        self.query_one("#dose-note", Input).value)))


class SideEffectEditScreen(_EntryEditScreen):
    TITLE_TEXT = "Edit side effect"

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

    def write(self, journal: Journal) -> None:
        severity: SeverityName = check_severity(
            self.query_one("#effect-severity", Select).value)
        journal.update_side_effect(replace(
            self.effect, name=stored_from(self.query_one("#effect-name", Input).value),
            severity=severity,
            note=stored_from(self.query_one("#effect-note", Input).value)))
