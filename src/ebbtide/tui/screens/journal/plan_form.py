"""The plan your prescriber gave you for one medicine: its steps (from a date, a daily
total), entered exactly as written. Ebbtide never fills in or suggests a dose.

Add a step with its date, the daily total and (optional) the per-dose words and a note;
x removes the highlighted step; Esc closes. Every change is saved at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.drafts import draft_name
from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.models import Medication, Plan, PlanStep
from ebbtide.core.journal.plans import step_values
from ebbtide.tui.screens.common.drafts import DraftFormScreen
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.focus_scroll import FocusScroll
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.safe_text import editable, one_line, stored_from

if TYPE_CHECKING:
    from ebbtide.tui.app import EbbtideApp

AS_WRITTEN = ("Enter each step exactly as your prescriber wrote it: from which date, and the "
              "total mg a day (0 for a planned stop). Ebbtide never fills in or suggests a "
              "dose; it shows the plan beside what you log.")
FIELDS = ("date", "mg", "per_dose", "note")


def step_line(step: PlanStep) -> Text:
    line = Text(f"from {step.start_date:%a %-d %b %Y}: ", style="bold")
    line.append(f"{step.daily_total_mg:g} mg a day")
    if step.daily_total_mg == 0:
        line.append(" (stop, as planned)", style="italic")
    if step.per_dose:
        line.append(f"  “{one_line(step.per_dose, 40)}”", style="dim italic")
    if step.note:
        line.append(f"  {one_line(step.note, 40)}", style="dim")
    return line


def read_mg(text: str) -> float:
    """The daily total typed ('30', '30 mg', '0'); InvalidEntry with a sentence if not."""
    from ebbtide.core.health.medicines import parse_amount_mg

    raw = text.strip()
    if not raw:
        raise InvalidEntry("mg", "Write the daily total in mg, as your prescriber wrote it.")
    if raw.lower().removesuffix("mg").strip() in ("0", "0.0"):
        return 0.0
    try:
        return parse_amount_mg(raw)
    except ValueError as exc:
        raise InvalidEntry("mg", str(exc)) from None


def plan_lines(app: EbbtideApp, meds: list[Medication]) -> dict[int, Text]:
    """Per medication with a plan: today's planned daily total beside what was logged."""
    from ebbtide.core.health.insights import load_snapshot
    from ebbtide.core.health.plan_rules import logged_total

    today = app.now().date()
    try:
        journal = app.journal()
        plans = {p.medication_id: p for p in journal.plans()}
        snap = load_snapshot(journal, today, today) if plans else None
    except EbbtideError:
        return {}
    lines = {}
    for med in meds:
        plan = plans.get(med.id)
        if plan is None or snap is None:
            continue
        step = plan.step_on(today)
        line = Text("plan: ", style="dim")
        line.append(f"{step.daily_total_mg:g} mg a day today" if step is not None
                    else "not started yet" if plan.steps else "no steps yet")
        total = logged_total(snap, med, today)
        line.append(" · logged today: " + ("nothing yet" if total is None else f"{total:g} mg"),
                    style="dim")
        lines[med.id] = line
    return lines


