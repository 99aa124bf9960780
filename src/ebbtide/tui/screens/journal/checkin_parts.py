"""Pieces of the check-in form that the dose and side-effect dialogs share: labelled rows,
error lines, typed numbers and medicine labels, and the dose and side-effect sections of a
new check-in."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, OptionList, Select, Static

from ebbtide.core.content.side_effects import SEVERITIES, STANDARD_NAMES
from ebbtide.core.errors import InvalidEntry
from ebbtide.core.journal.models import Medication
from ebbtide.tui.widgets.safe_text import one_line, safe


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
