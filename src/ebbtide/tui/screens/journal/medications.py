"""Your medicines: name, strength and the schedule your prescriber gave you, in your words.

Ebbtide records what you were told; it never suggests a dose or a schedule. The first time
the journal opens with no medicine set up, it offers to add one (skippable, remembered)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.drafts import draft_name
from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.models import Medication
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.screens.common.drafts import DraftFormScreen
from ebbtide.tui.screens.journal.plan_form import PlanFormScreen, plan_lines
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.focus_scroll import FocusScroll
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.tuned.tick import Tick
from ebbtide.tui.widgets.safe_text import editable, multi_line, one_line, safe, stored_from

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

OFFER_KEY = "journal_medication_setup"  # app.state: "skipped" or "done" once answered
OFFER_TEXT = ("Set up your medicines? Add the ones you take (for example baclofen) with the "
              "strength and schedule your prescriber gave you, and a dose is one pick in the "
              "check-in. Ebbtide records what you were told; it never suggests a dose.")
DEFAULT_NAME = "baclofen"
NO_ADVICE = ("Enter it as your prescriber told you; Ebbtide never suggests a dose or a "
             "schedule.")


def medication_line(med: Medication, plan: Text | None = None) -> Text:
    line = safe(med.name, "bold", 40)
    if med.strength:
        line.append(f"  {one_line(med.strength, 30)}")
    if med.dose_mg is not None:
        line.append(f"  {med.dose_mg:g} mg a dose", style="dim")
    if med.times:
        line.append(f"  at {', '.join(med.times)}", style="dim")
    if med.schedule:
        line.append(f"  “{one_line(med.schedule, 40)}”", style="dim italic")
    if not med.active:
        line.append("  (not taking now)", style="italic")
    if plan is not None:
        line.append("\n  ")
        line.append_text(plan)
    return line


def should_offer_setup(app: EbbtideApp) -> bool:
    if app.state.get(OFFER_KEY):
        return False
    try:
        return not app.journal().medications()
    except EbbtideError:
        return False


class MedicationsScreen(EbbtideScreen[None]):
    CSS_PATH = style("journal.tcss")
    HELP_TEXT = (
        "The medicines you take, so a dose can be logged with one pick. a adds one, e or "
        "Enter edits the highlighted one, d moves it to the trash (doses already logged "
        "keep it), p opens the plan your prescriber gave you (its steps as written, shown "
        "beside what you logged today). " + NO_ADVICE
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="medications.add"),
        Binding("e", "edit", "Edit", id="medications.edit"),
        Binding("d", "delete", "Delete", id="medications.delete"),
        Binding("p", "plan", "Plan", id="medications.plan"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="medications")
        self.sub_title = "Medicines"
        self.medications: list[Medication] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="medications-body", classes="journal-body"):
            yield Static(Text("Your medicines", style="bold"), classes="journal-title")
            yield Static(Text(NO_ADVICE, style="dim"), classes="journal-note")
            yield OptionList(id="medication-list", classes="journal-list")
            yield Static("", id="medications-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#medication-list").focus()

    def reload(self, select: int | None = None) -> None:
        status = self.query_one("#medications-status", Static)
        options = self.query_one("#medication-list", OptionList)
        options.clear_options()
        try:
            self.medications = self.ebbtide.journal().medications()
        except EbbtideError as exc:
            self.medications = []
            status.update(f"The journal cannot be read: {exc}")
            return
        plans = plan_lines(self.ebbtide, self.medications)  # today's plan beside the log
        for med in self.medications:
            options.add_option(Option(medication_line(med, plans.get(med.id)),
                                      id=str(med.id)))
        status.update("" if self.medications else "No medicines yet. Press a to add one.")
        ids = [m.id for m in self.medications]
        if self.medications:
            options.highlighted = ids.index(select) if select in ids else 0

    def selected(self) -> Medication | None:
        options = self.query_one("#medication-list", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.medications):
            return None
        return self.medications[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_add(self) -> None:
        self.app.push_screen(MedicationFormScreen(None), self._saved)

    def action_edit(self) -> None:
        med = self.selected()
        if med is not None:
            self.app.push_screen(MedicationFormScreen(med), self._saved)

    def action_plan(self) -> None:
        med = self.selected()
        if med is not None:
            self.app.push_screen(PlanFormScreen(med),
                                 lambda changed: self.reload(select=med.id) if changed else None)

    def _saved(self, med: Medication | None) -> None:
        if med is not None:
            self.reload(select=med.id)

    def action_delete(self) -> None:
        from ebbtide.tui.screens.common.confirm import ConfirmScreen

        med = self.selected()
        if med is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.ebbtide.journal().delete("medication", med.id)
            except EbbtideError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(f"{one_line(med.name, 40)} moved to the trash (the journal's trash "
                        "can bring it back).", markup=False)
            self.reload()

        self.app.push_screen(ConfirmScreen(
            f"Move {one_line(med.name, 40)} to the trash? Doses you logged stay in your "
            "history.", yes="Move to trash", no="Keep"), answered)


class MedicationFormScreen(DraftFormScreen[Medication | None]):
    CSS_PATH = style("journal.tcss")
    DRAFT_LABEL = "medicine"
    HELP_TEXT = ("Name, strength and the schedule in your own words, as your prescriber told "
                 "you. Times (like 08:00, 20:00) and the mg in one dose are optional; the mg "
                 "fills in the check-in form for you. Ebbtide never suggests a dose. ctrl+s "
                 "saves; Esc asks before throwing away what you typed.")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="medication_form.save", priority=True),
        Binding("escape", "back", "Cancel", id="screen.back"),
    ]

    def __init__(self, medication: Medication | None) -> None:
        super().__init__(id="medication-form")
        self.editing = medication
        self.sub_title = "Edit medicine" if medication else "Add a medicine"

    def draft_name(self) -> str:
        return draft_name("medication", self.editing.id if self.editing else "new")

    def compose(self) -> ComposeResult:
        m = self.editing
        with FocusScroll(id="medication-form-body", classes="journal-body"):
            yield Static(Text(str(self.sub_title), style="bold"), classes="journal-title")
            yield Static(Text(NO_ADVICE, style="dim"), classes="journal-note")
            yield from _field("name", "Name", m.name if m else DEFAULT_NAME, "e.g. baclofen")
            yield from _field("strength", "Strength", m.strength if m else "",
                              "e.g. 10 mg tablets")
            yield from _field("schedule", "Schedule", m.schedule if m else "",
                              "your prescriber's words, e.g. one tablet three times a day")
            yield from _field("times", "Times (optional)", ", ".join(m.times) if m else "",
                              "e.g. 08:00, 14:00, 20:00")
            yield from _field("dose_mg", "mg per dose (optional)",
                              "" if m is None or m.dose_mg is None else f"{m.dose_mg:g}",
                              "as prescribed")
            if m is not None:
                yield Tick("I take this now", m.active, id="active", compact=True)
            with Horizontal(classes="journal-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_back()

    def _value(self, field: str) -> str:
        return stored_from(self.query_one(f"#{field}", Input).value)

    def action_save(self) -> None:
        for field in ("name", "strength", "schedule", "times", "dose_mg"):
            _set(self.query_one(f"#{field}-error", Static), "")
        times = [t.strip() for t in self._value("times").replace(";", ",").split(",")
                 if t.strip()]
        raw_mg = self._value("dose_mg").strip().replace(",", ".")
        try:
            try:
                dose_mg = float(raw_mg) if raw_mg else None
            except ValueError:
                raise InvalidEntry("dose_mg", "mg per dose must be a number") from None
            journal = self.ebbtide.journal()
            if self.editing is None:
                saved = journal.add_medication(self._value("name"),
                                               strength=self._value("strength"),
                                               schedule=self._value("schedule"),
                                               times=times, dose_mg=dose_mg)
            else:
                saved = journal.update_medication(replace(
                    self.editing, name=self._value("name"), strength=self._value("strength"),
                    schedule=self._value("schedule"), times=tuple(times), dose_mg=dose_mg,
                    active=self.query_one("#active", Checkbox).value))
        except InvalidEntry as exc:
            field = exc.field if exc.field in ("name", "strength", "schedule", "times",
                                               "dose_mg") else "name"
            text = ("give the medicine a name" if field == "name"
                    and not self._value("name").strip() else str(exc))
            _set(self.query_one(f"#{field}-error", Static), text[:1].upper() + text[1:])
            self.query_one(f"#{field}", Input).focus()
            return
        except EbbtideError as exc:
            self.notify(f"Not saved: {exc}", title="Medicines", severity="error",
                        timeout=12, markup=False)
            return
        self.draft_saved()
        self.ebbtide.state.set(OFFER_KEY, "done")
        self.notify(f"Saved {one_line(saved.name, 40)}.", markup=False)
        self.dismiss(saved)

    def action_back(self) -> None:
        self.leave_form(lambda: self.dismiss(None))


def _field(field_id: str, label: str, value: str, placeholder: str) -> ComposeResult:
    with Horizontal(classes="form-row"):
        yield Label(label, classes="form-label wide")
        yield Input(editable(value), id=field_id, placeholder=placeholder, max_length=200)
    yield _error_line(f"{field_id}-error")


def _error_line(line_id: str) -> Static:
    line = Static("", id=line_id, classes="field-error", markup=False)
    line.display = False
    return line


def _set(line: Static, message: str) -> None:
    line.update(multi_line(message, limit=None))
    line.display = bool(message)