class PlanFormScreen(DraftFormScreen[bool]):
    """Dismissed with True when anything was saved."""

    CSS_PATH = style("journal.tcss")
    DRAFT_LABEL = "plan step"
    HELP_TEXT = AS_WRITTEN + " Enter in a field adds the step; x removes the highlighted " \
                             "step; Esc closes, asking first if a step you typed is not " \
                             "added yet."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "remove_step", "Remove step", id="plan_form.remove"),
        Binding("escape", "back", "Close", id="screen.back"),
    ]

    def __init__(self, medication: Medication) -> None:
        super().__init__(id="plan-form")
        self.medication = medication
        self.plan: Plan | None = None
        self.changed = False
        self.sub_title = "Plan"

    def draft_name(self) -> str:
        return draft_name("plan", self.medication.id)

    def compose(self) -> ComposeResult:
        with FocusScroll(id="plan-form-body", classes="journal-body"):
            yield Static(Text(f"Plan for {one_line(self.medication.name, 40)}", style="bold"),
                         classes="journal-title")
            yield Static(Text(AS_WRITTEN, style="dim"), classes="journal-note")
            with Horizontal(classes="form-row"):
                yield Label("Title (optional)", classes="form-label wide")
                yield Input(id="title", placeholder="e.g. Dr Lee, letter of 3 Nov",
                            max_length=200)
            yield OptionList(id="plan-steps", classes="journal-list")
            yield Static("", id="plan-status", markup=False)
            for field, label, hint in (
                    ("date", "Step starts", "YYYY-MM-DD"),
                    ("mg", "mg a day in total", "as written, e.g. 30"),
                    ("per_dose", "Per dose (optional)", "as written, e.g. 10 mg three times"),
                    ("note", "Note (optional)", "")):
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label wide")
                    yield Input(id=f"step-{field}", placeholder=hint, max_length=200)
            error = Static("", id="step-error", classes="field-error", markup=False)
            error.display = False
            yield error
            with Horizontal(classes="journal-buttons"):
                yield Button("Add step (Enter)", variant="primary", id="add-step",
                             compact=True)
                yield Button("Close (esc)", id="close", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        try:
            self.plan = self.ebbtide.journal().plan_for(self.medication.id)
        except EbbtideError as exc:
            self.query_one("#plan-status", Static).update(f"The journal cannot be read: {exc}")
        if self.plan is not None:
            self.query_one("#title", Input).value = editable(self.plan.title)
        self.show_steps()
        self.query_one("#step-date", Input).focus()

    def show_steps(self) -> None:
        options = self.query_one("#plan-steps", OptionList)
        options.clear_options()
        steps = self.plan.steps if self.plan is not None else ()
        options.add_options([Option(step_line(s), id=str(s.id)) for s in steps])
        self.query_one("#plan-status", Static).update(
            f"{len(steps)} step{'s' if len(steps) != 1 else ''} · x removes the highlighted "
            "one" if steps else "No steps yet: add the first one below.")

    def _error(self, message: str) -> None:
        line = self.query_one("#step-error", Static)
        line.update(message[:1].upper() + message[1:])
        line.display = bool(message)

    @on(Button.Pressed, "#add-step")
    @on(Input.Submitted)
    def add_step(self, event: Button.Pressed | Input.Submitted) -> None:
        event.stop()
        self._error("")
        values = {f: stored_from(self.query_one(f"#step-{f}", Input).value) for f in FIELDS}
        try:
            if not values["date"].strip():
                raise InvalidEntry("date", "Write the date the step starts, as YYYY-MM-DD.")
            mg = read_mg(values["mg"])
            step_values(values["date"], mg, values["per_dose"], values["note"])  # checked
            journal = self.ebbtide.journal()
            with journal.transaction():
                plan = self._saved_plan()
                journal.add_plan_step(plan.id, values["date"], mg,
                                      per_dose=values["per_dose"], note=values["note"])
            self.plan = journal.plan_for(self.medication.id)
        except InvalidEntry as exc:
            self._error(str(exc))
            field = {"start_date": "date", "daily_total_mg": "mg", "note": "note",
                     "per_dose": "per_dose", "mg": "mg"}.get(exc.field or "", "date")
            self.query_one(f"#step-{field}", Input).focus()
            return
        except EbbtideError as exc:
            self.notify(f"Not saved: {exc}", title="Plan", severity="error", timeout=12,
                        markup=False)
            return
        self.changed = True
        for field in FIELDS:
            self.query_one(f"#step-{field}", Input).value = ""
        self.draft_saved()
        self.show_steps()
        self.query_one("#step-date", Input).focus()

    def _saved_plan(self) -> Plan:
        """The plan, created (with the title typed) on the first step; the title saved."""
        journal = self.ebbtide.journal()
        title = stored_from(self.query_one("#title", Input).value)
        if self.plan is None:
            self.plan = journal.add_plan(self.medication.id, title=title)
        elif title != self.plan.title:
            from dataclasses import replace

            self.plan = journal.update_plan(replace(self.plan, title=title))
        return self.plan

    def action_remove_step(self) -> None:
        options = self.query_one("#plan-steps", OptionList)
        index = options.highlighted
        if self.plan is None or index is None or not 0 <= index < len(self.plan.steps):
            return
        step = self.plan.steps[index]
        try:
            journal = self.ebbtide.journal()
            journal.delete_plan_step(step.id)
            self.plan = journal.plan_for(self.medication.id)
        except EbbtideError as exc:
            self.notify(f"Not removed: {exc}", title="Plan", severity="error", markup=False)
            return
        self.changed = True
        self.show_steps()
        self.notify(f"Removed the step from {step.start_date:%-d %b %Y}.", markup=False)

    @on(Button.Pressed, "#close")
    def close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    def action_back(self) -> None:
        title = stored_from(self.query_one("#title", Input).value)
        if self.plan is not None and title != self.plan.title:
            try:
                self._saved_plan()
                self.changed = True
                self.draft_saved("title")
            except EbbtideError as exc:
                self.notify(f"Title not saved: {exc}", title="Plan", severity="error",
                            markup=False)
        self.leave_form(lambda: self.dismiss(self.changed))
