"""Search every article and the glossary as you type; matches are highlighted and Enter
opens the article near the matching line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.content.library.search import query_words
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar

if TYPE_CHECKING:
    from ebbtide.core.content.library.model import GlossaryTerm, Library
    from ebbtide.core.content.library.search import SearchHit

DEBOUNCE = 0.12
"""Seconds to wait after the last key before searching (a search takes ~1 ms)."""
LINES_PER_ARTICLE = 8
"""Matching lines shown under each article; the rest are counted."""
HIGHLIGHT = "bold reverse"
"""Match style: reverse video stays visible with NO_COLOR and in high contrast."""


@dataclass(frozen=True)
class ResultTarget:
    article_id: str | None = None
    line: int | None = None  # file line to scroll to; None = top of the article
    term: GlossaryTerm | None = None


def highlighted(text: str, spans: tuple[tuple[int, int], ...], prefix: str = "",
                style: str = "") -> Text:
    """`text` as rich Text with every (start, end) span in the highlight style."""
    result = Text(prefix + text, style=style)
    for start, end in spans:
        result.stylize(HIGHLIGHT, len(prefix) + start, len(prefix) + end)
    return result


class ReaderSearchScreen(EbbtideScreen[None]):
    CSS_PATH = style("reader.tcss")
    HELP_TEXT = (
        "Type one or more words: articles that contain all of them are listed, best first, "
        "with the matching lines highlighted. Put a phrase in quotes to find it as one "
        "piece. Down moves into the results; Enter opens the article at that line. "
        "Glossary terms are listed at the end."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back"),
        Binding("down", "results", "Results", id="search.results", show=False),
        Binding("ctrl+l", "focus_input", "Edit search", id="search.edit"),
    ]

    def __init__(self, library: Library, query: str = "") -> None:
        super().__init__(id="reader-search")
        self.sub_title = "Search the library"
        self.library = library
        self.initial_query = query
        self.query_text = ""
        self.targets: list[ResultTarget] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="search-body"):
            yield Static(Text("Search the library", style="bold"), id="search-title")
            yield Input(value=self.initial_query, id="search-input",
                        placeholder="Words to find, e.g. withdrawal", max_length=80)
            yield Static("", id="search-status")
            yield OptionList(id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        self.run_search()

    @on(Input.Changed, "#search-input")
    def _query_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.run_search)

    @on(Input.Submitted, "#search-input")
    def _open_first(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.run_search()
        results = self.query_one("#search-results", OptionList)
        if results.highlighted is not None:
            self.open_result(results.highlighted)

    def run_search(self) -> None:
        self._timer = None
        query = self.query_one("#search-input", Input).value
        if query == self.query_text and self.targets:
            return
        self.query_text = query
        results = self.query_one("#search-results", OptionList)
        status = self.query_one("#search-status", Static)
        results.clear_options()
        self.targets = []
        if not query_words(query):
            status.update(Text('Type words to search every article and the glossary. '
                               '"Quoted words" are found as one phrase.', style="dim"))
            return
        options: list[Option] = []
        matches = self.library.search_articles(query)
        lines = 0
        for match in matches:
            article = match.article
            title_spans: tuple[tuple[int, int], ...] = ()
            body = []
            for hit in match.hits:
                if hit.field == "title":
                    title_spans = hit.spans
                elif hit.text != article.title:  # the article's own heading repeats it
                    body.append(hit)
            options.append(self._option(highlighted(article.title, title_spans,
                                                    style="bold"),
                                        ResultTarget(article.id)))
            for hit in body[:LINES_PER_ARTICLE]:
                line = hit.line if hit.field == "body" else None
                options.append(self._option(Padding(highlighted(hit.text, hit.spans),
                                                    (0, 0, 0, 2)),
                                            ResultTarget(article.id, line)))
            lines += len(body)
            more = len(body) - LINES_PER_ARTICLE
            if more > 0:
                options.append(Option(Text(f"  … {more} more in this article", style="dim"),
                                      disabled=True))
        glossary = self.library.search_glossary(query)
        if glossary:
            options.append(Option(Text("Glossary", style="bold"), disabled=True))
            options.extend(self._glossary_option(hit) for hit in glossary)
        results.add_options(options)
        if self.targets:
            results.highlighted = next(i for i, o in enumerate(results.options)
                                       if not o.disabled)
        status.update(self._summary(len(matches), lines, len(glossary)))

    def _option(self, prompt: RenderableType, target: ResultTarget) -> Option:
        self.targets.append(target)
        return Option(prompt, id=str(len(self.targets) - 1))

    def _glossary_option(self, hit: SearchHit) -> Option:
        return self._option(Padding(highlighted(hit.text, hit.spans), (0, 0, 0, 2)),
                            ResultTarget(term=hit.term))

    @staticmethod
    def _summary(articles: int, lines: int, terms: int) -> Text:
        if not articles and not terms:
            return Text("No article contains all of these words. Try fewer or other words.")
        parts = []
        if articles:
            parts.append(f"{articles} article{'s' if articles != 1 else ''}")
            parts.append(f"{lines} matching line{'s' if lines != 1 else ''}")
        if terms:
            parts.append(f"{terms} glossary term{'s' if terms != 1 else ''}")
        return Text(" · ".join(parts) + " · Enter opens", style="dim")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_result(event.option_index)

    def open_result(self, index: int) -> None:
        option = self.query_one("#search-results", OptionList).get_option_at_index(index)
        if option.id is None:
            return
        target = self.targets[int(option.id)]
        if target.term is not None:
            from ebbtide.tui.screens.read.glossary import GlossaryScreen

            self.app.push_screen(GlossaryScreen(target.term))
        elif target.article_id is not None:
            from ebbtide.tui.screens.read.article import ArticleScreen

            self.app.push_screen(ArticleScreen(self.library, target.article_id,
                                               line=target.line))

    def action_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if self.query_one("#search-input", Input).has_focus and results.option_count:
            results.focus()
        else:
            results.action_cursor_down()

    def action_focus_input(self) -> None:
        self.query_one("#search-input", Input).focus()
