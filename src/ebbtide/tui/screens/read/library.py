"""Read: the library list (the root of the `read` section), and the small reader state
(read marks, bookmarks, scroll positions) kept in `app.state`.

The library is loaded lazily, the first time the section opens (about 15 ms), and cached
for the rest of the run: the shipped articles never change while the app runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ebbtide.core.errors import ContentError
from ebbtide.tui.screens.common.base import EbbtideScreen
from ebbtide.tui.styles import style
from ebbtide.tui.tuned.key_bar import KeyBar
from ebbtide.tui.widgets.safe_text import safe

if TYPE_CHECKING:
    from ebbtide.core.content.library.model import Article, Library
    from ebbtide.tui.app import EbbtideApp

READ_KEY = "reader.read"
BOOKMARKS_KEY = "reader.bookmarks"
POSITIONS_KEY = "reader.positions"
COMPACT_WIDTH = 64

_library: Library | None = None


def get_library() -> Library:
    """The shipped library, loaded once. Raises ContentError for broken content."""
    global _library
    if _library is None:
        from ebbtide.core.content.library.parse import load_library

        _library = load_library()
    return _library


# -- reader state ------------------------------------------------------------------------


def _id_list(app: EbbtideApp, key: str) -> list[str]:
    value = app.state.get(key, [])
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def is_read(app: EbbtideApp, article_id: str) -> bool:
    return article_id in _id_list(app, READ_KEY)


def mark_read(app: EbbtideApp, article_id: str) -> None:
    ids = _id_list(app, READ_KEY)
    if article_id not in ids:
        app.state.set(READ_KEY, [*ids, article_id])


def bookmarks(app: EbbtideApp) -> list[str]:
    return _id_list(app, BOOKMARKS_KEY)


def is_bookmarked(app: EbbtideApp, article_id: str) -> bool:
    return article_id in bookmarks(app)


def toggle_bookmark(app: EbbtideApp, article_id: str) -> bool:
    """Add or remove a bookmark; returns True when the article is now bookmarked."""
    ids = bookmarks(app)
    if article_id in ids:
        ids.remove(article_id)
        app.state.set(BOOKMARKS_KEY, ids)
        return False
    app.state.set(BOOKMARKS_KEY, [*ids, article_id])
    return True


def saved_position(app: EbbtideApp, article_id: str) -> float:
    positions = app.state.get(POSITIONS_KEY, {})
    value: Any = positions.get(article_id, 0) if isinstance(positions, dict) else 0
    return float(value) if isinstance(value, int | float) and value > 0 else 0.0


def save_position(app: EbbtideApp, article_id: str, scroll_y: float) -> None:
    positions = app.state.get(POSITIONS_KEY, {})
    positions = dict(positions) if isinstance(positions, dict) else {}
    value = round(max(0.0, scroll_y))
    if positions.get(article_id) == value:
        return
    positions[article_id] = value
    app.state.set(POSITIONS_KEY, positions)


# -- the library list ---------------------------------------------------------------------


class ReaderScreen(EbbtideScreen[None]):
    CSS_PATH = style("reader.tcss")
    HELP_TEXT = (
        "A small library about baclofen, anxiety and mood: what the evidence says, side "
        "effects, withdrawal and how to talk with your prescriber. Every article lists its "
        "sources and the date it was reviewed. ✓ marks articles you have read to the end; "
        "★ marks bookmarks. Educational information only, never dosing advice."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="reader.open", show=False),
        Binding("slash,s", "search", "Search", id="reader.search"),
        Binding("b", "toggle_bookmarks", "Bookmarks", id="reader.bookmarks"),
        Binding("g", "glossary", "Glossary", id="reader.glossary"),
        Binding("escape", "back", "Back", id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="reader")
        self.sub_title = "Read"
        self.library: Library | None = None
        self.only_bookmarks = False
        self._compact: bool | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="reader-body"):
            with Horizontal(id="reader-top"):
                yield Static(Text("Read", style="bold"), id="reader-title")
                yield Static("", id="reader-legend")
            yield Static("", id="reader-note", markup=False)
            yield OptionList(id="reader-list")
        yield KeyBar()

    def on_mount(self) -> None:
        try:
            self.library = get_library()
        except ContentError as exc:
            self.query_one("#reader-note", Static).update(
                Text(f"The library could not be loaded: {exc}")
            )
            self.query_one("#reader-list").display = False
            return
        self.refresh_list()
        self.query_one("#reader-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        if self.library is not None:
            self.refresh_list()

    def on_resize(self) -> None:
        compact = self.size.width < COMPACT_WIDTH or self.size.height < 20
        if compact != self._compact and self.library is not None:
            self.refresh_list()

    def visible_articles(self) -> list[Article]:
        if self.library is None:
            return []
        if not self.only_bookmarks:
            return list(self.library.articles)
        marked = set(bookmarks(self.ebbtide))
        return [article for article in self.library.articles if article.id in marked]

    def refresh_list(self) -> None:
        assert self.library is not None
        app = self.ebbtide
        self._compact = self.size.width < COMPACT_WIDTH or self.size.height < 20
        options = self.query_one("#reader-list", OptionList)
        keep = self.selected_id()
        articles = self.visible_articles()
        read = set(_id_list(app, READ_KEY))
        marked = set(bookmarks(app))
        options.clear_options()
        entries: list[Option | None] = []
        for article in articles:
            if entries and not self._compact:
                entries.append(None)
            entries.append(Option(self._prompt(article, article.id in read,
                                               article.id in marked), id=article.id))
        options.add_options(entries)
        ids = [a.id for a in articles]
        if ids:
            options.highlighted = options.get_option_index(keep if keep in ids else ids[0])
        total = len(self.library.articles)
        done = sum(1 for a in self.library.articles if a.id in read)
        legend = Text(f"{done} of {total} read · ✓ read  ★ bookmarked", style="dim")
        if self._compact:
            legend = Text(f"{done}/{total} read", style="dim")
        self.query_one("#reader-legend", Static).update(legend)
        note = ""
        if self.only_bookmarks:
            note = ("Bookmarks (b shows all articles)" if ids else
                    "No bookmarks yet. Press m in an article to bookmark it; b shows all.")
        note_widget = self.query_one("#reader-note", Static)
        note_widget.update(Text(note))
        note_widget.display = bool(note)

    def _prompt(self, article: Article, read: bool, marked: bool) -> RenderableType:
        grid = Table.grid(expand=True, padding=(0, 1), pad_edge=False)
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_column(no_wrap=True, justify="right")
        marker = Text(("✓" if read else " ") + ("★" if marked else " "))
        title = safe(article.title, style="bold")
        if self._compact:
            title.no_wrap, title.overflow = True, "ellipsis"
        grid.add_row(marker, title, Text(f"{article.minutes} min", style="dim"))
        if self._compact:
            return grid
        summary = safe(article.summary, style="dim")
        summary.append(f"  Reviewed {article.reviewed:%-d %b %Y}.", style="dim italic")
        return Group(grid, Padding(summary, (0, 0, 0, 3)))

    def selected_id(self) -> str | None:
        options = self.query_one("#reader-list", OptionList)
        option = options.highlighted_option
        return option.id if option is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.open_article(event.option.id)

    def action_open(self) -> None:
        article_id = self.selected_id()
        if article_id:
            self.open_article(article_id)

    def open_article(self, article_id: str) -> None:
        from ebbtide.tui.screens.read.article import ArticleScreen

        if self.library is not None and self.library.get(article_id) is not None:
            self.app.push_screen(ArticleScreen(self.library, article_id))

    def action_search(self) -> None:
        from ebbtide.tui.screens.read.search import ReaderSearchScreen

        if self.library is not None:
            self.app.push_screen(ReaderSearchScreen(self.library))

    def action_glossary(self) -> None:
        from ebbtide.tui.screens.read.glossary_index import open_glossary

        open_glossary(self.ebbtide)

    def action_toggle_bookmarks(self) -> None:
        self.only_bookmarks = not self.only_bookmarks
        if self.library is not None:
            self.refresh_list()


def open_route(app: EbbtideApp, args: dict[str, object]) -> None:
    """`ebbtide read [ARTICLE]` and links: open the library, then the article if given.

    When the app was started for this route with `exit_after`, leaving that article quits."""
    from ebbtide.tui.screens.read.article import ArticleScreen

    app.go("read")
    article_id = args.get("article")
    if not isinstance(article_id, str) or not article_id:
        return
    try:
        library = get_library()
    except ContentError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return
    if library.get(article_id) is None:
        app.notify(f"No article called '{article_id}'.", severity="warning", markup=False)
        return
    anchor = args.get("anchor")
    exit_after = app.route.exit_after and args is app.route.args
    app.push_screen(ArticleScreen(library, article_id,
                                  anchor=anchor if isinstance(anchor, str) else None,
                                  exit_on_back=exit_after))
