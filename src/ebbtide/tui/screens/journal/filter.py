"""The journal's filter dialog: a date range, a tag, a side effect or a medicine."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from ebbtide.core.errors import InvalidEntry
from ebbtide.core.journal.models import parse_day
from ebbtide.tui.screens.common.base import EbbtideModal
from ebbtide.tui.screens.journal.text import Filters
from ebbtide.tui.styles import style
from ebbtide.tui.widgets.safe_text import safe


class FilterScreen(EbbtideModal[Filters | None]):
    CSS_PATH = style("journal.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "Apply", id="journal_filter.apply", priority=True),
        Binding("escape", "cancel", "Cancel", id="journal_filter.cancel"),
    ]

    def __init__(self, current: Filters, tags: list[str], effects: list[str],
                 medications: list[str]) -> None:
        super().__init__()
        self.current = current
        self.tags = tags
        self.effects = effects
        self.medications = medications

    def compose(self) -> ComposeResult:
        c = self.current

        def choices(values: list[str], chosen: str | None) -> list[str]:
            return values if chosen is None or chosen in values else [chosen, *values]

        with Vertical(id="journal-filter", classes="journal-dialog"):
            yield Static(Text("Filter the history", style="bold"), classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("From", classes="form-label")
                yield Input(str(c.start or ""), id="start", placeholder="YYYY-MM-DD",
                            max_length=10, classes="date")
                yield Label("to", classes="inline-label")
                yield Input(str(c.end or ""), id="end", placeholder="YYYY-MM-DD",
                            max_length=10, classes="date")
            yield Static("", id="date-error", classes="field-error", markup=False)
            for field, label, values, chosen in (
                    ("tag", "Tag", self.tags, c.tag),
                    ("side_effect", "Side effect", self.effects, c.side_effect),
                    ("medication", "Medicine", self.medications, c.medication)):
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Select[str]([(safe(v, limit=40), v)
                                       for v in choices(values, chosen)],
                                      prompt="any", value=chosen if chosen is not None
                                      else Select.NULL, id=field, compact=True)
            with Horizontal(classes="journal-buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="apply", compact=True)
                yield Button("All days", id="clear", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#start").focus()

    @on(Button.Pressed, "#apply")
    @on(Input.Submitted)
    def _apply(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#clear")
    def _all_days(self) -> None:
        self.dismiss(Filters())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def _choice(self, field: str) -> str | None:
        select = self.query_one(f"#{field}", Select)
        return None if select.is_blank() else str(select.value)

    def action_apply(self) -> None:
        days: list[date | None] = []
        try:
            for field in ("start", "end"):
                text = self.query_one(f"#{field}", Input).value.strip()
                days.append(parse_day(text, field) if text else None)
        except InvalidEntry as exc:
            text = str(exc)
            self.query_one("#date-error", Static).update(text[:1].upper() + text[1:])
            self.query_one(f"#{exc.field}").focus()
            return
        start, end = days
        if start and end and start > end:
            start, end = end, start
        self.dismiss(Filters(start, end, self._choice("tag"), self._choice("side_effect"),
                             self._choice("medication")))

    def action_cancel(self) -> None:
        self.dismiss(None)
