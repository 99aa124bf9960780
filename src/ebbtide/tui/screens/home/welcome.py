"""First-run welcome: what Ebbtide is and is not, the crisis lines (for the `region`
setting, from core.health.crisis), where data lives. Shown once."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from ebbtide.tui.app_access import ebbtide_app
from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.screens.common.crisis import crisis_text
from ebbtide.tui.styles import style

WELCOME = """\
[b]Welcome to Ebbtide[/b]

Ebbtide helps you breathe, meditate, read about baclofen, and keep a mood and \
medication diary you can share with your clinician.

[b]It is not medical advice.[/b] It does not replace your prescriber, and it never \
tells you what dose to take. If you feel unsafe, contact emergency services or a \
crisis line now (below; choose your country in Settings, F2).

[b]Your data stays here.[/b] Ebbtide makes no network connections. Nothing leaves \
this machine unless you export it yourself.
"""


class WelcomeScreen(EbbtideModal[bool]):
    CSS_PATH = style("dialogs.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", "I understand", id="welcome.ok"),
        # The button keeps the focus; the text (crisis lines included) still scrolls.
        Binding("down,j", "scroll_text(1)", "Scroll down", show=False, id="welcome.down"),
        Binding("up,k", "scroll_text(-1)", "Scroll up", show=False, id="welcome.up"),
        Binding("pagedown,space", "scroll_text(10)", "Page down", show=False,
                id="welcome.page_down"),
        Binding("pageup", "scroll_text(-10)", "Page up", show=False, id="welcome.page_up"),
        Binding("end", "scroll_text(10000)", "End", show=False, id="welcome.end"),
        Binding("home", "scroll_text(-10000)", "Start", show=False, id="welcome.home"),
    ]

    def compose(self) -> ComposeResult:
        app = ebbtide_app(self)
        with Vertical(id="welcome"):
            with VerticalScroll(id="welcome-text"):
                yield Static(WELCOME, markup=True)
                yield Static(crisis_text(app.settings.region), id="welcome-crisis")
                yield Static(f"Your settings: {app.paths.config_dir}\n"
                             f"Your journal:  {app.paths.data_dir}", markup=False,
                             id="welcome-paths")
            with Vertical(id="welcome-foot"):
                yield Static("", id="welcome-hint", markup=False)
                yield Button("I understand", variant="primary", id="welcome-ok",
                             compact=True)

    def on_mount(self) -> None:
        self.query_one("#welcome-ok", Button).focus()
        text = self.query_one("#welcome-text", VerticalScroll)
        self.watch(text, "scroll_y", self._show_hint, init=False)
        self.call_after_refresh(self._show_hint)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_hint)

    def _show_hint(self, _: float | None = None) -> None:
        """On a short terminal, say there is more below (the crisis lines among it)."""
        text = self.query_one("#welcome-text", VerticalScroll)
        hint = self.query_one("#welcome-hint", Static)
        more = text.scroll_y < text.max_scroll_y - 0.5
        hint.display = more
        hint.update("↓ more below" if more else "")

    def action_scroll_text(self, lines: int) -> None:
        self.query_one("#welcome-text", VerticalScroll).scroll_relative(
            y=lines, animate=False)

    @on(Button.Pressed, "#welcome-ok")
    def _acknowledge(self) -> None:
        self.action_acknowledge()

    def action_acknowledge(self) -> None:
        self.dismiss(True)
