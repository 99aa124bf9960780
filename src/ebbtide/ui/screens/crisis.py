"""Crisis resources, shown at once from `action:crisis` links (and by the journal and
self-checks when an answer suggests someone may be at risk)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

CRISIS_LINES: tuple[tuple[str, str], ...] = (
    ("If you are in immediate danger, call your local emergency number now:",
     "911 in the US and Canada, 999 or 112 in the UK and Ireland, 112 across the EU, "
     "000 in Australia."),
    ("US:", "call or text 988, the 988 Suicide & Crisis Lifeline, any time."),
    ("UK and Ireland:", "call Samaritans free on 116 123, any time, day or night."),
    ("Other countries:", "findahelpline.com lists free, confidential helplines."),
    ("Today:", "contact your prescriber, GP or another clinician and tell them how you "
     "feel. If you can, tell someone you trust and ask them to stay with you."),
)
"""Lead and detail of each crisis resource, in the order shown."""


def crisis_text() -> Text:
    text = Text()
    for index, (lead, detail) in enumerate(CRISIS_LINES):
        if index:
            text.append("\n\n")
        text.append(lead, style="bold")
        text.append(" ")
        text.append(detail)
    return text


class CrisisScreen(ModalScreen[None]):
    """Crisis resources in a dialog. Nothing is dialled or opened; Esc or Enter closes."""
    CSS_PATH = "reader.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="crisis.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="crisis", classes="reader-dialog"):
            yield Static(Text("If you are thinking about suicide or self-harm, or feel "
                              "unsafe, you deserve help right now.", style="bold"),
                         classes="dialog-title")
            with VerticalScroll(id="crisis-body"):
                yield Static(crisis_text(), id="crisis-text")
            yield Static(Text("Esc closes", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#crisis-body").focus()

    def action_close(self) -> None:
        self.dismiss()
