"""The glossary, A to Z: type to filter, Enter shows the definition (in GlossaryScreen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.errors import EbbtideError
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar

if TYPE_CHECKING:
    from ebbtide.core.content.library.model import GlossaryTerm
    from ebbtide.tui.app import EbbtideApp


def terms_matching(terms: list[GlossaryTerm], text: str) -> list[GlossaryTerm]:
    """Terms whose name holds `text` first (A–Z), then those whose definition does."""
    wanted = text.strip().casefold()
    if not wanted:
        return terms
    named = [t for t in terms if wanted in t.term.casefold()]
    defined = [t for t in terms if t not in named and wanted in t.definition.casefold()]
    return named + defined


class GlossaryIndexScreen(EbbtideScreen[None]):
    CSS_PATH = style("reader.tcss")
    HELP_TEXT = (
        "Every word the library explains, A to Z. Type to narrow the list (names first, "
        "then definitions that use the word); up and down move, Enter shows the definition."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "show_term", "Definition", id="glossary_index.show"),
        Binding("down", "move(1)", "Next term", id="glossary_index.down", show=False),
        Binding("up", "move(-1)", "Previous term", id="glossary_index.up", show=False),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self, terms: list[GlossaryTerm]) -> None:
        super().__init__(id="glossary-index")
        self.sub_title = "Glossary"
        self.terms = sorted(terms, key=lambda t: t.term.casefold())
        self.shown: list[GlossaryTerm] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-body"):
            yield Static(Text("Glossary A–Z", style="bold"), id="search-title")
            yield Input(id="glossary-filter", placeholder="Type to filter, e.g. dose",
                        max_length=80)
            yield Static("", id="glossary-count", classes="hint", markup=False)
            yield OptionList(id="glossary-terms")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_terms("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#glossary-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.show_terms(event.value)

    @on(Input.Submitted, "#glossary-filter")
    def _submitted(self) -> None:
        self.action_show_term()

    @on(OptionList.OptionSelected, "#glossary-terms")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_show_term()

    def show_terms(self, text: str) -> None:
        self.shown = terms_matching(self.terms, text)
        options = self.query_one("#glossary-terms", OptionList)
        options.clear_options()
        options.add_options(Option(Text(term.term)) for term in self.shown)
        if self.shown:
            options.highlighted = 0
        count = len(self.shown)
        self.query_one("#glossary-count", Static).update(
            f"No term holds “{text.strip()}”." if not count else
            f"{count} term{'s' if count != 1 else ''}")

    def action_move(self, step: int) -> None:
        options = self.query_one("#glossary-terms", OptionList)
        if self.shown:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self.shown) - 1, current + step))

    def action_show_term(self) -> None:
        from ebbtide.tui.screens.read.glossary import GlossaryScreen

        index = self.query_one("#glossary-terms", OptionList).highlighted
        if index is not None and 0 <= index < len(self.shown):
            self.app.push_screen(GlossaryScreen(self.shown[index]))


def open_glossary(app: EbbtideApp) -> None:
    """The glossary index from anywhere (home's tools, the reader, the palette)."""
    from ebbtide.tui.screens.read.library import get_library

    try:
        library = get_library()
    except EbbtideError as exc:
        app.notify(f"The glossary could not be opened: {exc}", severity="error",
                   markup=False)
        return
    app.push_screen(GlossaryIndexScreen(list(library.glossary.values())))
