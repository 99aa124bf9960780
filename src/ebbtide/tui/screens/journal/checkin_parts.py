"""Pieces of the check-in form that the dose and side-effect dialogs share: labelled rows,
error lines, typed numbers and medicine labels, the dose and side-effect sections of a
new check-in, the Save button while a save runs, and the messages their worker threads
post back."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, Select, Static

from ebbtide.core.content.side_effects import SEVERITIES, STANDARD_NAMES
from ebbtide.core.errors import EbbtideError, InvalidEntry
from ebbtide.core.journal.models import CheckIn, Medication, SavedCheckIn
from ebbtide.tui.widgets.safe_text import one_line, safe

# InvalidEntry.field -> the id of the message line under the field it belongs to.
ERROR_LINES = {
    "at": "at", "mood": "mood", "anxiety": "anxiety", "sleep_hours": "sleep",
    "sleep_quality": "sleep", "energy": "energy", "tags": "tags", "note": "note",
    "medication": "dose", "amount_mg": "dose", "status": "dose", "scheduled_time": "dose",
    "side_effect": "effects", "severity": "effects",
}
# InvalidEntry.field -> the control to focus.
FOCUS = {"at": "#at", "mood": "#mood", "anxiety": "#anxiety", "sleep_hours": "#sleep-hours",
         "sleep_quality": "#sleep-quality", "energy": "#energy", "tags": "#tags-other",
         "note": "#note", "medication": "#medication", "amount_mg": "#amount",
         "status": "#status", "side_effect": "#effect-typed", "severity": "#effect-severity"}


def parse_number(text: str, field: str, what: str) -> float | None:
    """'7', '7.5', '7,5' -> float; '' -> None; anything else -> InvalidEntry(field)."""
    raw = text.strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise InvalidEntry(field, f"{what} must be a number, e.g. 7.5") from None


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def medication_label(med: Medication) -> Text:
    label = safe(med.name, limit=40)
    if med.strength:
        label.append(f"  {one_line(med.strength, 24)}", style="dim")
    return label


def form_row(label: str, *widgets: Any, classes: str = "") -> Horizontal:
    return Horizontal(Label(label, classes="form-label"), *widgets,
                      classes=f"form-row {classes}".strip())


def error_line(name: str) -> Static:
    line = Static("", id=f"{name}-error", classes="field-error", markup=False)
    line.display = False
    return line


def set_message(line: Static, message: str) -> None:
    """Show `message` on an error line (hidden while empty, so the form stays compact)."""
    line.update(message)
    line.display = bool(message)


def clear_field_errors(screen: Screen[Any]) -> None:
    for line in set(ERROR_LINES.values()) | {"save"}:
        for found in screen.query(f"#{line}-error").results(Static):
            set_message(found, "")


def show_field_error(screen: Screen[Any], exc: InvalidEntry) -> None:
    """The message under the field it is about (else above Save), and that field focused."""
    line = ERROR_LINES.get(exc.field)
    target = screen.query(f"#{line}-error") if line else None
    message = str(exc)
    message = message[:1].upper() + message[1:]
    set_message(target.first(Static) if target else screen.query_one("#save-error", Static),
                message)
    selector = FOCUS.get(exc.field)
    if selector and screen.query(selector):
        widget = screen.query_one(selector)
        widget.focus()
        widget.scroll_visible()


SAVE_LABEL = "Save (ctrl+s)"


def save_buttons() -> Horizontal:
    return Horizontal(Button(SAVE_LABEL, variant="primary", id="save", compact=True),
                      Button("Cancel (esc)", id="cancel", compact=True),
                      classes="journal-buttons")


def show_saving(screen: Screen[Any], saving: bool) -> None:
    """While a save runs in its worker, Save says so and neither button can be pressed;
    every field keeps what was typed."""
    save = screen.query_one("#save", Button)
    save.label = "Saving…" if saving else SAVE_LABEL
    save.disabled = saving
    screen.query_one("#cancel", Button).disabled = saving
    if not saving and screen.focused is None:  # disabling the pressed button blurred it
        save.focus()


def show_medications(screen: Screen[Any], meds: list[Medication]) -> None:
    """Fill the dose section's medicine list (keeping the one picked, if still there) and
    show its rows, or else the offer to set up medicines."""
    select = screen.query_one("#medication", Select)
    current = select.value
    select.set_options((medication_label(m), m.id) for m in meds)
    if current in [m.id for m in meds]:
        select.value = current
    for row in screen.query(".dose-row"):
        row.display = bool(meds)
    screen.query_one("#no-medications").display = not meds


class MedicationsRead(Message):
    """From the check-in form's worker: the medicines a dose can be for (none when the
    journal cannot be read)."""

    def __init__(self, medications: list[Medication]) -> None:
        super().__init__()
        self.medications = medications


class CheckInSaved(Message):
    """From the check-in form's save worker: what the journal now holds."""

    def __init__(self, saved: SavedCheckIn | CheckIn) -> None:
        super().__init__()
        self.saved = saved


class EntrySaved(Message):
    """From a dose or side-effect dialog's save worker: the change is in the journal."""


class SaveFailed(Message):
    """From a save worker: nothing was written. An InvalidEntry names its field; any other
    error is the journal refusing (read-only, full disk, damaged file)."""

    def __init__(self, error: EbbtideError) -> None:
        super().__init__()
        self.error = error


def compose_dose() -> ComposeResult:
    """The dose section of a new check-in (shown only when medicines are set up)."""
    yield Static(Text("Dose", style="bold"), classes="form-section")
    yield form_row("Medicine", Select[int]([], prompt="no dose", id="medication",
                                           compact=True),
                   classes="dose-row")
    yield form_row("Amount mg", Input("", id="amount", max_length=10, placeholder="mg",
                                      classes="number"),
                   Select[str]([("taken", "taken"), ("skipped", "skipped")], value="taken",
                               allow_blank=False, id="status", compact=True),
                   classes="dose-row")
    with Horizontal(id="no-medications", classes="form-row"):
        yield Static(Text("No medicines set up yet.", style="dim"), classes="after")
        yield Button("Set up medicines", id="setup-medications", compact=True)
    yield error_line("dose")


def compose_side_effects() -> ComposeResult:
    """The side-effect section of a new check-in: pick or type, a severity, Add."""
    yield Static(Text("Side effects", style="bold"), classes="form-section")
    yield form_row("Pick", Select[str]([(name, name) for name in STANDARD_NAMES],
                                       prompt="from the list", id="effect-pick",
                                       compact=True))
    yield form_row("or type", Input("", id="effect-typed", max_length=200,
                                    placeholder="your own words (Enter adds)"))
    yield form_row("Severity", Select[str]([(s, s) for s in SEVERITIES], value="mild",
                                           allow_blank=False, id="effect-severity",
                                           compact=True),
                   Button("Add", id="effect-add", compact=True))
    yield OptionList(id="effects-added")
    yield Static("", id="urgent", markup=False)
    yield error_line("effects")
