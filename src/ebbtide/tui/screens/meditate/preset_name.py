"""The small dialog that names a bell-timer preset."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from ebbtide.core.errors import EbbtideError
from ebbtide.core.practice.bell_timer import MAX_PRESET_NAME, check_preset_name
from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.styles import styles


class PresetNameScreen(EbbtideModal[str | None]):
    """Ask for a preset's name. Enter saves, Esc cancels."""
    CSS_PATH = styles("shared.tcss", "meditate.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="timer.preset_cancel"),
    ]

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(id="preset-name-dialog"):
            yield Static("Save this timer as a preset. Name:", markup=False)
            yield Input(self.suggestion, id="preset-name", max_length=MAX_PRESET_NAME,
                        placeholder="e.g. Morning sit")
            yield Static("", id="preset-name-error", classes="field-error", markup=False)
            yield Static("Enter saves · Esc cancels", classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            name = check_preset_name(event.value)
        except EbbtideError as exc:
            self.query_one("#preset-name-error", Static).update(str(exc).capitalize() + ".")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
