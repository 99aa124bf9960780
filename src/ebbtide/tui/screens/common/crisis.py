"""Crisis resources, shown at once from `action:crisis` links (and by the journal and
self-checks when an answer suggests someone may be at risk).

The words come from `ebbtide.core.health.crisis`, the one source of truth for every place that
shows them (this dialog, the CLI, the report)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ebbtide.core.health.crisis import CRISIS_HEADLINE, crisis_lines
from ebbtide.tui.app_access import ebbtide_app
from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.styles import styles


def crisis_text(region: str | None = None) -> Text:
    """One resource a line: its heading in bold, then the detail (for `region`, the
    setting; none: the local emergency number and the main lines)."""
    text = Text()
    for index, (heading, detail) in enumerate(crisis_lines(region)):
        if index:
            text.append("\n")
        text.append("• ")
        text.append(heading, style="bold")
        text.append(" " if heading.endswith((".", ":", "!")) else ": ")
        text.append(detail)
    return text


class CrisisScreen(EbbtideModal[None]):
    """Crisis resources in a dialog, for the `region` setting. Nothing is dialled or
    opened; Esc or Enter closes."""
    CSS_PATH = styles("reader.tcss", "crisis.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="crisis.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="crisis", classes="reader-dialog"):
            yield Static(Text(CRISIS_HEADLINE, style="bold"), classes="dialog-title")
            with VerticalScroll(id="crisis-body"):
                yield Static(crisis_text(ebbtide_app(self).settings.region),
                             id="crisis-text")
            yield Static(Text("Esc closes", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#crisis-body").focus()

    def action_close(self) -> None:
        self.dismiss()
