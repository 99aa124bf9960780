"""Search the journal as you type: notes, tags and side effects, newest first, the match
highlighted; Enter opens the day with that entry highlighted."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.errors import EbbtideError
from ebbtide.core.journal.search import NothingToSearch, SearchHit
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.safe_text import one_line

DEBOUNCE = 0.15
"""Seconds after the last key before searching (a search takes a few ms)."""
LIMIT = 200
HIGHLIGHT = "bold reverse"  # visible with NO_COLOR and in high contrast
KIND_WORDS = {"note": "note", "tag": "tag", "side_effect": "side effect"}
HINT = ('Type words to find in your notes, tags and side effects: "dizz" finds dizzy; '
        '"quoted words" are found in a row.')


def hit_line(hit: SearchHit) -> Text:
    """`Mon 05 Jan 2026 08:00  note  …felt dizzy after…`, the match highlighted; stored
    text inert (never markup; control characters shown as escapes)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{hit.at:%a %d %b %Y %H:%M}", style="bold")
    line.append(f"  {KIND_WORDS[hit.kind]:<11}  ", style="dim")
    for text, matched in hit.pieces:
        line.append(one_line(text, len(text)), style=HIGHLIGHT if matched else "")
    return line


class JournalSearchScreen(EbbtideScreen[None]):
    CSS_PATH = style("journal.tcss")
    DEFAULT_CSS = """
    #journal-search-body { padding: 0 1; }
    #journal-search-results { height: 1fr; max-height: 100%; }
    """
    HELP_TEXT = ("Search every note, tag and side effect in your journal. Each word finds "
                 "the words that start with it; put words in quotes to find them in a row. "
                 "Down or Enter moves into the results; Enter opens that day.")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
        Binding("down", "results", "Results", id="search.results", show=False),
        Binding("ctrl+l", "focus_input", "Edit search", id="search.edit"),
    ]

    def __init__(self) -> None:
        super().__init__(id="journal-search")
        self.sub_title = "Search the journal"
        self.hits: list[SearchHit] = []
        self.query_text: str | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="journal-search-body"):
            yield Input(id="journal-search-input", max_length=200,
                        placeholder="Words to find, e.g. dizzy")
            yield Static(Text(HINT, style="dim"), id="journal-search-status")
            yield OptionList(id="journal-search-results", classes="journal-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#journal-search-input").focus()

    @on(Input.Changed, "#journal-search-input")
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.run_search)

    @on(Input.Submitted, "#journal-search-input")
    def _submitted(self) -> None:
        self.run_search()
        self.action_results()

    def run_search(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        text = self.query_one("#journal-search-input", Input).value
        if text == self.query_text:
            return
        self.query_text = text
        status = self.query_one("#journal-search-status", Static)
        results = self.query_one("#journal-search-results", OptionList)
        results.clear_options()
        self.hits = []
        try:
            self.hits = self.ebbtide.journal().search(text, limit=LIMIT)
        except NothingToSearch:
            status.update(Text(HINT, style="dim"))
            return
        except EbbtideError as exc:
            status.update(Text(f"The journal cannot be searched: {exc}", style="italic"))
            return
        results.add_options([Option(hit_line(hit), id=str(i))
                             for i, hit in enumerate(self.hits)])
        if self.hits:
            results.highlighted = 0
        count = len(self.hits)
        status.update(Text(
            "Nothing found." if not count else
            f"{count}{' newest' if count == LIMIT else ''} "
            f"match{'es' if count != 1 else ''} · Enter opens the day", style="dim"))

    def action_results(self) -> None:
        if self.hits:
            self.query_one("#journal-search-results").focus()

    def action_focus_input(self) -> None:
        self.query_one("#journal-search-input").focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        from ebbtide.tui.screens.journal.day import DayScreen

        hit = self.hits[int(event.option.id)]
        kind = "side_effect" if hit.kind == "side_effect" else "checkin"
        self.app.push_screen(DayScreen(hit.local_date, focus=(kind, hit.record_id)))
