"""A glossary term in a small dialog, opened from `glossary:` links and search results."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.styles import style

if TYPE_CHECKING:
    from ebbtide.core.content.library.model import GlossaryTerm


class GlossaryScreen(EbbtideModal[None]):
    CSS_PATH = style("reader.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q,space", "close", "Close", id="glossary.close"),
    ]

    def __init__(self, term: GlossaryTerm) -> None:
        super().__init__()
        self.term = term

    def compose(self) -> ComposeResult:
        with Vertical(id="glossary", classes="reader-dialog"):
            yield Static(Text(self.term.term, style="bold"), id="glossary-term",
                         classes="dialog-title")
            yield Static(Text(self.term.definition), id="glossary-definition")
            yield Static(Text("Glossary · Esc closes", style="dim"), classes="dialog-hint")

    def on_click(self) -> None:
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()
