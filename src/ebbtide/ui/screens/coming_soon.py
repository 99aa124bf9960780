from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.widgets import Static

from ebbtide.ui.screens.base import EbbtideScreen
from ebbtide.ui.widgets.key_bar import KeyBar

TITLES = {"breathe": "Breathe", "meditate": "Meditate", "read": "Read", "journal": "Journal"}


class ComingSoonScreen(EbbtideScreen[None]):
    CSS_PATH = "dialogs.tcss"
    HELP_TEXT = "This part of Ebbtide is still being built. Esc goes back home."

    def __init__(self, section: str) -> None:
        super().__init__(id=f"{section}-soon")
        self.section = section

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(f"[b]{TITLES.get(self.section, self.section)}[/b]\n\nComing soon.\n\n"
                         "Press Esc to go back.", classes="coming-soon")
        yield KeyBar()
