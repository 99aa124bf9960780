"""The dialog for a link to the outside world: the full address, never opened."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.styles import style


class AddressScreen(EbbtideModal[None]):
    """An external address, shown in full and never opened. c copies it."""
    CSS_PATH = style("reader.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy", "Copy", id="address.copy"),
        Binding("escape,enter,q", "close", "Close", id="address.close"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        with Vertical(id="address", classes="reader-dialog"):
            yield Static(Text("An address outside Ebbtide", style="bold"),
                         classes="dialog-title")
            yield Static(Text("Ebbtide never opens web pages. To read this source, copy "
                              "the address into your browser:"))
            yield Static(Text(self.url, overflow="fold"), id="address-url")
            yield Static(Text("c copies it · Esc closes", style="dim"), classes="dialog-hint")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.url)
        self.notify("Address copied to the clipboard (if your terminal allows it).",
                    markup=False)

    def action_close(self) -> None:
        self.dismiss()
