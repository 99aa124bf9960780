"""Help: what this screen is for and every key it answers to."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ebbtide.tui.styles import style

GENERAL = (
    ("ctrl+p", "Command palette: go anywhere, change theme or settings"),
    ("f1 / ?", "This help"),
    ("f2", "Settings"),
    ("tab / shift+tab", "Move between controls"),
    ("ctrl+q", "Quit"),
)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = style("dialogs.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, title: str, about: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.help_title = title
        self.about = about
        self.keys = keys

    @classmethod
    def for_screen(cls, screen: Screen[object]) -> HelpScreen:
        keys: list[tuple[str, str]] = []
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            keys.append((screen.app.get_key_display(binding), binding.description))
        about = str(getattr(screen, "HELP_TEXT", "") or "")
        title = str(screen.sub_title or screen.title or screen.app.title or "Ebbtide")
        return cls(title, about, keys)

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(Text(f"Help · {self.help_title}", style="bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                if self.about:
                    yield Static(Text(self.about), id="help-about")
                yield Static(self._table("On this screen", self.keys), id="help-keys")
                yield Static(self._table("Everywhere", list(GENERAL)), id="help-general")
            yield Static(Text("Esc closes help", style="dim"), id="help-hint")

    @staticmethod
    def _table(title: str, rows: list[tuple[str, str]]) -> Table:
        table = Table(title=title, title_justify="left", show_header=False, box=None,
                      padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for key, description in rows:
            table.add_row(Text(key), Text(description))
        return table

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
