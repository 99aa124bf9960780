"""Help: what this screen is for and every key it answers to, read from its bindings."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.styles import style

KeyRows = list[tuple[str, str]]
CLOSE_HINT = "Esc closes help"


def _declared(node: DOMNode) -> dict[tuple[str, str], int]:
    """Where each binding Ebbtide itself declares on `node`'s classes comes in their
    BINDINGS, keyed by (action, description); what Textual's own classes bring (focus
    moves, copy text, scrolling) is left out."""
    order: dict[tuple[str, str], int] = {}
    for cls in reversed(type(node).__mro__):
        if cls.__module__.startswith("ebbtide."):
            for binding in cls.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding):
                    order.setdefault((binding.action, binding.description), len(order))
    return order


def key_rows(screen: Screen[object]) -> tuple[KeyRows, KeyRows]:
    """The keys `screen` answers to now, as (key or keys, what it does), in the order they
    are declared: first its own, then those the app answers to everywhere. Keys come from
    the active bindings, so a user's keymap shows here too."""
    app = screen.app
    declared: dict[int, dict[tuple[str, str], int]] = {}
    rows: dict[tuple[bool, str], tuple[tuple[int, int], list[str]]] = {}
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if id(node) not in declared:
            declared[id(node)] = _declared(node)
        position = declared[id(node)].get((binding.action, binding.description))
        if not binding.description or position is None:
            continue
        what = binding.tooltip or binding.description
        rank = (list(declared).index(id(node)), position)
        _, displays = rows.setdefault((node is app, what), (rank, []))
        display = app.get_key_display(binding)
        if display not in displays:
            displays.append(display)
    ordered = sorted(rows.items(), key=lambda row: row[1][0])
    here = [(" or ".join(displays), what) for (everywhere, what), (_, displays) in ordered
            if not everywhere]
    everywhere = [(" or ".join(displays), what) for (anywhere, what), (_, displays)
                  in ordered if anywhere]
    return here, everywhere


class HelpScreen(EbbtideModal[None]):
    CSS_PATH = style("dialogs.tcss")
    # The hint stays on screen however long the help is: it says when there is more below.
    DEFAULT_CSS = "#help-hint { dock: bottom; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, title: str, about: str, keys: KeyRows,
                 everywhere: KeyRows | None = None) -> None:
        super().__init__()
        self.help_title = title
        self.about = about
        self.keys = keys
        self.everywhere = everywhere or []

    @classmethod
    def for_screen(cls, screen: Screen[object]) -> HelpScreen:
        keys, everywhere = key_rows(screen)
        about = str(getattr(screen, "HELP_TEXT", "") or "")
        title = str(screen.sub_title or screen.title or screen.app.title or "Ebbtide")
        return cls(title, about, keys, everywhere)

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(Text(f"Help · {self.help_title}", style="bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                if self.about:
                    yield Static(Text(self.about), id="help-about")
                yield Static(self._table("On this screen", self.keys), id="help-keys")
                yield Static(self._table("Everywhere", self.everywhere), id="help-general")
            yield Static(Text(CLOSE_HINT, style="dim"), id="help-hint")

    def on_mount(self) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.focus()  # arrows and PgUp/PgDn scroll it
        self.watch(body, "scroll_y", self._show_hint, init=False)
        self.call_after_refresh(self._show_hint)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_hint)

    def _show_hint(self, _: float | None = None) -> None:
        """Say when there is more below: a scrollbar alone is easy to miss (and NO_COLOR
        shows it faintly)."""
        body = self.query_one("#help-body", VerticalScroll)
        if body.max_scroll_y <= 0:
            hint = CLOSE_HINT
        elif body.scroll_y < body.max_scroll_y - 0.5:
            hint = f"↓ more · {CLOSE_HINT}"
        else:
            hint = f"↑ scrolls up · {CLOSE_HINT}"
        self.query_one("#help-hint", Static).update(Text(hint, style="dim"))

    @staticmethod
    def _table(title: str, rows: KeyRows) -> Table:
        table = Table(title=title, title_justify="left", show_header=False, box=None,
                      padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for key, description in rows:
            table.add_row(Text(key), Text(description))
        return table

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
